"""The explorer in Chromium: what a user sees and can do, offline, with hostile names in the data.

Pages are rendered by viz.render_page from the sample graph and served by the tiny site, under the
API's Content-Security-Policy (served mode) or as one self-contained file (standalone mode).
"""

from __future__ import annotations

import re
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import sample_graph
from viz import render_page
from viz.assets import SCRIPTS, STYLESHEETS

pytestmark = pytest.mark.browser

PATH = ["person:erica-huang", "org:techcode", "event:mou", "org:ville-de-marseille"]
PATH_TIES = ["tie:role", "tie:signs-tc", "tie:signs-vdm"]


@pytest.fixture
def open_page(sample_api, browser_page):
    """Render the sample graph, publish it, open it and wait until it has settled."""

    def open_(page="graph", *, assets="served", query="", **options):
        nodes, edges = sample_graph.graph()
        # served pages run under the API's CSP; a standalone file is opened as is, with no CSP net
        nonce = secrets.token_urlsafe(12) if assets == "served" else None
        html = render_page(
            nodes, edges, title="Écosystème TechCode", page=page, assets=assets, nonce=nonce, **options
        )
        url = sample_api.publish(f"{page}-{assets}.html", html, nonce=nonce)
        browser_page.page.goto(url + query)
        browser_page.wait_stable()
        return browser_page

    return open_


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_the_graph_page_draws_offline_under_csp_and_hostile_names_run_nothing(open_page):
    session = open_page("graph", note="showing the 9 most central of 1 200 entities")
    page = session.page

    assert session.painted_pixels(at_least=5_001) > 5_000
    assert session.drawn_node_ids() == {n["id"] for n in sample_graph.NODES}
    assert page.title() == "Écosystème TechCode · ecograph"
    assert page.locator("h1").inner_text() == "Écosystème TechCode"
    assert page.get_by_role("status").inner_text().startswith("showing the 9 most central of 1 200 entities")
    legend = page.locator("#kind-filters").inner_text()
    assert "Organization" in legend and "Place" in legend and "Person" in legend and "Event" in legend

    session.click_node("org:evil")  # open everything that shows the hostile strings
    session.page.mouse.move(*session.node_point("org:evil"))
    page.locator("div.vis-tooltip").wait_for(state="visible")
    tooltip = page.locator("div.vis-tooltip")
    assert sample_graph.HOSTILE_NAME in tooltip.inner_text()
    # text, not markup: innerText only turns line breaks into <br>
    assert set(tooltip.evaluate("t => [...t.children].map(c => c.tagName)")) == {"BR"}
    session.screenshot("graph-page")

    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img, svg, iframe, object, embed").count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    paths = {urlsplit(u).path for u in session.requests}
    assert paths <= {"/graph-served.html"} | {f"/viz/assets/{a}" for a in (*SCRIPTS, *STYLESHEETS)}
    session.assert_clean()


def test_clicking_a_node_opens_its_entity_with_ties_and_sources(open_page):
    session = open_page("graph")
    page = session.page
    session.click_node("org:techcode")

    panel = page.get_by_role("complementary", name="Details")
    panel.wait_for(state="visible")
    assert panel.locator("h2").inner_text() == "TechCode"
    assert "Chinese incubator network." in panel.inner_text()
    assert re.search(r"incubation sites\s+34 sites", panel.locator(".facts").inner_text())
    assert panel.locator(".tie").count() == 6
    role = panel.locator(".tie", has_text="Erica Huang")
    assert "has role" in role.inner_text() and "Directrice générale" in role.inner_text()
    link = role.locator("a.source-title")
    assert link.inner_text() == sample_graph.ARTICLE["title"]
    assert link.get_attribute("href") == sample_graph.ARTICLE["url"]
    assert "2017-12" in role.locator(".source-meta").inner_text()
    assert "HAS_ROLE" in role.locator(".evidence").inner_text()
    planned = panel.locator(".tie", has_text="Marseille").filter(has_text="operates in")
    assert "candidate" in planned.inner_text() and "planned" in planned.inner_text()
    assert page.evaluate("window.ecographExplorer.network.getSelectedNodes()") == ["org:techcode"]
    assert query_of(page.url)["focus"] == ["org:techcode"]
    session.screenshot("entity-panel")

    panel.locator("button.entity-link", has_text="China Fortune Land Development").click()
    assert panel.locator("h2").inner_text() == "China Fortune Land Development"
    assert "Also known as CFLD" in panel.inner_text()
    session.assert_clean()


def test_the_hostile_entity_shows_as_text_with_its_unsafe_link_disarmed(open_page):
    session = open_page("graph")
    page = session.page
    session.click_node("org:evil")
    panel = page.get_by_role("complementary", name="Details")
    assert panel.locator("h2").inner_text() == sample_graph.HOSTILE_NAME
    assert sample_graph.HOSTILE_ALIAS in panel.locator(".aliases").inner_text()
    source = panel.locator(".source")
    assert source.locator("a").count() == 0  # a javascript: url is never a link
    assert source.locator(".source-title").inner_text() == "</a><script>window.__pwned=5</script>"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    session.assert_clean()


def test_clicking_a_tie_shows_it_with_its_sources(open_page):
    session = open_page("graph")
    page = session.page
    page.mouse.click(*session.edge_point("tie:owns"))

    panel = page.get_by_role("complementary", name="Details")
    panel.wait_for(state="visible")
    assert panel.locator("h2").inner_text() == "owns"
    assert re.search(
        r"China Fortune Land Development\s*→\s*TechCode", panel.locator(".tie-sentence").inner_text()
    )
    assert "0.90" in panel.locator(".facts").inner_text()
    assert panel.locator("a.source-title").get_attribute("href") == sample_graph.ARTICLE["url"]
    session.screenshot("tie-panel")
    session.assert_clean()


def test_search_suggests_and_focuses_an_actor(open_page):
    session = open_page("graph")
    page = session.page
    page.get_by_role("combobox", name="Search an actor").fill("fortune")
    option = page.get_by_role("option").first
    option.wait_for()
    assert option.inner_text().startswith("China Fortune Land Development")
    page.keyboard.press("Enter")

    panel = page.get_by_role("complementary", name="Details")
    panel.wait_for(state="visible")
    assert panel.locator("h2").inner_text() == "China Fortune Land Development"
    page.wait_for_function("() => window.ecographExplorer.network.getSelectedNodes()[0] === 'org:cfld'")
    canvas, cover = page.locator("#graph").bounding_box(), panel.bounding_box()
    # the camera glides until the node sits midway between the canvas's left edge and the panel
    middle = [(canvas["x"] + cover["x"]) / 2, canvas["y"] + canvas["height"] / 2]
    page.wait_for_function(
        """([x, y]) => {
            const net = window.ecographExplorer.network;
            const dom = net.canvasToDOM(net.getPositions(['org:cfld'])['org:cfld']);
            const box = document.querySelector('#graph canvas').getBoundingClientRect();
            return Math.abs(box.left + dom.x - x) < 5 && Math.abs(box.top + dom.y - y) < 5;
        }""",
        arg=middle,
        timeout=5_000,
    )
    assert any("/entities?q=fortune" in u for u in session.requests)
    assert query_of(page.url)["focus"] == ["org:cfld"]
    session.screenshot("search")
    session.assert_clean()


def test_filters_hide_kinds_and_ties_and_the_url_brings_them_back(open_page):
    session = open_page("graph")
    page = session.page
    connected = "window.ecographExplorer.network.getConnectedEdges('org:techcode')"
    assert "tie:planned" in page.evaluate(connected)
    page.locator("#status-filters label", has_text="candidate").click()
    assert "tie:planned" not in page.evaluate(connected) and "tie:owns" in page.evaluate(connected)
    assert "place:marseille" in session.drawn_node_ids()

    page.locator("#kind-filters label", has_text="Place").click()
    places = {"place:pekin", "place:marseille"}
    assert session.drawn_node_ids() == {n["id"] for n in sample_graph.NODES} - places
    query = query_of(page.url)
    assert query["kinds"] == ["Event,Organization,Person"] and query["status"] == ["accepted"]

    page.goto(page.url)  # the same URL reproduces the same view
    session.wait_stable()
    assert session.drawn_node_ids() == {n["id"] for n in sample_graph.NODES} - places
    assert not page.locator("#kind-filters input[value=Place]").is_checked()
    assert page.locator("#kind-filters input[value=Person]").is_checked()
    session.assert_clean()


def test_double_click_brings_in_neighbours_styled_like_the_rest(open_page):
    session = open_page("graph")
    page = session.page
    session.click_node("org:techcode", double=True)
    page.wait_for_function("() => window.ecographExplorer.nodes.get('org:thecamp') !== null")

    assert {"org:thecamp", "org:provence-promotion"} <= session.drawn_node_ids()
    camp = page.evaluate("window.ecographExplorer.edges.get('tie:visit-camp')")
    assert camp["dashes"] is True and camp["arrows"] == "" and camp["label"] == "partners with"
    promo = page.evaluate("window.ecographExplorer.edges.get('tie:promo')")
    assert promo["dashes"] is False and promo["arrows"] == "to"
    assert query_of(page.url)["expand"] == ["org:techcode"]
    assert "candidate" in page.locator("#status-filters").inner_text()
    panel = page.get_by_role("complementary", name="Details")  # opened by the clicks, now with 8 ties
    assert panel.locator("h2").inner_text() == "TechCode"
    assert panel.locator(".tie").count() == 8 and "thecamp" in panel.inner_text()
    session.screenshot("expanded")

    page.goto(page.url)
    session.wait_stable()
    assert {"org:thecamp", "org:provence-promotion"} <= session.drawn_node_ids()
    session.assert_clean()


def test_the_standalone_file_needs_nothing_else_and_searches_its_own_data(open_page):
    session = open_page("graph", assets="inline")
    page = session.page
    assert [urlsplit(u).path for u in session.requests] == ["/graph-inline.html"]
    assert session.painted_pixels(at_least=5_001) > 5_000

    session.click_node("org:evil")  # without a CSP, only escaping keeps these inert
    panel = page.get_by_role("complementary", name="Details")
    assert panel.locator("h2").inner_text() == sample_graph.HOSTILE_NAME
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img, svg, iframe, object, embed").count() == 0
    page.keyboard.press("Escape")
    assert panel.is_hidden()

    box = page.get_by_role("combobox", name="Search an actor")
    box.fill("Tech Code")  # a joined name typed in two words
    page.get_by_role("option", name=re.compile("TechCode")).wait_for()
    box.fill("incubateur")  # what it is, in French: its label's word (graph/model.yaml `words`)
    page.get_by_role("option", name=re.compile("TechCode")).wait_for()
    box.fill("pek")  # accent-insensitive
    page.get_by_role("option", name=re.compile("Pékin")).wait_for()
    page.keyboard.press("Enter")
    assert panel.locator("h2").inner_text() == "Pékin"
    assert panel.locator("a.open-entity").count() == 0  # no live server to open it on
    session.click_node("org:techcode", double=True)
    page.get_by_role("alert").wait_for()
    assert "live explorer" in page.get_by_role("alert").inner_text()
    session.screenshot("standalone")
    session.assert_clean()


def test_the_path_page_highlights_the_path_and_lists_it_in_order(open_page):
    session = open_page("path", highlight_nodes=PATH, highlight_edges=PATH_TIES)
    page = session.page
    strip = page.get_by_role("navigation", name="Path")
    assert strip.locator("button").all_inner_texts() == [
        "Erica Huang",
        "TechCode",
        "Signature du protocole d'accord",
        "Ville de Marseille",
    ]
    widths = page.evaluate(
        "Object.fromEntries(window.ecographExplorer.edges.get().map(e => [e.id, e.width || 1]))"
    )
    assert all(widths[t] > widths["tie:owns"] for t in PATH_TIES)
    assert session.drawn_node_ids() == {n["id"] for n in sample_graph.NODES}  # in its context
    strip.get_by_role("button", name="Ville de Marseille").click()
    panel = page.get_by_role("complementary", name="Details")
    assert panel.locator("h2").inner_text() == "Ville de Marseille"
    session.screenshot("path-page")
    session.assert_clean()


def test_the_entity_page_opens_on_its_entity_and_reloads_at_another_depth(open_page):
    session = open_page("entity", focus="org:techcode")
    page = session.page
    panel = page.get_by_role("complementary", name="Details")
    assert panel.locator("h2").inner_text() == "TechCode"
    x, _ = session.node_point("org:techcode")
    assert x < panel.bounding_box()["x"]  # the view makes room for the panel
    session.screenshot("entity-page")

    page.get_by_label("Depth").select_option("2")
    page.wait_for_url(re.compile(r"depth=2"))
    session.wait_stable()
    assert page.get_by_label("Depth").input_value() == "2"
    session.assert_clean()


def test_the_note_offers_to_show_more(open_page):
    session = open_page("graph", note="showing the 9 most central of 1 200 entities")
    page = session.page
    top = page.get_by_label("Show the top")
    assert top.input_value() == "9"
    top.fill("500")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"top=500"))
    session.wait_stable()
    assert page.get_by_label("Show the top").input_value() == "500"
    session.assert_clean()
