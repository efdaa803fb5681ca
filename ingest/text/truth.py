"""The truth policy: which extracted ties are stored as accepted, and with what confidence.

A tie is *accepted* only when the rule that found it was measured precise on the dev corpus (its
precision, in `rule_precision.yaml`, at least the table's `accept_at`, 0.9) and the sentence does not
hedge it; otherwise it is a *candidate* for review. Its confidence is that measured precision times
the draft's own `factor` (a hedge, an uncertain link lower it). A rule the table has not measured
(absent, or produced fewer than `min_produced` times on dev) keeps its prior confidence, capped below
`accept_at`, and its ties are candidates. The stage is not touched: a planned tie of a precise rule is
accepted as a plan.

The decision is pure (`decide`); `load_table` reads the generated YAML (`bench/extraction.py
--calibrate` writes it).

>>> table = table_from({"accept_at": 0.9, "min_produced": 10,
...                     "rules": {"belongs": {"produced": 20, "correct": 19, "precision": 0.95}}})
>>> decide(TieDraft(source="a", target="b", type="OWNS", sentence_start=0, sentence_end=1,
...                 confidence=0.9, rule="belongs"), table)
(0.95, 'accepted')
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

    def precision(self, rule: str) -> float | None:
        """The rule's measured precision, or None when it has no trustworthy measure."""
        m = self.rules.get(rule)
        return m.precision if m is not None and m.produced >= self.min_produced else None


def table_from(data: dict) -> PrecisionTable:
    rules = {
        name: Measure(produced=int(r["produced"]), correct=int(r["correct"]))
        for name, r in (data.get("rules") or {}).items()
    }
    return PrecisionTable(rules, float(data["accept_at"]), int(data["min_produced"]))


@lru_cache(maxsize=4)
def load_table(path: Path = TABLE) -> PrecisionTable:
    return table_from(yaml.safe_load(path.read_text(encoding="utf-8")))


def decide(draft: TieDraft, table: PrecisionTable) -> tuple[float, str]:
    """(confidence, status) of a draft under the table; the confidence is rounded to two places, as
    stored, before it is compared, so an accepted tie never shows less than `accept_at`."""
    precision = table.precision(draft.rule)
    if precision is None:
        return min(round(draft.confidence, 2), round(table.accept_at - 0.01, 2)), CANDIDATE
    confidence = round(precision * draft.factor, 2)
    accepted = confidence >= table.accept_at and not draft.hedged
    return confidence, ACCEPTED if accepted else CANDIDATE
