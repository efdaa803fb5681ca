"""Readable sentences for ties, so an answer can say why two actors are connected and who says so.

>>> tie = {"type": "OWNS", "source": "org:cfld", "target": "org:techcode", "properties": {}, "stage": None,
...        "sources": [{"id": "src:a", "title": "An article", "published": "2017-12"}]}
>>> names = {"org:cfld": "CFLD", "org:techcode": "TechCode"}
>>> sentence(tie, names)
'CFLD owns TechCode — source: An article (2017-12)'
"""

from __future__ import annotations

from graph.model import MODEL


def claim(tie: dict, names: dict[str, str]) -> str:
    subject = names.get(tie["source"], tie["source"])
    obj = names.get(tie["target"], tie["target"])
    props = tie.get("properties") or {}
    phrase = MODEL.ties[tie["type"]].phrase
    if tie["type"] == "HAS_ROLE" and props.get("title"):
        phrase = f"is {props['title']} of"
    if tie.get("stage") == "planned":
        phrase = f"plans: {phrase}"
    text = f"{subject} {phrase} {obj}"
    if tie["type"] == "PARTICIPATED_IN" and props.get("role"):
        text += f" (as {props['role']})"
    return text


def cited(source: dict) -> str:
    label = source.get("title") or source.get("id", "?")
    return f"{label} ({source['published']})" if source.get("published") else label


def sentence(tie: dict, names: dict[str, str]) -> str:
    """`tie` with `sources` expanded to source records (graph.records.cite)."""
    sources = "; ".join(cited(s) for s in tie.get("sources") or []) or "no source"
    return f"{claim(tie, names)} — source: {sources}"
