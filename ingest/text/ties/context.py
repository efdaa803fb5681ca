"""What every tie rule needs about one sentence: which tokens name which entity, the subject of a
verb, pronouns and definite descriptions pointing back, hedging, and the dates of the sentence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from spacy.tokens import Span, Token

from graph.dates import iso_at
from ingest.text.models import DateRef, Resolved, ResolvedEntity, Stage, TieDraft
from ingest.text.nlp import text_of
from ingest.text.vocabulary import ENDED_MARKERS, HEDGE_MARKERS, PLANNING_VERBS

# Dependencies that open another clause: an entity found below them is about something else.
CLAUSE_DEPS = {"acl", "acl:relcl", "advcl", "ccomp", "parataxis", "csubj", "punct", "cc"}
PRONOUNS = {"il", "elle", "ils", "elles"}


class Bodies(Protocol):
    def municipality(self, place: str | None) -> str | None: ...

    def consulate(self, places: list[str]) -> str | None: ...


@dataclass
class Discourse:
    """What the document said before the current sentence."""

    subjects: list[str] = field(default_factory=list)  # entity keys that were clause subjects
    persons: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # person key -> organisation key
    previous_subject: str | None = None

    def topic_org(self, entities: dict[str, ResolvedEntity], exclude: Iterable[str] = ()) -> str | None:
        for key in reversed(self.subjects):
            if entities[key].kind == "Organization" and key not in exclude:
                return key
        return None


@dataclass
class Sentence:
    span: Span
    resolved: Resolved
    token_entity: dict[int, str]
    reference_tokens: set[int]
    dates: list[DateRef]
    discourse: Discourse
    bodies: Bodies  # municipalities and consulates the text implies

    @property
    def start(self) -> int:
        return self.span.start_char

    @property
    def end(self) -> int:
        return self.span.end_char

    def kind(self, key: str) -> str:
        return self.resolved.entities[key].kind

    def name(self, key: str) -> str:
        return self.resolved.entities[key].name

    def entity(self, token: Token, kinds: Iterable[str] | None = None) -> str | None:
        """The entity a token names, a pronoun or "nous" points to, or None."""
        key = self.token_entity.get(token.i)
        if key is None and token.lower_ in PRONOUNS and token.dep_.startswith("nsubj"):
            key = self.discourse.previous_subject or (
                self.discourse.persons[-1] if self.discourse.persons else None
            )
        if key is None and token.lower_ == "nous":
            key = self._speaker_org()
        if key is not None and kinds is not None and self.kind(key) not in kinds:
            if self.kind(key) == "Person" and "Organization" in kinds and "Person" not in kinds:
                return self.discourse.roles.get(key)  # "elle souhaite créer une filiale": her company
            return None
        return key

    def _speaker_org(self) -> str | None:
        for token in self.span:
            key = self.token_entity.get(token.i)
            if key and self.kind(key) == "Person" and key in self.discourse.roles:
                return self.discourse.roles[key]
        return None

    def entities_under(
        self, token: Token, kinds: Iterable[str], depth: int = 3, conj: bool = True
    ) -> list[str]:
        """Entities named by `token` or below it (same clause), with coordinated ones."""
        kinds = set(kinds)
        found: list[str] = []
        frontier = [token]
        for _ in range(depth + 1):
            nxt = []
            for t in frontier:
                key = self.entity(t, kinds)
                if key and key not in found:
                    found.append(key)
                    if not conj:
                        return found
                    nxt += [c for c in t.children if c.dep_ in ("conj", "appos")]
                    continue
                nxt += [c for c in t.children if c.dep_ not in CLAUSE_DEPS]
            frontier = nxt
        return found

    def subjects(self, verb: Token, kinds: Iterable[str]) -> list[str]:
        """Who does `verb`: its subject(s), the noun a participle or relative clause hangs on, or
        the subject of the verb it is coordinated with."""
        kinds = set(kinds)
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubj:pass", "expl:subj"):
                if child.lower_ in ("qui", "que") and verb.dep_ == "acl:relcl":
                    return self.entities_under(verb.head, kinds, depth=1)
                found = self.entities_under(child, kinds, depth=1)
                if found:
                    return found
        if verb.dep_ in ("acl", "acl:relcl", "appos") and verb.head.i != verb.i:
            found = self.entities_under(verb.head, kinds, depth=0)
            if found:
                return found
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
            return self.subjects(verb.head, kinds)
        return []

    def governing_verb(self, token: Token) -> Token:
        t = token
        while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
            t = t.head
        return t

    def mentions_in(self, kinds: Iterable[str], tokens: Iterable[Token] | None = None) -> list[str]:
        kinds = set(kinds)
        out: list[str] = []
        for t in tokens if tokens is not None else self.span:
            key = self.token_entity.get(t.i)
            if key and self.kind(key) in kinds and key not in out:
                out.append(key)
        return out

    def stage_of(self, trigger: Token) -> tuple[Stage | None, bool]:
        """(stage, hedged): "souhaite créer" is planned; "serait détenu" is hedged."""
        planned = hedged = False
        t = trigger
        for _ in range(4):
            for x in [t, *[c for c in t.children if c.dep_.startswith("aux")]]:
                if "Cnd" in x.morph.get("Mood", []):
                    hedged = True
                if "Fut" in x.morph.get("Tense", []):
                    planned = True
            if t.lemma_ in PLANNING_VERBS or (
                t.lemma_ in ("devoir", "pouvoir") and "Cnd" in t.morph.get("Mood", [])
            ):
                planned = True
            if t.head.i == t.i:
                break
            t = t.head
        lowered = self.span.text.lower()
        if any(marker in lowered for marker in HEDGE_MARKERS):
            hedged = True
        return ("planned" if planned else None), hedged

    def ended(self, token: Token) -> bool:
        before = self.span.doc[max(token.i - 2, self.span.start) : token.i].text.lower()
        return any(marker in before for marker in ENDED_MARKERS)

    def event_date(self):
        """The date an event opened in this sentence takes: the most precise one the sentence gives
        ("les 5 et 6 décembre" over "deux mois plus tard"), the first among equals."""
        rank = {"day": 0, "month": 1, "year": 2}
        return min(self.dates, key=lambda d: (rank[d.precision], d.char_start)) if self.dates else None

    def valid_from(self) -> str | None:
        for d in self.dates:
            text = text_of(self.span.doc)[d.char_start : d.char_end].lower()
            if text.startswith("depuis"):
                return iso_at(d.start, d.precision)
        return None

    def draft(
        self,
        source: str,
        target: str,
        type_: str,
        confidence: float,
        rule: str,
        *,
        trigger: Token | None = None,
        plannable: bool = True,
        **extra,
    ) -> TieDraft:
        stage, hedged = self.stage_of(trigger) if trigger is not None else (None, False)
        if not plannable:
            stage = None
        stage = extra.pop("stage", None) or stage
        factor = 0.6 if hedged else 1.0
        for key in (source, target):
            entity = self.resolved.entities.get(key)
            if entity is not None:
                factor *= entity.link_score
        return TieDraft(
            source=source,
            target=target,
            type=type_,
            sentence_start=self.start,
            sentence_end=self.end,
            confidence=round(confidence * factor, 3),
            stage=stage,
            hedged=hedged,
            valid_from=self.valid_from(),
            rule=rule,
            factor=round(factor, 3),
            **extra,
        )
