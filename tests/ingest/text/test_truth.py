"""The truth policy, pure: a rule's measured precision decides a tie's confidence and status."""

from __future__ import annotations

from ingest.text.models import TieDraft
from ingest.text.truth import TABLE, Measure, PrecisionTable, decide, load_table, table_from

TABLE_DATA = {
    "accept_at": 0.9,
    "min_produced": 10,
    "rules": {
        "sure": {"produced": 20, "correct": 19, "optional": 2, "precision": 0.95},
        "shaky": {"produced": 20, "correct": 14, "optional": 0, "precision": 0.7},
        "rare": {"produced": 4, "correct": 4, "optional": 0, "precision": 1.0},
        "narrow": {"produced": 3, "correct": 3, "optional": 0, "precision": 1.0},
        "narrow-wrong": {"produced": 3, "correct": 1, "optional": 0, "precision": 0.333},
    },
    "types": {
        "OPERATES_IN": {"produced": 30, "correct": 24, "optional": 0, "precision": 0.8},
        "INVESTED_IN": {"produced": 18, "correct": 18, "optional": 0, "precision": 1.0},
        "OWNS": {"produced": 4, "correct": 4, "optional": 0, "precision": 1.0},
    },
}


def draft(rule: str, confidence: float = 0.85, type: str = "OPERATES_IN", **extra) -> TieDraft:
    return TieDraft(
        source="org:zorbalix",
        target="place:quenteville",
        type=type,
        sentence_start=0,
        sentence_end=40,
        confidence=confidence,
        rule=rule,
        **extra,
    )


TABLE_ = table_from(TABLE_DATA)


def test_a_rule_measured_precise_gives_accepted_ties_with_its_precision() -> None:
    assert decide(draft("sure"), TABLE_) == (0.95, "accepted")
    assert decide(draft("sure", confidence=0.5), TABLE_) == (0.95, "accepted")  # the prior is replaced


def test_a_rule_measured_below_the_bar_gives_candidates_with_its_precision() -> None:
    assert decide(draft("shaky", confidence=0.95), TABLE_) == (0.7, "candidate")


def test_an_unmeasured_rule_gives_candidates_capped_below_the_bar() -> None:
    # 4 ties of its own, and its type has fewer than min_produced in all: no measure
    assert decide(draft("rare", confidence=0.95, type="OWNS"), TABLE_) == (0.89, "candidate")
    assert decide(draft("never-seen", confidence=0.95), TABLE_) == (0.89, "candidate")
    assert decide(draft("never-seen", confidence=0.6), TABLE_) == (0.6, "candidate")


def test_a_narrow_rule_is_judged_with_its_tie_type() -> None:
    """(correct + 10 x pooled) / (produced + 10): 3 right of 3 is trusted only in a type that is."""
    assert decide(draft("narrow", type="INVESTED_IN"), TABLE_) == (1.0, "accepted")
    assert decide(draft("narrow"), TABLE_) == (0.85, "candidate")  # (3 + 8) / 13 in OPERATES_IN
    assert decide(draft("narrow-wrong", type="INVESTED_IN"), TABLE_) == (0.85, "candidate")  # 11 / 13


def test_a_hedge_or_an_uncertain_link_lowers_the_confidence_and_a_hedge_is_never_accepted() -> None:
    assert decide(draft("sure", hedged=True, factor=0.6), TABLE_) == (0.57, "candidate")
    assert decide(draft("sure", factor=0.8), TABLE_) == (0.76, "candidate")  # 0.95 x 0.8
    # hedged, even where the factor does not show it (a table that would trust it otherwise)
    assert decide(draft("sure", hedged=True), TABLE_) == (0.95, "candidate")


def test_the_stage_is_not_the_policys_business() -> None:
    """A planned tie of a precise rule is accepted, as a plan: the stage stays on the draft."""
    plan = draft("sure", stage="planned")
    assert decide(plan, TABLE_) == (0.95, "accepted") and plan.stage == "planned"
    assert decide(draft("shaky", stage="planned"), TABLE_)[1] == "candidate"


def test_the_bar_is_compared_on_the_stored_confidence() -> None:
    table = PrecisionTable({"r": Measure(produced=1000, correct=899)})  # 0.899: stored as 0.90
    assert decide(draft("r"), table) == (0.9, "accepted")


def test_the_generated_table_loads_and_says_how_it_was_measured() -> None:
    table = load_table()
    assert (table.accept_at, table.min_produced) == (0.9, 10)
    header = TABLE.read_text(encoding="utf-8")
    assert "bench/extraction.py --calibrate" in header and "commit:" in header
    assert all(m.correct <= m.produced for m in table.rules.values())
