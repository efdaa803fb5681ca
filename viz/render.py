"""The explorer page: entity and tie dicts in, one HTML document out. Never touches a database."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Literal

import jinja2

from graph.errors import InvalidArgument
from viz import assets as asset_files
from viz.palette import style_table
from viz.payload import shared_sources
from viz.safejson import script_json
from viz.strings import template_words
from viz.visdata import build_vis

Page = Literal["graph", "entity", "path"]
Assets = Literal["served", "inline"]


@dataclass(frozen=True)
class _Asset:
    url: str | None  # served from the API
    text: str | None  # or inlined into the page


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True)
    return env.from_string(files("viz").joinpath("static", "page.html").read_text(encoding="utf-8"))


def _assets(names: Sequence[str], mode: Assets, api_base: str) -> list[_Asset]:
    if mode == "inline":
        return [_Asset(url=None, text=asset_files.inline_text(name)) for name in names]
    return [
        _Asset(url=f"{api_base}/viz/assets/{name}?v={asset_files.asset_version(name)}", text=None)
        for name in names
    ]


def render_page(
    nodes: Sequence[dict],
    edges: Sequence[Mapping[str, Any]],
    *,
    title: str,
    page: Page,
    focus: str | None = None,
    highlight_nodes: Collection[str] = (),
    highlight_edges: Collection[str] = (),
    note: str | None = None,
    assets: Assets = "served",
    nonce: str | None = None,
    api_base: str = "",
) -> str:
    """A complete explorer page.

    `assets="served"` links /viz/assets/* (from `api_base`) and talks to the API for search and
    expansion; `assets="inline"` makes one self-contained file that searches its own data.
    `nonce` goes on every inline script so the page runs under a strict Content-Security-Policy.
    `highlight_nodes` in path order: the path page lists them in that order.
    """
    if page not in ("graph", "entity", "path"):
        raise InvalidArgument(f"unknown page {page!r}; use graph, entity or path")
    if assets not in ("served", "inline"):
        raise InvalidArgument(f"unknown assets mode {assets!r}; use served or inline")
    path_nodes = list(dict.fromkeys(highlight_nodes))
    vis = build_vis(
        nodes,
        edges,
        focus=focus,
        highlight_nodes=frozenset(path_nodes),
        highlight_edges=frozenset(highlight_edges),
    )
    ties, sources = shared_sources(vis.ties)
    words = template_words()
    data = {
        "page": page,
        "focus": focus,
        "standalone": assets == "inline",
        "apiBase": api_base,
        "highlight": {"nodes": path_nodes, "edges": list(dict.fromkeys(highlight_edges))},
        "entities": vis.entities,
        "ties": ties,
        "sources": sources,
        "vis": {"nodes": vis.nodes, "edges": vis.edges, "options": vis.options},
        "styles": style_table(),
        "strings": words,
    }
    return _template().render(
        title=title,
        t=words,
        page=page,
        note=note,
        nonce=nonce,
        standalone=assets == "inline",
        node_count=len(vis.nodes),
        data_json=script_json(data),
        stylesheets=_assets(asset_files.STYLESHEETS, assets, api_base),
        scripts=_assets(asset_files.SCRIPTS, assets, api_base),
    )
