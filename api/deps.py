"""What routes receive: the settings and the graph (bound to the one driver the app's lifespan
opened). Who may call a route is api/auth.py's job."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graph.errors import DatabaseUnavailable
from graph.settings import Settings
from graph.store import Graph


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_graph(request: Request) -> Graph:
    graph = request.app.state.graph
    if graph is None:
        raise DatabaseUnavailable(request.app.state.driver_error or "Neo4j is not configured")
    return graph


SettingsDep = Annotated[Settings, Depends(get_settings)]
GraphDep = Annotated[Graph, Depends(get_graph)]
