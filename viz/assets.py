"""The files the explorer page needs, served at /viz/assets/{name} or inlined into a standalone page.

vis-network comes from inside the pinned pyvis package, so no asset ever comes from a CDN.
Only the names listed here are assets: anything else under static/ (the page template) is not served.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib.resources import files

from graph.errors import NotFound

_VIS = files("pyvis").joinpath("templates", "lib", "vis-9.1.2")
_STATIC = files("viz").joinpath("static")

# Order matters: scripts run in this order, stylesheets cascade in it.
SCRIPTS = (
    "vis-network.min.js",
    "explorer-panel.js",
    "explorer-controls.js",
    "explorer-time.js",
    "explorer-structure.js",
    "explorer.js",
)
STYLESHEETS = ("vis-network.css", "explorer.css")

_SOURCES = {
    "vis-network.min.js": _VIS.joinpath("vis-network.min.js"),
    "vis-network.css": _VIS.joinpath("vis-network.css"),
    **{name: _STATIC.joinpath(name) for name in (*SCRIPTS, *STYLESHEETS) if not name.startswith("vis-")},
}
ASSET_NAMES = frozenset(_SOURCES)

_MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}

# The source map named at the end of vis-network is not shipped; dropping the comment saves a 404.
_SOURCE_MAP = re.compile(rb"\n//# sourceMappingURL=\S+\s*$")


class UnknownAsset(NotFound, LookupError):
    """No asset by that name (the API answers 404)."""

    def __init__(self, name: str):
        super().__init__(f"no explorer asset {name!r}; the assets are {', '.join(sorted(_SOURCES))}")
        self.name = name


@cache
def asset_bytes(name: str) -> bytes:
    """The bytes to serve for `name`; raises UnknownAsset for anything not in ASSET_NAMES."""
    if name not in _SOURCES:
        raise UnknownAsset(name)
    return _SOURCE_MAP.sub(b"\n", _SOURCES[name].read_bytes())


def media_type(name: str) -> str:
    if name not in _SOURCES:
        raise UnknownAsset(name)
    return _MEDIA_TYPES[name[name.rindex(".") :]]


@cache
def asset_version(name: str) -> str:
    """A short content hash, appended to asset URLs so a changed file is never served from cache."""
    return hashlib.sha256(asset_bytes(name)).hexdigest()[:12]


@cache
def inline_text(name: str) -> str:
    """The asset as text to put inside a <script> or <style> element of a standalone page."""
    text = asset_bytes(name).decode("utf-8")
    # Any of these would end (or, for `<!--`, bend) the enclosing element early.
    for closer in ("</script", "</style", "<!--"):
        if closer in text.lower():
            raise ValueError(f"asset {name} contains {closer!r} and cannot be inlined")
    return text
