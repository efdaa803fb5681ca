"""Positions and representation: "X, CEO de Y", "adjoint au maire de Z en charge de ...",
"Le PDG du groupe Y, X", "X devient président de Y", "représentant Y", "Son fondateur, X"."""

from __future__ import annotations

import re

from spacy.tokens import Token

from ingest.text.models import TieDraft
from ingest.text.nlp import text_of
from ingest.text.ties.context import Sentence
from ingest.text.vocabulary import DESCRIPTORS, FOUNDER_TITLES, MUNICIPAL_TITLES, ROLE_TITLES

ORG = {"Organization"}
PERSON = {"Person"}
_PORTFOLIO = re.compile(
    r"(?:en charge|charg[ée]e?s?|d[ée]l[ée]gu[ée]e?s?)\s+(?:de la |de l['’]|du |des |d['’]|de |à la |à l['’]"
    r"|au |aux |à )(?P<what>[^,.;:«»\"()]+?)(?=\s*(?:[,.;:«»\"()]|$|\bqui\b))",
    re.IGNORECASE,
)
_TITLE_NOUNS = {"présidence": "président", "direction": "directeur"}
_JOIN_VERBS = {"rejoindre", "intégrer"}
# Titles beyond the shared vocabulary: shared and board positions, research posts.
_MORE_TITLES = {
    "co-président",
    "co-présidente",
    "coprésident",
    "coprésidente",
    "co-directeur",
    "co-directrice",
    "codirecteur",
    "codirectrice",
    "trésorier",
    "trésorière",
    "chercheur",
    "chercheuse",
}
# "l'un des cinq cofondateurs de Y", "l'une des associées": plural titles read as the singular.
_SINGULAR = {
    "cofondateurs": "cofondateur",
    "cofondatrices": "cofondatrice",
    "co-fondateurs": "co-fondateur",
    "co-fondatrices": "co-fondatrice",
    "fondateurs": "fondateur",
    "fondatrices": "fondatrice",
    "associés": "associé",
    "associées": "associée",
    "dirigeants": "dirigeant",
    "dirigeantes": "dirigeante",
}
TITLES = ROLE_TITLES | _MORE_TITLES | set(_SINGULAR)
_ORG_PREPOSITIONS = {"de", "du", "des", "d'", "d’", "chez"}
# Words that put a councillor outside the city ("conseiller départemental", "conseillère d'Etat").
_NOT_MUNICIPAL = {
    "départemental",
    "départementale",
    "régional",
    "régionale",
    "national",
    "nationale",
    "état",
    "etat",
}


def extract_roles(s: Sentence) -> list[TieDraft]:
    drafts: list[TieDraft] = []
    for token in s.span:
        if token.i in s.token_entity and token.i not in s.reference_tokens:
            continue
        if token.lower_ in TITLES:
            drafts += _title(s, token)
        elif token.lemma_ == "représenter" or token.lower_.startswith("représentant"):
            drafts += _represents(s, token)
        elif token.lemma_ in _JOIN_VERBS:
            for person in s.subjects(token, PERSON):
                for org in s.entities_under(token, ORG, depth=1):
                    drafts.append(s.draft(person, org, "HAS_ROLE", 0.7, "joins", trigger=token))
    for d in drafts:
        if d.type == "HAS_ROLE" and d.stage != "ended":
            s.discourse.roles.setdefault(d.source, d.target)
    return drafts


def _title(s: Sentence, title: Token) -> list[TieDraft]:
    person, rule = _holder(s, title)
    if person is None:
        return []
    org, confidence, how = _organisation(s, title)
    if org is None:
        return []
    word = _SINGULAR.get(title.lower_, title.lower_)
    if word in FOUNDER_TITLES:
        rule = f"founder-title-{how}" if how else "founder-title"
        return [s.draft(person, org, "FOUNDED", confidence, rule, trigger=title)]
    if how:
        rule = f"title-{how}"
    props = {"title": _title_text(s, title)}
    portfolio = _PORTFOLIO.search(text_of(s.span.doc)[title.idx : s.end])
    if portfolio and portfolio.start() < 80:
        props["portfolio"] = portfolio.group("what").strip()
    stage = "ended" if s.ended(title) else None
    holders = [(person, rule)] + [(k, "co-title-with") for k in _co_holders(s, title) if k != person]
    return [
        s.draft(
            who,
            org,
            "HAS_ROLE",
            confidence,
            how,
            trigger=title,
            stage=stage,
            properties=props,
            plannable=False,
        )
        for who, how in holders
    ]


def _holder(s: Sentence, title: Token) -> tuple[str | None, str]:
    """The person holding the title, and the rule that found them: apposition either side, the
    name after a definite title ("le directeur de Y Nicolas Dufourcq"), a name before a comma or a
    bracket, past a coordinated title or a bracketed affiliation, or the subject of "être",
    "devenir", "être nommé", "prendre la présidence"."""
    doc = s.span.doc
    if title.dep_ == "appos" and s.entity(title.head, PERSON):
        return s.entity(title.head, PERSON), "title"
    for child in title.children:
        if child.dep_ in ("appos", "flat:name", "nmod") and s.entity(child, PERSON) and child.i > title.i:
            key = s.entity(child, PERSON)
            if doc[child.i - 1].text == ",":
                return key, "title"
    if _definite(title):
        for child in title.children:
            key = s.entity(child, PERSON) if child.i > title.i and child.dep_ in ("appos", "conj") else None
            if key and (child.dep_ == "appos" or doc[child.i - 1].text == ","):
                return key, "title-before-name"
    found = _name_before(s, title)
    if found[0] is not None:
        return found
    if _definite(title):  # "le directeur général de Y Nicolas Dufourcq": the name right after Y
        after = _organisation_after(s, title)
        if after is not None:
            end = max(i for i, k in s.token_entity.items() if k == after[0] and i >= after[1]) + 1
            while end < s.span.end and s.token_entity.get(end) == after[0]:
                end += 1
            if end < s.span.end and s.entity(doc[end], PERSON):
                return s.entity(doc[end], PERSON), "title-before-name"
    # "Le PDG du groupe Y, X, a rencontré": the person right after the title's phrase.
    end = max((t.i for t in title.subtree), default=title.i) + 1
    if end + 1 < s.span.end and doc[end].text == "," and s.entity(doc[end + 1], PERSON):
        return s.entity(doc[end + 1], PERSON), "title"
    verb = title.head if title.dep_ in ("xcomp", "obj", "obl:mod", "attr") else title
    for key in s.subjects(verb, PERSON | ORG):
        if s.kind(key) == "Person":
            return key, "title"
    return None, ""


def _definite(title: Token) -> bool:
    """ "le directeur", "la maire", "du président": a title told before the name."""
    return any(
        (c.dep_ == "det" and c.lemma_ == "le") or (c.dep_ == "case" and c.lower_ in ("du", "au"))
        for c in title.children
        if c.i < title.i
    )


def _name_before(s: Sentence, title: Token) -> tuple[str | None, str]:
    """ "X, CEO de Y", "X, l'élu en charge de", "X, cofondateur et CEO de Y" (past the first title),
    "X (le dirigeant de Y)", "X (Gayatech), co-président de Y" (past the bracket)."""
    doc = s.span.doc
    rule = "title"
    i = title.i - 1
    while i > s.span.start:
        t = doc[i]
        if (
            t.pos_ in ("DET", "ADJ", "ADV", "NUM")
            or t.lower_ in ("l'", "l’", "un", "une", "des")
            or t.lower_ in TITLES
        ):
            rule = "title-coordinated" if t.lower_ in TITLES else rule
            i -= 1
        elif t.pos_ == "CCONJ" and doc[i - 1].lower_ in TITLES:
            i -= 1
        else:
            break
    if i <= s.span.start:
        return None, ""
    if doc[i].text == "(" and s.entity(doc[i - 1], PERSON):
        return s.entity(doc[i - 1], PERSON), "title-in-brackets"
    if doc[i].text != ",":
        return None, ""
    if s.entity(doc[i - 1], PERSON):
        return s.entity(doc[i - 1], PERSON), rule
    if doc[i - 1].text == ")":
        j = next((j for j in range(i - 2, max(i - 10, s.span.start), -1) if doc[j].text == "("), None)
        if j is not None and j > s.span.start and s.entity(doc[j - 1], PERSON):
            return s.entity(doc[j - 1], PERSON), "title-after-brackets"
    return None, ""


def _co_holders(s: Sentence, title: Token) -> list[str]:
    """ "co-présidente de Y avec Z": Z holds the title too."""
    if not title.lower_.startswith("co"):
        return []
    return [
        k
        for c in title.children
        if c.dep_ == "nmod" and any(x.lower_ == "avec" for x in c.children)
        for k in [s.entity(c, PERSON)]
        if k
    ]


def _organisation(s: Sentence, title: Token) -> tuple[str | None, float, str]:
    """The body the title is held in, from "de Y" below the title (a city for a mayor, a
    consulate for a consul), or below a title coordinated with it ("patron et fondateur de Y"),
    or the organisation the text is about for "de cette entreprise", else from a possessive ("Son
    président") or the text's city; and how it was found when not below the title itself."""
    word = _SINGULAR.get(title.lower_, title.lower_)
    found = _nmod_entities(s, title)
    for key in found:
        if s.kind(key) == "Organization":
            return key, 0.9, ""
    after = _organisation_after(s, title)
    if after is not None:
        return after[0], 0.8, "described"
    places = [k for k in found if s.kind(k) == "Place"]
    municipal = word in MUNICIPAL_TITLES and not any(c.lower_ in _NOT_MUNICIPAL for c in title.children)
    if places and municipal:
        body = s.bodies.municipality(places[0])
        if body:
            return body, 0.85, ""
    if places and word.startswith(("consul", "ambassad")):
        return s.bodies.consulate(places), 0.8, ""
    if not found:
        for other in _coordinated_titles(s, title):
            shared = [k for k in _nmod_entities(s, other) if s.kind(k) == "Organization"]
            if shared:
                return shared[0], 0.85, "shared"
    if _demonstrative(title) or any(_demonstrative(o) for o in _coordinated_titles(s, title)):
        return s.discourse.topic_org(s.resolved.entities), 0.65, "demonstrative"
    if any(c.dep_ == "det" and "Yes" in c.morph.get("Poss", []) for c in title.children):
        return s.discourse.topic_org(s.resolved.entities), 0.65, ""
    if municipal:
        return s.bodies.municipality(None), 0.65, ""
    if word in FOUNDER_TITLES or title.dep_ in ("obl:mod", "appos"):
        return s.discourse.topic_org(s.resolved.entities), 0.6, ""
    return None, 0.0, ""


def _organisation_after(s: Sentence, title: Token) -> tuple[str, int] | None:
    """The organisation named just after the title's preposition, past a description the parse
    may have attached elsewhere: "directrice générale de l'entreprise nantaise Y", "manager chez Y".
    Read off the words, not the tree; (its key, its first token)."""
    doc = s.span.doc
    i = title.i + 1
    while i < s.span.end and doc[i].pos_ == "ADJ" and doc[i].is_lower:
        i += 1
    if i >= s.span.end or doc[i].lower_ not in _ORG_PREPOSITIONS:
        return None
    i += 1
    for _ in range(4):  # a determiner and a short description, then the name
        if i >= s.span.end or doc[i].is_punct:
            return None
        key = s.token_entity.get(i)
        if key is not None:
            return (key, i) if s.kind(key) == "Organization" else None
        if not (doc[i].is_lower or doc[i].pos_ == "DET"):
            return None
        i += 1
    return None


def _demonstrative(title: Token) -> bool:
    """ "président de cette entreprise", "co-président de cette association": the body the text is
    about, named before."""
    return any(
        c.dep_ == "nmod"
        and c.lower_ in DESCRIPTORS
        and any(d.lower_ in ("ce", "cette", "cet") for d in c.children)
        for c in title.children
    )


def _coordinated_titles(s: Sentence, title: Token) -> list[Token]:
    """The titles "et" joins to this one, either side: "cofondateur et CEO", "le patron et fondateur"."""
    doc = s.span.doc
    out = []
    i = title.i + 1
    while i < s.span.end and doc[i].pos_ == "ADJ" and doc[i].dep_ == "amod":
        i += 1
    if i + 1 < s.span.end and doc[i].lower_ == "et" and doc[i + 1].lower_ in TITLES:
        out.append(doc[i + 1])
    i = title.i - 1
    if i - 1 > s.span.start and doc[i].lower_ == "et":
        i -= 1
        while i > s.span.start and doc[i].pos_ == "ADJ" and doc[i].dep_ == "amod":
            i -= 1
        if doc[i].lower_ in TITLES:
            out.append(doc[i])
    return out


def _nmod_entities(s: Sentence, title: Token) -> list[str]:
    out: list[str] = []
    frontier = [c for c in title.children if c.dep_ in ("nmod", "obl:arg", "obl", "amod")]
    for _ in range(3):
        nxt = []
        for t in frontier:
            key = s.entity(t)
            if key is not None:
                if key not in out:
                    out.append(key)
                continue
            nxt += [c for c in t.children if c.dep_ in ("nmod", "flat:name", "obl:arg", "amod")]
        frontier = nxt
    return out


def _title_text(s: Sentence, title: Token) -> str:
    word = _TITLE_NOUNS.get(title.lower_, title.text)
    doc = s.span.doc
    parts = [word]
    i = title.i + 1
    while i < s.span.end and (doc[i].pos_ == "ADJ" and doc[i].is_lower and doc[i].dep_ == "amod"):
        parts.append(doc[i].text)
        i += 1
    text = " ".join(parts)
    rest = text_of(doc)[doc[i].idx : doc[i].idx + 40] if i < s.span.end else ""
    if title.lower_.startswith("adjoint") and re.match(r"au maire\b", rest):
        text += " au maire"
    elif m := re.match(r"(des|de la|du|de l['’])\s+(\w+)\s+(?=d['’]|de |du )", rest):
        text += f" {m.group(1)} {m.group(2)}"  # "directrice des partenariats d'Orbitel"
    return text


def _represents(s: Sentence, token: Token) -> list[TieDraft]:
    targets = s.entities_under(token, ORG | PERSON, depth=2, conj=False)
    targets = [t for t in targets if s.token_entity.get(token.i) != t]
    if not targets:
        return []
    person = None
    if token.dep_ in ("appos", "acl") and s.entity(token.head, PERSON):
        person = s.entity(token.head, PERSON)
    if person is None:
        verb = s.governing_verb(token.head if token.dep_ != "ROOT" else token)
        subjects = [k for k in s.subjects(verb, PERSON) if k not in targets]
        person = subjects[0] if subjects else None
    if person is None:
        doc = s.span.doc
        if token.i - 2 >= s.span.start and doc[token.i - 1].text == ",":
            person = s.entity(doc[token.i - 2], PERSON)
    if person is None:
        return []
    if (
        s.kind(targets[0]) == "Person"
    ):  # "les représentants des partenaires, A, B...": a list, seldom a mandate
        return [s.draft(person, targets[0], "REPRESENTS", 0.6, "represents-person", trigger=token)]
    return [s.draft(person, targets[0], "REPRESENTS", 0.85, "represents", trigger=token)]
