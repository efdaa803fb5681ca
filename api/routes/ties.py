from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import params
from api.deps import DatabaseDep, DriverDep
from api.schemas import Edge
from graph import store
from graph.errors import InvalidInput

router = APIRouter(tags=["ties"])


@router.get("/ties", response_model=list[Edge])
def get_ties(
    driver: DriverDep, database: DatabaseDep,
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
    found = store.ties(driver, database, source=a, target=b, types=params.tie_types(type, "type"),
                       status=status, limit=limit)
    return store.cite_all(driver, database, found)
