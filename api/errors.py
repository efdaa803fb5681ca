"""One place mapping ecograph's error tree (and Neo4j being down) to JSON 4xx/503 answers.

A 503 never carries the database's address or the driver's words (they name the Bolt host and port):
those go to the log, the caller gets what happened and, on every 503, `Retry-After`.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.errors import (
    DatabaseUnavailable,
    EcographError,
    Forbidden,
    InvalidInput,
    ModelUnavailable,
    NotFound,
)

log = logging.getLogger(__name__)
RETRY_AFTER_S = 5  # about what the embedded Neo4j takes to come back
DATABASE_DOWN = "the database is not reachable right now; try again shortly"


def _json(status: int, detail, **extra) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": detail, **extra})


class RetryAfter:
    """Every 503 answer says when to try again, whichever route or handler wrote it."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_retry_after(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 503:
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"retry-after" for name, _ in headers):
                    headers.append((b"retry-after", str(RETRY_AFTER_S).encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_retry_after)


def install(app: FastAPI) -> None:
    app.add_middleware(RetryAfter)

    @app.exception_handler(InvalidInput)
    async def invalid(_: Request, exc: InvalidInput) -> JSONResponse:
        problems = [{"where": where, "message": message} for where, message in exc.problems]
        extra = {"summary": exc.summary} if exc.truncated else {}
        return _json(422, problems, total=exc.total, **extra)

    @app.exception_handler(NotFound)
    async def not_found(_: Request, exc: NotFound) -> JSONResponse:
        return _json(404, {"message": str(exc), "candidates": exc.candidates})

    @app.exception_handler(Forbidden)
    async def forbidden(_: Request, exc: Forbidden) -> JSONResponse:
        return _json(403, str(exc))

    @app.exception_handler(ModelUnavailable)
    async def unavailable(_: Request, exc: ModelUnavailable) -> JSONResponse:
        return _json(503, str(exc))

    @app.exception_handler(DatabaseUnavailable)
    @app.exception_handler(ServiceUnavailable)
    @app.exception_handler(SessionExpired)
    async def neo4j_down(request: Request, exc: Exception) -> JSONResponse:
        log.warning("%s %s: Neo4j unavailable: %s", request.method, request.url.path, exc)
        return _json(503, DATABASE_DOWN)

    @app.exception_handler(TransientError)
    async def neo4j_busy(_: Request, exc: TransientError) -> JSONResponse:
        return _json(503, f"Neo4j could not answer this time ({exc.code}); try again")

    @app.exception_handler(EcographError)
    async def other(_: Request, exc: EcographError) -> JSONResponse:
        return _json(400, str(exc))
