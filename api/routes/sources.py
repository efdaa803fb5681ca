from __future__ import annotations

from fastapi import APIRouter

from api.deps import DatabaseDep, DriverDep
from graph import store
from graph.errors import NotFound

router = APIRouter(prefix="/sources", tags=["sources"])


@router.get("")
def list_sources(driver: DriverDep, database: DatabaseDep) -> dict:
    """Every source, newest first, with how many ties it asserts and how many entities it mentions."""
    return {"items": store.all_sources(driver, database)}


@router.get("/{source_id}")
def get_source(source_id: str, driver: DriverDep, database: DatabaseDep) -> dict:
    """A source and what it asserts: each tie with the evidence this source gives, and its mentions."""
    found = store.sources_by_id(driver, database, [source_id])
    if source_id not in found:
        raise NotFound(
            f"no source {source_id!r}",
            [{"id": s["id"], "title": s["title"]} for s in store.all_sources(driver, database)[:10]],
        )
    asserted, mentioned = store.source_assertions(driver, database, source_id)
    ties = []
    for tie in asserted:
        index = tie["sources"].index(source_id)
        evidence = tie["evidence"][index] if index < len(tie["evidence"]) else None
        ties.append({**{k: v for k, v in tie.items() if k not in ("evidence",)}, "evidence": evidence})
    return {**found[source_id], "ties": ties, "mentions": mentioned}
