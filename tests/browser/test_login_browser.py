"""Signing in through the /login page in Debian's Chromium, against the real API and Neo4j: the
session works for reads and CSRF-carrying writes, and a write without the token is refused."""

from __future__ import annotations

import pytest

from graph import users
from ingest.seed import load_seed

pytestmark = [pytest.mark.browser, pytest.mark.integration]

ACCEPT = """async ([tieId, withToken]) => {
    const token = document.cookie.split('; ').find(c => c.startsWith('ecograph_csrf='))?.split('=')[1];
    const headers = withToken ? {'X-CSRF-Token': token} : {};
    const answer = await fetch(`/ties/${encodeURIComponent(tieId)}/accept`, {method: 'POST', headers});
    return answer.status;
}"""


def test_an_editor_signs_in_through_the_page_and_writes_with_the_csrf_token(
    db, settings, api_url, http, browser_page
) -> None:
    load_seed(db)
    key = users.add(db, users.keyring(settings.ecograph_data_dir), "editor-b", "editor")
    tie_id = http.get("/ties", params={"limit": 1}).json()[0]["id"]
    page = browser_page.page
    page.goto(f"{api_url}/login")
    page.fill("#name", "editor-b")
    page.fill("#key", "not the key")
    page.click("button[type=submit]")
    assert page.get_by_role("alert").inner_text() == "Wrong name or key."
    browser_page.console_errors.clear()  # the 401 of the failed attempt, which the page itself shows

    page.fill("#name", "editor-b")
    page.fill("#key", key)
    page.click("button[type=submit]")
    page.wait_for_url(f"{api_url}/viz")
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["ecograph_session"]["httpOnly"] and cookies["ecograph_session"]["sameSite"] == "Strict"
    assert "ecograph_session" not in page.evaluate("() => document.cookie")  # HttpOnly: no script sees it

    assert page.evaluate(ACCEPT, [tie_id, False]) == 403
    assert page.evaluate(ACCEPT, [tie_id, True]) == 200
    changes = http.get("/changes", params={"tie": tie_id, "action": "accept"}).json()
    assert changes["total"] == 1 and changes["items"][0]["actor"] == "editor-b"
    browser_page.console_errors[:] = [e for e in browser_page.console_errors if "403" not in e]
    browser_page.assert_clean()
