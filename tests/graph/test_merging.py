"""How a write combines with what is stored (graph/merging.py), without Neo4j: corroboration adds a
source and its evidence once, confidence is the highest given, a review decision is never undone by
a source, the seen-dates widen, aliases accumulate."""

from __future__ import annotations

import doctest

import pytest

import graph.merging
from graph.merging import alias_props, merged_aliases, merged_tie


def _tie(**fields):
    base = {
        "sources": ["src:a"],
        "evidence": ["A says so"],
        "confidence": 0.8,
        "status": "accepted",
        "first_seen": "2017-12",
        "last_seen": "2017-12",
    }
    return {**base, **fields}


def test_a_new_tie_is_written_as_given():
    new = _tie()
    out = merged_tie(None, new)
    assert out == new
    assert out is not new  # a copy: the caller's row is left alone


def test_corroboration_appends_the_new_source_and_its_evidence():
    out = merged_tie(_tie(), _tie(sources=["src:b"], evidence=["B agrees"]))
    assert out["sources"] == ["src:a", "src:b"]
    assert out["evidence"] == ["A says so", "B agrees"]


def test_a_source_already_cited_is_not_appended_again():
    out = merged_tie(_tie(), _tie(evidence=["A says so, again"]))
    assert out["sources"] == ["src:a"]
    assert out["evidence"] == ["A says so"]


def test_only_the_sources_not_yet_cited_are_appended_with_their_own_evidence():
    new = _tie(sources=["src:a", "src:c", "src:b"], evidence=["A again", "C", "B"])
    out = merged_tie(_tie(), new)
    assert out["sources"] == ["src:a", "src:c", "src:b"]
    assert out["evidence"] == ["A says so", "C", "B"]


@pytest.mark.parametrize(
    ("stored", "given", "kept"),
    [(0.9, 0.6, 0.9), (0.6, 0.9, 0.9), (None, 0.7, 0.7), (0.7, None, 0.7)],
)
def test_confidence_is_the_highest_given(stored, given, kept):
    out = merged_tie(_tie(confidence=stored), _tie(sources=["src:b"], evidence=["B"], confidence=given))
    assert out["confidence"] == kept


@pytest.mark.parametrize("again", ["accepted", "candidate"])
def test_a_retracted_tie_stays_retracted(again):
    out = merged_tie(_tie(status="retracted"), _tie(sources=["src:b"], evidence=["B"], status=again))
    assert out["status"] == "retracted"


def test_an_accepted_tie_is_not_demoted_to_candidate():
    out = merged_tie(_tie(status="accepted"), _tie(sources=["src:b"], evidence=["B"], status="candidate"))
    assert out["status"] == "accepted"


def test_a_candidate_is_accepted_when_a_source_asserts_it_as_accepted():
    out = merged_tie(_tie(status="candidate"), _tie(sources=["src:b"], evidence=["B"], status="accepted"))
    assert out["status"] == "accepted"


def test_the_seen_dates_widen_both_ways():
    stored = _tie(first_seen="2017-12", last_seen="2018-03")
    earlier = merged_tie(stored, _tie(sources=["src:b"], evidence=["B"], first_seen="2016", last_seen="2016"))
    assert (earlier["first_seen"], earlier["last_seen"]) == ("2016", "2018-03")
    later = merged_tie(
        stored, _tie(sources=["src:c"], evidence=["C"], first_seen="2019-01-05", last_seen="2019-01-05")
    )
    assert (later["first_seen"], later["last_seen"]) == ("2017-12", "2019-01-05")


def test_an_undated_source_leaves_the_seen_dates_as_they_were():
    out = merged_tie(_tie(), _tie(sources=["src:b"], evidence=["B"], first_seen=None, last_seen=None))
    assert (out["first_seen"], out["last_seen"]) == ("2017-12", "2017-12")
    undated = merged_tie(_tie(first_seen=None, last_seen=None), _tie(sources=["src:b"], evidence=["B"]))
    assert (undated["first_seen"], undated["last_seen"]) == ("2017-12", "2017-12")


def test_a_field_the_new_row_leaves_empty_keeps_the_stored_value():
    out = merged_tie(_tie(valid_from="2015"), _tie(sources=["src:b"], evidence=["B"], valid_from=None))
    assert out["valid_from"] == "2015"


def test_aliases_accumulate_in_order_without_repeats():
    assert merged_aliases(["AMFT", "Aix-Marseille French Tech"], ["#AMFT", "AMFT"]) == [
        "AMFT",
        "Aix-Marseille French Tech",
        "#AMFT",
    ]
    assert merged_aliases(None, ["TechCode", "TechCode"]) == ["TechCode"]
    assert merged_aliases([], []) == []


def test_alias_props_fold_the_aliases_for_search():
    props = alias_props(["Pékin", "PEKIN", "Beijing"])
    assert props["aliases"] == ["Pékin", "PEKIN", "Beijing"]
    assert props["aliases_folded"] == ["pekin", "beijing"]


def test_docstring_examples():
    result = doctest.testmod(graph.merging)
    assert result.failed == 0
    assert result.attempted >= 2
