"""A crash of the embedded Neo4j (kill -9) is repaired without a hand on it: the API's supervisor
restarts it, /health says `degraded` with the reason meanwhile, and the data is all there after;
`ecograph db stop` is not a crash and is left alone (issue 12 item 2)."""

from __future__ import annotations

import os
import signal
import time

import httpx
import pytest

from api.main import create_app
from graph import embedded
from graph.db import open_driver
from graph.settings import Settings
from graph.store import Graph
from ingest.seed import load_seed
from tests.conftest import Server, free_port
from tests.seed_data import seed

pytestmark = pytest.mark.integration


def _until(check, what: str, timeout_s: float = 300):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout_s:.0f}s: {what}")


def test_a_killed_neo4j_comes_back_by_itself_with_its_data(own_neo4j: Settings) -> None:
    home = own_neo4j.neo4j_home
    with open_driver(own_neo4j) as driver:
        load_seed(Graph(driver, "neo4j"))
    expected = len([e for e in seed()["entities"]])
    with (
        Server(create_app(own_neo4j), free_port()) as server,
        httpx.Client(base_url=server.url, timeout=15) as http,
    ):
        assert http.get("/health").json()["entities"] == expected
        os.kill(embedded.read_state(home).pid, signal.SIGKILL)

        def degraded():
            answer = http.get("/health")
            return answer.status_code == 503 and answer.json().get("reason", "")

        reason = _until(degraded, "/health saying why it is degraded")
        assert "restarting" in reason
        back = _until(lambda: http.get("/health").status_code == 200 and http.get("/health"), "/health ok")
        assert back.json()["entities"] == expected and "reason" not in back.json()
        assert embedded.read_state(home) is not None


def test_a_stop_on_purpose_is_not_restarted(own_neo4j: Settings) -> None:
    home = own_neo4j.neo4j_home
    with Server(create_app(own_neo4j), free_port()) as server, httpx.Client(base_url=server.url) as http:
        assert http.get("/health").status_code == 200
        embedded.stop(home)
        time.sleep(3)  # three supervisor rounds (it looks every second)
        assert embedded.read_state(home) is None
        answer = http.get("/health")
        assert answer.status_code == 503 and "reason" not in answer.json()
