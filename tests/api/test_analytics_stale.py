"""Analytics after a write (ECOGRAPH_ANALYTICS_STALE on): the previous answer at once, marked with its
version, while one background thread computes the new one, which a later request gets."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from api.main import create_app
from graph.analytics.refresher import THREAD_NAME
from ingest.formats import read_mapping
from ingest.loader import load
from ingest.seed import load_seed
from tests.conftest import Server, free_port

DEGREE = ("/analytics/centrality", {"metric": "degree", "top": 1})
DEADLINE_S = 120


@pytest.fixture
def seeded(db):
    load_seed(db)
    return db


@pytest.fixture
def stale_api(settings, seeded) -> Iterator[tuple[httpx.Client, object]]:
    """A server with stale answers on, and its app (to count the recomputations)."""
    app = create_app(settings.model_copy(update={"ecograph_analytics_stale": True}))
    with Server(app, free_port()) as server, httpx.Client(base_url=server.url, timeout=60) as client:
        yield client, app


def ask(http: httpx.Client) -> dict:
    response = http.get(DEGREE[0], params=DEGREE[1])
    assert response.status_code == 200, response.text
    return response.json()


def fresh(http: httpx.Client) -> dict:
    """Ask until the answer is not stale (the background thread is done), within a deadline."""
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        body = ask(http)
        if not body["stale"]:
            return body
        time.sleep(0.1)
    raise AssertionError(f"still stale after {DEADLINE_S} s")


def add_hub(graph, spokes: int) -> tuple[str, int]:
    entities = [{"name": "Hubzilla", "kind": "Organization"}]
    entities += [{"name": f"Spoke {i}", "kind": "Organization"} for i in range(spokes)]
    ties = [
        {"source": "Hubzilla", "target": f"Spoke {i}", "type": "PARTNERS_WITH", "sources": ["src:hub"]}
        for i in range(spokes)
    ]
    document = {"sources": [{"id": "src:hub", "title": "Hub"}], "entities": entities, "ties": ties}
    report = load(graph, read_mapping(document, "hub"))
    return "org:hubzilla", report.version


def unmarked(body: dict) -> dict:
    return {k: v for k, v in body.items() if k not in ("version", "current_version", "stale")}


def test_after_a_write_the_previous_answer_is_served_marked_then_the_new_one(stale_api, seeded) -> None:
    http, _ = stale_api
    first = ask(http)  # never asked before: computed while the request waits
    assert first["stale"] is False and first["version"] == first["current_version"] == seeded.version()
    [top] = first["items"]
    top_degree = round(top["score"] * (first["graph"]["nodes"] - 1))
    hub, written = add_hub(seeded, spokes=top_degree + 2)  # more ties than the top entity has

    served = ask(http)
    assert served["stale"] is True
    assert (served["version"], served["current_version"]) == (first["version"], written)
    assert unmarked(served) == unmarked(first)

    new = fresh(http)
    assert (new["version"], new["current_version"]) == (written, written)
    assert new["items"][0]["id"] == hub != top["id"]
    assert new["graph"]["nodes"] == first["graph"]["nodes"] + top_degree + 3


def test_concurrent_requests_after_a_write_start_one_recomputation(stale_api, seeded) -> None:
    http, app = stale_api
    ask(http)
    add_hub(seeded, spokes=3)
    with ThreadPoolExecutor(8) as pool:
        bodies = list(pool.map(lambda _: ask(http), range(16)))
    assert all(b["stale"] for b in bodies if b["version"] < b["current_version"])
    fresh(http)
    assert app.state.analytics.refresher.computed == 1


def test_never_a_wrong_version_unmarked_while_writes_and_reads_interleave(stale_api, seeded) -> None:
    http, _ = stale_api
    first = ask(http)
    nodes_at = {first["version"]: first["graph"]["nodes"]}
    answers: list[dict] = []
    refreshers_seen: set[int] = set()
    stop = threading.Event()

    def keep_asking() -> None:
        with httpx.Client(base_url=http.base_url, timeout=60) as client:
            while not stop.is_set():
                answers.append(ask(client))
                refreshers_seen.add(sum(t.name == THREAD_NAME for t in threading.enumerate()))

    readers = [threading.Thread(target=keep_asking) for _ in range(3)]
    for reader in readers:
        reader.start()
    try:
        for i in range(5):
            entity = {"name": f"Newcomer {i}", "kind": "Organization"}
            tie = {"source": entity["name"], "target": "TechCode", "type": "PARTNERS_WITH"}
            tie["sources"] = ["src:n"]
            document = {"sources": [{"id": "src:n", "title": "N"}], "entities": [entity], "ties": [tie]}
            report = load(seeded, read_mapping(document, "newcomer"))
            nodes_at[report.version] = first["graph"]["nodes"] + i + 1
            time.sleep(0.3)  # let some reads and a recomputation happen between writes
        last = fresh(http)
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert last["version"] == report.version and last["graph"]["nodes"] == nodes_at[report.version]
    assert answers and refreshers_seen <= {0, 1}
    for body in answers:
        assert body["graph"]["nodes"] == nodes_at[body["version"]], body["version"]
        assert body["stale"] is (body["version"] < body["current_version"])


def test_the_openapi_schema_names_the_version_fields(http) -> None:
    spec = http.get("/openapi.json").json()["components"]["schemas"]
    for model in ("Centrality", "Communities", "Brokers"):
        assert {"version", "current_version", "stale"} <= set(spec[model]["properties"]), model
    assert "background" in spec["Centrality"]["properties"]["stale"]["description"]
