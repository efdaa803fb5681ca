"""Readable sentences for ties, so an answer can say why two actors are connected and who says so.

>>> tie = {"type": "OWNS", "source": "org:cfld", "target": "org:techcode", "properties": {}, "stage": None,
...        "sources": [{"id": "src:a", "title": "An article", "published": "2017-12"}]}
>>> names = {"org:cfld": "CFLD", "org:techcode": "TechCode"}
>>> sentence(tie, names)
'CFLD owns TechCode — source: An article (2017-12)'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.model import MODEL


def claim(tie: Mapping[str, Any], names: dict[str, str]) -> str:
    """The tie as a sentence, from its type's phrase (or keyed sentence) in graph/model.yaml.

    >>> claim({"type": "HAS_ROLE", "source": "person:a", "target": "org:b", "properties": {"title": "CEO"}},
    ...       {"person:a": "Ada", "org:b": "B"})
    'Ada is CEO of B'
    """
    spec = MODEL.ties[tie["type"]]
    props = tie.get("properties") or {}
    keyed = bool(spec.key and spec.keyed and props.get(spec.key))
    template = spec.keyed if keyed and spec.keyed else "{subject} " + spec.phrase + " {object}"
    if tie.get("stage") == "planned":
        template = template.replace("{subject} ", "{subject} plans: ", 1)
    words = {
        "subject": names.get(tie["source"], tie["source"]),
        "object": names.get(tie["target"], tie["target"]),
    }
    if keyed and spec.key:
        words[spec.key] = str(props[spec.key])
    return template.format(**words)


def cited(source: Mapping[str, Any]) -> str:
    label = source.get("title") or source.get("id", "?")
    return f"{label} ({source['published']})" if source.get("published") else label


def sentence(tie: Mapping[str, Any], names: dict[str, str]) -> str:
    """`tie` with `sources` expanded to source records (graph.records.cite)."""
    sources = "; ".join(cited(s) for s in tie.get("sources") or []) or "no source"
    return f"{claim(tie, names)} — source: {sources}"
