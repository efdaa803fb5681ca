"""People, roles and sign-in through real HTTP against the real Neo4j (api/auth.py, api/routes/login.py)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from api.main import create_app
from graph import users
from graph.store import Graph
from ingest.seed import load_seed
from tests.conftest import TEST_API_KEY, Server, free_port

pytestmark = pytest.mark.integration

IMPORT = (
    b'{"sources": [], "entities": [{"id": "org:auth-test", "name": "Auth Test", "kind": "Organization"}]}'
)


@pytest.fixture
def people(db: Graph, settings) -> dict[str, str]:
    """The seed, and one person of each role: their keys by role."""
    load_seed(db)
    ring = users.keyring(settings.ecograph_data_dir)
    return {role: users.add(db, ring, f"{role}-1", role) for role in users.ROLES}


def _writes(tie_id: str) -> list[tuple[str, str, dict]]:
    """Every write route, with a request that passes validation (documents: one that is refused
    with 422 after the role check, so no spaCy model is needed to see who got through)."""
    return [
        ("POST", "/import", {"files": {"file": ("one.json", IMPORT)}}),
        ("POST", "/documents", {"data": {"url": "https://example.org"}}),
        ("POST", f"/ties/{tie_id}/accept", {}),
        ("POST", f"/ties/{tie_id}/reject", {}),
    ]


def _a_tie(http: httpx.Client) -> str:
    return http.get("/ties", params={"limit": 1}).json()[0]["id"]


def test_without_credentials_every_write_is_401_with_a_challenge(people, http) -> None:
    for method, path, extra in _writes(_a_tie(http)):
        answer = http.request(method, path, **extra)
        assert answer.status_code == 401, path
        assert answer.headers["www-authenticate"].startswith("ApiKey")
        assert "X-API-Key" in answer.json()["detail"]


def test_a_viewer_is_refused_every_write_with_403_and_editors_and_admins_pass(people, http) -> None:
    tie_id = _a_tie(http)
    for method, path, extra in _writes(tie_id):
        answer = http.request(method, path, headers={"X-API-Key": people["viewer"]}, **extra)
        assert answer.status_code == 403, path
        assert "viewer-1 is a viewer" in answer.json()["detail"]
    for role in ("editor", "admin"):
        for method, path, extra in _writes(tie_id):
            answer = http.request(method, path, headers={"X-API-Key": people[role]}, **extra)
            expected = 422 if path == "/documents" else 200
            assert answer.status_code == expected, (role, path, answer.text)


def test_the_environment_key_acts_as_an_admin(people, http) -> None:
    answer = http.post("/import", files={"file": ("one.json", IMPORT)}, headers={"X-API-Key": TEST_API_KEY})
    assert answer.status_code == 200


def test_an_unknown_key_is_401_even_on_a_public_read(people, http) -> None:
    for key in ("not-a-key", "clé-été", TEST_API_KEY + "x", people["viewer"][:-1]):
        answer = http.get("/entities", headers={"X-API-Key": key.encode()})
        assert answer.status_code == 401, key
        assert answer.json() == {"detail": "unknown or revoked X-API-Key"}


def test_a_revoked_key_is_refused_at_the_next_request(people, db, http) -> None:
    editor = {"X-API-Key": people["editor"]}
    tie_id = _a_tie(http)
    assert http.post(f"/ties/{tie_id}/accept", headers=editor).status_code == 200
    assert users.revoke(db, "editor-1")
    assert http.post(f"/ties/{tie_id}/accept", headers=editor).status_code == 401
    assert http.get("/entities", headers=editor).status_code == 401
    listed = {p["name"]: p for p in users.listed(db)}
    assert listed["editor-1"]["revoked"] and not listed["admin-1"]["revoked"]


def test_keys_are_stored_only_as_keyed_hashes(people, db, settings) -> None:
    stored = db.query("MATCH (u:User) RETURN properties(u) AS props")
    texts = " ".join(str(r["props"]) for r in stored)
    assert stored and all(key not in texts for key in people.values())
    pepper = settings.ecograph_data_dir / users.PEPPER_FILE
    assert pepper.stat().st_mode & 0o777 == 0o600


def test_people_do_not_count_as_entities_anywhere(people, db, settings, http) -> None:
    before = http.get("/health").json()
    users.add(db, users.keyring(settings.ecograph_data_dir), "one-more", "viewer")
    assert http.get("/health").json() == before
    assert http.get("/entities", params={"q": "viewer-1"}).json()["total"] == 0
    exported = http.get("/export", params={"format": "json"}).text
    assert "viewer-1" not in exported and "key_hash" not in exported


def test_a_new_name_or_role_is_checked(people, db, settings) -> None:
    ring = users.keyring(settings.ecograph_data_dir)
    with pytest.raises(users.InvalidInput, match="already exists"):
        users.add(db, ring, "viewer-1", "viewer")
    with pytest.raises(users.InvalidInput, match="role"):
        users.add(db, ring, "someone", "owner")
    with pytest.raises(users.InvalidInput, match="name"):
        users.add(db, ring, "a b:c", "viewer")


# ---- ECOGRAPH_READ_ACCESS=login -------------------------------------------------------------------


@pytest.fixture(scope="module")
def login_only(settings, graph) -> Iterator[str]:
    changed = settings.model_copy(update={"ecograph_read_access": "login"})
    with Server(create_app(changed), free_port()) as server:
        yield server.url


READS = ["/entities", "/ties", "/viz", "/export?format=json", "/sources", "/changes", "/ties/conflicts"]


@pytest.fixture
def fresh_server(settings, graph) -> Iterator[str]:
    """A server of its own, so failed sign-ins here slow no other test's."""
    with Server(create_app(settings), free_port()) as server:
        yield server.url


def test_with_login_reads_need_a_viewer_and_health_stays_open(people, login_only) -> None:
    with httpx.Client(base_url=login_only, timeout=30) as http:
        for path in READS:
            answer = http.get(path)
            assert answer.status_code == 401, path
            assert "sign-in" in answer.json()["detail"]
            assert http.get(path, headers={"X-API-Key": people["viewer"]}).status_code == 200, path
        cypher = {"query": "MATCH (n:Entity) RETURN count(n) AS n"}
        assert http.post("/cypher", json=cypher).status_code == 401
        assert http.post("/cypher", json=cypher, headers={"X-API-Key": people["viewer"]}).status_code == 200
        assert http.get("/health").status_code == 200
        assert http.get("/login").status_code == 200


# ---- browser sessions ---------------------------------------------------------------------------


@contextmanager
def _sign_in(base_url: str, name: str, key: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30) as http:
        answer = http.post("/login", data={"name": name, "key": key, "next": "/entities"})
        assert answer.status_code == 303 and answer.headers["location"] == "/entities"
        yield http


def test_signing_in_sets_a_strict_httponly_session_cookie(people, api_url) -> None:
    with httpx.Client(base_url=api_url, timeout=30) as http:
        answer = http.post("/login", data={"name": "editor-1", "key": people["editor"]})
    assert answer.status_code == 303 and answer.headers["location"] == "/viz"
    cookies = {c.split("=", 1)[0]: c.lower() for c in answer.headers.get_list("set-cookie")}
    session = cookies["ecograph_session"]
    assert "httponly" in session and "samesite=strict" in session and "path=/" in session
    assert "secure" not in session  # plain http, ECOGRAPH_SECURE_COOKIES unset
    assert "httponly" not in cookies["ecograph_csrf"] and "samesite=strict" in cookies["ecograph_csrf"]


def test_cookies_are_secure_when_the_setting_says_so(people, settings, graph) -> None:
    changed = settings.model_copy(update={"ecograph_secure_cookies": True})
    with Server(create_app(changed), free_port()) as server, httpx.Client(base_url=server.url) as http:
        answer = http.post("/login", data={"name": "editor-1", "key": people["editor"]})
    assert all("secure" in c.lower() for c in answer.headers.get_list("set-cookie"))


def test_a_signed_in_write_needs_its_csrf_token(people, api_url) -> None:
    with _sign_in(api_url, "editor-1", people["editor"]) as http:
        tie_id = _a_tie(http)
        forged = http.post(f"/ties/{tie_id}/accept")
        assert forged.status_code == 403 and "X-CSRF-Token" in forged.json()["detail"]
        wrong = http.post(f"/ties/{tie_id}/accept", headers={"X-CSRF-Token": "0" * 64})
        assert wrong.status_code == 403
        token = http.cookies["ecograph_csrf"]
        assert http.post(f"/ties/{tie_id}/accept", headers={"X-CSRF-Token": token}).status_code == 200
        form = http.post("/import", files={"file": ("one.json", IMPORT)}, data={"csrf_token": token})
        assert form.status_code == 200


def test_a_cross_site_form_post_with_the_cookie_but_no_token_is_refused(people, api_url) -> None:
    with _sign_in(api_url, "editor-1", people["editor"]) as http:
        tie_id = _a_tie(http)
        forged = http.post(
            f"/ties/{tie_id}/reject",
            data={"reason": "forged"},
            headers={"Origin": "https://evil.example", "Referer": "https://evil.example/page"},
        )
        assert forged.status_code == 403
        assert http.get("/ties", params={"status": "retracted"}).json() == []


def test_a_viewer_signed_in_still_cannot_write(people, api_url) -> None:
    with _sign_in(api_url, "viewer-1", people["viewer"]) as http:
        token = http.cookies["ecograph_csrf"]
        answer = http.post(f"/ties/{_a_tie(http)}/accept", headers={"X-CSRF-Token": token})
        assert answer.status_code == 403


def test_revoking_ends_the_session_at_once(people, db, login_only) -> None:
    with _sign_in(login_only, "editor-1", people["editor"]) as http:
        assert http.get("/entities").status_code == 200
        users.revoke(db, "editor-1")
        assert http.get("/entities").status_code == 401
    assert db.query("MATCH (s:Session {user: 'editor-1'}) RETURN s") == []


def test_signing_out_ends_the_session_server_side(people, login_only) -> None:
    with _sign_in(login_only, "viewer-1", people["viewer"]) as http:
        session = http.cookies["ecograph_session"]
        assert http.post("/logout").status_code == 403  # no CSRF token: another site cannot sign you out
        token = http.cookies["ecograph_csrf"]
        assert http.post("/logout", data={"csrf_token": token}).status_code == 303
    with httpx.Client(base_url=login_only, cookies={"ecograph_session": session}) as replay:
        assert replay.get("/entities").status_code == 401


def test_a_wrong_key_or_name_is_401_and_never_a_session(people, fresh_server) -> None:
    with httpx.Client(base_url=fresh_server, timeout=30) as http:
        wrong_key = http.post("/login", data={"name": "editor-fresh", "key": "guess"})
        wrong_name = http.post("/login", data={"name": "admin-1", "key": people["editor"]})
    for answer in (wrong_key, wrong_name):
        assert answer.status_code == 401 and "Wrong name or key" in answer.text
        assert "set-cookie" not in answer.headers


def test_the_login_page_is_served_under_a_strict_csp_and_never_redirects_off_site(api_url) -> None:
    with httpx.Client(base_url=api_url, timeout=30) as http:
        page = http.get("/login", params={"next": "//evil.example/x"})
        assert "default-src 'none'" in page.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert 'value="/viz"' in page.text and "evil" not in page.text
        hostile = http.get("/login", params={"next": '/x"><script>alert(1)</script>'})
        assert "<script>" not in hostile.text


def test_repeated_failures_are_slowed_and_logged_without_the_key(people, fresh_server, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="ecograph.auth")
    with httpx.Client(base_url=fresh_server, timeout=30) as http:
        guesses = [http.post("/login", data={"name": "admin-1", "key": f"guess-{i}"}) for i in range(5)]
        right = http.post("/login", data={"name": "admin-1", "key": people["admin"]})
    assert [g.status_code for g in guesses[:4]] == [401, 401, 401, 401]
    assert guesses[4].status_code == 429 and int(guesses[4].headers["retry-after"]) >= 1
    assert right.status_code == 429  # even the right key waits out the window
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "failed sign-in for 'admin-1'" in logged
    assert "guess-" not in logged and people["admin"] not in logged


def test_hostile_sign_in_forms_are_4xx(people, fresh_server) -> None:
    with httpx.Client(base_url=fresh_server, timeout=30) as http:
        assert http.post("/login", data={"name": "x" * 10_000, "key": "k"}).status_code == 422
        assert http.post("/login", data={"name": "viewer-1"}).status_code == 422
        assert http.post("/login", json={"name": "viewer-1", "key": people["viewer"]}).status_code == 422
        form = {"content-type": "application/x-www-form-urlencoded"}
        undecodable = http.post("/login", content=b"name=%FF%FE&key=%00", headers=form)
        assert undecodable.status_code in (401, 422) and undecodable.headers["content-type"].startswith(
            ("text/html", "application/json")
        )


def test_the_openapi_documents_401_and_403_on_every_write(http) -> None:
    spec = http.get("/openapi.json").json()["paths"]
    for path in ("/import", "/documents", "/ties/{tie_id}/accept", "/ties/{tie_id}/reject"):
        assert {"401", "403"} <= set(spec[path]["post"]["responses"]), path
    assert "401" in spec["/entities"]["get"]["responses"]
    assert "401" not in spec["/health"]["get"]["responses"]


def test_only_an_admin_lists_people_and_no_key_is_ever_shown(people, http) -> None:
    assert http.get("/users").status_code == 401
    assert http.get("/users", headers={"X-API-Key": people["editor"]}).status_code == 403
    listed = http.get("/users", headers={"X-API-Key": people["admin"]})
    assert [p["role"] for p in listed.json()] == ["admin", "editor", "viewer"]
    assert all(key not in listed.text for key in people.values()) and "hash" not in listed.text
