"""The FastAPI application: one graph (and driver) for the process, opened in the lifespan and injected."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.trustedhost import TrustedHostMiddleware

from api import errors
from api.answer_cache import AnswerCache
from api.auth import READ_RESPONSES, ReaderDep
from api.body_caps import BodyCaps
from api.rate_limit import CallerLimiter
from api.routes import (
    analytics,
    changes,
    connections,
    cypher,
    docs,
    documents,
    entities,
    events,
    export,
    health,
    imports,
    login,
    paths,
    people,
    sources,
    ties,
    viz,
)
from graph import embedded
from graph.analytics.service import Analytics
from graph.db import open_driver
from graph.errors import EcographError
from graph.settings import Settings, get_settings
from graph.store import Graph
from graph.supervisor import Supervisor

DESCRIPTION = """
A graph knowledge base of who is tied to whom in an innovation ecosystem.

Every tie cites at least one **source** with the **evidence** it gives. Entity ids look like
`org:techcode`, `person:erica-huang`, `place:marseille`, `event:2017-12-07-mou-techcode-marseille`;
wherever a path takes an id, a name or alias that means exactly one entity works too
(`/entities/CFLD`). Errors are JSON `{"detail": …}`: 4xx for the caller's mistakes, 503 when Neo4j is down
or the spaCy model that reads articles is not installed.
Writes need an editor: an `X-API-Key` header (a key from `ecograph users add`, or
`ECOGRAPH_API_KEY`, which acts as an admin) or a browser session from `/login` plus its CSRF token in
`X-CSRF-Token`. No credentials: 401; a role too low: 403. With `ECOGRAPH_READ_ACCESS=login` every
read needs a viewer too (`/health` stays open).
"""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.graph, app.state.driver_error = None, None
    try:
        driver = open_driver(app.state.settings, verify=False)
    except EcographError as exc:  # the app still answers /health (503) and says why
        app.state.driver_error = str(exc)
    else:
        app.state.graph = Graph(driver, app.state.settings.neo4j_database)
    app.state.supervisor = _supervisor(app.state.settings)
    yield
    if app.state.supervisor is not None:
        app.state.supervisor.stop()
    if app.state.graph is not None:
        app.state.graph.driver.close()


def _supervisor(settings: Settings) -> Supervisor | None:
    """Watch the embedded Neo4j this app talks to, when it runs (an external one has its own)."""
    if not (settings.uses_embedded and settings.ecograph_supervise):
        return None
    state = embedded.read_state(settings.neo4j_home)
    if state is None:
        return None
    return Supervisor(settings.neo4j_home, state.port, heap=settings.ecograph_neo4j_heap).start()


def create_app(settings: Settings | None = None) -> FastAPI:
    app = FastAPI(
        title="ecograph",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # api/routes/docs.py serves both pages from our own assets
        redoc_url=None,
    )
    app.state.settings = settings or get_settings()
    app.state.analytics = Analytics(stale=app.state.settings.ecograph_analytics_stale)
    app.state.cypher_limiter = CallerLimiter(
        app.state.settings.ecograph_cypher_rate_per_min, app.state.settings.ecograph_cypher_concurrent
    )
    errors.install(app)
    app.add_middleware(
        BodyCaps, caps={"POST /import": imports.BODY_CAP, "POST /documents": documents.BODY_CAP}
    )
    for module in (health, login, docs):  # open to all
        app.include_router(module.router)
    for module in (
        entities,
        paths,
        connections,
        ties,
        sources,
        events,
        cypher,
        imports,
        documents,
        viz,
        analytics,
        export,
        changes,
        people,
    ):
        app.include_router(module.router, dependencies=[ReaderDep], responses=READ_RESPONSES)
    # A cached answer is served before any route runs, so also before the read check: with
    # ECOGRAPH_READ_ACCESS=login every read goes to its route, which asks who is reading.
    cache_mb = app.state.settings.ecograph_answer_cache_mb
    if cache_mb > 0 and app.state.settings.ecograph_read_access == "public":
        app.add_middleware(AnswerCache, megabytes=cache_mb)
    # Outermost (added last), so no cached answer reaches a page that resolved its own name to
    # 127.0.0.1 (DNS rebinding): such a page sends its own Host.
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=app.state.settings.allowed_hosts)
    return app
