"""The explorer: HTML pages drawn from plain entity and tie dicts (never from a database)."""

from viz.assets import ASSET_NAMES, UnknownAsset, asset_bytes, media_type
from viz.render import render_page

__all__ = ["ASSET_NAMES", "UnknownAsset", "asset_bytes", "media_type", "render_page"]
