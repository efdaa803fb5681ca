from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api import params
from api.deps import DatabaseDep, DriverDep
from api.schemas import EntityProfile, SearchPage, Subgraph
from graph import store
from graph.errors import InvalidInput
from graph.model import MODEL

router = APIRouter(prefix="/entities", tags=["entities"])

IdPath = Annotated[
    str, Path(description="An entity id (`org:techcode`), or a name or alias naming exactly one")
]


@router.get("", response_model=SearchPage)
def search_entities(
    driver: DriverDep,
    database: DatabaseDep,
    q: Annotated[
        str,
        Query(
            max_length=500,
            description="Words of a name or alias; accents, case and small typos don't matter",
        ),
    ] = "",
    kind: Annotated[str | None, Query(description="Organization, Person, Place or Event")] = None,
    label: Annotated[str | None, Query(description="An extra label such as Startup, City, Agreement")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
):
    """Ranked search over names and aliases: exact name first, then exact alias, then the best matches."""
    if kind is not None and kind not in MODEL.entity_kinds:
        raise InvalidInput([("kind", f"unknown kind {kind!r}; expected one of {MODEL.entity_kinds}")])
    if label is not None and label not in MODEL.all_labels:
        raise InvalidInput(
            [("label", f"unknown label {label!r}; expected one of {sorted(MODEL.all_labels)}")]
        )
    items, total = store.search(driver, database, q, kind=kind, label=label, limit=limit, offset=offset)
    return {"items": items, "total": total}


def _direction(tie: dict, entity_id: str) -> str:
    if not tie["directed"]:
        return "both"
    return "out" if tie["source"] == entity_id else "in"


@router.get(f"/{params.ENTITY_ID}/neighbors", response_model=Subgraph)
def get_neighbors(
    entity_id: IdPath,
    driver: DriverDep,
    database: DatabaseDep,
    depth: Annotated[int, Query(ge=1, le=3, description="Hops from the entity")] = 1,
    types: Annotated[
        list[str] | None, Query(description="Tie types to follow (comma-separated or repeated)")
    ] = None,
    kinds: Annotated[list[str] | None, Query(description="Kinds of neighbours to keep")] = None,
    status: Annotated[list[str] | None, Query(description="Tie statuses to follow")] = None,
    limit: Annotated[int, Query(ge=1, le=5000, description="At most this many neighbours")] = 500,
    from_: Annotated[
        str | None, Query(alias="from", description="Only ties known on or after (ISO date)")
    ] = None,
    to: Annotated[str | None, Query(description="Only ties known on or before (ISO date)")] = None,
):
    """The ego network: the entity, its neighbours up to `depth` hops, and every tie among them.
    `truncated` says the `limit` cut the neighbours."""
    resolved = store.resolve_ref(driver, database, entity_id)
    start, end = params.iso_date(from_, "from"), params.iso_date(to, "to")
    nodes, edges, truncated = store.neighbors(
        driver,
        database,
        resolved,
        depth=depth,
        types=params.tie_types(types),
        kinds=params.kinds(kinds),
        statuses=params.statuses(status, ("accepted", "candidate")),
        limit=limit,
        start=store.period(start, None)[0] if start else None,
        end=store.period(end, None)[1] if end else None,
    )
    return {"nodes": nodes, "edges": store.cite_all(driver, database, edges), "truncated": truncated}


def _when(row: dict) -> tuple[str | None, str | None]:
    """When a tie happened: the event's dates for a participation, else its validity, else first seen."""
    if row["other"]["kind"] == "Event" and row["event_start"]:
        return row["event_start"], row["event_end"]
    return row["valid_from"] or row["first_seen"], row["valid_to"]


def _timeline_order(dated: tuple) -> tuple:
    """Earliest first, undated last; then by type, the other end and the tie."""
    (start, _), row = dated
    return (start is None, start or "", row["type"], row["other"]["id"], row["id"])


@router.get(f"/{params.ENTITY_ID}/timeline")
def get_timeline(
    entity_id: IdPath,
    driver: DriverDep,
    database: DatabaseDep,
    limit: params.PageLimit = 1000,
    offset: params.PageOffset = 0,
) -> dict:
    """What happened to an entity, in time order: events it took part in (with its role) and dated ties,
    each with its sources. Undated ties come last. `total` counts them all; `limit`/`offset` page."""
    resolved = store.resolve_ref(driver, database, entity_id)
    rows = store.entity_tie_dates(driver, database, resolved, ["accepted", "candidate"])
    dated = sorted(((_when(row), row) for row in rows), key=_timeline_order)
    page = dated[offset : offset + limit]
    ties = store.ties_by_id(driver, database, [row["id"] for _, row in page])
    ties = store.cite_all(driver, database, ties)
    by_id = {tie["id"]: tie for tie in ties}
    items = []
    for (start, end), row in page:
        tie = by_id[row["id"]]
        items.append(
            {
                "date": start,
                "end_date": end,
                "type": tie["type"],
                "tie": tie["id"],
                "other": row["other"],
                "status": tie["status"],
                "stage": tie.get("stage"),
                "role": tie["properties"].get("role"),
                "title": tie["properties"].get("title"),
                "sources": tie["sources"],
            }
        )
    return {"id": resolved, "items": items, "total": len(dated)}


# Registered last: the entity segment takes names with a slash (P/Factory), so it would also swallow
# /neighbors and /timeline if it came first.
@router.get(f"/{params.ENTITY_ID}", response_model=EntityProfile)
def get_entity(
    entity_id: IdPath,
    driver: DriverDep,
    database: DatabaseDep,
    ties_limit: params.PageLimit = 1000,
    ties_offset: params.PageOffset = 0,
):
    """The entity with its ties: type, direction, the other end, properties, and each source's evidence.

    Counts by type, `ties_total` and the first and last dates seen cover every tie; the ties themselves
    come a page at a time (`ties_limit`, `ties_offset`), so a hub with thousands stays quick."""
    entity = store.resolve_entity(driver, database, entity_id)
    resolved = entity["id"]
    summary = store.entity_tie_summary(driver, database, resolved)
    pairs = store.entity_ties(driver, database, resolved, limit=ties_limit, offset=ties_offset)
    cited = store.cite_all(driver, database, [tie for tie, _ in pairs])
    ties = []
    for tie, (_, other_entity) in zip(cited, pairs, strict=True):
        other = {k: other_entity[k] for k in ("id", "name", "kind")}
        properties = {
            k: tie[k]
            for k in (
                "confidence",
                "status",
                "method",
                "stage",
                "valid_from",
                "valid_to",
                "first_seen",
                "last_seen",
            )
            if tie.get(k) is not None
        }
        ties.append(
            {
                "id": tie["id"],
                "type": tie["type"],
                "direction": _direction(tie, resolved),
                "other": other,
                "properties": {**properties, **tie["properties"]},
                "sources": tie["sources"],
            }
        )
    first = [row["first_seen"] for row in summary if row["first_seen"]]
    last = [row["last_seen"] for row in summary if row["last_seen"]]
    return {
        **entity,
        "ties": ties,
        "ties_total": sum(row["ties"] for row in summary),
        "counts": {row["type"]: row["ties"] for row in sorted(summary, key=lambda row: row["type"])},
        "first_seen": min(first) if first else None,
        "last_seen": max(last) if last else None,
    }
