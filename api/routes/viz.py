"""The explorer pages: data from Neo4j, drawn by viz/ (which never opens the database), served with a
strict Content-Security-Policy whose nonce is the only way an inline script runs."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse, Response

from api.deps import GraphDep
from api.params import ENTITY_ID
from graph import answers
from graph.errors import NotFound
from viz import UnknownAsset, asset_bytes, media_type, render_page

router = APIRouter(prefix="/viz", tags=["explorer"])

DEFAULT_TOP = 300
EGO_LIMIT = 1000
PATH_CONTEXT = 150


def _csp(nonce: str) -> str:
    return (
        "default-src 'none'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


def _page(nodes: list[dict], edges: list[dict], **options) -> HTMLResponse:
    nonce = secrets.token_urlsafe(16)
    html = render_page(nodes, edges, nonce=nonce, **options)
    return HTMLResponse(
        html,
        headers={
            "Content-Security-Policy": _csp(nonce),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


@router.get("", response_class=HTMLResponse)
def whole_graph(
    graph: GraphDep,
    top: Annotated[int, Query(ge=10, le=20000, description="At most this many entities")] = DEFAULT_TOP,
):
    """The whole graph, or its `top` most connected entities (with a note saying so) when it is larger."""
    found = answers.overview(graph, top=top)
    note = None
    if found["total"] > len(found["nodes"]):
        note = f"Showing the {len(found['nodes']):,} most connected of {found['total']:,} entities."
    return _page(found["nodes"], found["edges"], title="ecograph — the ecosystem", page="graph", note=note)


@router.get(f"/entity/{ENTITY_ID}", response_class=HTMLResponse)
def entity_page(
    entity_id: Annotated[str, Path(description="Id, name or alias")],
    graph: GraphDep,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
):
    """An entity's ego network, `depth` hops around it."""
    resolved = graph.read.resolve(entity_id)
    found = answers.neighborhood(graph, resolved["id"], depth=depth, limit=EGO_LIMIT)
    note = f"Only the first {EGO_LIMIT:,} neighbours are shown." if found["truncated"] else None
    return _page(
        found["nodes"],
        found["edges"],
        title=f"ecograph — {resolved['name']}",
        page="entity",
        focus=resolved["id"],
        note=note,
    )


@router.get("/path", response_class=HTMLResponse)
def path_page(
    graph: GraphDep,
    source: Annotated[str, Query(description="Id, name or alias of one end")],
    target: Annotated[str, Query(description="Id, name or alias of the other end")],
    max_hops: Annotated[int, Query(ge=1, le=6)] = 4,
    k: Annotated[int, Query(ge=1, le=10, description="How many alternative paths")] = 1,
):
    """The shortest path(s) between two actors, highlighted among their direct neighbours."""
    found = answers.path_map(graph, source, target, max_hops=max_hops, k=k, context=PATH_CONTEXT)
    names = {n["id"]: n["name"] for n in found["nodes"]}
    return _page(
        found["nodes"],
        found["edges"],
        title=f"ecograph — {names[found['source']]} to {names[found['target']]}",
        page="path",
        highlight_nodes=found["path_nodes"],  # the shortest path's nodes first, in order
        highlight_edges=found["path_edges"],
    )


@router.get("/assets/{name}")
def asset(name: str) -> Response:
    """The explorer's scripts and styles (vis-network ships inside pyvis): served by us, never a CDN."""
    try:
        body = asset_bytes(name)
    except UnknownAsset as exc:
        raise NotFound(f"no asset {name!r}") from exc
    return Response(body, media_type=media_type(name), headers={"Cache-Control": "public, max-age=31536000"})
