"""A small hand-made ecosystem in the API's node/edge shapes, with hostile strings where data may hold them.

`NODES`/`EDGES` are what a page is rendered from; `HIDDEN_NODES`/`HIDDEN_EDGES` exist only behind the
stubbed API, so expanding TechCode has something new to bring in.
"""

from __future__ import annotations

import copy

HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">Évil & Co'
HOSTILE_ALIAS = "</script><script>window.__pwned=2</script>"
HOSTILE_DESCRIPTION = '"><svg onload="window.__pwned=3"></svg>\u2028<b>bold?</b>'

ARTICLE = {
    "id": "src:amft-2017",
    "title": "Le chinois TechCode pose ses valises à Marseille",
    "url": "https://lafrenchtech-aixmarseille.fr/amft/techcode/",
    "publisher": "Aix-Marseille French Tech",
    "published": "2017-12",
    "evidence": "TechCode is owned by CFLD (paraphrase).",
}


def _source(evidence: str, **changes: str) -> dict:
    return {**ARTICLE, "evidence": evidence, **changes}


def _node(node_id: str, name: str, kind: str, labels=(), aliases=(), description=None, score=None) -> dict:
    node = {
        "id": node_id,
        "name": name,
        "kind": kind,
        "labels": list(labels),
        "aliases": list(aliases),
        "description": description,
    }
    if score is not None:
        node["score"] = score
    return node


def _edge(
    tie_id, tie_type, source, target, *, directed=True, status="accepted", stage=None, sources=(), **props
):
    return {
        "id": tie_id,
        "type": tie_type,
        "source": source,
        "target": target,
        "directed": directed,
        "confidence": 0.9 if status == "accepted" else 0.55,
        "status": status,
        "stage": stage,
        "properties": props,
        "sources": list(sources) or [_source(f"{source} {tie_type} {target} (paraphrase).")],
    }


NODES = [
    _node("org:techcode", "TechCode", "Organization", ["Incubator"], [], "Chinese incubator network.", 0.9),
    _node("org:cfld", "China Fortune Land Development", "Organization", ["Company"], ["CFLD"], None, 0.5),
    _node(
        "org:amft", "Aix-Marseille French Tech", "Organization", ["Association"], ["AMFT", "#AMFT"], None, 0.8
    ),
    _node("org:ville-de-marseille", "Ville de Marseille", "Organization", ["PublicBody"], [], None, 0.6),
    _node("person:erica-huang", "Erica Huang", "Person", [], [], None, 0.3),
    _node("place:pekin", "Pékin", "Place", ["City"], ["Beijing"], None, 0.2),
    _node("place:marseille", "Marseille", "Place", ["City"], [], None, 0.4),
    _node(
        "event:mou",
        "Signature du protocole d'accord",
        "Event",
        ["Agreement"],
        [],
        "Signé à l'Hôtel de Ville.",
        0.3,
    ),
    _node("org:evil", HOSTILE_NAME, "Organization", ["Startup"], [HOSTILE_ALIAS], HOSTILE_DESCRIPTION, 0.1),
]

EDGES = [
    _edge("tie:owns", "OWNS", "org:cfld", "org:techcode"),
    _edge("tie:partners", "PARTNERS_WITH", "org:amft", "org:techcode", directed=False),
    _edge("tie:role", "HAS_ROLE", "person:erica-huang", "org:techcode", title="Directrice générale"),
    _edge("tie:hq", "HEADQUARTERED_IN", "org:techcode", "place:pekin"),
    _edge(
        "tie:planned", "OPERATES_IN", "org:techcode", "place:marseille", status="candidate", stage="planned"
    ),
    _edge("tie:signs-tc", "PARTICIPATED_IN", "org:techcode", "event:mou", role="signatory"),
    _edge("tie:signs-vdm", "PARTICIPATED_IN", "org:ville-de-marseille", "event:mou", role="signatory"),
    _edge("tie:mou-in", "LOCATED_IN", "event:mou", "place:marseille"),
    _edge(
        "tie:evil",
        "SUPPORTS",
        "org:evil",
        "org:amft",
        sources=[
            _source(
                '<img src=x onerror="window.__pwned=4">',
                title="</a><script>window.__pwned=5</script>",
                url="javascript:window.__pwned=6",
            )
        ],
    ),
]

NODES[0]["facts"] = [{"name": "incubation_sites", "value": 34, "unit": "sites", "source": ARTICLE["id"]}]

HIDDEN_NODES = [
    _node("org:thecamp", "thecamp", "Organization", ["Incubator"]),
    _node("org:provence-promotion", "Provence Promotion", "Organization"),
]
HIDDEN_EDGES = [
    _edge(
        "tie:visit-camp", "PARTNERS_WITH", "org:techcode", "org:thecamp", directed=False, status="candidate"
    ),
    _edge("tie:promo", "SUPPORTS", "org:provence-promotion", "org:techcode"),
]


def graph() -> tuple[list[dict], list[dict]]:
    """Fresh copies: rendering must not depend on (or change) shared state."""
    return copy.deepcopy(NODES), copy.deepcopy(EDGES)
