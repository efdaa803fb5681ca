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
) -> dict:
    """What two actors share: direct ties, common neighbours (with the tie on each side) and, among
    them, the events both took part in. Every tie comes with its sources."""
    first, second = store.resolve_ref(driver, database, a), store.resolve_ref(driver, database, b)
    direct, shared = store.connections(
        driver, database, first, second, params.statuses(status, ("accepted",))
    )
    entities = store.entities_by_id(driver, database, [first, second])
    names = {i: e["name"] for i, e in entities.items()}
    for item in shared:
        names[item["entity"]["id"]] = item["entity"]["name"]
    direct = store.cite_all(driver, database, direct)
    for item in shared:
        item["via_a"] = store.cite_all(driver, database, item["via_a"])
        item["via_b"] = store.cite_all(driver, database, item["via_b"])
        item["explanation"] = [sentence(t, names) for t in item["via_a"] + item["via_b"]]
    return {
        "a": entities[first],
        "b": entities[second],
        "direct": direct,
        "direct_explanation": [sentence(t, names) for t in direct],
        "common_neighbors": shared,
        "shared_events": [item["entity"] for item in shared if item["entity"]["kind"] == "Event"],
    }
