from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from api import params
from api.deps import GraphDep
from api.schemas import Brokers, Centrality, Communities
from graph import choices
from graph.analytics.algorithms import METRICS
from graph.errors import InvalidInput
from graph.model import MODEL

router = APIRouter(prefix="/analytics", tags=["analytics"])

TypesQuery = Annotated[list[str] | None, Query(description="Tie types to keep (default: all but MENTIONS)")]
KindsQuery = Annotated[list[str] | None, Query(description="Entity kinds to keep (default: all)")]
StatusQuery = Annotated[list[str] | None, Query(description="Tie statuses to keep (default: accepted)")]


def _cached(answer: dict) -> JSONResponse:
    """A cached answer goes out as it is: it was built to the response model once, and validating
    it again on every request made a cached communities page 5× slower (BENCHMARKS.md)."""
    return JSONResponse(answer)


def _filters(types, kinds, status) -> dict:
    chosen_types, chosen_kinds = choices.tie_types(types), choices.kinds(kinds)
    return {
        "statuses": tuple(choices.statuses(status) or MODEL.status_policy.facts),
        "types": tuple(chosen_types) if chosen_types else None,
        "kinds": tuple(chosen_kinds) if chosen_kinds else None,
    }


@router.get("/centrality", response_model=Centrality)
def centrality(
    request: Request,
    graph: GraphDep,
    metric: Annotated[str, Query(description="degree, betweenness, pagerank or eigenvector")] = "degree",
    top: Annotated[int, Query(ge=1, le=1000)] = 20,
    types: TypesQuery = None,
    kinds: KindsQuery = None,
    status: StatusQuery = None,
):
    """Who is central, by networkx's own function with its default arguments, on the undirected
    projection of the accepted ties. The answer names the function, its arguments and the graph it
    ran on (filters, node and edge counts). Betweenness is normalized, and estimated from a seeded
    sample of source nodes on graphs over 2,000 nodes (`method.exact` is then false); eigenvector
    centrality runs on the largest connected component."""
    if metric not in METRICS:
        raise InvalidInput([("metric", f"unknown metric {metric!r}; use one of {', '.join(METRICS)}")])
    return _cached(
        request.app.state.analytics.centrality(graph, metric, top=top, **_filters(types, kinds, status))
    )


@router.get("/communities", response_model=Communities)
def communities(
    request: Request,
    graph: GraphDep,
    limit: params.PageLimit = 100,
    offset: params.PageOffset = 0,
    members_limit: Annotated[int, Query(ge=1, le=100_000, description="Members listed per community")] = 1000,
    types: TypesQuery = None,
    kinds: KindsQuery = None,
    status: StatusQuery = None,
):
    """Communities by Louvain (networkx, fixed seed 42), largest first; `total` counts them all and
    `limit`/`offset` page them. Each gives its `size` and its members, most connected first, at most
    `members_limit` of them."""
    return _cached(
        request.app.state.analytics.communities(
            graph,
            limit=limit,
            offset=offset,
            members_limit=members_limit,
            **_filters(types, kinds, status),
        )
    )


@router.get("/brokers", response_model=Brokers)
def brokers(
    request: Request,
    graph: GraphDep,
    top: Annotated[int, Query(ge=1, le=1000)] = 10,
    types: TypesQuery = None,
    kinds: KindsQuery = None,
    status: StatusQuery = None,
):
    """Entities whose removal splits or stretches the network: articulation points first, ranked by
    how many pairs of other entities they alone connect (`pairs_disconnected`), then by betweenness."""
    return _cached(request.app.state.analytics.brokers(graph, top=top, **_filters(types, kinds, status)))
