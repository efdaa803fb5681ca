"""Shared fixtures: one real Neo4j for the whole run, and a real HTTP server for the API.

The database is the embedded default started by `graph.embedded` in a temporary directory on a free
port, or, when ECOGRAPH_TEST_DATA_DIR names a data directory where `.ci/run` already started one,
that one (it is never a developer's own ./.ecograph unless they say so).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from neo4j import Driver

from graph import embedded
from graph.db import open_driver
from graph.settings import Settings
from graph.store import Graph
from ingest.seed import load_seed

REPO = Path(__file__).resolve().parents[1]
TEST_API_KEY = "test-api-key-0123456789"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Whatever reaches the real Neo4j is an integration test, marked or not, so `make test-fast`
    (`-m "not integration and not browser and not text"`) never starts one."""
    for item in items:
        if "neo4j_home" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.integration)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def neo4j_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    given = os.environ.get("ECOGRAPH_TEST_DATA_DIR")
    if given and embedded.read_state(Path(given).resolve() / "neo4j"):
        yield Path(given).resolve() / "neo4j"
        return
    home = tmp_path_factory.mktemp("ecograph-data") / "neo4j"
    embedded.start(home, free_port())
    yield home
    embedded.stop(home)


def embedded_settings(home: Path, port: int, **more) -> Settings:
    """Settings of an app (or CLI) on the embedded Neo4j in `home`, whatever the environment says."""
    return Settings(
        _env_file=None,
        neo4j_uri=None,
        neo4j_password=None,
        neo4j_database="neo4j",
        ecograph_data_dir=home.parent,
        ecograph_bolt_port=port,
        **more,
    )


@pytest.fixture(scope="session")
def settings(neo4j_home: Path) -> Settings:
    return embedded_settings(
        neo4j_home,
        embedded.read_state(neo4j_home).port,
        ecograph_api_key=TEST_API_KEY,
        ecograph_analytics_stale=False,  # current answers only; test_analytics_stale turns it on
    )


@pytest.fixture
def own_neo4j(tmp_path: Path, neo4j_home: Path) -> Iterator[Settings]:
    """A throwaway embedded Neo4j, for tests that stop or kill it (never the session's)."""
    home, port = tmp_path / "neo4j", free_port()
    embedded.start(home, port)
    try:
        yield embedded_settings(home, port)
    finally:
        embedded.stop(home)


@pytest.fixture(scope="session")
def driver(settings: Settings) -> Iterator[Driver]:
    opened = open_driver(settings)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def graph(driver: Driver, settings: Settings) -> Graph:
    """The test database as the bound graph, schema in place (not emptied: see `db`)."""
    bound = Graph(driver, settings.neo4j_database)
    bound.apply_schema()
    return bound


@pytest.fixture
def db(graph: Graph) -> Graph:
    """An empty database (schema in place) for one test."""
    graph.reset()
    return graph


@pytest.fixture
def seeded(db: Graph) -> Graph:
    """The seed graph, freshly loaded for one test."""
    load_seed(db)
    return db


@pytest.fixture(scope="session")
def cli_env(settings: Settings) -> dict[str, str]:
    """Environment under which the `ecograph` command finds the test database by itself."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "ECOGRAPH_"))}
    env.update(
        ECOGRAPH_DATA_DIR=str(settings.ecograph_data_dir),
        ECOGRAPH_BOLT_PORT=str(settings.ecograph_bolt_port),
        COLUMNS="200",
    )
    return env


class Server:
    def __init__(self, app, port: int):
        self.url = f"http://127.0.0.1:{port}"
        self._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> Server:
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the API server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self._server.should_exit = True
        self._thread.join(10)


@pytest.fixture(scope="session")
def api_url(settings: Settings, graph: Graph) -> Iterator[str]:
    from api.main import create_app

    with Server(create_app(settings), free_port()) as server:
        yield server.url


@pytest.fixture
def http(api_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_url, timeout=30) as client:
        yield client
