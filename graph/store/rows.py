"""Records to write, shaped as the write statements take them (graph/queries.py): pure, no database.

Entities are grouped by kind and labels, ties by type, because Cypher cannot take a label or a
relationship type as a parameter; each row carries complete property maps.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from graph.dates import period, tie_period
from graph.model import MODEL, fold, make_tie_id, oriented

# Entity properties written as given (None values are dropped so they never erase known ones).
_ENTITY_PROPS = tuple(f for f in MODEL.entity_fields if f not in ("labels", "aliases", "facts"))
_TIE_PROPS = tuple(
    f for f in MODEL.tie_fields if f not in ("source", "target", "type", "sources", "evidence")
)


def entity_rows(entities: Iterable[dict]) -> dict[tuple[str, tuple[str, ...]], list[dict]]:
    """
    >>> rows = entity_rows([{"id": "event:x", "name": "X", "kind": "Event", "start_date": "2017-12"}])
    >>> [(key, row["props"]["period_end"]) for key, [row] in rows.items()]
    [(('Event', ()), '2017-12-31')]
    """
    groups: dict[tuple[str, tuple[str, ...]], list[dict]] = defaultdict(list)
    for entity in entities:
        props = {key: entity[key] for key in _ENTITY_PROPS if entity.get(key) is not None}
        props["labels"] = sorted(entity.get("labels") or [])
        props["name_folded"] = fold(entity["name"])
        if entity.get("facts"):
            props["facts"] = json.dumps(entity["facts"], ensure_ascii=False, sort_keys=True)
        props["period_start"], props["period_end"] = period(entity.get("start_date"), entity.get("end_date"))
        props = {k: v for k, v in props.items() if v is not None}
        row = {
            "id": entity["id"],
            "props": props,
            "aliases": list(dict.fromkeys(entity.get("aliases") or [])),
        }
        groups[(entity["kind"], tuple(props["labels"]))].append(row)
    return groups


def source_rows(sources: Iterable[dict]) -> list[dict]:
    rows = []
    for source in sources:
        props = {k: v for k, v in source.items() if v is not None and k != "id"}
        props.update(kind="Source", name=source.get("title") or source["id"])
        props["name_folded"] = fold(props["name"])
        rows.append({"id": source["id"], "props": props, "aliases": []})
    return rows


def tie_rows(
    ties: Iterable[dict], published: dict[str, str | None]
) -> tuple[dict[str, list[dict]], list[str]]:
    """Ties by type, each with its id (graph.model.make_tie_id) and the dates its sources give; and
    the ids in the order the ties came.

    >>> groups, ids = tie_rows([{"type": "PARTNERS_WITH", "source": "org:b", "target": "org:a",
    ...                          "sources": ["src:s"], "evidence": ["…"]}], {"src:s": "2017-12"})
    >>> [row] = groups["PARTNERS_WITH"]
    >>> row["source"], row["props"]["first_seen"], row["props"]["period_start"], ids == [row["id"]]
    ('org:a', '2017-12', '2017-12-01', True)
    """
    groups: dict[str, list[dict]] = defaultdict(list)
    ids: list[str] = []
    for tie in ties:
        source, target = oriented(tie["type"], tie["source"], tie["target"])
        extra = dict(tie.get("properties") or {})
        props = {key: tie[key] for key in _TIE_PROPS if tie.get(key) is not None}
        props.update({k: v for k, v in extra.items() if v is not None})
        dates = sorted(d for d in (published.get(s) for s in tie["sources"]) if d)
        props.update(
            sources=list(tie["sources"]),
            evidence=[e or "" for e in tie["evidence"]],
            confidence=float(tie.get("confidence", 1.0)),
            status=tie.get("status") or "accepted",
            first_seen=dates[0] if dates else None,
            last_seen=dates[-1] if dates else None,
        )
        tie_id = make_tie_id(tie["type"], source, target, extra)
        ids.append(tie_id)
        groups[tie["type"]].append(
            {"id": tie_id, "source": source, "target": target, "props": with_period(props)}
        )
    return groups, ids


def with_period(props: dict) -> dict:
    """Tie properties with the period they cover (graph/dates.py `tie_period`), after any merge."""
    start, end = tie_period(props.get("valid_from"), props.get("first_seen"), props.get("valid_to"))
    return {**props, "period_start": start, "period_end": end}
