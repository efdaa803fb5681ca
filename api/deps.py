"""What routes receive: the settings, the graph (bound to the one driver the app's lifespan opened),
the API-key check."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, Request

from graph.errors import DatabaseUnavailable, Forbidden
from graph.settings import Settings
from graph.store import Graph


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_graph(request: Request) -> Graph:
    graph = request.app.state.graph
    if graph is None:
        raise DatabaseUnavailable(request.app.state.driver_error or "Neo4j is not configured")
    return graph


def require_api_key(
    settings: Annotated[Settings, Depends(get_settings)],
    x_api_key: Annotated[str | None, Header(description="Equal to ECOGRAPH_API_KEY")] = None,
) -> None:
    expected = settings.ecograph_api_key
    if expected is None or not expected.get_secret_value():
        raise Forbidden("write endpoints are off: set ECOGRAPH_API_KEY to enable them")
    # As bytes: compare_digest refuses str with non-ASCII characters (a TypeError, so a 500).
    given = (x_api_key or "").encode("utf-8", "surrogateescape")
    if x_api_key is None or not hmac.compare_digest(given, expected.get_secret_value().encode("utf-8")):
        raise Forbidden("missing or wrong X-API-Key header")


SettingsDep = Annotated[Settings, Depends(get_settings)]
GraphDep = Annotated[Graph, Depends(get_graph)]
ApiKeyDep = Depends(require_api_key)
