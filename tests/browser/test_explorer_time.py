"""The explorer's time bar on the seed graph, served by the real API from the real Neo4j, in Debian's
Chromium: the network as of a date, between two dates, the strip of dated events, play, deep links.
Every expectation comes from the seed file (tests/seed_data.py), not from typed-in answers."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from ingest.formats import read_mapping
from ingest.loader import load
from tests.seed_data import seed

pytestmark = [pytest.mark.browser, pytest.mark.integration]

SEPTEMBER_END = "2017-09-30"


def day_number(text: str) -> int:
    """What the sliders hold: days since 1970-01-01."""
    return (date.fromisoformat(text) - date(1970, 1, 1)).days


def events() -> list[dict]:
    return [e for e in seed()["entities"] if e["kind"] == "Event"]


def the_event(label: str) -> dict:
    [found] = [e for e in events() if label in e.get("labels", [])]
    return found


def shown(page) -> tuple[set[str], set[str]]:
    nodes = page.evaluate("window.ecographExplorer.shownNodeIds()")
    edges = page.evaluate("window.ecographExplorer.shownEdgeIds()")
    return set(nodes), set(edges)


def edges_touching(page, entity_id: str) -> set[str]:
    return set(
        page.evaluate(
            "(id) => window.ecographExplorer.edges.getIds({filter: (e) => e.from === id || e.to === id})",
            entity_id,
        )
    )


def edges_of_seed_ties(page, ties: list[dict]) -> set[str]:
    """The drawn edge ids of these seed ties (the ids are the store's: matched by ends and type)."""
    wanted = [[t["source"], t["target"], t["type"]] for t in ties]
    return set(
        page.evaluate(
            """(wanted) => window.ecographExplorer.edges.getIds({
                filter: (e) => wanted.some(([s, t, type]) => e.from === s && e.to === t && e.type === type)
            })""",
            wanted,
        )
    )


def move_slider(page, day: str) -> None:
    page.locator("#time-at").fill(str(day_number(day)))


def test_as_of_the_end_of_september_the_mou_is_not_there_yet_but_the_tel_aviv_trip_is(
    seeded, api_url, browser_page
) -> None:
    mou, trip = the_event("Agreement"), the_event("Trip")
    assert trip["start_date"] <= SEPTEMBER_END < mou["start_date"]  # what the seed says, checked
    signed_then = [t for t in seed()["ties"] if t.get("valid_from") == mou["start_date"]]
    assert signed_then  # the partnerships the MoU signing started
    page = browser_page.page
    page.goto(f"{api_url}/viz")
    browser_page.wait_stable()
    everything, every_edge = shown(page)
    assert {mou["id"], trip["id"]} <= everything
    assert page.locator("#time-label").inner_text() == "every date"

    move_slider(page, SEPTEMBER_END)
    nodes, edges = shown(page)
    mou_ties = edges_touching(page, mou["id"]) | edges_of_seed_ties(page, signed_then)
    assert len(mou_ties) >= len(signed_then) + 3
    assert mou["id"] not in nodes
    assert not mou_ties & edges, "ties of the December MoU drawn in September"
    assert trip["id"] in nodes
    # the trip's participants came with it: their ties are dated by the trip
    trip_ties = edges_touching(page, trip["id"])
    assert trip_ties and trip_ties <= edges
    assert f"as of {SEPTEMBER_END}" in page.locator("#time-label").inner_text()
    assert parse_qs(urlsplit(page.url).query)["at"] == [SEPTEMBER_END]
    # the strip says which events are not there yet
    strip = page.get_by_role("list", name="Dated events")
    assert "outside" in strip.locator("li", has_text=mou["name"][:20]).get_attribute("class")
    assert "outside" not in strip.locator("li", has_text=trip["name"][:20]).get_attribute("class")
    # undated ties are marked (dotted) once the time view is on, and the key says so
    assert page.locator("#time-key").is_visible()
    browser_page.screenshot("time-as-of-september")

    # a kind filter off and on again draws those nodes anew: the date still holds for them
    events_box = page.locator("#kind-filters input[value=Event]")
    events_box.uncheck()
    assert not {mou["id"], trip["id"]} & shown(page)[0]
    events_box.check()
    assert shown(page) == (nodes, edges)

    move_slider(page, mou["start_date"])
    nodes, edges = shown(page)
    assert mou["id"] in nodes and mou_ties <= edges

    page.get_by_role("button", name="All dates").click()
    assert shown(page) == (everything, every_edge)
    assert "at" not in parse_qs(urlsplit(page.url).query)
    browser_page.assert_clean()


def test_a_deep_link_restores_the_date(seeded, api_url, browser_page) -> None:
    mou, trip = the_event("Agreement"), the_event("Trip")
    page = browser_page.page
    page.goto(f"{api_url}/viz?at={SEPTEMBER_END}")
    browser_page.wait_stable()
    nodes, _ = shown(page)
    assert trip["id"] in nodes and mou["id"] not in nodes
    assert page.locator("#time-at").input_value() == str(day_number(SEPTEMBER_END))
    # a bad date in the URL is ignored, not obeyed half-way
    page.goto(f"{api_url}/viz?at=2017-02-30")
    browser_page.wait_stable()
    assert mou["id"] in shown(page)[0]
    assert page.locator("#time-label").inner_text() == "every date"
    browser_page.assert_clean()


def test_range_mode_shows_what_happened_between_two_dates(seeded, api_url, browser_page) -> None:
    visit = the_event("Visit")
    trip, mou = the_event("Trip"), the_event("Agreement")
    page = browser_page.page
    page.goto(f"{api_url}/viz?from={visit['start_date']}&to={visit['end_date']}")
    browser_page.wait_stable()
    nodes, _ = shown(page)
    assert visit["id"] in nodes
    assert trip["id"] not in nodes  # it ended in September
    assert mou["id"] not in nodes  # it came the day after
    assert page.locator("#time-range").is_checked()
    assert page.locator("#time-from").is_visible()
    label = page.locator("#time-label").inner_text()
    assert f"from {visit['start_date']} to {visit['end_date']}" in label

    page.locator("#time-from").fill(str(day_number(trip["start_date"] + "-01")))
    assert trip["id"] in shown(page)[0]
    query = parse_qs(urlsplit(page.url).query)
    assert query["from"] == [trip["start_date"] + "-01"] and query["to"] == [visit["end_date"]]
    browser_page.assert_clean()


def test_clicking_an_event_in_the_strip_selects_it_and_brings_its_date(seeded, api_url, browser_page) -> None:
    mou = the_event("Agreement")
    page = browser_page.page
    page.goto(f"{api_url}/viz?at={SEPTEMBER_END}")
    browser_page.wait_stable()
    strip = page.get_by_role("list", name="Dated events")
    dated = sorted(events(), key=lambda e: (e["start_date"], e["id"]))
    assert strip.locator(".time-event-name").all_inner_texts() == [e["name"] for e in dated]
    strip.get_by_role("button", name=mou["name"][:20]).click()
    panel = page.get_by_role("complementary", name="Details")
    panel.wait_for(state="visible")
    assert panel.locator("h2").inner_text() == mou["name"]
    assert mou["id"] in shown(page)[0]
    assert page.evaluate("window.ecographExplorer.network.getSelectedNodes()") == [mou["id"]]
    assert parse_qs(urlsplit(page.url).query)["at"] == [mou["start_date"]]
    browser_page.assert_clean()


def test_play_forms_the_ecosystem_and_ends_without_errors(seeded, api_url, browser_page) -> None:
    page = browser_page.page
    page.goto(f"{api_url}/viz")
    browser_page.wait_stable()
    everything, _ = shown(page)
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("() => document.body.dataset.playing === 'true'")
    counts = []
    while page.evaluate("document.body.dataset.playing") == "true":
        counts.append(len(shown(page)[0]))
        page.wait_for_timeout(150)
    assert counts and min(counts) < len(everything)  # it started small…
    assert shown(page)[0] == everything  # …and ends with every entity
    slider = page.locator("#time-at")
    assert slider.input_value() == slider.get_attribute("max")
    assert page.get_by_role("button", name="Play").is_visible()
    browser_page.assert_clean()


def test_the_time_bar_is_on_the_entity_and_path_pages_too(seeded, api_url, browser_page) -> None:
    mou = the_event("Agreement")
    signatory = next(
        t["source"] for t in seed()["ties"] if t["target"] == mou["id"] and "org:" in t["source"]
    )
    page = browser_page.page
    for url in (
        f"{api_url}/viz/entity/{signatory}?at={SEPTEMBER_END}",
        f"{api_url}/viz/path?source=Qista&target=CFLD&at={SEPTEMBER_END}",
    ):
        page.goto(url)
        browser_page.wait_stable()
        assert page.get_by_role("region", name="Time").is_visible()
        nodes, _ = shown(page)
        drawn = set(page.evaluate("window.ecographExplorer.nodes.getIds()"))
        assert mou["id"] not in nodes and nodes < drawn
        assert f"as of {SEPTEMBER_END}" in page.locator("#time-label").inner_text()
    browser_page.assert_clean()


def test_a_hostile_event_name_in_the_strip_stays_text(db, api_url, browser_page) -> None:
    hostile = "<img src=x onerror=window.__pwned=1>Évent</script><script>window.__pwned=2</script>"
    document = {
        "sources": [{"id": "src:evil", "title": "t", "url": "https://example.org/"}],
        "entities": [
            {"id": "event:evil", "name": hostile, "kind": "Event", "start_date": "2019-03"},
            {"id": "org:host", "name": "Host", "kind": "Organization"},
        ],
        "ties": [
            {
                "source": "org:host",
                "target": "event:evil",
                "type": "PARTICIPATED_IN",
                "sources": ["src:evil"],
                "evidence": hostile,
                "properties": {"role": "host"},
            }
        ],
    }
    load(db, read_mapping(document, "hostile"))
    page = browser_page.page
    page.goto(f"{api_url}/viz?at=2019-02-28")
    browser_page.wait_stable()
    assert "event:evil" not in shown(page)[0]
    strip = page.get_by_role("list", name="Dated events")
    assert strip.locator(".time-event-name").all_inner_texts() == [hostile]
    strip.get_by_role("button").click()
    panel = page.get_by_role("complementary", name="Details")
    panel.wait_for(state="visible")
    assert panel.locator("h2").inner_text() == hostile
    assert "event:evil" in shown(page)[0]
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#timebar img, #panel img").count() == 0
    browser_page.assert_clean()
