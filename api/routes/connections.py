from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import params
from api.deps import GraphDep
from api.schemas import Connections
from graph import answers, choices

router = APIRouter(tags=["paths"])


@router.get("/connections", response_model=Connections)
def get_connections(
    graph: GraphDep,
    a: Annotated[str, Query(description="Id, name or alias of one actor")],
    b: Annotated[str, Query(description="Id, name or alias of the other")],
    status: Annotated[
        list[str] | None, Query(description="Tie statuses to consider (default: accepted)")
    ] = None,
    limit: params.PageLimit = 200,
    offset: params.PageOffset = 0,
):
    """What two actors share: direct ties, common neighbours (with the tie on each side) and, among
    them, the events both took part in. Every tie comes with its sources.

    `common_total` counts the common neighbours; `limit`/`offset` page them (events first, then by
    kind and name). `shared_events` lists every shared event."""
    return answers.connections(graph, a, b, statuses=choices.statuses(status), limit=limit, offset=offset)
