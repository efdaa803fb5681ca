from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

from api.schemas import Health

router = APIRouter(tags=["health"])


@router.get(
    "/health", response_model=Health, response_model_exclude_none=True, responses={503: {"model": Health}}
)
def health(request: Request):
    """Is Neo4j up, and how many entities (nodes but Sources) and ties (relationships but MENTIONS)?
    While the embedded Neo4j is being restarted after a crash, `degraded` with the `reason`."""
    graph = request.app.state.graph
    if graph is not None:
        try:
            return Health(status="ok", neo4j="up", **graph.read.counts())
        except (ServiceUnavailable, SessionExpired, AuthError, OSError):
            pass
    supervisor = getattr(request.app.state, "supervisor", None)
    reason = supervisor.problem if supervisor is not None else None
    down = Health(status="degraded", neo4j="down", reason=reason)
    return JSONResponse(status_code=503, content=down.model_dump(exclude_none=True))
