"""Events and who took part: signatures of agreements, visits and trips, meetings, conferences,
initiatives. Each sentence may open an event or add people to the last one of its kind."""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Token

from ingest.text.models import EventDraft, TieDraft
from ingest.text.ties.context import Sentence
from ingest.text.vocabulary import (
    AGREEMENT_NOUNS,
    CONFERENCE_WORDS,
    MEET_WORDS,
    SIGN_WORDS,
    TRIP_WORDS,
    VISIT_WORDS,
)

ACTOR = {"Organization", "Person"}
ORG = {"Organization"}
PLACE = {"Place"}
_BINDING_VERBS = {"lier", "unir", "associer"}  # "la convention liant A et B"
_NEGATIONS = {"pas", "jamais", "ni", "aucun", "aucune"}
DEFAULT_ROLE = {
    "Agreement": "signatory",
    "Visit": "visitor",
    "Trip": "delegation",
    "Conference": "presented",
    None: "met",
}


class EventBook:
    """The events of one document, in the order the text opens them."""

    def __init__(self) -> None:
        self.events: list[EventDraft] = []
        self.places: dict[str, str] = {}

    def open(self, s: Sentence, label: str | None, noun: str, name: str | None = None) -> EventDraft:
        date = s.event_date()
        event = EventDraft(
            key=f"event#{len(self.events)}",
            label=label,
            name=name or "",
            noun=noun,
            start=date.start if date else None,
            end=date.end if date else None,
            precision=date.precision if date else None,
            sentence_start=s.start,
        )
        self.events.append(event)
        return event

    def last(self, labels: Collection[str | None]) -> EventDraft | None:
        return next((e for e in reversed(self.events) if e.label in labels), None)


def extract_events(s: Sentence, book: EventBook) -> list[TieDraft]:
    drafts: list[TieDraft] = []
    for token in s.span:
        word, lemma = token.lower_, token.lemma_
        if word in SIGN_WORDS or lemma == "signer":
            drafts += _agreement(s, book, token)
        elif lemma in ("visiter", "rendre") or word in ("visite", "venue"):
            drafts += _visit(s, book, token)
        elif word in TRIP_WORDS:
            drafts += _trip(s, book, token)
        elif word in CONFERENCE_WORDS and not s.token_entity.get(token.i):
            drafts += _conference(s, book, token, None)
        elif lemma in ("accueillir", "recevoir") and any(c.dep_ == "obl:agent" for c in token.children):
            drafts += _hosted(s, book, token)
        elif lemma == "rencontrer" or word in ("entretien", "réunion"):
            drafts += _meeting(s, book, token)
        elif word == "initiative":
            drafts += _initiative(s, book, token)
        elif word in ("délégation", "participants", "exposants") or lemma == "présenter":
            drafts += _joins_last(s, book, token)
        if drafts and word in SIGN_WORDS | VISIT_WORDS | TRIP_WORDS | MEET_WORDS | {"signer"}:
            break  # one event per sentence
    for key in s.mentions_in({"Event"}):
        drafts += _conference(s, book, None, key)
    drafts += _partnership_between(s)
    return drafts


def _negated(verb: Token) -> bool:
    return any(c.lower_ in _NEGATIONS and c.dep_ in ("advmod", "det", "cc") for c in verb.children)


def _future(verb: Token) -> bool:
    """ "signera": a future the tagger may read as a participle (the morphology then says Past)."""
    lemma, word = verb.lemma_, verb.lower_
    return (
        verb.pos_ in ("VERB", "AUX")
        and lemma.endswith(("er", "ir"))
        and word.startswith(lemma[:-1])
        and word.endswith(("ra", "ront", "rons", "rez"))
    )


def _pairwise(
    s: Sentence, parties: list[str], rule: str, trigger: Token, confidence: float
) -> list[TieDraft]:
    """Every two organisations among the parties of one agreement are partners."""
    orgs = [k for k in dict.fromkeys(parties) if s.kind(k) == "Organization"]
    stage = "planned" if _future(trigger) else None
    return [
        s.draft(a, b, "PARTNERS_WITH", confidence, rule, trigger=trigger, stage=stage)
        for i, a in enumerate(orgs)
        for b in orgs[i + 1 :]
    ]


def _signing_for(s: Sentence, parties: list[str], verb: Token) -> list[TieDraft]:
    """People who sign with a title in an organisation sign for it ("X, présidente de A, et Y,
    directeur de B, ont signé"): they represent it, and the organisations are partners."""
    bodies = {p: s.discourse.roles[p] for p in parties if s.kind(p) == "Person" and p in s.discourse.roles}
    drafts = [
        s.draft(p, org, "REPRESENTS", 0.65, "agreement-signs-for", trigger=verb) for p, org in bodies.items()
    ]
    orgs = [k for k in parties if s.kind(k) == "Organization"] + list(bodies.values())
    if bodies and len(set(orgs)) > 1:
        drafts += _pairwise(s, orgs, "agreement-signatory-bodies", verb, 0.65)
    return drafts


def _partnership_between(s: Sentence) -> list[TieDraft]:
    """ "un partenariat entre A et B", "une convention entre A, B et C": the parties are partners."""
    drafts: list[TieDraft] = []
    for token in s.span:
        if token.lower_ not in AGREEMENT_NOUNS or s.token_entity.get(token.i):
            continue
        between = next(
            (c for c in token.children if c.dep_ == "nmod" and any(x.lower_ == "entre" for x in c.children)),
            None,
        )
        if between is None:
            continue
        # the parse may hang "et B" on the noun rather than on A
        others = [c for c in token.children if c.dep_ == "conj" and c.i > between.i]
        parties = [k for c in [between, *others] for k in s.entities_under(c, ORG, 1)]
        verb = s.governing_verb(token)
        if len(parties) > 1 and not _negated(verb):
            drafts += _pairwise(s, parties, "agreement-between", verb, 0.85)
    return drafts


def _participate(
    s: Sentence, event: EventDraft, who: list[str], role: str, trigger: Token | None, confidence: float = 0.8
) -> list[TieDraft]:
    return [
        s.draft(
            k,
            event.key,
            "PARTICIPATED_IN",
            confidence,
            f"event-{role}",
            trigger=trigger,
            properties={"role": role},
        )
        for k in who
    ]


def _located(s: Sentence, event: EventDraft, verb: Token) -> list[TieDraft]:
    """Where it happened: a place the verb takes with "à", "dans" or "en"."""
    places = [
        k
        for c in verb.children
        if c.dep_.startswith("obl") and any(x.lower_ in ("à", "au", "dans", "en") for x in c.children)
        for k in s.entities_under(c, PLACE, 1, conj=False)
    ]
    if not places:  # the parse may hang "à Marseille" on a date: take a place right after "à"
        places = [
            k
            for t in verb.subtree
            if t.lower_ in ("à", "dans") and t.i + 1 < s.span.end
            for k in [s.entity(s.span.doc[t.i + 1], PLACE)]
            if k
        ]
    if not places:
        return []
    return [s.draft(event.key, places[0], "LOCATED_IN", 0.75, "event-place")]


def _agreement(s: Sentence, book: EventBook, token: Token) -> list[TieDraft]:
    noun = next((t for t in s.span if t.lower_ in AGREEMENT_NOUNS), None)
    if noun is None:
        return []
    verb = token if token.pos_ == "VERB" else s.governing_verb(token)
    parties = s.subjects(verb, ACTOR) if token.pos_ == "VERB" else []
    parties += [
        k for c in token.subtree if c.lower_ in ("avec", "entre") for k in s.entities_under(c.head, ACTOR, 1)
    ]
    if token.pos_ == "VERB" and not s.subjects(verb, ACTOR) and verb.dep_ == "acl":
        parties += s.mentions_in({"Organization"})  # "ce MoU, signé ... avec Y": the sentence's actors
    parties = list(dict.fromkeys(parties))
    bound = [
        k
        for c in noun.children
        if c.dep_ == "acl" and c.lemma_ in _BINDING_VERBS
        for o in c.children
        if o.dep_ == "obj"
        for k in s.entities_under(o, ORG, 1)
    ]
    if not parties:
        return _pairwise(s, bound, "agreement-binding", verb, 0.85) if not _negated(verb) else []
    event = book.open(s, "Agreement", noun.text)
    event.name = f"{noun.text} " + " / ".join(s.name(k) for k in parties)
    drafts = _participate(s, event, parties, "signatory", verb, 0.85)
    if not _negated(verb):
        drafts += _pairwise(s, parties, "agreement-signatories", verb, 0.85)
        drafts += _pairwise(s, bound, "agreement-binding", verb, 0.85)
        drafts += _signing_for(s, parties, verb)
    return drafts + _located(s, event, verb)


def _visit(s: Sentence, book: EventBook, token: Token) -> list[TieDraft]:
    verb = token if token.pos_ == "VERB" else s.governing_verb(token)
    # "la venue de X": X visits; "la visite de X": X is visited.
    visitors = (
        _people_of(s, verb)
        if token.pos_ == "VERB"
        else [k for c in token.children if c.dep_ == "nmod" for k in s.entities_under(c, ACTOR, 1)]
        if token.lower_ == "venue"
        else []
    )
    visitors = list(dict.fromkeys(visitors))
    event = book.open(s, "Visit", token.text)
    event.name = "Visite " + " / ".join(s.name(k) for k in visitors) if visitors else "Visite"
    drafts = _participate(s, event, visitors, "visitor", verb)
    hosts = [
        k
        for t in s.span
        if t.lemma_ in ("accueillir", "recevoir")
        for c in t.children
        if c.dep_ == "obl:agent"
        for k in s.entities_under(c, ACTOR, 1)
    ]
    if token.lower_ == "visite":
        hosts += [
            k for c in token.children if c.dep_ == "nmod" for k in s.entities_under(c, {"Organization"}, 1)
        ]
    hosts += [
        k
        for c in verb.children
        if c.dep_.startswith("obl") and c.i > verb.i
        for k in s.entities_under(c, {"Organization"}, 2, conj=False)
        if k not in visitors
    ]
    drafts += _participate(s, event, list(dict.fromkeys(hosts)), "host", verb)
    if any(t.lemma_ == "rencontrer" for t in s.span):
        met = [k for k in s.mentions_in({"Organization"}) if k not in visitors and k not in hosts]
        drafts += _participate(s, event, met, "met", verb, 0.7)
    places = [
        k
        for c in verb.children
        if c.dep_ in ("obj", "obl", "obl:arg", "obl:mod")
        for k in s.entities_under(c, PLACE, 1, conj=False)
    ]
    if token.pos_ != "VERB":
        places += [k for c in token.children for k in s.entities_under(c, PLACE, 1, conj=False)]
    if places:
        drafts.append(s.draft(event.key, places[0], "LOCATED_IN", 0.8, "event-place"))
        book.places[event.key] = places[0]
    if not drafts:
        book.events.remove(event)
    return drafts


def _people_of(s: Sentence, verb: Token) -> list[str]:
    """The subject of a visit; for "une délégation composée de X", the people named in it."""
    found = s.subjects(verb, ACTOR)
    if found:
        return found
    for c in verb.children:
        if c.dep_.startswith("nsubj"):
            return [k for t in c.subtree for k in [s.token_entity.get(t.i)] if k and s.kind(k) in ACTOR]
    return []


def _trip(s: Sentence, book: EventBook, token: Token) -> list[TieDraft]:
    members = [
        k
        for c in token.children
        if c.dep_ == "nmod" and not any(x.lower_ == "avec" for x in c.children)
        for t in c.subtree
        for k in [s.token_entity.get(t.i)]
        if k and s.kind(k) in ACTOR
    ]
    verb = s.governing_verb(token)
    organizers = [k for k in s.subjects(verb, ACTOR) if verb.lemma_ in ("organiser", "mener", "conduire")]
    places = [k for k in s.mentions_in(PLACE, token.subtree)]
    if not (members or organizers or places):
        return []
    event = book.open(s, "Trip", token.text)
    event.name = f"{token.text.capitalize()} " + " / ".join(s.name(k) for k in places or members)
    drafts = _participate(s, event, organizers, "organizer", verb)
    drafts += _participate(s, event, [m for m in members if m not in organizers], "delegation", verb)
    if places:
        drafts.append(s.draft(event.key, places[-1], "LOCATED_IN", 0.8, "event-place"))
        book.places[event.key] = places[-1]
    return drafts


def _conference(s: Sentence, book: EventBook, token: Token | None, key: str | None) -> list[TieDraft]:
    if key is not None:
        event = next((e for e in book.events if e.key == key), None)
        if event is None:
            event = book.open(s, "Conference", s.name(key), name=s.name(key))
            event.key = key
        elif event.start is None and s.dates:
            date = s.event_date()
            event.start, event.end, event.precision = date.start, date.end, date.precision
        anchor = next(t for t in s.span if s.token_entity.get(t.i) == key)
    else:
        assert token is not None
        event = book.last({"Conference"}) or book.open(s, "Conference", token.text)
        anchor = token
    verb = s.governing_verb(anchor)
    people = [k for k in s.subjects(verb, ACTOR)] + [
        k for c in verb.children if c.dep_ == "obl:agent" for k in s.entities_under(c, ACTOR, 1)
    ]
    places = [k for k in s.mentions_in(PLACE, anchor.subtree if key is None else verb.subtree)]
    if not event.name:
        event.name = f"{anchor.text.capitalize()} " + " / ".join(s.name(k) for k in places)
    drafts = _participate(s, event, people, "presented", verb, 0.7)
    if places:
        drafts.append(s.draft(event.key, places[-1], "LOCATED_IN", 0.75, "event-place"))
    drafts += _initiative_in(s, event)
    if not drafts and key is None and event.sentence_start == s.start:
        book.events.remove(event)
    return drafts


def _hosted(s: Sentence, book: EventBook, verb: Token) -> list[TieDraft]:
    event = book.last({"Visit", "Trip"})
    if event is None:
        return []
    hosts = [k for c in verb.children if c.dep_ == "obl:agent" for k in s.entities_under(c, ACTOR, 1)]
    return _participate(s, event, hosts, "host", verb)


def _meeting(s: Sentence, book: EventBook, token: Token) -> list[TieDraft]:
    verb = token if token.pos_ == "VERB" else s.governing_verb(token)
    if token.pos_ != "VERB":
        event = book.last({None})
        present = [k for t in s.span if t.lower_ == "présence" for k in s.entities_under(t, ACTOR, 2)]
        return _participate(s, event, present, "met", token) if event else []
    who = s.subjects(verb, ACTOR) + [
        k for c in verb.children if c.dep_ == "obj" for k in s.entities_under(c, ACTOR, 2)
    ]
    who = list(dict.fromkeys(who))
    if len(who) < 2:
        return []
    event = book.open(s, None, token.text)
    event.name = "Rencontre " + " / ".join(s.name(k) for k in who)
    return _participate(s, event, who, "met", verb)


def _initiative(s: Sentence, book: EventBook, token: Token) -> list[TieDraft]:
    event = book.events[-1] if book.events and book.events[-1].sentence_start == s.start else None
    if event is None:
        return []
    return _initiative_in(s, event)


def _initiative_in(s: Sentence, event: EventDraft) -> list[TieDraft]:
    drafts = []
    for token in s.span:
        if token.lower_ == "initiative":
            who = [k for c in token.children if c.dep_ == "nmod" for k in s.entities_under(c, ACTOR, 2)]
            drafts += _participate(s, event, who, "initiator", token, 0.85)
    return drafts


def _joins_last(s: Sentence, book: EventBook, token: Token) -> list[TieDraft]:
    """ "La délégation sera conduite par X", "Parmi les participants figurent A, B et C",
    "Y a présenté ...": more people in the last event the text opened."""
    preferred = {"Trip", "Conference"} if token.lower_ in ("participants", "exposants") else {"Visit", "Trip"}
    event = book.last(preferred) or book.last({"Visit", "Trip", "Conference"})
    if event is None:
        return []
    if token.lemma_ == "présenter":
        if event.label != "Conference":
            return []
        who = s.subjects(token, ACTOR)
    elif token.lower_ == "délégation":
        verb = s.governing_verb(token)
        who = [k for c in verb.children if c.dep_ == "obl:agent" for k in s.entities_under(c, ACTOR, 1)]
        who += [k for c in token.children for k in s.entities_under(c, ACTOR, 1)]
    else:
        who = s.mentions_in(ACTOR)
    return _participate(s, event, who, DEFAULT_ROLE[event.label], token, 0.75)
