"""The history of writes (graph/changes.py): who changed what, when, and what it was before."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api import params
from api.deps import GraphDep
from graph import changes

router = APIRouter(tags=["history"])


class Change(BaseModel):
    id: str
    at: str = Field(description="When, in UTC (ISO 8601)")
    actor: str = Field(
        description="A person's name, `key:ECOGRAPH_API_KEY`, or `local:USER` (the command line)"
    )
    action: Literal["import", "document", "accept", "reject"]
    targets: list[str] = Field(description="Ids of the entities, then the ties, it touched")
    before: dict[str, Any] = Field(description="The stored state of what it touched that existed")
    after: dict[str, Any] = Field(
        description="What it created and updated; for imports and documents the content hash and counts"
    )
    reason: str | None


class Changes(BaseModel):
    items: list[Change]
    total: int


@router.get("/changes", response_model=Changes)
def get_changes(
    graph: GraphDep,
    entity: Annotated[
        str | None, Query(min_length=1, max_length=1000, description="Touched this entity id")
    ] = None,
    tie: Annotated[
        str | None, Query(min_length=1, max_length=1000, description="Touched this tie id")
    ] = None,
    actor: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Made by this actor")
    ] = None,
    action: Annotated[Literal["import", "document", "accept", "reject"] | None, Query()] = None,
    since: Annotated[
        datetime | None, Query(description="At or after this time (ISO 8601; UTC unless it says)")
    ] = None,
    limit: params.PageLimit = 50,
    offset: params.PageOffset = 0,
):
    """Every write (import, document, review decision) as one change, newest first, with `total`."""
    after = None
    if since is not None:
        moment = since if since.tzinfo else since.replace(tzinfo=UTC)
        after = moment.astimezone(UTC).isoformat(timespec="microseconds")
    return changes.history(
        graph, entity=entity, tie=tie, actor=actor, action=action, since=after, limit=limit, offset=offset
    )
