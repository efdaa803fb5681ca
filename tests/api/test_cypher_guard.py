"""POST /cypher against a real Neo4j: each attack of issue 12 (items 1, 2, 3, 6) is refused before
Neo4j sees it, and Neo4j answers a normal query right after; the per-caller rate and concurrency
limits; parameters Neo4j cannot take."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from graph.cypher_guard import check_read_only
from graph.errors import Forbidden
from ingest.seed import load_seed
from tests.conftest import TEST_API_KEY, Server, free_port
from tests.seed_data import seed

pytestmark = pytest.mark.integration
# Callers with the key have their own budget, so these tests do not eat the address's.
KEY = {"X-API-Key": TEST_API_KEY}
STARTUPS = "MATCH (n:Startup) RETURN n.name AS name ORDER BY name"


@pytest.fixture(scope="module")
def seeded(graph):
    """The seed graph, loaded once: nothing here writes (that is the point)."""
    graph.reset()
    load_seed(graph)
    return graph


def assert_neo4j_answers(http: httpx.Client) -> None:
    assert http.get("/health").json()["neo4j"] == "up"
    rows = http.post("/cypher", json={"query": STARTUPS}, headers=KEY).json()["rows"]
    assert [row["name"] for row in rows] == sorted(
        e["name"] for e in seed()["entities"] if "Startup" in e.get("labels", [])
    )


ATTACKS = [
    # 1: a list built inside one expression exhausted Neo4j's heap
    ("RETURN size([x IN range(1, 100000000) | x]) AS c", {}, 422, "100,000,000 steps"),
    ("WITH range(1, 100000000) AS r RETURN size([x IN r | x]) AS c", {}, 422, "100,000,000 values"),
    ("RETURN reduce(s = 'xxxxxxxx', i IN range(1, 40) | s + s) AS s", {}, 422, "must appear once"),
    (
        "RETURN replace(replace(replace('a', 'a', 'aaaaaaaaaa'), 'a', 'aaaaaaaaaa'), 'a', 'b')",
        {},
        422,
        "inside",
    ),
    (
        "MATCH (n) WITH collect(n) AS ns RETURN size([a IN ns | [b IN ns | [c IN ns | 1]]])",
        {},
        422,
        "quadratic",
    ),
    # 2: administration commands passed the read-only guard
    ("TERMINATE TRANSACTIONS $ids", {"ids": ["neo4j-transaction-1"]}, 403, "not 'TERMINATE'"),
    ("SHOW TRANSACTIONS", {}, 403, "not 'SHOW'"),
    ("SHOW SETTINGS", {}, 403, "not 'SHOW'"),
    ("MATCH (n) WITH n LIMIT 1 CALL { SHOW TRANSACTIONS } RETURN n", {}, 403, "SHOW"),
    # 3: the parser hung on deep nesting or long operator chains
    ("RETURN " + "(" * 3000 + "1" + ")" * 3000, {}, 422, "nested deeper than 64 levels"),
    ("RETURN 1" + "+1" * 20000, {}, 422, "the statement has 40,008 characters; the limit is 20,000"),
    ("RETURN 1" + "+1" * 5000, {}, 422, "more than 100 arithmetic operators"),
    ("WITH 1 AS x RETURN x" + " * x" * 300, {}, 422, "more than 100 arithmetic operators"),
    ("RETURN " + "NOT " * 3000 + "true", {}, 422, "more than 300 operators"),
    ("RETURN " + "[" * 3000 + "]" * 3000, {}, 422, "nested deeper than 64 levels"),
    # 6: one long expression ran past the timeout
    ("RETURN reduce(a = 0, i IN range(1, 2000000000) | a + i) AS s", {}, 422, "2,000,000,000 steps"),
    ("RETURN reduce(s = '', i IN range(1, 200000) | s + 'x') AS s", {}, 422, "units of copying"),
    ("RETURN all(i IN range(1, $n) WHERE i > 0) AS ok", {"n": 2**40}, 422, "1,099,511,627,776 steps"),
]


@pytest.mark.parametrize(("statement", "params", "status", "expected"), ATTACKS)
def test_an_attack_is_refused_and_neo4j_keeps_answering(seeded, http, statement, params, status, expected):
    response = http.post("/cypher", json={"query": statement, "params": params}, headers=KEY)
    assert response.status_code == status
    detail = response.json()["detail"]
    text = detail if status == 403 else detail[0]["message"]
    assert expected in text
    assert "line 1, column" in text or "characters" in text  # where, unless the whole is too long
    assert_neo4j_answers(http)


def test_terminate_does_not_reach_another_clients_transaction(seeded, http, driver) -> None:
    with driver.session() as session, session.begin_transaction(metadata={"probe": "victim"}) as victim:
        victim.run("RETURN 1").consume()
        [transaction_id] = [
            record["id"]
            for record in driver.execute_query(
                "SHOW TRANSACTIONS YIELD transactionId AS id, metaData "
                "WHERE metaData.probe = 'victim' RETURN id"
            ).records
        ]
        response = http.post(
            "/cypher", json={"query": "TERMINATE TRANSACTIONS $ids", "params": {"ids": [transaction_id]}}
        )
        assert response.status_code == 403
        assert victim.run("RETURN 2 AS still").single()["still"] == 2
        listing = http.post(
            "/cypher", json={"query": "SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery"}
        )
        assert listing.status_code == 403 and "victim" not in listing.text


def test_the_plan_check_still_refuses_what_the_allow_list_would(seeded, driver) -> None:
    """Defence in depth: Neo4j's EXPLAIN plan, checked on its own, refuses the administration commands
    that once passed it, and writes."""
    for statement, operator in (
        ("TERMINATE TRANSACTIONS $ids", "TerminateTransactions"),
        ("SHOW TRANSACTIONS", "ShowTransactions"),
        ("SHOW SETTINGS", "ShowSettings"),
    ):
        with pytest.raises(Forbidden) as refused:
            check_read_only(driver, seeded.database, statement, {"ids": []})
        assert str(refused.value) == f"refused: the plan contains {operator}"
    with pytest.raises(Forbidden):
        check_read_only(driver, seeded.database, "CREATE (n:Evil)", {})


@pytest.mark.parametrize(
    ("params", "where", "expected"),
    [
        ({"n": 2**63}, "params.n", "integer outside 64 bits"),
        ({"n": -(2**64)}, "params.n", "integer outside 64 bits"),
        ({"deep": "NESTED"}, "params.deep" + "[0]" * 32, "nested deeper than 32 levels"),
        ({"name": "x" * 70000}, "params.name", "the limit is 65,536"),
        ({"ids": list(range(20000))}, "params.ids", "20,000 entries; the limit is 10,000"),
    ],
)
def test_parameters_neo4j_cannot_take_are_refused_naming_them(seeded, http, params, where, expected) -> None:
    if params.get("deep") == "NESTED":
        nested: list = [1]
        for _ in range(400):
            nested = [nested]
        params = {"deep": nested}
    response = http.post(
        "/cypher",
        json={"query": "RETURN $n AS n, $deep AS d, $name AS s, $ids AS i", "params": params},
        headers=KEY,
    )
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["where"] == where and expected in problem["message"]
    assert_neo4j_answers(http)


def test_parameters_within_bounds_reach_neo4j(seeded, http) -> None:
    response = http.post(
        "/cypher",
        json={
            "query": "UNWIND $ids AS id RETURN max(id) AS top, $n AS n",
            "params": {"ids": [1, 2, 3], "n": 2**63 - 1},
        },
        headers=KEY,
    )
    assert response.json()["rows"] == [{"top": 3, "n": 2**63 - 1}]


@pytest.fixture
def limited_api(settings, graph):
    """A second API on the same database with small limits, so these tests do not touch the shared one's."""

    def serve(**limits):
        from api.main import create_app

        return Server(create_app(settings.model_copy(update=limits)), free_port())

    return serve


def test_each_caller_gets_its_rate_then_429_with_retry_after(seeded, limited_api) -> None:
    with (
        limited_api(ecograph_cypher_rate_per_min=3) as server,
        httpx.Client(base_url=server.url, timeout=30) as client,
    ):
        for _ in range(3):
            assert client.post("/cypher", json={"query": "RETURN 1 AS one"}).status_code == 200
        refused = client.post("/cypher", json={"query": "RETURN 1 AS one"})
        assert refused.status_code == 429
        assert refused.json() == {"detail": "too many statements: 3 a minute per caller"}
        assert 1 <= int(refused.headers["Retry-After"]) <= 20
        made_up = client.post("/cypher", json={"query": "RETURN 1 AS one"}, headers={"X-API-Key": "made-up"})
        assert made_up.status_code == 401  # a wrong key is no new caller: it is no caller at all
        assert client.post("/cypher", json={"query": "RETURN 1 AS one"}, headers=KEY).status_code == 200


def test_one_caller_runs_a_bounded_number_of_statements_at_once(seeded, limited_api, driver) -> None:
    slow = "UNWIND range(1, 100000000000) AS x WITH x WHERE x < 0 RETURN count(x) AS slow_probe"
    answers: list[httpx.Response] = []
    api = limited_api(ecograph_cypher_concurrent=1, ecograph_cypher_timeout_s=3)
    with api as server, httpx.Client(base_url=server.url, timeout=30) as client:
        running = threading.Thread(
            target=lambda: answers.append(client.post("/cypher", json={"query": slow}))
        )
        running.start()
        deadline = time.monotonic() + 20
        while not _running(driver, "slow_probe") and time.monotonic() < deadline:
            time.sleep(0.05)
        second = client.post("/cypher", json={"query": "RETURN 1 AS one"})
        running.join()
        assert second.status_code == 429 and second.headers["Retry-After"] == "1"
        assert second.json() == {"detail": "too many statements at once: 1 per caller at a time"}
        assert (
            answers[0].status_code == 422 and "longer than 3 s" in answers[0].json()["detail"][0]["message"]
        )
        assert client.post("/cypher", json={"query": "RETURN 1 AS one"}).json()["rows"] == [{"one": 1}]


def _running(driver, marker: str) -> bool:
    records = driver.execute_query(
        "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $marker RETURN count(*) AS n",
        marker=marker,
    ).records
    return records[0]["n"] > 0


def test_openapi_says_what_is_refused_and_why(http) -> None:
    operation = http.get("/openapi.json").json()["paths"]["/cypher"]["post"]
    assert {"403", "422", "429"} <= set(operation["responses"])
    for fact in (
        "TERMINATE",
        "20,000 characters",
        "deeper than 64",
        "UNWIND range(…) AS x",
        "64 bits",
        "Retry-After",
    ):
        assert fact in operation["description"], fact
