"""Stage 4: resolved mentions in a parsed Doc -> tie drafts and event drafts, sentence by sentence."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from graph.model import make_id
from ingest.text.dates import find_dates
from ingest.text.models import DateRef, EventDraft, Resolved, ResolvedEntity, TieDraft
from ingest.text.ties.context import Discourse, Sentence
from ingest.text.ties.events import EventBook, extract_events
from ingest.text.ties.funding import extract_funding
from ingest.text.ties.programmes import extract_programmes
from ingest.text.ties.relations import extract_relations
from ingest.text.ties.roles import extract_roles


class _Bodies:
    """Municipalities and consulates implied by titles ("maire de Toulon", "consul de Chine")."""

    def __init__(self, resolved: Resolved, municipality_of):
        self.resolved = resolved
        self.municipality_of = municipality_of

    def municipality(self, place: str | None) -> str | None:
        if place is None:
            return self.municipality_of(None)
        return self.municipality_of(self.resolved.entities[place].name)

    def consulate(self, places: list[str]) -> str | None:
        names = [self.resolved.entities[p].name for p in places]
        name = f"Consulat général de {names[0]}" + (f" à {names[1]}" if len(names) > 1 else "")
        key = make_id("Organization", name)
        self.resolved.entities.setdefault(
            key, ResolvedEntity(key=key, name=name, kind="Organization", labels=["PublicBody"])
        )
        return key


def extract(
    doc: Doc, resolved: Resolved, published: date | None, municipality_of
) -> tuple[list[TieDraft], list[EventDraft]]:
    token_entity: dict[int, str] = {}
    references: set[int] = set()
    for m in resolved.mentions:
        if m.entity is None:  # every resolved mention has its entity's key
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        for t in span or []:
            token_entity[t.i] = m.entity
            if m.origin == "reference":
                references.add(t.i)
    discourse, book, bodies = Discourse(), EventBook(), _Bodies(resolved, municipality_of)
    drafts: list[TieDraft] = []
    anchor: DateRef | None = None
    for span in doc.sents:
        dates = find_dates(span.text, published, anchor, offset=span.start_char)
        anchor = dates[-1] if dates else anchor
        s = Sentence(
            span=span,
            resolved=resolved,
            token_entity=token_entity,
            reference_tokens=references,
            dates=dates,
            discourse=discourse,
            bodies=bodies,
        )
        drafts += extract_roles(s)
        drafts += extract_relations(s)
        drafts += extract_funding(s)
        drafts += extract_programmes(s)
        drafts += extract_events(s, book)
        drafts += _caption(s, book)
        _advance(s, discourse)
    return drafts, book.events


def _caption(s: Sentence, book: EventBook) -> list[TieDraft]:
    """A line made only of people's names is a photo caption: they are pictured at the event."""
    words = [t for t in s.span if not t.is_punct and not t.is_space]
    if len(words) < 2 or any(s.token_entity.get(t.i) is None for t in words):
        return []
    people = s.mentions_in({"Person"})
    if len(people) < 2 or len(s.mentions_in({"Organization", "Place"})):
        return []
    event = book.events[0] if book.events else None
    if event is None:
        return []
    return [
        s.draft(p, event.key, "PARTICIPATED_IN", 0.6, "caption", properties={"role": "pictured"})
        for p in people
    ]


def _advance(s: Sentence, discourse: Discourse) -> None:
    subject = None
    for t in s.span:
        key = s.token_entity.get(t.i)
        if key is not None and s.kind(key) == "Person":
            discourse.persons.append(key)
        if t.dep_.startswith("nsubj") and t.head.dep_ == "ROOT" and subject is None:
            # "La start-up Hélioprisme est basée...": the name may hang below the subject noun
            found = [key] if key else s.entities_under(t, {"Organization", "Person"}, 1, conj=False)
            subject = found[0] if found else None
    for t in s.span:
        if t.dep_.startswith("nsubj"):
            discourse.subjects += s.entities_under(t, {"Organization", "Person"}, 1, conj=False)
    discourse.previous_subject = subject
