from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import params
from api.deps import DatabaseDep, DriverDep
from api.schemas import Paths
from graph import store
from graph.explain import sentence

router = APIRouter(tags=["paths"])


@router.get("/paths", response_model=Paths)
def get_paths(
    driver: DriverDep,
    database: DatabaseDep,
    source: Annotated[str, Query(description="Id, name or alias of one end")],
    target: Annotated[str, Query(description="Id, name or alias of the other end")],
    max_hops: Annotated[int, Query(ge=1, le=6)] = 4,
    all: Annotated[bool, Query(description="Every shortest path, not just one")] = False,
    k: Annotated[int, Query(ge=1, le=10, description="Up to k paths, shortest first (alternatives)")] = 1,
    as_of: Annotated[str | None, Query(description="Use only ties valid on this ISO date")] = None,
    types: Annotated[list[str] | None, Query(description="Tie types a path may use")] = None,
    status: Annotated[list[str] | None, Query(description="Tie statuses a path may use")] = None,
):
    """How two actors are connected: shortest paths first, each hop explained with its sources.

    `all=true` gives every shortest path; `k=3` the three shortest (alternatives of growing length);
    `as_of=2017-06-01` uses only ties valid on that date."""
    a = store.resolve_ref(driver, database, source)
    b = store.resolve_ref(driver, database, target)
    if a == b:
        entity = store.entities_by_id(driver, database, [a])[a]
        return {"paths": [{"nodes": [entity], "edges": [], "length": 0, "explanation": []}]}
    found = store.paths(
        driver,
        database,
        a,
        b,
        max_hops=max_hops,
        types=params.tie_types(types),
        statuses=params.statuses(status, ("accepted",)),
        every=all,
        k=k,
        as_of=params.iso_date(as_of, "as_of"),
    )
    out = []
    for nodes, edges in found:
        cited = store.cite_all(driver, database, edges)
        names = {n["id"]: n["name"] for n in nodes}
        out.append(
            {
                "nodes": nodes,
                "edges": cited,
                "length": len(edges),
                "explanation": [sentence(tie, names) for tie in cited],
            }
        )
    out.sort(key=lambda p: p["length"])
    return {"paths": out}
