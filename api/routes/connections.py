from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import params
from api.deps import DatabaseDep, DriverDep
from graph import store
from graph.explain import sentence

router = APIRouter(tags=["paths"])


@router.get("/connections")
def get_connections(
    driver: DriverDep,
    database: DatabaseDep,
    a: Annotated[str, Query(description="Id, name or alias of one actor")],
    b: Annotated[str, Query(description="Id, name or alias of the other")],
    status: Annotated[list[str] | None, Query(description="Tie statuses to consider")] = None,
    limit: params.PageLimit = 200,
    offset: params.PageOffset = 0,
) -> dict:
    """What two actors share: direct ties, common neighbours (with the tie on each side) and, among
    them, the events both took part in. Every tie comes with its sources.

    `common_total` counts the common neighbours; `limit`/`offset` page them (events first, then by
    kind and name). `shared_events` lists every shared event."""
    first, second = store.resolve_ref(driver, database, a), store.resolve_ref(driver, database, b)
    direct, shared = store.connections(
        driver, database, first, second, params.statuses(status, ("accepted",))
    )
    entities = store.entities_by_id(driver, database, [first, second])
    page = shared[offset : offset + limit]
    names = {i: e["name"] for i, e in entities.items()}
    for item in page:
        names[item["entity"]["id"]] = item["entity"]["name"]
    every_tie = direct + [t for item in page for t in item["via_a"] + item["via_b"]]
    cited = {t["id"]: t for t in store.cite_all(driver, database, every_tie)}
    direct = [cited[t["id"]] for t in direct]
    for item in page:
        item["via_a"] = [cited[t["id"]] for t in item["via_a"]]
        item["via_b"] = [cited[t["id"]] for t in item["via_b"]]
        item["explanation"] = [sentence(t, names) for t in item["via_a"] + item["via_b"]]
    return {
        "a": entities[first],
        "b": entities[second],
        "direct": direct,
        "direct_explanation": [sentence(t, names) for t in direct],
        "common_neighbors": page,
        "common_total": len(shared),
        "shared_events": [item["entity"] for item in shared if item["entity"]["kind"] == "Event"],
    }
