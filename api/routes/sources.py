from __future__ import annotations

from fastapi import APIRouter

from api.deps import GraphDep
from api.params import PageLimit, PageOffset
from api.schemas import SourceDetail, SourcesPage
from graph.errors import NotFound

router = APIRouter(prefix="/sources", tags=["sources"])


@router.get("", response_model=SourcesPage)
def list_sources(graph: GraphDep, limit: PageLimit = 1000, offset: PageOffset = 0):
    """Sources, newest first, with how many ties each asserts and how many entities it mentions.
    `total` counts them all."""
    page = graph.read.sources_page(limit=limit, offset=offset)
    return {"items": page.items, "total": page.total}


@router.get("/{source_id}", response_model=SourceDetail)
def get_source(source_id: str, graph: GraphDep, limit: PageLimit = 1000, offset: PageOffset = 0):
    """A source and what it asserts: each tie with the evidence this source gives (`ties_total` in all,
    `limit`/`offset` page them), and the entities it mentions."""
    found = graph.read.sources([source_id])
    if source_id not in found:
        newest = graph.read.sources_page(limit=10, offset=0).items
        raise NotFound(f"no source {source_id!r}", [{"id": s["id"], "title": s["title"]} for s in newest])
    asserted, mentioned = graph.read.source_assertions(source_id, limit=limit, offset=offset)
    return {**found[source_id], "ties": asserted.items, "ties_total": asserted.total, "mentions": mentioned}
