from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import GraphDep
from api.params import PageLimit, PageOffset
from api.schemas import Events
from graph import answers

router = APIRouter(tags=["events"])


@router.get("/events", response_model=Events)
def get_events(
    graph: GraphDep,
    from_: Annotated[
        str | None, Query(alias="from", description="ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    ] = None,
    to: Annotated[
        str | None, Query(description="ISO date; an event overlapping [from, to] is included")
    ] = None,
    actor: Annotated[
        str | None, Query(description="Only events this entity took part in (id, name or alias)")
    ] = None,
    limit: PageLimit = 1000,
    offset: PageOffset = 0,
):
    """Events in time order with their participants and roles. `from=2017-12` starts on the 1st,
    `to=2017-12` ends on the 31st."""
    return answers.events(graph, start=from_, end=to, actor=actor, limit=limit, offset=offset)
