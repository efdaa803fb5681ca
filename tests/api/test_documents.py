"""French articles through POST /documents: linking, new actors, corroboration, conflicts, review."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import TEST_API_KEY, Server, free_port
from tests.seed_data import seed, ties_of

pytestmark = pytest.mark.integration
KEY = {"X-API-Key": TEST_API_KEY}

# Our own short articles about the seed's actors: one repeats a known tie, one contradicts two.
SECOND = (
    "Marseille, le 12 janvier 2018. TechCode est une filiale de China Fortune Land Development. "
    "Jean Dupont, président d'Aix-Marseille French Tech, a accueilli la délégation."
)
THIRD = (
    "Pékin, le 3 février 2018. China Fortune Land Development travaille en partenariat avec TechCode. "
    "TechCode est basé à Shanghai."
)


def _post(http, text: str, published: str, title: str, url: str):
    return http.post(
        "/documents",
        data={"text": text, "published": published, "title": title, "url": url},
        headers=KEY,
        timeout=120,
    )


def test_a_second_article_links_known_actors_adds_new_ones_and_corroborates(seeded, http) -> None:
    before = http.get("/health").json()
    response = _post(http, SECOND, "2018-01-12", "TechCode confirme", "https://example.org/second")
    assert response.status_code == 200, response.text
    body = response.json()
    owns = ties_of("OWNS")[0]
    [echo] = [t for t in body["ties"] if t["type"] == "OWNS"]
    assert (echo["source"], echo["target"], echo["corroborates"]) == (owns["source"], owns["target"], True)
    assert echo["evidence"] == "TechCode est une filiale de China Fortune Land Development."
    [role] = [t for t in body["ties"] if t["type"] == "HAS_ROLE"]
    assert (
        role["target"] == "org:aix-marseille-french-tech"
        and role["properties"]["title"].lower() == "président"
    )
    assert "person:jean-dupont" in {e["id"] for e in body["new_entities"]}
    after = http.get("/health").json()
    assert after["entities"] == before["entities"] + len(body["new_entities"])

    [stored] = http.get(
        "/ties", params={"source": owns["source"], "target": owns["target"], "type": "OWNS"}
    ).json()
    assert [s["id"] for s in stored["sources"]] == [*owns["sources"], body["source"]["id"]]
    assert stored["sources"][-1]["evidence"] == echo["evidence"]

    mentioned = http.get(f"/sources/{body['source']['id']}").json()["mentions"]
    techcode = next(m for m in mentioned if m["id"] == "org:techcode")
    start, end = map(int, techcode["spans"][0].split("-"))
    assert SECOND[start:end] == "TechCode"

    again = _post(http, SECOND, "2018-01-12", "TechCode confirme", "https://example.org/second").json()
    assert again["duplicate"] is True
    assert http.get("/health").json() == after


def test_a_contradicting_article_is_kept_beside_and_listed_as_conflict(seeded, http) -> None:
    assert http.get("/ties/conflicts").json()["items"] == []
    body = _post(http, THIRD, "2018-02-03", "CFLD partenaire", "https://example.org/third").json()
    assert {t["type"] for t in body["ties"]} >= {"PARTNERS_WITH", "HEADQUARTERED_IN"}
    conflicts = http.get("/ties/conflicts").json()["items"]
    rules = {c["rule"]: c for c in conflicts}
    assert set(rules) == {"exclusive", "single_valued"}
    exclusive_types = {t["type"] for t in rules["exclusive"]["ties"]}
    assert exclusive_types == {"OWNS", "PARTNERS_WITH"}
    sources_seen = {s["id"] for c in conflicts for t in c["ties"] for s in t["sources"]}
    assert sources_seen == {seed()["sources"][0]["id"], body["source"]["id"]}
    first = http.get("/ties/conflicts", params={"limit": 1}).json()
    assert first["total"] == len(conflicts) and first["items"] == conflicts[:1]


def test_review_rejects_and_remembers(seeded, http) -> None:
    body = _post(http, THIRD, "2018-02-03", "CFLD partenaire", "https://example.org/third").json()
    [hq] = [t for t in body["ties"] if t["type"] == "HEADQUARTERED_IN"]
    assert http.post(f"/ties/{hq['id']}/reject").status_code == 401
    rejected = http.post(f"/ties/{hq['id']}/reject", headers=KEY).json()
    assert rejected["status"] == "retracted"
    assert all(c["rule"] != "single_valued" for c in http.get("/ties/conflicts").json()["items"])
    variant = THIRD + " Le groupe le confirme."
    _post(http, variant, "2018-02-04", "CFLD partenaire (suite)", "https://example.org/third-bis")
    [stored] = http.get(
        "/ties", params={"source": "org:techcode", "target": "Shanghai", "type": "HEADQUARTERED_IN"}
    ).json()
    assert stored["status"] == "retracted" and len(stored["sources"]) == 2
    assert http.post("/ties/tie:0000000000000000/accept", headers=KEY).status_code == 404


@pytest.mark.parametrize("payload, where", [({"text": "   "}, "empty"), ({}, "exactly one")])
def test_bad_documents_are_422(seeded, http, payload, where) -> None:
    response = http.post("/documents", data=payload, headers=KEY)
    assert response.status_code == 422 and where in response.text


def test_binary_upload_is_refused(seeded, http) -> None:
    response = http.post("/documents", files={"file": ("x.txt", bytes(range(256)) * 4)}, headers=KEY)
    assert response.status_code == 422 and "x.txt" in response.text


def test_a_missing_text_model_is_503_naming_the_install_command(seeded, settings) -> None:
    from api.main import create_app

    app = create_app(settings.model_copy(update={"ecograph_text_model": "xx_no_such_model"}))
    with Server(app, free_port()) as server, httpx.Client(base_url=server.url, timeout=60) as client:
        for _ in range(2):  # nothing half-built is kept: the second try answers the same
            response = client.post(
                "/documents", data={"text": SECOND, "published": "2018-01-12"}, headers=KEY
            )
            assert response.status_code == 503, response.text
            detail = response.json()["detail"]
            assert "'xx_no_such_model'" in detail and "`pip install xx-no-such-model`" in detail
        assert client.get("/health").json()["entities"] == len(seed()["entities"])  # nothing written
