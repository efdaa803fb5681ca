from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from api import params
from api.deps import DatabaseDep, DriverDep
from graph.analytics import METRICS
from graph.errors import InvalidInput

router = APIRouter(prefix="/analytics", tags=["analytics"])

TypesQuery = Annotated[list[str] | None, Query(description="Tie types to keep (default: all but MENTIONS)")]
KindsQuery = Annotated[list[str] | None, Query(description="Entity kinds to keep (default: all)")]
StatusQuery = Annotated[list[str] | None, Query(description="Tie statuses to keep (default: accepted)")]


def _filters(types, kinds, status) -> dict:
    chosen_types = params.split_list(types)
    return {
        "statuses": tuple(params.statuses(status, ("accepted",))),
        "types": tuple(params.tie_types(chosen_types)) if chosen_types else None,
        "kinds": tuple(params.kinds(kinds) or ()) or None,
    }


@router.get("/centrality")
def centrality(
    request: Request,
    driver: DriverDep,
    database: DatabaseDep,
    metric: Annotated[str, Query(description="degree, betweenness, pagerank or eigenvector")] = "degree",
    top: Annotated[int, Query(ge=1, le=1000)] = 20,
    types: TypesQuery = None,
    kinds: KindsQuery = None,
    status: StatusQuery = None,
) -> dict:
    """Who is central, by networkx's own function with its default arguments, on the undirected
    projection of the accepted ties. The answer names the function, its arguments and the graph it
    ran on (filters, node and edge counts). Betweenness is normalized, and estimated from a seeded
    sample of source nodes on graphs over 2,000 nodes (`method.exact` is then false); eigenvector
    centrality runs on the largest connected component."""
    if metric not in METRICS:
        raise InvalidInput([("metric", f"unknown metric {metric!r}; use one of {', '.join(METRICS)}")])
    return request.app.state.analytics.centrality(
        driver, database, metric, top=top, **_filters(types, kinds, status)
    )


@router.get("/communities")
def communities(
    request: Request,
    driver: DriverDep,
    database: DatabaseDep,
    limit: params.PageLimit = 100,
    offset: params.PageOffset = 0,
    members_limit: Annotated[int, Query(ge=1, le=100_000, description="Members listed per community")] = 1000,
    types: TypesQuery = None,
    kinds: KindsQuery = None,
    status: StatusQuery = None,
) -> dict:
    """Communities by Louvain (networkx, fixed seed 42), largest first; `total` counts them all and
    `limit`/`offset` page them. Each gives its `size` and its members, most connected first, at most
    `members_limit` of them."""
    return request.app.state.analytics.communities(
        driver,
        database,
        limit=limit,
        offset=offset,
        members_limit=members_limit,
        **_filters(types, kinds, status),
    )


@router.get("/brokers")
def brokers(
    request: Request,
    driver: DriverDep,
    database: DatabaseDep,
    top: Annotated[int, Query(ge=1, le=1000)] = 10,
    types: TypesQuery = None,
    kinds: KindsQuery = None,
    status: StatusQuery = None,
) -> dict:
    """Entities whose removal splits or stretches the network: articulation points first, ranked by
    how many pairs of other entities they alone connect (`pairs_disconnected`), then by betweenness."""
    return request.app.state.analytics.brokers(driver, database, top=top, **_filters(types, kinds, status))
