"""Neo4j down: /health and reads answer 503 with Retry-After and no address, and the same app answers
200 again once Neo4j is back (issue 12 item 5). On a throwaway embedded Neo4j of its own."""

from __future__ import annotations

import httpx
import pytest

from api.main import create_app
from graph import embedded
from tests.conftest import Server, free_port

pytestmark = pytest.mark.integration
# Longer than the driver's retry budget for reads (graph/db.py), far shorter than its default 30 s,
# so a read that still retried the old way fails here instead of answering late.
CLIENT_TIMEOUT_S = 15


def _down(response: httpx.Response, port: int) -> None:
    assert response.status_code == 503, response.text
    assert int(response.headers["retry-after"]) > 0
    assert str(port) not in response.text and "127.0.0.1" not in response.text and "bolt" not in response.text


def test_neo4j_down_is_503_with_retry_after_and_back_is_200_without_a_restart(own_neo4j) -> None:
    settings = own_neo4j
    home, port = settings.neo4j_home, settings.ecograph_bolt_port
    with (
        Server(create_app(settings), free_port()) as server,
        httpx.Client(base_url=server.url, timeout=CLIENT_TIMEOUT_S) as http,
    ):
        assert http.get("/health").status_code == 200
        assert http.get("/events").status_code == 200

        embedded.stop(home)
        _down(http.get("/health"), port)
        assert http.get("/health").json()["neo4j"] == "down"
        _down(http.get("/events"), port)
        _down(http.get("/entities", params={"q": "techcode"}), port)

        embedded.start(home, port)
        assert http.get("/health").status_code == 200
        assert http.get("/events").status_code == 200
