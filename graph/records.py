"""Neo4j records to the plain dicts that the API, viz, analytics and export share, and their types.

A tie read from the graph is a `StoredTie` (its sources as ids, beside one evidence text per
source); the reads that answer questions return it as a `CitedTie`, each source expanded to its
record with the evidence it gives. Both are plain dicts, so they go to JSON and templates as they are.
"""

from __future__ import annotations

import json
from typing import Any, NotRequired, TypedDict

from graph.model import MODEL


class _TieBase(TypedDict):
    id: str
    type: str
    source: str  # the id of the entity the tie starts from
    target: str
    directed: bool
    confidence: float | None
    valid_from: str | None
    valid_to: str | None
    status: str | None
    stage: str | None
    method: str | None
    first_seen: str | None
    last_seen: str | None
    properties: dict[str, Any]  # the type's own properties (title, role, amount…)


class StoredTie(_TieBase):
    sources: list[str]
    evidence: list[str]  # one per source, in the same order


class Citation(TypedDict, total=False):
    """A source record as a tie cites it, with the evidence it gives for that tie."""

    id: str
    title: str | None
    url: str | None
    publisher: str | None
    published: str | None
    date_precision: str | None
    language: str | None
    content_hash: str | None
    evidence: str | None
    link_candidates: NotRequired[list[dict]]


class CitedTie(_TieBase):
    sources: list[Citation]


# Stored on nodes only to search and compare; never shown.
_INTERNAL_NODE_KEYS = {
    "name_folded",
    "aliases_folded",
    "period_start",
    "period_end",
    "search_names",  # graph/search.py
    "search_about",
    "search_version",
    "created_by",  # graph/changes.py: the change that created it
}
_NODE_KEYS = ("id", *(f for f in MODEL.entity_fields if f != "facts"))
_TIE_ENDS = ("source", "target", "type")
_TIE_KEYS = ("id", *(f for f in MODEL.tie_fields if f not in _TIE_ENDS), *MODEL.tie_derived_fields)
_TIE_HIDDEN = {*_TIE_KEYS, *MODEL.tie_internal_fields, "created_by"}  # graph/changes.py
_SOURCE_KEYS = ("id", *MODEL.source_fields)


def source_dict(node: Any) -> dict:
    props = dict(node)
    out = {key: props.get(key) for key in _SOURCE_KEYS}
    if props.get("link_candidates"):
        out["link_candidates"] = json.loads(props["link_candidates"])
    return out


def node_dict(node: Any) -> dict:
    props = dict(node)
    out = {key: props.get(key) for key in _NODE_KEYS}
    out["labels"] = list(props.get("labels") or [])
    out["aliases"] = list(props.get("aliases") or [])
    out["facts"] = json.loads(props["facts"]) if props.get("facts") else []
    extra = {k: v for k, v in props.items() if k not in out and k not in _INTERNAL_NODE_KEYS}
    if extra:
        out["properties"] = extra
    return out


def brief(node: Any) -> dict:
    return {"id": node["id"], "name": node.get("name"), "kind": node.get("kind")}


def tie_dict(rel: Any, from_id: str, to_id: str) -> StoredTie:
    props = dict(rel)
    out: Any = {
        "id": props.get("id"),
        "type": rel.type,
        "source": from_id,
        "target": to_id,
        "directed": MODEL.ties[rel.type].directed,
    }
    for key in _TIE_KEYS[1:]:
        out[key] = props.get(key)
    out["sources"] = list(out["sources"] or [])
    out["evidence"] = list(out["evidence"] or [])
    out["properties"] = {k: v for k, v in props.items() if k not in _TIE_HIDDEN}
    return out


def tie_of(row: Any) -> StoredTie:
    """A tie from a query row `{r, from_id, to_id}` (the shape every tie-returning query gives)."""
    return tie_dict(row["r"], row["from_id"], row["to_id"])


def cite(tie: StoredTie, sources_by_id: dict[str, dict]) -> CitedTie:
    """The tie with `sources` expanded to source records, each with the evidence it gives."""
    cited: list[Citation] = []
    for index, source_id in enumerate(tie["sources"]):
        record: Any = dict(sources_by_id.get(source_id) or {"id": source_id})
        record["evidence"] = tie["evidence"][index] if index < len(tie["evidence"]) else None
        cited.append(record)
    out: Any = {**{k: v for k, v in tie.items() if k != "evidence"}, "sources": cited}
    return out


def json_value(value: Any) -> Any:
    """Any value a Cypher result can hold, as JSON: nodes, relationships and paths become dicts."""
    from neo4j.graph import Node, Path, Relationship
    from neo4j.time import Date, DateTime, Duration, Time

    if isinstance(value, Node):
        return {
            "element_id": value.element_id,
            "labels": sorted(value.labels),
            "properties": json_value(dict(value)),
        }
    if isinstance(value, Relationship):
        return {
            "element_id": value.element_id,
            "type": value.type,
            "start": value.start_node.element_id if value.start_node else None,
            "end": value.end_node.element_id if value.end_node else None,
            "properties": json_value(dict(value)),
        }
    if isinstance(value, Path):
        return {
            "nodes": [json_value(n) for n in value.nodes],
            "relationships": [json_value(r) for r in value.relationships],
        }
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, Date | DateTime | Time | Duration):
        return str(value.iso_format()) if hasattr(value, "iso_format") else str(value)
    return value
