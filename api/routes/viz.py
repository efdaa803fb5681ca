"""The explorer pages: data from Neo4j, drawn by viz/ (which never opens the database), served with a
strict Content-Security-Policy whose nonce is the only way an inline script runs."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse, Response

from api.deps import DatabaseDep, DriverDep
from api.params import ENTITY_ID
from graph import store
from graph.errors import NotFound
from graph.model import MODEL
from viz import UnknownAsset, asset_bytes, media_type, render_page

router = APIRouter(prefix="/viz", tags=["explorer"])

EXPLORE_STATUSES = ["accepted", "candidate"]
DEFAULT_TOP = 300
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
    driver: DriverDep,
    database: DatabaseDep,
    top: Annotated[int, Query(ge=10, le=20000, description="At most this many entities")] = DEFAULT_TOP,
):
    """The whole graph, or its `top` most connected entities (with a note saying so) when it is larger."""
    nodes, ties, total = store.top_subgraph(driver, database, top=top, statuses=EXPLORE_STATUSES)
    note = None
    if total > len(nodes):
        note = f"Showing the {len(nodes):,} most connected of {total:,} entities."
    return _page(
        nodes,
        store.cite_all(driver, database, ties),
        title="ecograph — the ecosystem",
        page="graph",
        note=note,
    )


@router.get(f"/entity/{ENTITY_ID}", response_class=HTMLResponse)
def entity_page(
    entity_id: Annotated[str, Path(description="Id, name or alias")],
    driver: DriverDep,
    database: DatabaseDep,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
):
    """An entity's ego network, `depth` hops around it."""
    resolved = store.resolve_ref(driver, database, entity_id)
    nodes, edges, truncated = store.neighbors(
        driver,
        database,
        resolved,
        depth=depth,
        types=MODEL.provenance_types,
        kinds=None,
        statuses=EXPLORE_STATUSES,
        limit=1000,
    )
    name = next(n["name"] for n in nodes if n["id"] == resolved)
    note = "Only the first 1,000 neighbours are shown." if truncated else None
    return _page(
        nodes,
        store.cite_all(driver, database, edges),
        title=f"ecograph — {name}",
        page="entity",
        focus=resolved,
        note=note,
    )


@router.get("/path", response_class=HTMLResponse)
def path_page(
    driver: DriverDep,
    database: DatabaseDep,
    source: Annotated[str, Query(description="Id, name or alias of one end")],
    target: Annotated[str, Query(description="Id, name or alias of the other end")],
    max_hops: Annotated[int, Query(ge=1, le=6)] = 4,
    k: Annotated[int, Query(ge=1, le=10, description="How many alternative paths")] = 1,
):
    """The shortest path(s) between two actors, highlighted among their direct neighbours."""
    a, b = store.resolve_ref(driver, database, source), store.resolve_ref(driver, database, target)
    found = store.paths(
        driver, database, a, b, max_hops=max_hops, types=MODEL.provenance_types, statuses=["accepted"], k=k
    )
    if not found:
        raise NotFound(f"no path of at most {max_hops} hops between {a} and {b}")
    path_nodes = list(dict.fromkeys(n["id"] for nodes, _ in found for n in nodes))
    path_edges = {e["id"] for _, edges in found for e in edges}
    context: list[str] = []
    for node_id in path_nodes:
        around, _, _ = store.neighbors(
            driver,
            database,
            node_id,
            depth=1,
            types=MODEL.provenance_types,
            kinds=None,
            statuses=EXPLORE_STATUSES,
            limit=PATH_CONTEXT,
        )
        context += [n["id"] for n in around]
    ids = list(dict.fromkeys(path_nodes + context))[: PATH_CONTEXT + len(path_nodes)]
    nodes = list(store.entities_by_id(driver, database, ids).values())
    edges = store.ties_among(driver, database, ids, EXPLORE_STATUSES)
    names = {n["id"]: n["name"] for n in nodes}
    return _page(
        nodes,
        store.cite_all(driver, database, edges),
        title=f"ecograph — {names[a]} to {names[b]}",
        page="path",
        highlight_nodes=path_nodes,  # the shortest path's nodes first, in order
        highlight_edges=path_edges,
    )


@router.get("/assets/{name}")
def asset(name: str) -> Response:
    """The explorer's scripts and styles (vis-network ships inside pyvis): served by us, never a CDN."""
    try:
        body = asset_bytes(name)
    except UnknownAsset as exc:
        raise NotFound(f"no asset {name!r}") from exc
    return Response(body, media_type=media_type(name), headers={"Cache-Control": "public, max-age=31536000"})
