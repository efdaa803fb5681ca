"""Issue 4's questions on the seed: alternatives, as-of paths, connections, timelines."""

from __future__ import annotations

import pytest

from ingest.seed import load_seed
from tests.seed_data import seed, ties_of

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def seeded(graph):
    graph.reset()
    load_seed(graph)
    return graph


def test_k_alternative_paths_grow_in_length_and_are_distinct(seeded, http) -> None:
    owner = ties_of("OWNS")[0]["source"]
    paths = http.get("/paths", params={"source": "org:qista", "target": owner, "k": 3}).json()["paths"]
    assert len(paths) == 3
    assert [p["length"] for p in paths] == sorted(p["length"] for p in paths)
    assert len({tuple(n["id"] for n in p["nodes"]) for p in paths}) == 3


def test_as_of_uses_only_ties_valid_on_that_date(seeded, http) -> None:
    dated = [t for t in ties_of("PARTNERS_WITH") if t.get("valid_from")]
    tie = dated[0]
    query = {"source": tie["source"], "target": tie["target"], "types": "PARTNERS_WITH", "max_hops": 1}
    before = http.get("/paths", params={**query, "as_of": "2017-01-01"}).json()["paths"]
    after = http.get("/paths", params={**query, "as_of": "2018-01-01"}).json()["paths"]
    assert before == [] and len(after) == 1
    assert http.get("/paths", params={**query, "as_of": "soon"}).status_code == 422


def test_connections_list_shared_events_with_sources(seeded, http) -> None:
    body = http.get("/connections", params={"a": "Qista", "b": "TechCode"}).json()
    events_a = {t["target"] for t in ties_of("PARTICIPATED_IN") if t["source"] == "org:qista"}
    events_b = {t["target"] for t in ties_of("PARTICIPATED_IN") if t["source"] == "org:techcode"}
    assert {e["id"] for e in body["shared_events"]} == events_a & events_b
    assert body["direct"] == []
    assert all("— source:" in line for item in body["common_neighbors"] for line in item["explanation"])
    assert body["common_total"] == len(body["common_neighbors"]) >= 1
    rest = http.get("/connections", params={"a": "Qista", "b": "TechCode", "offset": 1}).json()
    assert rest["common_neighbors"] == body["common_neighbors"][1:]
    assert rest["common_total"] == body["common_total"] and rest["shared_events"] == body["shared_events"]


def test_timeline_is_in_time_order_with_roles(seeded, http) -> None:
    items = http.get("/entities/org:techcode/timeline").json()["items"]
    dated = [i["date"] for i in items if i["date"]]
    assert dated == sorted(dated)
    events = {e["id"]: e for e in seed()["entities"] if e["kind"] == "Event"}
    participations = [i for i in items if i["other"]["id"] in events]
    assert {(i["other"]["id"], i["role"]) for i in participations} == {
        (t["target"], t["properties"]["role"])
        for t in ties_of("PARTICIPATED_IN")
        if t["source"] == "org:techcode"
    }
    for item in participations:
        assert item["date"] == str(events[item["other"]["id"]]["start_date"])


def test_neighbors_by_date_range(seeded, http) -> None:
    dated = [t for t in ties_of("PARTNERS_WITH") if t.get("valid_from")]
    tie = dated[0]
    before = http.get(
        f"/entities/{tie['source']}/neighbors", params={"to": "2017-11-30", "types": "PARTNERS_WITH"}
    )
    after = http.get(
        f"/entities/{tie['source']}/neighbors", params={"from": "2017-12", "types": "PARTNERS_WITH"}
    )
    assert tie["target"] not in {n["id"] for n in before.json()["nodes"]}
    assert tie["target"] in {n["id"] for n in after.json()["nodes"]}
    assert http.get(f"/entities/{tie['source']}/neighbors", params={"from": "last week"}).status_code == 422


def _ties_around(entity_id: str) -> list[dict]:
    return [t for t in seed()["ties"] if entity_id in (t["source"], t["target"])]


def test_the_profile_pages_its_ties_but_counts_them_all(seeded, http) -> None:
    around = _ties_around("org:techcode")
    whole = http.get("/entities/org:techcode").json()
    assert whole["ties_total"] == len(around) == len(whole["ties"])
    pages = [
        http.get("/entities/org:techcode", params={"ties_limit": 4, "ties_offset": offset}).json()
        for offset in range(0, len(around), 4)
    ]
    assert all(page["counts"] == whole["counts"] and page["ties_total"] == len(around) for page in pages)
    assert all(page["first_seen"] == whole["first_seen"] for page in pages)
    assert [t["id"] for page in pages for t in page["ties"]] == [t["id"] for t in whole["ties"]]
    assert sum(whole["counts"].values()) == len(around)


def test_timeline_pages_keep_the_time_order(seeded, http) -> None:
    whole = http.get("/entities/org:techcode/timeline").json()
    assert whole["total"] == len(_ties_around("org:techcode")) == len(whole["items"])
    pages = [
        http.get("/entities/org:techcode/timeline", params={"limit": 5, "offset": offset}).json()["items"]
        for offset in range(0, whole["total"], 5)
    ]
    assert [item["tie"] for page in pages for item in page] == [item["tie"] for item in whole["items"]]


def test_events_and_sources_page_with_totals(seeded, http) -> None:
    events = [e for e in seed()["entities"] if e["kind"] == "Event"]
    everything = http.get("/events").json()
    assert everything["total"] == len(events) == len(everything["items"])
    first_two = http.get("/events", params={"limit": 2}).json()
    assert first_two["total"] == len(events) and first_two["items"] == everything["items"][:2]
    rest = http.get("/events", params={"offset": 2}).json()["items"]
    assert first_two["items"] + rest == everything["items"]
    assert http.get("/events", params={"offset": len(events)}).json() == {"items": [], "total": len(events)}

    listed = http.get("/sources", params={"limit": 1}).json()
    assert listed["total"] == len(seed()["sources"]) and len(listed["items"]) == 1
    source_id = seed()["sources"][0]["id"]
    cited = [t for t in seed()["ties"] if source_id in t["sources"]]
    detail = http.get(f"/sources/{source_id}", params={"limit": 3}).json()
    assert detail["ties_total"] == len(cited) and len(detail["ties"]) == min(3, len(cited))
    assert http.get("/sources", params={"limit": 0}).status_code == 422
