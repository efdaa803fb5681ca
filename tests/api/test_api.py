"""Every route of the contract through real HTTP against the real Neo4j, on the seed data."""

from __future__ import annotations

import pytest

from graph.cypher_guard import run_read_only
from graph.errors import InvalidInput
from tests.conftest import TEST_API_KEY
from tests.seed_data import entity, seed, ties_of

pytestmark = pytest.mark.integration


def test_health_counts_entities_and_ties(seeded, http) -> None:
    body = http.get("/health").json()
    assert body == {
        "status": "ok",
        "neo4j": "up",
        "entities": len(seed()["entities"]),
        "ties": len(seed()["ties"]),
    }


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("pekin", "place:pekin"),
        ("#AMFT", "org:aix-marseille-french-tech"),
        ("CFLD", "org:china-fortune-land-development"),
        ("qista", "org:qista"),
        ("Techcod", "org:techcode"),
        ("Intelinium", "org:intellinium"),
    ],
)
def test_search_is_accent_case_and_typo_tolerant(seeded, http, typed, expected) -> None:
    body = http.get("/entities", params={"q": typed}).json()
    assert body["items"][0]["id"] == expected
    assert body["total"] >= 1


def test_search_filters_and_paginates(seeded, http) -> None:
    startups = [e for e in seed()["entities"] if "Startup" in e.get("labels", [])]
    first = http.get("/entities", params={"q": "marseille", "kind": "Organization", "limit": 1}).json()
    second = http.get(
        "/entities", params={"q": "marseille", "kind": "Organization", "limit": 1, "offset": 1}
    ).json()
    assert first["total"] == second["total"] >= 2
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert all(i["kind"] == "Organization" for i in first["items"] + second["items"])
    one = startups[0]
    labelled = http.get("/entities", params={"q": one["name"], "label": "Startup"}).json()
    assert [i["id"] for i in labelled["items"]][:1] == [one["id"]]
    assert http.get("/entities", params={"q": "x", "kind": "Spaceship"}).status_code == 422


def test_entity_profile_by_alias_with_ties_and_sources(seeded, http) -> None:
    owns = ties_of("OWNS")[0]
    owner = entity(owns["source"])
    body = http.get(f"/entities/{owner['aliases'][0]}").json()
    assert body["id"] == owner["id"] and body["name"] == owner["name"]
    [tie] = [t for t in body["ties"] if t["type"] == "OWNS"]
    assert tie["direction"] == "out" and tie["other"]["id"] == owns["target"]
    assert tie["sources"][0]["id"] == owns["sources"][0]
    assert tie["sources"][0]["evidence"] == owns["evidence"]
    assert body["counts"]["OWNS"] == 1
    assert body["facts"] == owner.get("facts", [])


def test_unknown_entity_is_404_with_candidates(seeded, http) -> None:
    response = http.get("/entities/TechCod")
    assert response.status_code == 404
    assert "org:techcode" in [c["id"] for c in response.json()["detail"]["candidates"]]


def test_neighbors_by_depth_type_and_kind(seeded, http) -> None:
    one = http.get("/entities/org:qista/neighbors", params={"depth": 1}).json()
    two = http.get("/entities/org:qista/neighbors", params={"depth": 2}).json()
    expected_one = (
        {"org:qista"}
        | {t["target"] for t in seed()["ties"] if t["source"] == "org:qista"}
        | {t["source"] for t in seed()["ties"] if t["target"] == "org:qista"}
    )
    assert {n["id"] for n in one["nodes"]} == expected_one
    assert len(two["nodes"]) > len(one["nodes"])
    assert all(e["sources"] and e["sources"][0]["evidence"] for e in two["edges"])
    people = http.get("/entities/org:techcode/neighbors", params={"kinds": "Person", "depth": 2}).json()
    assert {n["kind"] for n in people["nodes"][1:]} == {"Person"}
    capped = http.get("/entities/org:techcode/neighbors", params={"depth": 3, "limit": 3}).json()
    assert capped["truncated"] is True and len(capped["nodes"]) == 4
    assert http.get("/entities/org:qista/neighbors", params={"depth": 7}).status_code == 422
    assert http.get("/entities/org:qista/neighbors", params={"types": "LIKES"}).status_code == 422


def test_paths_from_a_startup_to_the_parent_group_explain_each_hop(seeded, http) -> None:
    owns = ties_of("OWNS")[0]
    body = http.get("/paths", params={"source": "Qista", "target": owns["source"], "all": "true"}).json()
    assert body["paths"], "Qista should reach the owner of TechCode"
    lengths = [p["length"] for p in body["paths"]]
    assert lengths == sorted(lengths) and len(set(lengths)) == 1
    path = body["paths"][0]
    assert path["nodes"][0]["id"] == "org:qista" and path["nodes"][-1]["id"] == owns["source"]
    assert len(path["explanation"]) == path["length"] == len(path["edges"])
    assert all("— source:" in sentence for sentence in path["explanation"])
    assert all(edge["sources"] for edge in path["edges"])
    only_owns = http.get(
        "/paths", params={"source": "Qista", "target": owns["source"], "types": "OWNS"}
    ).json()
    assert only_owns["paths"] == []


def test_ties_with_full_provenance_and_undirected_matching(seeded, http) -> None:
    partner = ties_of("PARTNERS_WITH")[0]
    for a, b in ((partner["source"], partner["target"]), (partner["target"], partner["source"])):
        found = http.get("/ties", params={"source": a, "target": b, "type": "PARTNERS_WITH"}).json()
        assert len(found) == 1 and found[0]["sources"][0]["evidence"] == partner["evidence"]
    candidates = http.get("/ties", params={"status": "candidate"}).json()
    assert len(candidates) == sum(1 for t in seed()["ties"] if t.get("status") == "candidate")


def test_sources_and_what_each_asserts(seeded, http) -> None:
    [source] = seed()["sources"]
    listed = http.get("/sources").json()["items"]
    assert [s["id"] for s in listed] == [source["id"]] and listed[0]["ties"] == len(seed()["ties"])
    detail = http.get(f"/sources/{source['id']}").json()
    assert detail["url"] == source["url"] and len(detail["ties"]) == len(seed()["ties"])
    assert http.get("/sources/src:nope").status_code == 404


def test_events_in_time_order_with_participants_and_overlap(seeded, http) -> None:
    events = [e for e in seed()["entities"] if e["kind"] == "Event"]
    body = http.get("/events").json()["items"]
    assert [e["id"] for e in body] == [
        e["id"] for e in sorted(events, key=lambda e: (str(e["start_date"]), e["id"]))
    ]
    mou = next(e for e in body if "Agreement" in e["labels"])
    signatories = {
        t["source"]
        for t in ties_of("PARTICIPATED_IN")
        if t["target"] == mou["id"] and t["properties"]["role"] == "signatory"
    }
    assert {p["id"] for p in mou["participants"] if p["role"] == "signatory"} == signatories
    december = http.get("/events", params={"from": "2017-12-06", "to": "2017-12-31"}).json()["items"]
    assert {e["id"] for e in december} == {
        e["id"] for e in events if str(e.get("end_date") or e["start_date"]) >= "2017-12-06"
    }
    assert http.get("/events", params={"from": "December"}).status_code == 422


def test_names_with_a_slash_work_in_every_entity_path(seeded, http) -> None:
    slashed = next(e for e in seed()["entities"] if "/" in e["name"])
    quoted = slashed["name"].replace("/", "%2F")
    assert http.get(f"/entities/{quoted}").json()["id"] == slashed["id"]
    assert http.get(f"/entities/{slashed['name']}").json()["id"] == slashed["id"]
    nodes = http.get(f"/entities/{slashed['name']}/neighbors").json()["nodes"]
    assert nodes[0]["id"] == slashed["id"]
    assert http.get(f"/entities/{quoted}/timeline").json()["id"] == slashed["id"]
    assert http.get(f"/viz/entity/{quoted}").status_code == 200
    # An empty segment is no entity: /entities/ is still the search.
    trailing = http.get("/entities/", params={"q": slashed["name"]}, follow_redirects=True)
    assert trailing.json()["items"][0]["id"] == slashed["id"]


def test_search_refuses_a_novel_and_survives_lucene_syntax(seeded, http) -> None:
    assert http.get("/entities", params={"q": "x" * 501}).status_code == 422
    for typed in ("a" * 500, '"unterminated', ")(", "title:foo AND OR NOT", "~*?"):
        response = http.get("/entities", params={"q": typed})
        assert response.status_code == 200, typed
    assert http.get(f"/entities/{'y' * 5000}").status_code == 404


def test_cypher_reads_and_refuses_writes(seeded, http) -> None:
    ok = http.post(
        "/cypher", json={"query": "MATCH (n:Startup) RETURN n.name AS name ORDER BY name", "params": {}}
    ).json()
    startups = sorted(e["name"] for e in seed()["entities"] if "Startup" in e.get("labels", []))
    assert ok["columns"] == ["name"] and [r["name"] for r in ok["rows"]] == startups
    node = http.post(
        "/cypher", json={"query": "MATCH (n {id: $id}) RETURN n", "params": {"id": "org:techcode"}}
    ).json()
    assert node["rows"][0]["n"]["properties"]["name"] == entity("org:techcode")["name"]
    before = http.get("/health").json()
    for statement in (
        "MATCH (n) DETACH DELETE n",
        "CREATE (:Entity {id: 'org:evil'})",
        "MATCH (n:Entity) SET n.name = 'x'",
        "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
        "CREATE INDEX evil FOR (n:X) ON (n.y)",
        "CALL db.createLabel('Evil')",
        "MATCH (n) CALL (n) { SET n.evil = true } RETURN count(*)",
        "SHOW USERS",
    ):
        response = http.post("/cypher", json={"query": statement})
        assert response.status_code == 403, statement
    assert http.get("/health").json() == before
    broken = http.post("/cypher", json={"query": "MATCH (n RETURN n"})
    assert broken.status_code == 422
    message = broken.json()["detail"][0]["message"]
    assert '"MATCH (n RETURN n"' in message and "EXPLAIN" not in message
    under = '"MATCH (n RETURN n"'.index("RETURN")  # the caret points into the quoted line
    assert "(line 1, column 10 (offset: 9))" in message and message.endswith("\n" + " " * under + "^")


def test_cypher_stops_a_statement_past_its_memory_cap(seeded, http, settings) -> None:
    """Neo4j terminates it (the database stays up) and the analyst is told which limit was hit."""
    cap = f"{settings.ecograph_cypher_memory_mb} MiB"
    hungry = "UNWIND range(1, 60000000) AS x WITH collect(toString(x)) AS xs RETURN size(xs) AS n"
    response = http.post("/cypher", json={"query": hungry})
    assert response.status_code == 422
    message = response.json()["detail"][0]["message"]
    assert message.startswith("stopped:") and cap in message, message
    assert http.get("/health").json()["neo4j"] == "up"
    small = http.post("/cypher", json={"query": "UNWIND range(1, 1000) AS x RETURN count(x) AS n"})
    assert small.json()["rows"] == [{"n": 1000}]


def test_cypher_stops_a_statement_past_its_timeout(seeded, settings) -> None:
    endless = "UNWIND range(1, 100000000000) AS x WITH x WHERE x < 0 RETURN count(x) AS n"
    with pytest.raises(InvalidInput) as caught:
        run_read_only(seeded, endless, timeout_s=1)
    assert caught.value.problems == [
        ("query", "stopped: the statement ran longer than 1 s; narrow the match or add a LIMIT")
    ]


def test_cypher_cuts_rows_at_the_limit(seeded, settings) -> None:
    result = run_read_only(seeded, "UNWIND range(1, 50) AS x RETURN x", row_limit=20)
    assert result.truncated and [row["x"] for row in result.rows] == list(range(1, 21))


def test_import_needs_the_api_key_and_is_all_or_nothing(seeded, http) -> None:
    good = b'{"sources":[{"id":"src:up"}],"entities":[{"name":"Uploaded Org","kind":"Organization"}]}'
    assert http.post("/import", files={"file": ("d.json", good)}).status_code == 401
    headers = {"X-API-Key": TEST_API_KEY}
    bad = b'{"entities":[{"name":"X","kind":"Nope"}]}'
    response = http.post("/import", files={"file": ("d.json", bad)}, headers=headers)
    assert response.status_code == 422 and response.json()["detail"][0]["where"].startswith("d.json")
    assert http.post("/import", files={"file": ("d.json", good)}, headers=headers).json()["entities"] == 1
    assert http.get("/entities/Uploaded Org").status_code == 200


def test_openapi_documents_the_routes(http) -> None:
    spec = http.get("/openapi.json").json()
    for route in (
        "/health",
        "/entities",
        "/entities/{entity_id}",
        "/entities/{entity_id}/neighbors",
        "/paths",
        "/ties",
        "/sources",
        "/sources/{source_id}",
        "/events",
        "/cypher",
        "/import",
    ):
        assert route in spec["paths"], route
    assert http.get("/docs").status_code == 200
