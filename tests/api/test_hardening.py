"""A hostile caller's inputs that used to answer 500 (issue 12, item 8): each is now a 4xx."""

from __future__ import annotations

import pytest

from api.params import MAX_OFFSET

PAGED = [
    ("/entities", {"q": "pekin"}, "offset", "items"),
    ("/sources", {}, "offset", "items"),
    ("/sources/src:amft-2017-techcode-marseille", {}, "offset", "ties"),
    ("/events", {}, "offset", "items"),
    ("/entities/org:techcode/timeline", {}, "offset", "items"),
    ("/entities/org:techcode", {}, "ties_offset", "ties"),
    ("/ties/conflicts", {}, "offset", "items"),
    ("/analytics/communities", {}, "offset", "items"),
    ("/connections", {"a": "Qista", "b": "TechCode"}, "offset", "common_neighbors"),
]


@pytest.mark.parametrize(("route", "given", "offset", "page"), PAGED)
def test_an_offset_past_what_neo4j_takes_is_422_and_the_largest_one_an_empty_page(
    seeded, http, route, given, offset, page
) -> None:
    too_far = http.get(route, params={**given, offset: MAX_OFFSET + 1})
    assert too_far.status_code == 422 and offset in too_far.text
    last = http.get(route, params={**given, offset: MAX_OFFSET})
    assert last.status_code == 200, last.text
    assert last.json()[page] == []


def test_a_non_ascii_api_key_is_refused_not_a_server_error(seeded, http) -> None:
    answer = http.post(
        "/import",
        headers={"X-API-Key": "clé-été".encode()},
        files={"file": ("x.yaml", b"entities: []\n")},
    )
    assert answer.status_code == 401 and "X-API-Key" in answer.json()["detail"]
