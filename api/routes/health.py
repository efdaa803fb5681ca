from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

from api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
def health(request: Request):
    """Is Neo4j up, and how many entities (nodes but Sources) and ties (relationships but MENTIONS)?"""
    graph = request.app.state.graph
    if graph is not None:
        try:
            return Health(status="ok", neo4j="up", **graph.read.counts())
        except (ServiceUnavailable, SessionExpired, AuthError, OSError):
            pass
    return JSONResponse(status_code=503, content=Health(status="degraded", neo4j="down").model_dump())
