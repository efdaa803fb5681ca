from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import GraphDep
from api.schemas import Paths
from graph import answers, choices

router = APIRouter(tags=["paths"])


@router.get("/paths", response_model=Paths)
def get_paths(
    graph: GraphDep,
    source: Annotated[str, Query(description="Id, name or alias of one end")],
    target: Annotated[str, Query(description="Id, name or alias of the other end")],
    max_hops: Annotated[int, Query(ge=1, le=6)] = 4,
    all: Annotated[bool, Query(description="Every shortest path, not just one")] = False,
    k: Annotated[int, Query(ge=1, le=10, description="Up to k paths, shortest first (alternatives)")] = 1,
    as_of: Annotated[str | None, Query(description="Use only ties valid on this ISO date")] = None,
    types: Annotated[list[str] | None, Query(description="Tie types a path may use")] = None,
    status: Annotated[
        list[str] | None, Query(description="Tie statuses a path may use (default: accepted)")
    ] = None,
):
    """How two actors are connected: shortest paths first, each hop explained with its sources.

    `all=true` gives every shortest path; `k=3` the three shortest (alternatives of growing length);
    `as_of=2017-06-01` uses only ties valid on that date."""
    return answers.paths(
        graph,
        source,
        target,
        max_hops=max_hops,
        every=all,
        k=k,
        as_of=as_of,
        types=choices.tie_types(types),
        statuses=choices.statuses(status),
    )
