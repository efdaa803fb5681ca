"""Ties between organisations and places: ownership, partnership, headquarters and sites
(founding, incubation and membership are in programmes.py)."""

from __future__ import annotations

from spacy.tokens import Token

from ingest.text.models import TieDraft
from ingest.text.ties.context import Sentence
from ingest.text.vocabulary import SITE_NOUNS, SITE_VERBS

ORG = {"Organization"}
ACTOR = {"Organization", "Person"}
PLACE = {"Place"}
_HQ_WORDS = {"baser", "basé", "basée", "basés", "basées", "siège", "domicilié", "domiciliée"}
_PARTNER_NOUNS = {
    "partenariat",
    "collaboration",
    "partenaire",
    "partenaires",
    "discussion",
    "discussions",
    "négociation",
    "négociations",
}
_OWN_NOUNS = {"rachat", "acquisition", "contrôle"}


def extract_relations(s: Sentence) -> list[TieDraft]:
    drafts: list[TieDraft] = []
    hq_places: set[str] = set()
    for token in s.span:
        word, lemma = token.lower_, token.lemma_
        if lemma == "appartenir":
            drafts += _belongs(s, token)
        elif word in ("filiale", "filiales"):
            drafts += _subsidiary(s, token)
        elif lemma in ("détenir", "racheter", "acquérir") or word in _OWN_NOUNS:
            drafts += _owns(s, token)
        elif word in _PARTNER_NOUNS or lemma == "associer":
            drafts += _partners(s, token)
        elif word in _HQ_WORDS or lemma == "baser":
            found = _headquarters(s, token)
            hq_places |= {d.target for d in found}
            drafts += found
    drafts += [d for d in _sites(s) if d.target not in hq_places]
    return drafts


def _belongs(s: Sentence, verb: Token) -> list[TieDraft]:
    owned = s.subjects(verb, ORG)
    owners = [k for c in verb.children if c.dep_.startswith("obl") for k in s.entities_under(c, ACTOR, 2)]
    return [s.draft(o, x, "OWNS", 0.9, "belongs", trigger=verb) for o in owners[:1] for x in owned if o != x]


def _subsidiary(s: Sentence, noun: Token) -> list[TieDraft]:
    owners = [k for c in noun.children if c.dep_ == "nmod" for k in s.entities_under(c, ACTOR, 2)]
    if not owners:
        return []
    owned: list[str] = []
    if noun.dep_ == "appos":
        owned = s.entities_under(noun.head, ORG, depth=0)
    if not owned:
        owned = s.subjects(noun, ORG)
    return [s.draft(owners[0], x, "OWNS", 0.85, "subsidiary", trigger=noun) for x in owned if x != owners[0]]


def _owns(s: Sentence, token: Token) -> list[TieDraft]:
    verb = s.governing_verb(token)
    owners = s.subjects(verb, ACTOR) or [
        k for c in verb.children if c.dep_ == "obl:agent" for k in s.entities_under(c, ACTOR, 1)
    ]
    owned = [k for c in token.children if c.dep_ in ("nmod", "obj") for k in s.entities_under(c, ORG, 1)]
    if not owned and (
        any(c.lower_ == "en" for c in verb.children)
        or any(c.dep_ == "det" and "Yes" in c.morph.get("Poss", []) for c in token.subtree)
    ):
        topic = s.discourse.topic_org(s.resolved.entities, exclude=owners)
        owned = [topic] if topic else []
        confidence = 0.7
    else:
        confidence = 0.85
    return [
        s.draft(o, x, "OWNS", confidence, "owns", trigger=verb) for o in owners[:1] for x in owned if o != x
    ]


def _partners(s: Sentence, token: Token) -> list[TieDraft]:
    if token.lower_ in ("partenaire", "partenaires") and token.dep_ not in ("nmod", "obl", "obl:mod"):
        others = [k for c in token.children if c.dep_ == "nmod" for k in s.entities_under(c, ORG, 2)]
        ones = s.subjects(token, ORG) or (
            s.entities_under(token.head, ORG, 0) if token.dep_ == "appos" else []
        )
    else:
        if not any(c.lower_ in ("avec", "à") for c in token.subtree):
            return []
        others = [
            k
            for c in token.children
            if c.dep_ in ("nmod", "obl", "obl:arg")
            for k in s.entities_under(c, ORG, 2)
        ]
        ones = s.subjects(s.governing_verb(token), ORG)
    confidence = 0.8 if token.lower_ in ("discussion", "discussions", "négociation", "négociations") else 0.85
    stage = "planned" if confidence < 0.85 else None
    return [
        s.draft(a, b, "PARTNERS_WITH", confidence, "partners", trigger=token, stage=stage)
        for a in ones
        for b in others
        if a != b
    ]


def _headquarters(s: Sentence, token: Token) -> list[TieDraft]:
    places = [
        k
        for c in token.children
        if c.dep_.startswith("obl") or c.dep_ == "nmod"
        for k in s.entities_under(c, PLACE, 1, conj=False)
    ]
    if token.lower_ == "siège" and not places:
        places = s.entities_under(token.head, PLACE, 2, conj=False)
    if not places:
        return []
    orgs = s.subjects(token, ORG)
    if not orgs and token.dep_ in ("advcl", "acl", "obl:mod", "amod", "nsubj:pass", "ROOT", "nsubj"):
        orgs = s.subjects(token.head, ORG) if token.head.i != token.i else []
    if not orgs and token.lower_ == "siège":
        relcl = next((t for t in token.ancestors if t.dep_ == "acl:relcl"), None)
        orgs = s.entities_under(relcl.head, ORG, 0) if relcl is not None else []
    if not orgs:
        orgs = s.mentions_in(ORG, s.span.doc[s.span.start : token.i])[:1]
    return [s.draft(o, places[0], "HEADQUARTERED_IN", 0.85, "based", trigger=token) for o in orgs[:1]]


def _sites(s: Sentence) -> list[TieDraft]:
    """ "possède des implantations à A, B et C", "ouvrir une filiale à Nice", "inauguré ... à Turin"."""
    drafts: list[TieDraft] = []
    for token in s.span:
        if token.lower_ not in SITE_NOUNS and token.lemma_ not in SITE_VERBS:
            continue
        verb = token if token.pos_ == "VERB" else s.governing_verb(token)
        if token.pos_ == "VERB" and token.lemma_ in SITE_VERBS and not _has_site_object(token):
            continue
        owner = _site_owner(s, token, verb)
        if owner is None:
            continue
        scope = list(verb.subtree) if verb.i != token.i or token.pos_ == "VERB" else list(token.subtree)
        places = [k for k in s.mentions_in(PLACE, [t for t in scope if t.i > token.i or t.head.i == verb.i])]
        for place in places:
            drafts.append(s.draft(owner, place, "OPERATES_IN", 0.75, "sites", trigger=token))
        if drafts:
            break
    return drafts


def _has_site_object(verb: Token) -> bool:
    return any(c.lower_ in SITE_NOUNS for c in verb.subtree)


def _site_owner(s: Sentence, token: Token, verb: Token) -> str | None:
    owners = s.subjects(verb, ORG)
    if owners:
        return owners[0]
    before = [k for k in s.mentions_in(ORG, s.span.doc[s.span.start : token.i])]
    if before:  # the parse lost the subject: the organisation the sentence opens with
        return before[0]
    for c in token.subtree:
        if c.dep_ == "nmod" and s.entity(c, ORG):
            return s.entity(c, ORG)
    return s.discourse.topic_org(s.resolved.entities)
