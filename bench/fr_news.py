"""The text pipeline scored on real French news: `../shared/corpus/fr-news` and its hand-made gold.

The corpus's texts are third-party prose. They are read from that folder at run time and never
copied into the project; what this module prints about them is names, tie types and character
offsets, never a sentence. Parts: `dev` = `a/` + the odd-numbered texts of `b/`; `held-out` = the
even-numbered texts of `b/`, reported apart, its errors never listed (no rule is tuned on it).

The pipeline links against the curated seed dataset's entities (a new user's graph), so nothing of
the gold reaches it. Names are compared by `form`: `graph.model.fold` after typographic variants
(curly apostrophes, hyphens) are made plain, with a leading French article dropped ("l’Université"
and "Université" are one name).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from graph.model import fold
from ingest.seed import seed_entities
from ingest.text.models import Article, Extraction, KnownEntity
from ingest.text.reader import read_article

REPO = Path(__file__).resolve().parents[1]
FR_NEWS = REPO.parent / "shared" / "corpus" / "fr-news"
WORDS_PER_ARTICLE = 300
PARTS = ("dev", "held-out")
BUCKETS = (0.0, 0.5, 0.7, 0.8, 0.9)  # lower edges; the last bucket is [0.9, 1.0]

CORRECT, OPTIONAL, TRAP, WRONG = "correct", "optional", "trap", "wrong"
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "‐": " ", "‑": " ", "–": " ", "-": " "})
_ARTICLE = re.compile(r"^(?:l'|la |le |les )")


def form(name: str) -> str:
    """The form two names are compared in.

    >>> form("l’Université") == form("UNIVERSITE") and form("Tel-Aviv") == form("Tel Aviv")
    True
    """
    return _ARTICLE.sub("", fold(name.translate(_TYPOGRAPHY)))


# ---------------------------------------------------------------------------- corpus


@dataclass
class NewsText:
    slug: str  # "a/01-…": folder and file stem
    article: Article
    gold: dict  # {entities, ties, traps}


def load_parts(root: Path = FR_NEWS) -> dict[str, list[NewsText]]:
    """dev = a/ + odd b/, held-out = even b/, each text with its gold."""
    parts: dict[str, list[NewsText]] = {p: [] for p in PARTS}
    for folder in ("a", "b"):
        gold = json.loads((root / folder / "gold.json").read_text(encoding="utf-8"))["articles"]
        for slug in sorted(gold):
            held_out = folder == "b" and int(slug[:2]) % 2 == 0
            text = NewsText(f"{folder}/{slug}", _read(root / folder, slug), gold[slug])
            parts["held-out" if held_out else "dev"].append(text)
    return parts


def _read(folder: Path, slug: str) -> Article:
    meta = json.loads((folder / f"{slug}.meta.json").read_text(encoding="utf-8"))
    published = meta.get("published")
    full_date = isinstance(published, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", published)
    return read_article(
        folder / f"{slug}.txt",
        url=meta.get("url"),
        title=meta.get("title"),
        published=date.fromisoformat(published) if full_date else None,
    )


# ---------------------------------------------------------------------------- counts


@dataclass
class Counts:
    """P = correct / produced, R = found / gold (for ties, found == correct)."""

    gold: int = 0
    produced: int = 0
    correct: int = 0
    found: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.gold += other.gold
        self.produced += other.produced
        self.correct += other.correct
        self.found += other.found
        return self

    @property
    def precision(self) -> float:
        return self.correct / self.produced if self.produced else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Verdict:
    outcome: str  # CORRECT | OPTIONAL | TRAP | WRONG
    gold: int | None = None  # index of the gold tie whose ends and type it has (under a trap too)
    trap: int | None = None  # index of the trap it hits


@dataclass
class Produced:
    """Extracted ties that count as one: those that match the same gold tie or hit the same trap, or
    (wrong ones) have the same type and resolved ends. The most confident stands for them."""

    verdict: Verdict
    type: str  # the gold tie's (or trap's) type when it matches one, else the tie's own
    ties: list[dict]  # most confident first

    @property
    def tie(self) -> dict:
        return self.ties[0]


@dataclass
class ArticleScore:
    entities: Counts
    missed_entities: list[str]
    produced: list[Produced]
    judged: list[tuple[dict, Verdict]]
    required: list[int]  # indexes of the required gold ties
    names: dict[str, str]  # extracted id -> its name, for listings
    reached: set[str]  # the gold entities some extracted entity resolves to


# ---------------------------------------------------------------------------- the scoring rule


def stated_as(tie: dict) -> str:
    """The gold's status words for an extracted tie: planned (stage), hedged (a candidate), stated."""
    if tie.get("stage") == "planned":
        return "planned"
    return "hedged" if tie.get("status") == "candidate" else "stated"


def judge_tie(tie: dict, source: set[str], target: set[str], gold: dict) -> Verdict:
    """One extracted tie against one article's gold; `source` and `target` are the gold entity
    names its two ends resolve to. The rule is the gold's own (fr-news `gold.json`,
    `schema.scoring_hint`):

        Required ties = ties without optional:true. Match an extracted tie to a gold tie when both
        endpoints resolve to the same entities (by name or alias) and the type equals type or one
        of alt_types; PARTNERS_WITH is undirected. Optional gold ties neither reward nor penalise.
        A produced trap counts as an error; a trap that carries status, amount or role is hit only
        when the extracted tie has that status, amount or role, since its triple is also a correct
        gold tie.

    A trap hit is an error even when the tie's triple is a gold tie (it then does not find that gold
    tie; `Verdict.gold` still names it, for the status count). Traps match on their exact type; the
    tie's status is read by `stated_as`, its role from `title` (or `role`), its amount from `amount`,
    a trap's role or amount being hit when it is a whole word of the tie's (folded). A required gold
    tie is preferred to an optional one.
    """
    ties = gold["ties"]
    order = [i for i, g in enumerate(ties) if not g.get("optional")]
    order += [i for i, g in enumerate(ties) if g.get("optional")]
    match = next(
        (
            i
            for i in order
            if tie["type"] in (ties[i]["type"], *ties[i].get("alt_types", []))
            and _same_ends(tie["type"], ties[i], source, target)
        ),
        None,
    )
    for t, trap in enumerate(gold.get("traps", [])):
        if _hits(trap, tie, source, target):
            return Verdict(TRAP, match, t)
    if match is None:
        return Verdict(WRONG)
    return Verdict(OPTIONAL if ties[match].get("optional") else CORRECT, match)


def _same_ends(type_: str, g: dict, source: set[str], target: set[str]) -> bool:
    if g["source"] in source and g["target"] in target:
        return True
    return type_ == "PARTNERS_WITH" and g["source"] in target and g["target"] in source


def _hits(trap: dict, tie: dict, source: set[str], target: set[str]) -> bool:
    if tie["type"] != trap["type"] or not _same_ends(tie["type"], trap, source, target):
        return False
    props = tie.get("properties") or {}
    if "status" in trap and stated_as(tie) != trap["status"]:
        return False
    if "role" in trap and not _has(props.get("title") or props.get("role"), trap["role"]):
        return False
    return "amount" not in trap or _has(props.get("amount"), trap["amount"])


def _has(value: str | None, wanted: str) -> bool:
    return bool(value) and re.search(rf"\b{re.escape(fold(wanted))}\b", fold(value)) is not None


# ---------------------------------------------------------------------------- one article


def score_article(ex: Extraction, gold: dict, known: dict[str, KnownEntity]) -> ArticleScore:
    """Entities and ties of one extraction against one article's gold."""
    resolved, names = _resolve(ex, gold, known)
    entities, missed = score_entities(resolved, gold["entities"])
    judged = [
        (t, judge_tie(t, resolved.get(t["source"], set()), resolved.get(t["target"], set()), gold))
        for t in ex.ties
    ]
    required = [i for i, g in enumerate(gold["ties"]) if not g.get("optional")]
    reached = set().union(*resolved.values())
    produced = _group(judged, resolved, gold)
    return ArticleScore(entities, missed, produced, judged, required, names, reached)


def _resolve(ex: Extraction, gold: dict, known: dict[str, KnownEntity]) -> tuple[dict, dict]:
    """Every extracted entity -> the gold entity names it resolves to; and -> its name."""
    forms, names = extracted_forms(ex, known)
    index = _gold_index(gold["entities"])
    return {i: set().union(*(index.get(f, set()) for f in fs)) for i, fs in forms.items()}, names


# ---------------------------------------------------------------------------- rules, for calibration


@dataclass
class RuleCount:
    """One rule's ties on a corpus: produced (optional gold matches left out), right, and the optional
    gold matches apart."""

    produced: int = 0
    correct: int = 0
    optional: int = 0


def count_rules(
    ex: Extraction,
    gold: dict,
    known: dict[str, KnownEntity],
    into: dict[str, RuleCount],
    by_type: dict[str, RuleCount],
) -> None:
    """Each extracted tie judged by the gold's rule, counted under the rule of the draft it comes from.

    A tie is judged as its wording states it (a candidate when hedged, else stated), not by the status
    the current table gave it, so the counts do not depend on the table they are used to write. Right:
    it matches a required gold tie; wrong: it hits a trap or matches nothing; a match of an optional
    gold tie is counted apart (the gold's rule: it neither rewards nor penalises).
    """
    resolved, _ = _resolve(ex, gold, known)
    for tie, draft in zip(ex.ties, ex.drafts, strict=True):
        worded = {**tie, "status": "candidate" if draft.hedged else "accepted"}
        v = judge_tie(worded, resolved.get(tie["source"], set()), resolved.get(tie["target"], set()), gold)
        for c in (into.setdefault(draft.rule, RuleCount()), by_type.setdefault(tie["type"], RuleCount())):
            if v.outcome == OPTIONAL:
                c.optional += 1
            else:
                c.produced += 1
                c.correct += v.outcome == CORRECT


def extracted_forms(ex: Extraction, known: dict[str, KnownEntity]) -> tuple[dict, dict]:
    """Every entity of the extraction (new ones; known ones it mentions or ties) -> the forms of its
    name and aliases; and -> its name."""
    forms: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for e in ex.entities:
        forms[e["id"]] = {form(n) for n in (e["name"], *(e.get("aliases") or []))}
        names[e["id"]] = e["name"]
    used = {m["entity_id"] for m in ex.mentions} | {t[end] for t in ex.ties for end in ("source", "target")}
    for i in sorted(used - forms.keys() - {None}):
        k = known.get(i)
        forms[i] = {form(n) for n in (k.name, *k.aliases)} if k else set()
        names[i] = k.name if k else i
    return forms, names


def _gold_index(entities: list[dict]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for g in entities:
        for n in (g["name"], *g.get("aliases", [])):
            index.setdefault(form(n), set()).add(g["name"])
    return index


def score_entities(resolved: dict[str, set[str]], gold: list[dict]) -> tuple[Counts, list[str]]:
    """Each extracted entity is right when it resolves to a required gold entity, ignored when only
    to optional ones, wrong otherwise; a gold entity is found when some extracted entity resolves
    to it."""
    required = {g["name"] for g in gold if not g.get("optional")}
    c = Counts(gold=len(required))
    found: set[str] = set()
    for hits in resolved.values():
        if hits & required:
            c.produced += 1
            c.correct += 1
            found |= hits & required
        elif not hits:
            c.produced += 1
    c.found = len(found)
    return c, [g["name"] for g in gold if g["name"] in required - found]


def _group(judged: list[tuple[dict, Verdict]], resolved: dict, gold: dict) -> list[Produced]:
    groups: dict[tuple, Produced] = {}
    for tie, v in sorted(judged, key=lambda tv: -tv[0]["confidence"]):
        if v.outcome == TRAP:
            key, type_ = ("trap", v.trap), gold["traps"][v.trap]["type"]
        elif v.gold is not None:
            key, type_ = ("gold", v.gold), gold["ties"][v.gold]["type"]
        else:
            ends = [_end_key(tie[e], resolved) for e in ("source", "target")]
            if tie["type"] == "PARTNERS_WITH":
                ends.sort()
            key, type_ = ("wrong", tie["type"], *ends), tie["type"]
        groups.setdefault(key, Produced(v, type_, [])).ties.append(tie)
    return list(groups.values())


def _end_key(entity_id: str, resolved: dict[str, set[str]]) -> str:
    names = resolved.get(entity_id)
    return "gold:" + "|".join(sorted(names)) if names else entity_id


# ---------------------------------------------------------------------------- a part


@dataclass
class PartScore:
    texts: int = 0
    words: int = 0
    entities: Counts = field(default_factory=Counts)
    ties: Counts = field(default_factory=Counts)
    accepted: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=dict)
    status: dict[str, list[int]] = field(default_factory=lambda: {"planned": [0, 0], "hedged": [0, 0]})
    calibration: list[list[int]] = field(default_factory=lambda: [[0, 0] for _ in BUCKETS])
    unreachable: int = 0  # required gold ties with an end no extracted entity resolved to
    errors: list[str] = field(default_factory=list)

    def add(self, slug: str, text: str, gold: dict, s: ArticleScore) -> None:
        self.texts += 1
        self.words += len(text.split())
        self.entities += s.entities
        for i in s.required:
            g = gold["ties"][i]
            self._count(g["type"]).gold += 1
            self.unreachable += not {g["source"], g["target"]} <= s.reached
        self.ties.gold += len(s.required)
        self.accepted.gold += len(s.required)
        for p in s.produced:
            if p.verdict.outcome != OPTIONAL:
                self._produced(p)
        self._statuses(gold, s)
        self.errors += listing(slug, gold, s)

    def _count(self, type_: str) -> Counts:
        return self.by_type.setdefault(type_, Counts())

    def _produced(self, p: Produced) -> None:
        right = p.verdict.outcome == CORRECT
        accepted = p.tie["status"] == "accepted"
        for c in (self.ties, self._count(p.type)):
            c.produced += 1
            c.correct += right
            c.found += right
        self.accepted.produced += accepted
        self.accepted.correct += right and accepted
        self.accepted.found += right and accepted
        bucket = self.calibration[sum(p.tie["confidence"] >= edge for edge in BUCKETS) - 1]
        bucket[0] += 1
        bucket[1] += right

    def _statuses(self, gold: dict, s: ArticleScore) -> None:
        """A planned (hedged) gold tie the extraction has is marked when every tie with its triple
        is: stage planned (a candidate, or stage planned)."""
        for i, g in enumerate(gold["ties"]):
            if g["status"] not in self.status:
                continue
            ties = [t for t, v in s.judged if v.gold == i]
            if ties:
                self.status[g["status"]][1] += 1
                self.status[g["status"]][0] += all(_marked(t, g["status"]) for t in ties)


def _marked(tie: dict, status: str) -> bool:
    planned = tie.get("stage") == "planned"
    return planned if status == "planned" else planned or tie.get("status") == "candidate"


def listing(slug: str, gold: dict, s: ArticleScore) -> list[str]:
    """Missed required gold ties and entities, false positives and trap hits: names, types and
    character offsets only, never the text."""
    found = {p.verdict.gold for p in s.produced if p.verdict.outcome == CORRECT}
    lines = [f"{slug}: missed entity {name}" for name in s.missed_entities]
    for i in s.required:
        if i not in found:
            g = gold["ties"][i]
            lines.append(f"{slug}: missed {g['type']} {g['source']} → {g['target']} ({g['status']})")
    for p in s.produced:
        if p.verdict.outcome in (WRONG, TRAP):
            t = p.tie
            what = "trap hit" if p.verdict.outcome == TRAP else "false positive"
            props = t.get("properties") or {}
            lines.append(
                f"{slug}: {what} {t['type']} {s.names.get(t['source'], t['source'])} → "
                f"{s.names.get(t['target'], t['target'])}, chars {props.get('sentence_start')}–"
                f"{props.get('sentence_end')} ({t['confidence']:.2f} {t['status']})"
            )
    return lines


# ---------------------------------------------------------------------------- a run


def run(model: str, repeat: int, root: Path = FR_NEWS) -> tuple[dict[str, PartScore], float]:
    """Each part's scores, and the pipeline's speed over the whole corpus in 300-word articles/s."""
    from ingest.text.pipeline import TextPipeline  # spaCy: only for a run, not for the scoring

    known = seed_entities()
    by_id = {k.id: k for k in known}
    pipeline = TextPipeline(known, model=model)
    parts = load_parts(root)
    scores = {name: PartScore() for name in parts}
    for name, texts in parts.items():
        for t in texts:
            scores[name].add(
                t.slug, t.article.text, t.gold, score_article(pipeline.run(t.article), t.gold, by_id)
            )
    articles = [t.article for texts in parts.values() for t in texts]
    started = time.perf_counter()
    for _ in range(repeat):
        for a in articles:
            pipeline.run(a)
    elapsed = time.perf_counter() - started
    words = sum(len(a.text.split()) for a in articles) * repeat
    return scores, words / elapsed / WORDS_PER_ARTICLE


def calibrate(
    model: str, root: Path = FR_NEWS
) -> tuple[dict[str, RuleCount], dict[str, RuleCount], int]:
    """Every rule's counts on dev (never held-out), every tie type's (all its rules together), and how
    many texts: the pipeline runs with an empty precision table, so nothing of a previous measure
    leaks into this one."""
    from ingest.text.pipeline import TextPipeline
    from ingest.text.truth import PrecisionTable

    known = seed_entities()
    by_id = {k.id: k for k in known}
    pipeline = TextPipeline(known, model=model, precision=PrecisionTable())
    counts: dict[str, RuleCount] = {}
    by_type: dict[str, RuleCount] = {}
    texts = load_parts(root)["dev"]
    for t in texts:
        count_rules(pipeline.run(t.article), t.gold, by_id, counts, by_type)
    return dict(sorted(counts.items())), dict(sorted(by_type.items())), len(texts)


def dev_files(root: Path = FR_NEWS) -> list[Path]:
    """The files the dev part is read from (texts, their metadata, the gold), for a fingerprint."""
    files = []
    for folder in ("a", "b"):
        files.append(root / folder / "gold.json")
        for text in sorted((root / folder).glob("*.txt")):
            if folder == "a" or int(text.name[:2]) % 2 == 1:
                files += [text, text.with_suffix(".meta.json")]
    return files


# ---------------------------------------------------------------------------- the report

_PART_TITLE = {"dev": "fr-news a/ + odd b/", "held-out": "fr-news even b/, nothing tuned on it"}


def report(scores: dict[str, PartScore], show_errors: bool = False) -> list[str]:
    """Each part's tables, then the calibration of both; with `show_errors`, dev's misses and
    extras (never held-out's: no rule is tuned on it)."""
    lines: list[str] = []
    for name in PARTS:
        lines.append(
            f"-- {name} ({_PART_TITLE[name]}): {scores[name].texts} texts, {scores[name].words} words"
        )
        if show_errors and name == "dev":
            lines += [f"   {e}" for e in scores[name].errors]
        lines += _part_lines(scores[name])
    return lines + _calibration_lines(scores)


def _part_lines(s: PartScore) -> list[str]:
    lines = [
        _line("entities", s.entities),
        _line("ties", s.ties),
        _line("ties accepted", s.accepted),
        f"   status: planned marked {'/'.join(map(str, s.status['planned']))},"
        f" hedged marked {'/'.join(map(str, s.status['hedged']))}",
        f"   required gold ties with an end no extracted entity resolves to: {s.unreachable}/{s.ties.gold}",
        f"   {'type':18} {'gold':>5} {'prod':>5} {'right':>5} {'P':>5} {'R':>5} {'F1':>5}",
    ]
    for type_, c in [*sorted(s.by_type.items()), ("all", s.ties)]:
        counts = f"{c.gold:5} {c.produced:5} {c.correct:5}"
        lines.append(f"   {type_:18} {counts} {c.precision:5.2f} {c.recall:5.2f} {c.f1:5.2f}")
    return lines


def _calibration_lines(scores: dict[str, PartScore]) -> list[str]:
    lines = [
        "-- calibration: confidence -> ties produced, right, observed precision",
        f"   {'confidence':12}" + "".join(f" | {p:^20}" for p in PARTS),
    ]
    edges = [*BUCKETS, 1.0]
    for b in range(len(BUCKETS)):
        label = f"[{edges[b]:.1f}, {edges[b + 1]:.1f}" + ("]" if b == len(BUCKETS) - 1 else ")")
        cells = ""
        for name in PARTS:
            produced, right = scores[name].calibration[b]
            precision = f"{right / produced:.2f}" if produced else "-"
            cells += f" | {produced:6} {right:6} {precision:>6}"
        lines.append(f"   {label:12}{cells}")
    for name in PARTS:
        a = scores[name].accepted
        precision = f"{a.precision:.2f}" if a.produced else "-"
        lines.append(f"   {name}: accepted ties: P = {precision}, n = {a.produced}")
    return lines


def _line(label: str, c: Counts) -> str:
    return (
        f"   {label:14} P {c.precision:.2f}  R {c.recall:.2f}  F1 {c.f1:.2f}"
        f"   ({c.correct}/{c.produced} produced are right, {c.found}/{c.gold} gold found)"
    )
