"""One place mapping ecograph's error tree (and Neo4j being down) to JSON 4xx/503 answers."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError

from graph.errors import (
    DatabaseUnavailable,
    EcographError,
    Forbidden,
    InvalidInput,
    ModelUnavailable,
    NotFound,
)


def _json(status: int, detail) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": detail})


def install(app: FastAPI) -> None:
    @app.exception_handler(InvalidInput)
    async def invalid(_: Request, exc: InvalidInput) -> JSONResponse:
        return _json(422, [{"where": where, "message": message} for where, message in exc.problems])

    @app.exception_handler(NotFound)
    async def not_found(_: Request, exc: NotFound) -> JSONResponse:
        return _json(404, {"message": str(exc), "candidates": exc.candidates})

    @app.exception_handler(Forbidden)
    async def forbidden(_: Request, exc: Forbidden) -> JSONResponse:
        return _json(403, str(exc))

    @app.exception_handler(DatabaseUnavailable)
    @app.exception_handler(ModelUnavailable)
    async def unavailable(_: Request, exc: EcographError) -> JSONResponse:
        return _json(503, str(exc))

    @app.exception_handler(ServiceUnavailable)
    @app.exception_handler(SessionExpired)
    async def neo4j_down(_: Request, exc: Exception) -> JSONResponse:
        return _json(503, f"Neo4j is not reachable: {exc}")

    @app.exception_handler(TransientError)
    async def neo4j_busy(_: Request, exc: TransientError) -> JSONResponse:
        return _json(503, f"Neo4j could not answer this time ({exc.code}); try again")

    @app.exception_handler(EcographError)
    async def other(_: Request, exc: EcographError) -> JSONResponse:
        return _json(400, str(exc))
