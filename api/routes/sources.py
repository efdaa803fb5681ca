from __future__ import annotations

from fastapi import APIRouter

from api.deps import DatabaseDep, DriverDep
from api.params import PageLimit, PageOffset
from graph import store
from graph.errors import NotFound

router = APIRouter(prefix="/sources", tags=["sources"])


@router.get("")
def list_sources(
    driver: DriverDep, database: DatabaseDep, limit: PageLimit = 1000, offset: PageOffset = 0
) -> dict:
    """Sources, newest first, with how many ties each asserts and how many entities it mentions.
    `total` counts them all."""
    page = store.sources_page(driver, database, limit=limit, offset=offset)
    return {"items": page.items, "total": page.total}


@router.get("/{source_id}")
def get_source(
    source_id: str, driver: DriverDep, database: DatabaseDep, limit: PageLimit = 1000, offset: PageOffset = 0
) -> dict:
    """A source and what it asserts: each tie with the evidence this source gives (`ties_total` in all,
    `limit`/`offset` page them), and the entities it mentions."""
    found = store.sources_by_id(driver, database, [source_id])
    if source_id not in found:
        newest = store.sources_page(driver, database, limit=10, offset=0).items
        raise NotFound(f"no source {source_id!r}", [{"id": s["id"], "title": s["title"]} for s in newest])
    asserted, mentioned = store.source_assertions(driver, database, source_id, limit=limit, offset=offset)
    ties = []
    for tie in asserted.items:
        index = tie["sources"].index(source_id)
        evidence = tie["evidence"][index] if index < len(tie["evidence"]) else None
        ties.append({**{k: v for k, v in tie.items() if k not in ("evidence",)}, "evidence": evidence})
    return {**found[source_id], "ties": ties, "ties_total": asserted.total, "mentions": mentioned}
