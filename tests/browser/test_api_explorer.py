"""The explorer as served by the real API from the real Neo4j, in Debian's Chromium, offline:
a person finds Qista, sees that the Chinese delegation met it, follows the path up to CFLD and reads
the source of each step; hostile names run nothing."""

from __future__ import annotations

import pytest

from ingest.formats import read_mapping
from ingest.loader import load
from tests.seed_data import entity, seed, ties_of

pytestmark = [pytest.mark.browser, pytest.mark.integration]
HOSTILE = "<img src=x onerror=alert(1)></script><script>window.__pwned=1</script>"


def test_the_whole_graph_page_is_drawn_offline_under_a_strict_csp(
    seeded, api_url, http, browser_page
) -> None:
    response = http.get("/viz")
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    browser_page.page.goto(f"{api_url}/viz")
    browser_page.wait_stable()
    assert browser_page.painted_pixels(at_least=10_001) > 10_000
    assert browser_page.drawn_node_ids() == {e["id"] for e in seed()["entities"]}
    browser_page.screenshot("api-viz-whole-graph")
    browser_page.assert_clean()


def test_find_qista_see_who_met_it_and_read_the_source(seeded, api_url, browser_page) -> None:
    page = browser_page.page
    page.goto(f"{api_url}/viz")
    browser_page.wait_stable()
    page.get_by_role("combobox", name="Search an actor").fill("qista")
    option = page.get_by_role("option").first
    option.wait_for()
    assert option.inner_text().startswith(entity("org:qista")["name"])
    page.keyboard.press("Enter")
    panel = page.get_by_role("complementary", name="Details")
    panel.wait_for(state="visible")
    assert panel.locator("h2").inner_text() == "Qista"
    [met] = [t for t in ties_of("PARTICIPATED_IN") if t["source"] == "org:qista"]
    visit = entity(met["target"])
    tie = panel.locator(".tie", has_text=visit["name"][:30])
    assert met["properties"]["role"] in tie.inner_text()
    source = seed()["sources"][0]
    assert tie.locator("a.source-title").inner_text() == source["title"]
    assert tie.locator("a.source-title").get_attribute("href") == source["url"]
    assert met["evidence"] in tie.locator(".evidence").inner_text()
    browser_page.screenshot("api-viz-qista-panel")
    browser_page.assert_clean()


def test_the_path_page_leads_from_qista_to_cfld(seeded, api_url, http, browser_page) -> None:
    owner = ties_of("OWNS")[0]["source"]
    expected = http.get("/paths", params={"source": "org:qista", "target": owner}).json()["paths"][0]
    page = browser_page.page
    page.goto(f"{api_url}/viz/path?source=Qista&target={entity(owner)['aliases'][0]}")
    browser_page.wait_stable()
    strip = page.get_by_role("navigation", name="Path")
    assert strip.locator("button").all_inner_texts() == [n["name"] for n in expected["nodes"]]
    strip.get_by_role("button", name=entity(owner)["name"]).click()
    panel = page.get_by_role("complementary", name="Details")
    assert panel.locator("h2").inner_text() == entity(owner)["name"]
    assert "owns" in panel.locator(".tie", has_text="TechCode").first.inner_text()
    browser_page.screenshot("api-viz-path")
    browser_page.assert_clean()


def test_entity_page_with_depth_control(seeded, api_url, browser_page) -> None:
    page = browser_page.page
    page.goto(f"{api_url}/viz/entity/org:qista?depth=1")
    browser_page.wait_stable()
    one = browser_page.drawn_node_ids()
    page.goto(f"{api_url}/viz/entity/org:qista?depth=2")
    browser_page.wait_stable()
    assert browser_page.drawn_node_ids() > one
    browser_page.assert_clean()


def test_hostile_names_run_nothing(db, api_url, browser_page) -> None:
    document = {
        "sources": [{"id": "src:evil", "title": HOSTILE, "url": "https://example.org/<script>"}],
        "entities": [
            {
                "id": "org:evil",
                "name": HOSTILE,
                "kind": "Organization",
                "aliases": [HOSTILE],
                "description": HOSTILE,
            },
            {"id": "org:victim", "name": 'Victim " onmouseover=alert(2) x="', "kind": "Organization"},
        ],
        "ties": [
            {
                "source": "org:evil",
                "target": "org:victim",
                "type": "PARTNERS_WITH",
                "sources": ["src:evil"],
                "evidence": HOSTILE,
            }
        ],
    }
    load(db, read_mapping(document, "hostile"))
    page = browser_page.page
    for url in (
        f"{api_url}/viz",
        f"{api_url}/viz/entity/org:evil",
        f"{api_url}/viz/path?source=org:evil&target=org:victim",
    ):
        page.goto(url)
        browser_page.wait_stable()
        browser_page.click_node("org:evil")
        panel = page.get_by_role("complementary", name="Details")
        panel.wait_for(state="visible")
        assert panel.locator("h2").inner_text() == HOSTILE
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("#panel img, aside img, iframe").count() == 0
    browser_page.screenshot("api-viz-hostile")
    browser_page.assert_clean()
