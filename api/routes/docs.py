"""The API's own documentation pages, `/docs` (Swagger UI) and `/redoc`, served with every script from
this server: FastAPI's defaults load them from a CDN, which fails offline and escapes our CSP.

The two front-end bundles come from the `fastapi-offline` package's static folder (installed, never
copied here); the pages and the script that starts Swagger UI are ours.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from graph.errors import NotFound

router = APIRouter(include_in_schema=False)

BUNDLED = Path(str(files("fastapi_offline") / "static"))
OURS = Path(__file__).resolve().parents[1] / "static"
ASSETS = {
    "swagger-ui-bundle.js": (BUNDLED, "text/javascript"),
    "swagger-ui.css": (BUNDLED, "text/css"),
    "redoc.standalone.js": (BUNDLED, "text/javascript"),
    "swagger-init.js": (OURS, "text/javascript"),
}
# ReDoc's sidebar always draws its maker's logo from their CDN; an empty image of ours stands in.
OFFLINE_REWRITES = {
    "redoc.standalone.js": (
        b"https://cdn.redoc.ly/redoc/logo-mini.svg",
        b"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E",
    )
}
# Swagger UI and ReDoc set inline styles and draw icons as data: images; ReDoc searches in a blob: worker.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

SWAGGER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ecograph API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-init.js"></script>
</body></html>
"""
REDOC_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ecograph API</title></head>
<body><redoc spec-url="/openapi.json"></redoc>
<script src="/docs/assets/redoc.standalone.js"></script>
</body></html>
"""


@router.get("/docs")
def swagger_ui() -> HTMLResponse:
    return HTMLResponse(SWAGGER_PAGE, headers=HEADERS)


@router.get("/redoc")
def redoc() -> HTMLResponse:
    return HTMLResponse(REDOC_PAGE, headers=HEADERS)


@router.get("/docs/assets/{name}")
def docs_asset(name: str) -> Response:
    if name not in ASSETS:
        raise NotFound(f"no documentation asset {name!r}")
    return Response(
        _asset_bytes(name),
        media_type=ASSETS[name][1],
        headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )


@cache
def _asset_bytes(name: str) -> bytes:
    data = (ASSETS[name][0] / name).read_bytes()
    if name in OFFLINE_REWRITES:
        data = data.replace(*OFFLINE_REWRITES[name])
    return data
