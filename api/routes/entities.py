from __future__ import annotations

from collections import Counter
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
        str, Query(description="Words of a name or alias; accents, case and small typos don't matter")
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


@router.get("/{entity_id}", response_model=EntityProfile)
def get_entity(entity_id: IdPath, driver: DriverDep, database: DatabaseDep):
    """The entity with every tie: type, direction, the other end, properties, and each source's evidence."""
    entity = store.resolve_entity(driver, database, entity_id)
    resolved = entity["id"]
    pairs = store.entity_ties(driver, database, resolved)
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
    seen = sorted(d for tie, _ in pairs for d in (tie.get("first_seen"), tie.get("last_seen")) if d)
    return {
        **entity,
        "ties": ties,
        "counts": dict(Counter(t["type"] for t in ties)),
        "first_seen": seen[0] if seen else None,
        "last_seen": seen[-1] if seen else None,
    }


@router.get("/{entity_id}/neighbors", response_model=Subgraph)
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


def _when(tie: dict, other: dict) -> tuple[str | None, str | None]:
    """When a tie happened: the event's dates for a participation, else its validity, else first seen."""
    if other["kind"] == "Event" and other.get("start_date"):
        return other["start_date"], other.get("end_date")
    return tie.get("valid_from") or tie.get("first_seen"), tie.get("valid_to")


@router.get("/{entity_id}/timeline")
def get_timeline(entity_id: IdPath, driver: DriverDep, database: DatabaseDep) -> dict:
    """What happened to an entity, in time order: events it took part in (with its role) and dated ties,
    each with its sources. Undated ties come last."""
    resolved = store.resolve_ref(driver, database, entity_id)
    pairs = store.entity_ties(driver, database, resolved, statuses=["accepted", "candidate"])
    cited = store.cite_all(driver, database, [tie for tie, _ in pairs])
    items = []
    for tie, (_, other) in zip(cited, pairs, strict=True):
        start, end = _when(tie, other)
        items.append(
            {
                "date": start,
                "end_date": end,
                "type": tie["type"],
                "tie": tie["id"],
                "other": {k: other[k] for k in ("id", "name", "kind")},
                "status": tie["status"],
                "stage": tie.get("stage"),
                "role": tie["properties"].get("role"),
                "title": tie["properties"].get("title"),
                "sources": tie["sources"],
            }
        )
    items.sort(key=lambda item: (item["date"] is None, item["date"] or "", item["type"], item["other"]["id"]))
    return {"id": resolved, "items": items}
