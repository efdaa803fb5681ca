"""Read answers kept per graph version (api/answer_cache.py): hits, ETags and 304s, and every kind of
write making the next answer new, through real HTTP on the real Neo4j."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from api.answer_cache import Answer, AnswerStore
from api.main import create_app
from ingest.formats import read_mapping
from ingest.loader import load
from ingest.seed import load_seed
from tests.conftest import TEST_API_KEY, Server, free_port
from tests.seed_data import seed

KEY = {"X-API-Key": TEST_API_KEY}
CACHE = "X-Ecograph-Cache"


@pytest.fixture
def seeded(db):
    load_seed(db)
    return db


@pytest.fixture
def server(settings, graph):
    """A server of our own, so its cache starts empty (the session one has served other tests)."""

    def start(**changes):
        return Server(create_app(settings.model_copy(update=changes)), free_port())

    return start


def names_found(http, q: str) -> list[str]:
    return [item["name"] for item in http.get("/entities", params={"q": q}).json()["items"]]


def test_a_repeated_read_is_a_hit_with_the_same_body_and_etag(seeded, server) -> None:
    with server() as s, httpx.Client(base_url=s.url) as http:
        first = http.get("/entities/org:techcode")
        again = http.get("/entities/org:techcode")
    assert (first.status_code, first.headers[CACHE], again.headers[CACHE]) == (200, "miss", "hit")
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert first.headers["etag"].startswith(f'"{seeded.version()}-')
    assert again.headers["cache-control"] == "no-cache"
    assert again.headers["content-type"] == "application/json"
    assert again.json()["name"] == "TechCode"


def test_a_cached_answer_never_stands_in_for_a_key_check(seeded, server) -> None:
    with server() as s, httpx.Client(base_url=s.url) as http:
        assert http.get("/entities/org:techcode").status_code == 200
        assert http.get("/entities/org:techcode").headers[CACHE] == "hit"
        made_up = http.get("/entities/org:techcode", headers={"X-API-Key": "made-up"})
    assert made_up.status_code == 401 and CACHE not in made_up.headers


def test_the_query_order_does_not_matter_but_its_values_do(seeded, http) -> None:
    one = http.get("/paths?source=Qista&target=CFLD&k=2")
    other = http.get("/paths?k=2&target=CFLD&source=Qista")
    assert other.headers[CACHE] == "hit" and other.content == one.content
    assert http.get("/paths?k=1&target=CFLD&source=Qista").headers[CACHE] == "miss"


def test_a_matching_if_none_match_is_a_304_without_body_hit_or_miss(seeded, server) -> None:
    with server() as s, httpx.Client(base_url=s.url) as http:
        tag = http.get("/events").headers["etag"]
        for given in (tag, f"W/{tag}", f'"0-nope", {tag}', "*"):
            response = http.get("/events", headers={"If-None-Match": given})
            assert (response.status_code, response.content) == (304, b""), given
            assert response.headers["etag"] == tag and response.headers[CACHE] == "hit"
        changed = http.get("/events", headers={"If-None-Match": '"0-nope"'})
        assert changed.status_code == 200 and changed.json()["items"]
    # Another process, its cache empty, knows the same answer by the same tag.
    with server() as s, httpx.Client(base_url=s.url) as http:
        response = http.get("/events", headers={"If-None-Match": tag})
    assert (response.status_code, response.headers[CACHE], response.content) == (304, "miss", b"")


def test_errors_and_other_routes_are_neither_kept_nor_tagged(seeded, http) -> None:
    for _ in range(2):
        missing = http.get("/entities/org:nobody-at-all")
        assert missing.status_code == 404 and CACHE not in missing.headers and "etag" not in missing.headers
        bad = http.get("/events", params={"limit": "many"})
        assert bad.status_code == 422 and CACHE not in bad.headers
    for path in ("/health", "/viz", "/export?format=json", "/analytics/centrality"):
        response = http.get(path)
        assert response.status_code == 200 and CACHE not in response.headers, path


def test_an_unreachable_graph_falls_through_to_the_route_503(settings, tmp_path) -> None:
    nowhere = settings.model_copy(update={"ecograph_data_dir": tmp_path})  # no embedded Neo4j there
    with Server(create_app(nowhere), free_port()) as s, httpx.Client(base_url=s.url) as http:
        response = http.get("/entities", params={"q": "TechCode"})
    assert response.status_code == 503 and response.json()["detail"]
    assert CACHE not in response.headers


def test_off_when_the_budget_is_zero(seeded, server) -> None:
    with server(ecograph_answer_cache_mb=0) as s, httpx.Client(base_url=s.url) as http:
        response = http.get("/entities/org:techcode")
    assert response.status_code == 200 and CACHE not in response.headers and "etag" not in response.headers


# --- every kind of write: read, write, read again → the new answer, not the kept one ---------------------


def test_an_import_over_http_changes_the_next_answer(seeded, http) -> None:
    assert names_found(http, "Zorblatt Labs") == names_found(http, "Zorblatt Labs") == []
    upload = b'{"sources":[{"id":"src:z"}],"entities":[{"name":"Zorblatt Labs","kind":"Organization"}]}'
    assert http.post("/import", files={"file": ("z.json", upload)}, headers=KEY).status_code == 200
    assert names_found(http, "Zorblatt Labs") == ["Zorblatt Labs"]


def test_a_write_by_another_process_changes_the_next_answer(seeded, http) -> None:
    """The loader called here is what `ecograph ingest file` runs, in another process than the API."""
    owner = next(t for t in seed()["ties"] if t["type"] == "OWNS")
    before = http.get("/ties", params={"source": owner["source"], "type": "OWNS"}).json()
    assert http.get("/ties", params={"source": owner["source"], "type": "OWNS"}).headers[CACHE] == "hit"
    corroboration = {
        "sources": [{"id": "src:second-opinion", "title": "A second opinion"}],
        "ties": [{**owner, "sources": ["src:second-opinion"], "evidence": "It says so too."}],
    }
    load(seeded, read_mapping(corroboration, "inline"))
    after = http.get("/ties", params={"source": owner["source"], "type": "OWNS"})
    assert after.headers[CACHE] == "miss"
    [tie] = [t for t in after.json() if t["id"] == before[0]["id"]]
    assert [s["id"] for s in tie["sources"]][-1] == "src:second-opinion"


def test_a_review_decision_changes_the_next_answer(seeded, http) -> None:
    [first, *_] = http.get("/ties", params={"status": "candidate"}).json()
    assert http.get("/ties", params={"status": "candidate"}).headers[CACHE] == "hit"
    assert http.post(f"/ties/{first['id']}/accept", headers=KEY).status_code == 200
    left = http.get("/ties", params={"status": "candidate"}).json()
    assert first["id"] not in [t["id"] for t in left]


def test_a_reset_changes_the_next_answer(seeded, http) -> None:
    assert http.get("/entities/org:techcode").status_code == 200
    version = seeded.version()
    seeded.reset()
    assert seeded.version() > version  # counted on, never back to a number answers were kept under
    assert http.get("/entities/org:techcode").status_code == 404


def test_a_schema_backfill_changes_the_next_answer(seeded, http) -> None:
    seeded.driver.execute_query(
        "MATCH (n:Entity) REMOVE n.search_names, n.search_about, n.search_version",
        database_=seeded.database,
    )
    assert names_found(http, "TechCode") == []  # kept, as the store now reads
    seeded.apply_schema()
    assert "TechCode" in names_found(http, "TechCode")
    version = seeded.version()
    seeded.apply_schema()  # nothing left to bring up to date: the kept answers stay good
    assert seeded.version() == version


def test_a_document_changes_the_next_answer(seeded, http) -> None:
    assert names_found(http, "Jean Dupont") == []
    text = "Marseille, le 12 janvier 2018. Jean Dupont, président d'Aix-Marseille French Tech, a parlé."
    form = {"text": text, "published": "2018-01-12", "title": "Un article", "url": "https://example.org/a"}
    assert http.post("/documents", data=form, headers=KEY, timeout=120).status_code == 200
    assert "Jean Dupont" in names_found(http, "Jean Dupont")


# --- a hostile caller ------------------------------------------------------------------------------------


def test_concurrent_reads_during_writes_never_get_an_older_answer_than_they_saw_written(seeded, http) -> None:
    url = f"{http.base_url}/entities"

    def read(_: int) -> int:
        with httpx.Client() as client:
            return client.get(url, params={"q": "Quixoria", "limit": 100}).json()["total"]

    before = read(0)
    for written in range(1, 4):
        entity = {"name": f"Quixoria {written}", "kind": "Organization"}
        load(seeded, read_mapping({"entities": [entity]}, "inline"))
        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(read, range(16))) == {before + written}


def test_huge_and_malformed_queries_answer_as_the_route_does(seeded, http) -> None:
    huge = http.get("/events", params=[("kind", "x" * 50)] * 150 + [("limit", "5")])
    assert huge.status_code in (200, 422) and huge.json()
    malformed = http.get("/entities?q=%ZZ%&q=%E2%28")
    assert malformed.status_code == 200 and isinstance(malformed.json()["items"], list)
    for tag in ('"', "W/", ",,,", "W/*", '"' + "9" * 5000 + '"'):
        response = http.get("/events", headers={"If-None-Match": tag})
        assert response.status_code == 200 and response.json()["items"], tag


def test_the_store_stays_within_its_byte_budget_dropping_the_least_recently_used() -> None:
    store = AnswerStore(capacity=80_000)
    store.get(1, ("warm",))  # version 1 is now the current one
    for i in range(200):
        store.put(1, ("answer", i), Answer((), b"x" * 1000, b'"1-x"'))
        if i > 0:
            assert store.get(1, ("answer", 0)) is not None  # used again: kept over the others
        assert store.used <= store.capacity
    assert store.get(1, ("answer", 1)) is None and store.get(1, ("answer", 199)) is not None
    store.put(1, ("big",), Answer((), b"x" * 20_000, b'"1-y"'))  # over an eighth of the budget
    assert store.get(1, ("big",)) is None
    store.put(0, ("late",), Answer((), b"x", b'"0-z"'))  # a slow request's answer of an older version
    assert store.get(1, ("late",)) is None
