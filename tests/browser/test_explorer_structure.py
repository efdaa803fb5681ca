"""Structure overlays on the seed graph, served by the real API from the real Neo4j, in Debian's
Chromium: size by a centrality, colour by community, brokers outlined, each legend naming the graph
the scores came from. Expectations come from the analytics routes' own answers."""

from __future__ import annotations

import secrets
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import sample_graph
from tests.seed_data import entity
from viz import render_page

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def drawn(page, key: str) -> dict:
    """Each node's option as vis-network draws it now (size, borderWidth, color…)."""
    return page.evaluate(
        """(key) => {
            const nodes = window.ecographExplorer.network.body.nodes;
            const out = {};
            for (const id of window.ecographExplorer.nodes.getIds()) out[id] = nodes[id].options[key];
            return out;
        }""",
        key,
    )


def settle_overlays(page, shows: str) -> None:
    page.wait_for_function(
        """(shows) => {
            const legend = document.getElementById('structure-legend');
            return legend.dataset.state === 'ready' && legend.dataset.shows === shows;
        }""",
        arg=shows,
    )


def analytics_requests(session) -> list[str]:
    return [u for u in session.requests if urlsplit(u).path.startswith("/analytics/")]


def test_betweenness_sizing_makes_the_delegation_visit_the_largest_and_techcode_the_largest_organisation(
    seeded, api_url, http, browser_page
) -> None:
    answer = http.get("/analytics/centrality", params={"metric": "betweenness", "top": 1000}).json()
    items = answer["items"]
    top = items[0]
    top_org = next(i for i in items if i["kind"] == "Organization")
    assert top["kind"] == "Event" and "Visit" in entity(top["id"])["labels"]  # the delegation visit
    assert top_org["id"] == "org:techcode"

    page = browser_page.page
    page.goto(f"{api_url}/viz")
    browser_page.wait_stable()
    loaded = drawn(page, "size")
    page.get_by_label("Size by").select_option("betweenness")
    settle_overlays(page, "betweenness")
    sizes = drawn(page, "size")
    assert max(sizes, key=sizes.get) == top["id"]
    kinds = page.evaluate("Object.fromEntries(window.ecographExplorer.nodes.map((n) => [n.id, n.group]))")
    organisations = {i: s for i, s in sizes.items() if kinds[i] == "Organization"}
    assert max(organisations, key=organisations.get) == top_org["id"]
    # the legend says what was measured and on which graph
    legend = page.locator("#structure-legend").inner_text()
    assert answer["method"]["function"] in legend
    assert f"{answer['graph']['nodes']} entities and {answer['graph']['edges']} ties" in legend
    assert "statuses: " + ", ".join(answer["graph"]["filters"]["statuses"]) in legend
    assert parse_qs(urlsplit(page.url).query)["size"] == ["betweenness"]
    browser_page.screenshot("structure-betweenness")

    # back to the page's own sizes, then betweenness again: answered from what the page already has
    fetched = len(analytics_requests(browser_page))
    page.get_by_label("Size by").select_option("")
    settle_overlays(page, "")
    assert drawn(page, "size") == loaded
    page.get_by_label("Size by").select_option("betweenness")
    settle_overlays(page, "betweenness")
    assert drawn(page, "size") == sizes
    assert len(analytics_requests(browser_page)) == fetched
    browser_page.assert_clean()


def test_degree_and_pagerank_follow_their_own_answers(seeded, api_url, http, browser_page) -> None:
    page = browser_page.page
    page.goto(f"{api_url}/viz")
    browser_page.wait_stable()
    for metric in ("degree", "pagerank"):
        items = http.get("/analytics/centrality", params={"metric": metric, "top": 1000}).json()["items"]
        page.get_by_label("Size by").select_option(metric)
        settle_overlays(page, metric)
        sizes = drawn(page, "size")
        best = max(i["score"] for i in items)
        assert sizes[max(sizes, key=sizes.get)] == max(sizes.values())
        assert max(sizes, key=sizes.get) in {i["id"] for i in items if i["score"] == best}
    browser_page.assert_clean()


def test_communities_colour_and_brokers_outline_with_their_legends(
    seeded, api_url, http, browser_page
) -> None:
    groups = http.get("/analytics/communities", params={"limit": 10, "members_limit": 100000}).json()
    brokers = http.get("/analytics/brokers", params={"top": 10}).json()
    page = browser_page.page
    page.goto(f"{api_url}/viz")
    browser_page.wait_stable()
    page.get_by_label("Colour by community").check()
    settle_overlays(page, "communities")
    colours = drawn(page, "color")
    for group in groups["items"]:
        backgrounds = {colours[m["id"]]["background"] for m in group["members"] if m["id"] in colours}
        assert len(backgrounds) == 1, f"community {group['id']} drawn in several colours"
    firsts = [colours[c["members"][0]["id"]]["background"] for c in groups["items"]]
    assert len(set(firsts)) == len(firsts)  # each community its own colour
    legend = page.locator("#structure-legend").inner_text()
    assert groups["method"]["function"] in legend
    assert f"{groups['graph']['nodes']} entities and {groups['graph']['edges']} ties" in legend
    assert page.locator(".community-row").count() == len(groups["items"])

    page.get_by_label("Outline brokers").check()
    settle_overlays(page, "communities brokers")
    widths = drawn(page, "borderWidth")
    broker_ids = {b["id"] for b in brokers["items"]}
    assert broker_ids and all(widths[b] == 4 for b in broker_ids)
    assert all(widths[i] < 4 for i in widths if i not in broker_ids)
    outlined = drawn(page, "color")
    assert all(outlined[b]["background"] == colours[b]["background"] for b in broker_ids)  # still coloured
    query = parse_qs(urlsplit(page.url).query)
    assert query["communities"] == ["1"] and query["brokers"] == ["1"]
    browser_page.screenshot("structure-communities-brokers")

    page.goto(page.url)  # a deep link restores both
    browser_page.wait_stable()
    settle_overlays(page, "communities brokers")
    assert page.get_by_label("Colour by community").is_checked()
    assert all(drawn(page, "borderWidth")[b] == 4 for b in broker_ids)
    browser_page.assert_clean()


def test_hostile_overlay_parameters_are_ignored(seeded, api_url, browser_page) -> None:
    page = browser_page.page
    page.goto(f"{api_url}/viz?size=<script>window.__pwned=1</script>&communities=<img>&brokers=2&at=<b>")
    browser_page.wait_stable()
    assert page.get_by_label("Size by").input_value() == ""
    assert not page.get_by_label("Colour by community").is_checked()
    assert not page.get_by_label("Outline brokers").is_checked()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert analytics_requests(browser_page) == []
    browser_page.assert_clean()


def test_a_failing_analytics_route_is_said_in_the_legend_and_breaks_nothing(sample_api, browser_page) -> None:
    sample_api.stub("/analytics/", lambda path, query: (503, {"detail": "Neo4j is not reachable"}))
    nodes, edges = sample_graph.graph()
    nonce = secrets.token_urlsafe(12)
    html = render_page(nodes, edges, title="t", page="graph", nonce=nonce)
    page = browser_page.page
    page.goto(sample_api.publish("overlay.html", html, nonce=nonce) + "?size=degree")
    browser_page.wait_stable()
    legend = page.locator("#structure-legend")
    assert legend.get_attribute("data-state") == "failed"
    assert legend.inner_text() == "Could not load the scores: the server answered 503"
    assert drawn(page, "size") == {
        n["id"]: n["size"] for n in page.evaluate("window.ecographExplorer.nodes.get()")
    }
    page.get_by_label("Size by").select_option("pagerank")  # asked again, not cached as failed
    page.wait_for_function("() => document.getElementById('structure-legend').dataset.state === 'failed'")
    assert len(analytics_requests(browser_page)) == 2
    assert browser_page.page_errors == [] and browser_page.dialogs == []
    assert browser_page.external_requests == []
    assert all("503" in message for message in browser_page.console_errors)  # the failed fetches only
