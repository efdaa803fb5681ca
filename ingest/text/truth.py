"""The truth policy: which extracted ties are stored as accepted, and with what confidence.

A tie is *accepted* only when the rule that found it was measured precise on the dev corpus (its
precision, in `rule_precision.yaml`, at least the table's `accept_at`, 0.9) and the sentence does not
hedge it; otherwise it is a *candidate* for review. Its confidence is that measured precision times
the draft's own `factor` (a hedge, an uncertain link lower it). The stage is not touched: a planned
tie of a precise rule is accepted as a plan.

A rule's precision is its own ratio once it produced `min_produced` ties on dev. Most rules are
narrow and produce fewer; their ratio alone says little (one lucky tie is 1.0), so it is shrunk
towards what every rule of the same tie type achieved together, as if the rule had also produced
`min_produced` ties at that pooled precision: (correct + k * pooled) / (produced + k). A narrow rule
of a type that is right 18 times in 18 is trusted; one of a type right 8 times in 10 is not, however
lucky it was. A rule the dev corpus never produced, or of a type with fewer than `min_produced` ties
in all, has no measure: it keeps its prior confidence, capped below `accept_at`, and its ties are
candidates.

The decision is pure (`decide`); `load_table` reads the generated YAML (`bench/extraction.py
--calibrate` writes it).

>>> table = table_from({"accept_at": 0.9, "min_produced": 10,
...                     "rules": {"belongs": {"produced": 20, "correct": 19, "precision": 0.95}}})
>>> decide(TieDraft(source="a", target="b", type="OWNS", sentence_start=0, sentence_end=1,
...                 confidence=0.9, rule="belongs"), table)
(0.95, 'accepted')
>>> narrow = table_from({"accept_at": 0.9, "min_produced": 10,
...                      "rules": {"bought": {"produced": 2, "correct": 2}},
...                      "types": {"OWNS": {"produced": 20, "correct": 16}}})
>>> decide(TieDraft(source="a", target="b", type="OWNS", sentence_start=0, sentence_end=1,
...                 confidence=0.9, rule="bought"), narrow)
(0.83, 'candidate')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ingest.text.models import TieDraft

TABLE = Path(__file__).with_name("rule_precision.yaml")
ACCEPTED, CANDIDATE = "accepted", "candidate"


@dataclass(frozen=True)
class Measure:
    """How one rule did on the dev corpus: ties produced (optional gold matches left out), right."""

    produced: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.produced if self.produced else 0.0


@dataclass(frozen=True)
class PrecisionTable:
    rules: dict[str, Measure] = field(default_factory=dict)
    accept_at: float = 0.9
    min_produced: int = 10
    types: dict[str, Measure] = field(default_factory=dict)

    def precision(self, rule: str, tie_type: str) -> float | None:
        """The rule's measured precision, shrunk towards its tie type's when the rule alone produced
        too few ties; None when there is no trustworthy measure."""
        m = self.rules.get(rule)
        if m is None or m.produced == 0:
            return None
        if m.produced >= self.min_produced:
            return m.precision
        pooled = self.types.get(tie_type)
        if pooled is None or pooled.produced < self.min_produced:
            return None
        k = self.min_produced
        return (m.correct + k * pooled.precision) / (m.produced + k)


def _measures(rows: dict | None) -> dict[str, Measure]:
    return {
        name: Measure(produced=int(r["produced"]), correct=int(r["correct"]))
        for name, r in (rows or {}).items()
    }


def table_from(data: dict) -> PrecisionTable:
    return PrecisionTable(
        _measures(data.get("rules")),
        float(data["accept_at"]),
        int(data["min_produced"]),
        _measures(data.get("types")),
    )


@lru_cache(maxsize=4)
def load_table(path: Path = TABLE) -> PrecisionTable:
    return table_from(yaml.safe_load(path.read_text(encoding="utf-8")))


def decide(draft: TieDraft, table: PrecisionTable) -> tuple[float, str]:
    """(confidence, status) of a draft under the table; the confidence is rounded to two places, as
    stored, before it is compared, so an accepted tie never shows less than `accept_at`."""
    precision = table.precision(draft.rule, draft.type)
    if precision is None:
        return min(round(draft.confidence, 2), round(table.accept_at - 0.01, 2)), CANDIDATE
    confidence = round(precision * draft.factor, 2)
    accepted = confidence >= table.accept_at and not draft.hedged
    return confidence, ACCEPTED if accepted else CANDIDATE
