"""The history of writes through real HTTP against the real Neo4j: one change per write, its before
and after, filters, paging, and hostile parameters (graph/changes.py, api/routes/changes.py)."""

from __future__ import annotations

import json

import httpx
import pytest

from api.main import create_app
from graph import users
from graph.store import Graph
from ingest.seed import load_seed
from tests.conftest import Server, free_port

pytestmark = pytest.mark.integration

NEW_ORG = {"id": "org:history-test", "name": "History Test", "kind": "Organization"}


def _import(extra_ties: list | None = None) -> bytes:
    return json.dumps(
        {
            "sources": [{"id": "src:history", "title": "History note", "published": "2020-01-02"}],
            "entities": [NEW_ORG],
            "ties": [
                {
                    "type": "PARTNERS_WITH",
                    "source": "org:history-test",
                    "target": "org:techcode",
                    "sources": ["src:history"],
                    "evidence": ["History Test works with TechCode."],
                },
                *(extra_ties or []),
            ],
        }
    ).encode()


@pytest.fixture
def editor(db: Graph, settings) -> dict[str, str]:
    load_seed(db)
    key = users.add(db, users.keyring(settings.ecograph_data_dir), "ed", "editor")
    return {"X-API-Key": key}


def _changes(http: httpx.Client, **filters) -> dict:
    answer = http.get("/changes", params=filters)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_the_seed_load_is_one_change_by_the_command_line(editor, http) -> None:
    history = _changes(http)
    assert history["total"] == 1
    [seed] = history["items"]
    assert set(seed) == {"id", "at", "actor", "action", "targets", "before", "after", "reason"}
    assert seed["action"] == "import" and seed["actor"].startswith("local:")
    assert seed["after"]["content_hash"].startswith("sha256:") and seed["after"]["counts"]["ties"] > 0
    assert seed["before"] == {"entities": {}, "ties": {}}  # the store was empty


def test_an_import_is_exactly_one_change_and_what_it_created_carries_its_id(editor, db, http) -> None:
    before = _changes(http)["total"]
    answer = http.post("/import", files={"file": ("h.json", _import())}, headers=editor)
    assert answer.status_code == 200, answer.text
    history = _changes(http)
    assert history["total"] == before + 1
    change = history["items"][0]
    assert change["action"] == "import" and change["actor"] == "ed"
    created = change["after"]["created"]
    assert created["entities"] == ["src:history", "org:history-test"]
    [tie_id] = created["ties"]
    assert change["after"]["updated"] == {"entities": [], "ties": []}
    assert change["before"] == {"entities": {}, "ties": {}}  # all new: a revert deletes them
    assert change["after"]["counts"] == {
        "sources": 1,
        "entities": 1,
        "ties": 1,
        "mentions": 0,
        "created_ties": 1,
        "corroborated_ties": 0,
    }
    assert {"org:history-test", tie_id} <= set(change["targets"])
    [marked] = db.query(
        "MATCH (n:Entity {id: 'org:history-test'})-[r]-() RETURN n.created_by AS n, r.created_by AS r"
    )
    assert marked["n"] == marked["r"] == change["id"]
    # created_by is bookkeeping: neither the entity nor the tie shows it
    assert "created_by" not in http.get("/entities/org:history-test").text
    assert "created_by" not in http.get("/ties", params={"source": "org:history-test"}).text


def test_importing_the_same_claim_again_records_what_it_corroborated_with_its_prior_state(
    editor, http
) -> None:
    http.post("/import", files={"file": ("h.json", _import())}, headers=editor)
    tie_id = _changes(http, action="import")["items"][0]["after"]["created"]["ties"][0]
    again = http.post("/import", files={"file": ("h.json", _import())}, headers=editor)
    assert again.status_code == 200
    change = _changes(http)["items"][0]
    assert change["after"]["created"] == {"entities": [], "ties": []}
    assert change["after"]["updated"] == {"entities": ["src:history", "org:history-test"], "ties": [tie_id]}
    assert change["before"]["entities"]["org:history-test"]["props"]["name"] == "History Test"
    assert "Organization" in change["before"]["entities"]["org:history-test"]["labels"]
    prior = change["before"]["ties"][tie_id]
    assert prior["source"] == "org:history-test" and prior["target"] == "org:techcode"
    assert prior["props"]["sources"] == ["src:history"] and prior["type"] == "PARTNERS_WITH"


def test_a_refused_import_leaves_no_change(editor, http) -> None:
    before = _changes(http)["total"]
    bad = _import([{"type": "NOPE", "source": "org:a", "target": "org:b", "sources": [], "evidence": []}])
    assert http.post("/import", files={"file": ("h.json", bad)}, headers=editor).status_code == 422
    assert http.post("/import", files={"file": ("h.json", _import())}).status_code == 401
    assert _changes(http)["total"] == before


def test_each_review_decision_is_one_change_with_its_status_before_and_after(editor, http) -> None:
    tie = http.get("/ties", params={"limit": 1}).json()[0]
    assert http.post(f"/ties/{tie['id']}/reject", headers=editor).status_code == 200
    assert http.post(f"/ties/{tie['id']}/accept", headers=editor).status_code == 200
    assert http.post("/ties/no-such-tie/accept", headers=editor).status_code == 404
    history = _changes(http, tie=tie["id"])
    assert [c["action"] for c in history["items"]] == ["accept", "reject", "import"]
    accept, reject = history["items"][0], history["items"][1]
    assert reject["before"]["ties"][tie["id"]]["status"] == tie["status"]
    assert reject["after"]["ties"][tie["id"]]["status"] == "retracted"
    assert accept["before"]["ties"][tie["id"]]["status"] == "retracted"
    assert accept["targets"] == [tie["id"]] and accept["actor"] == "ed"
    assert _changes(http)["total"] == 3  # the seed, and one per decision: the 404 wrote nothing


def test_a_review_reason_is_kept_and_an_oversized_one_refused(editor, http) -> None:
    tie = http.get("/ties", params={"limit": 1}).json()[0]
    why = "the article says <b>planned</b>, not signed"
    assert http.post(f"/ties/{tie['id']}/reject", json={"reason": why}, headers=editor).status_code == 200
    assert _changes(http, tie=tie["id"])["items"][0]["reason"] == why
    too_long = http.post(f"/ties/{tie['id']}/accept", json={"reason": "x" * 2001}, headers=editor)
    assert too_long.status_code == 422 and "reason" in too_long.text
    assert (
        http.post(f"/ties/{tie['id']}/accept", json=["not", "an", "object"], headers=editor).status_code
        == 422
    )
    assert [c["action"] for c in _changes(http, tie=tie["id"])["items"]] == ["reject", "import"]


def test_a_document_is_exactly_one_change_with_its_content_hash(editor, http) -> None:
    text = "Marseille, le 12 janvier 2018. TechCode travaille en partenariat avec Qista."
    answer = http.post(
        "/documents", data={"text": text, "published": "2018-01-12"}, headers=editor, timeout=300
    )
    assert answer.status_code == 200, answer.text
    history = _changes(http, action="document")
    assert history["total"] == 1
    [change] = history["items"]
    assert change["after"]["content_hash"] == answer.json()["source"]["content_hash"]
    assert change["after"]["counts"]["mentions"] >= 1 and change["actor"] == "ed"
    again = http.post(
        "/documents", data={"text": text, "published": "2018-01-12"}, headers=editor, timeout=300
    )
    assert again.json()["duplicate"] is True
    assert _changes(http, action="document")["total"] == 1


def test_filters_and_paging(editor, http) -> None:
    for _ in range(3):
        http.post("/import", files={"file": ("h.json", _import())}, headers=editor)
    everything = _changes(http)
    assert everything["total"] == 4 and len(everything["items"]) == 4
    ats = [c["at"] for c in everything["items"]]
    assert ats == sorted(ats, reverse=True)
    page = _changes(http, limit=2, offset=1)
    assert [c["id"] for c in page["items"]] == [c["id"] for c in everything["items"][1:3]]
    assert page["total"] == 4
    assert _changes(http, actor="ed")["total"] == 3
    assert _changes(http, entity="org:history-test")["total"] == 3
    assert _changes(http, entity="org:nobody")["total"] == 0
    assert _changes(http, since="2999-01-01")["total"] == 0
    assert _changes(http, since=everything["items"][0]["at"])["total"] == 1
    assert _changes(http, since="2000-01-01T00:00:00+02:00")["total"] == 4
    assert _changes(http, offset=100)["items"] == []


def test_hostile_parameters_are_422(editor, http) -> None:
    for params in (
        {"since": "yesterday"},
        {"since": "2020-13-45"},
        {"offset": 2**40},
        {"offset": -1},
        {"limit": 0},
        {"limit": 10**6},
        {"action": "drop"},
        {"entity": "x" * 5000},
        {"actor": ""},
    ):
        answer = http.get("/changes", params=params)
        assert answer.status_code == 422, params
        assert "detail" in answer.json()


def test_the_history_is_in_the_database_not_the_process(editor, settings, graph, http) -> None:
    http.post("/import", files={"file": ("h.json", _import())}, headers=editor)
    first = _changes(http)
    with Server(create_app(settings), free_port()) as server, httpx.Client(base_url=server.url) as other:
        assert other.get("/changes").json() == first
