from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query

from api import params
from api.deps import ApiKeyDep, DatabaseDep, DriverDep
from api.schemas import Edge
from graph import store
from graph.errors import InvalidInput, NotFound

router = APIRouter(tags=["ties"])


@router.get("/ties", response_model=list[Edge])
def get_ties(
    driver: DriverDep,
    database: DatabaseDep,
    source: Annotated[str | None, Query(description="Id, name or alias of the tie's subject")] = None,
    target: Annotated[str | None, Query(description="Id, name or alias of the tie's object")] = None,
    type: Annotated[list[str] | None, Query(description="Tie types (comma-separated or repeated)")] = None,
    status: Annotated[str | None, Query(description="accepted, candidate or retracted")] = None,
    limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
):
    """Ties with full provenance: sources with their evidence, confidence, method, status, dates."""
    if status is not None and status not in ("accepted", "candidate", "retracted"):
        raise InvalidInput([("status", "expected accepted, candidate or retracted")])
    a = store.resolve_ref(driver, database, source) if source else None
    b = store.resolve_ref(driver, database, target) if target else None
    found = store.ties(
        driver, database, source=a, target=b, types=params.tie_types(type, "type"), status=status, limit=limit
    )
    return store.cite_all(driver, database, found)


@router.get("/ties/conflicts")
def get_conflicts(
    driver: DriverDep,
    database: DatabaseDep,
    limit: params.PageLimit = 100,
    offset: params.PageOffset = 0,
) -> dict:
    """Ties that contradict each other, all kept, each with its sources, so an analyst can see who says
    what. One item per pair of entities both owned-by and partners (`exclusive`), one per entity with
    several head offices (`single_valued`), listing every tie involved. `total` counts them all."""
    found = store.conflicts(driver, database)
    page = found[offset : offset + limit]
    cited = {t["id"]: t for t in store.cite_all(driver, database, [t for c in page for t in c["ties"]])}
    items = [{**c, "ties": [cited[t["id"]] for t in c["ties"]]} for c in page]
    return {"items": items, "total": len(found)}


def _review(driver, database: str, tie_id: str, status: str) -> dict:
    at = datetime.now(UTC).isoformat(timespec="seconds")
    if not store.set_tie_status(driver, database, tie_id, status, at):
        raise NotFound(f"no tie {tie_id!r}")
    [tie] = [t for t in store.ties_by_id(driver, database, [tie_id])]
    return store.cite_all(driver, database, [tie])[0]


@router.post("/ties/{tie_id}/accept", response_model=Edge, dependencies=[ApiKeyDep])
def accept_tie(tie_id: str, driver: DriverDep, database: DatabaseDep):
    """Accept a candidate tie after review (API key)."""
    return _review(driver, database, tie_id, "accepted")


@router.post("/ties/{tie_id}/reject", response_model=Edge, dependencies=[ApiKeyDep])
def reject_tie(tie_id: str, driver: DriverDep, database: DatabaseDep):
    """Reject a tie (API key). It is kept as `retracted`, so ingesting the same claim again does not
    bring it back."""
    return _review(driver, database, tie_id, "retracted")
