"""What kind of actor a mention names, from its own words and the words around it.

The statistical NER says PER, LOC or ORG from the look of a span; in this genre it often calls an
institution a place ("X Métropole", "Établissement français du …") and a young company a person.
Two sources of evidence correct it, kept here with their word lists:

- the words of the name: a head at the start ("Ministère", "Centre hospitalier"), a suffix at the
  end ("Métropole", "SAS", "Ventures", ".com"), an organisation word anywhere ("Tech", "Labs");
- the words around it (`from_context`): a role title before it ("le président de X": X is an
  organisation), a role after it ("X, directrice de …": X is a person), a public-body noun ("le
  gouvernement du X", "l'agglomération du Grand X"), a plural trigger before a list ("les écoles
  X et Y") and coordination with mentions of known kind ("A, le CHU de B et X").

>>> kind_of_name("Lyon Métropole", "Place")
('Organization', ['PublicBody'])
>>> kind_of_name("Kelvora SAS", "Person"), kind_of_name("monguide.com", "Place")
(('Organization', ['Company']), ('Organization', ['Company']))
>>> kind_of_name("Centre hospitalier de Valdor", "Place"), kind_of_name("Centre Valdor", "Place")
(('Organization', []), ('Place', ['Venue']))
>>> kind_of_name("ABCDE", "Place"), kind_of_name("Grand Hôtel Valdor", "Organization")
(('Organization', []), ('Place', ['Venue']))
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from graph.model import fold
from ingest.text.models import Mention
from ingest.text.names import clean_name, looks_like_acronym
from ingest.text.nlp import text_of
from ingest.text.vocabulary import (
    EVENT_HEADS,
    GENERIC_ACRONYMS,
    MUNICIPAL_TITLES,
    ORG_HEADS,
    ORG_TRIGGERS,
    ORG_WORDS,
    PLACE_HEADS,
    ROLE_TITLES,
)

# First words of institutions, besides vocabulary.ORG_HEADS.
INSTITUTION_HEADS: dict[str, list[str]] = {
    "ministère": ["PublicBody"],
    "gouvernement": ["PublicBody"],
    "collectivité": ["PublicBody"],
    "agglomération": ["PublicBody"],
    "commission": ["PublicBody"],
    "parlement": ["PublicBody"],
    "assemblée": ["PublicBody"],
    "office": ["PublicBody"],
    "établissement": [],
    "union": [],
    "fédération": ["Association"],
    "hôpital": [],
    "clinique": [],
    "chu": [],
    "lycée": [],
    "cluster": [],
    "observatoire": [],
    "banque": [],
    "team": [],
}
# Two first words that outrank the first one alone ("Centre hospitalier" is no venue).
INSTITUTION_PHRASES: dict[str, list[str]] = {
    "centre hospitalier": [],
    "centre national": [],
    "centre regional": [],
    "centre communal": ["PublicBody"],
}
# First words of places, besides vocabulary.PLACE_HEADS.
VENUE_HEADS: dict[str, list[str]] = {"hôtel": ["Venue"], "hotel": ["Venue"]}
# Adjectives that may come before the head ("Grand Hôtel …", "Nouvelle Agence …").
HEAD_ADJECTIVES = {"grand", "grande", "petit", "petite", "nouveau", "nouvel", "nouvelle", "haut", "haute"}
# Last words of organisation names -> labels.
NAME_SUFFIXES: dict[str, list[str]] = {
    "métropole": ["PublicBody"],
    "metropole": ["PublicBody"],
    "agglomération": ["PublicBody"],
    "agglo": ["PublicBody"],
    "sas": ["Company"],
    "sasu": ["Company"],
    "sarl": ["Company"],
    "sa": ["Company"],
    "inc": ["Company"],
    "ltd": ["Company"],
    "llc": ["Company"],
    "gmbh": ["Company"],
    "ventures": ["Investor"],
    "technology": [],
    "technologies": [],
    "aero": [],
    "consulting": [],
    "software": [],
    "studio": [],
    "digital": [],
}
# Ends of one-word names glued to an organisation word.
GLUED_SUFFIXES = ("technologies", "technology", "labs", "ventures", "solutions", "systems", "robotics")
# Lowercase nouns right before a name that make it an event or a place ("le festival X", "l'usine X").
EVENT_NOUNS = {
    "festival",
    "salon",
    "forum",
    "sommet",
    "congrès",
    "colloque",
    "hackathon",
    "événement",
    "évènement",
}
SITE_NOUNS: dict[str, list[str]] = {
    "usine": ["Site"],
    "bâtiment": ["Site"],
    "immeuble": ["Site"],
    "quartier": ["Site"],
    "hôtel": ["Venue"],
    "salle": ["Venue"],
    "planétarium": ["Venue"],
}
DOMAIN = re.compile(r"\.(?:com|fr|io|net|org|eu|ai|co|tech|app)$", re.IGNORECASE)
# Acronyms the NER rightly calls places; any other acronym it tags LOC is an organisation.
PLACE_ACRONYMS = {"paca", "usa", "uk", "idf", "rdc", "uae", "eau", "drom", "dom", "tom", "ue", "eu"}
# Public-body nouns before "de X" / "du X": "le gouvernement du X", "la métropole de X".
BODY_NOUNS: dict[str, list[str]] = {
    "gouvernement": ["PublicBody"],
    "métropole": ["PublicBody"],
    "département": ["PublicBody"],
    "préfecture": ["PublicBody"],
    "agglomération": ["PublicBody"],
    "communauté": ["PublicBody"],
    "collectivité": ["PublicBody"],
}
# Acronyms of kinds of institution, before "de X": "le CHU de X" is a hospital, not a place.
INSTITUTION_ACRONYMS: dict[str, list[str]] = {
    "CHU": [],
    "CHR": [],
    "CCI": ["PublicBody"],
    "IUT": ["University"],
}
# Plural nouns of local authorities before a list: "les collectivités X, Y et Z" are bodies.
PLURAL_BODIES = {"collectivités", "intercommunalités"}
# "dans la métropole de X": a place, not its authority.
_IN_PLACE = {"dans", "en", "à", "sur", "vers", "toute", "tout", "partout"}
# Titles after which "de X" is where one holds the title, but X may well be a place.
_PLACE_TITLES = {"consul", "consule", "ambassadeur", "ambassadrice", "délégué", "déléguée", "responsable"}
_DE = {"de", "d'", "d’", "du", "des"}
_ARTICLES = {"le", "la", "les", "l'", "l’"}
_LIST_GAP = re.compile(r"^ *(?:,|et|ou|&|, *et|, *ou) *(?:(?:l['’]|les?|la|du|des|de|d['’]) *)?$")
_LIST_END = re.compile(r"\b(?:et|ou)\b|&")


def _first_words(name: str) -> list[str]:
    parts = [fold(w) for w in name.replace("’", "'").split()]
    if len(parts) > 1 and parts[0] in HEAD_ADJECTIVES:
        parts = parts[1:]
    return parts


def head_of(name: str) -> tuple[str, list[str]] | None:
    """(kind, labels) that the first words of a name show ("Ministère …", "Grand Hôtel …")."""
    parts = _first_words(name)
    if not parts:
        return None
    first = parts[0]
    if first in {fold(h) for h in EVENT_HEADS}:
        return "Event", ["Conference"]
    pair = " ".join(parts[:2])
    if pair in INSTITUTION_PHRASES:
        return "Organization", list(INSTITUTION_PHRASES[pair])
    for heads in (ORG_HEADS, INSTITUTION_HEADS):
        for head, labels in heads.items():
            if first == fold(head):
                return "Organization", list(labels)
    for places in (PLACE_HEADS, VENUE_HEADS):
        for head, labels in places.items():
            if first == fold(head):
                return "Place", list(labels)
    return None


def name_evidence(name: str) -> tuple[str, list[str]] | None:
    """(kind, labels) that the words of a name show by themselves, or None."""
    head = head_of(name)
    if head is not None or not name.split():
        return head
    last = fold(name.split()[-1])
    if DOMAIN.search(last) and not last.startswith("www."):
        return "Organization", ["Company"]
    if len(name.split()) > 1 and last.strip(".") in {fold(s) for s in NAME_SUFFIXES}:
        return "Organization", list(NAME_SUFFIXES.get(last.strip("."), []))
    if any(fold(w) in ORG_WORDS for w in re.split(r"[\s\-]+", name)):
        return "Organization", []
    if len(name.split()) == 1 and len(last) > 8 and last.endswith(GLUED_SUFFIXES):
        return "Organization", []  # "Valdortechnologies", "Kelmoralabs"
    return None


def starts_with_title(name: str) -> bool:
    """A span that begins with a role title ("Président de …") names a position, not an actor.

    >>> starts_with_title("Vice-Présidente de la Métropole"), starts_with_title("Direction générale")
    (True, False)
    """
    first = name.split()[0].lower() if name.split() else ""
    return first not in {"direction", "présidence"} and (
        first in ROLE_TITLES or first.split("-")[-1] in ROLE_TITLES
    )


# Endings of the names of peoples ("les Brignolais", "des Valdorgiennes"), after a determiner.
_DEMONYM = re.compile(r"(?:ais|aise|aises|ois|oise|oises|iens|ienne|iennes|ains|aine|aines|eens|eennes)$")
_DETERMINERS = {"le", "la", "les", "l'", "l’", "un", "une", "des", "d'un", "d’un", "d'une", "d’une", "aux"}


def is_common_noun(span: Span) -> bool:
    """ "les Toulousains", "d'un Belge", "les Biotechs", "Pépites" at a line's head: one capitalised
    common word (a people, a sector, a heading) that the NER took for a name. Words that are heads
    of institutions ("le Département") stay: they point at an actor."""
    if len(span) == 1 and span.text.upper() in GENERIC_ACRONYMS:
        return True  # "la R&D", "le BTP"
    if len(span) != 1 or name_evidence(span.text) is not None or looks_like_acronym(span.text):
        return False
    token = span[0]
    sector = fold(token.text).rstrip("s").endswith("tech") or bool(_DEMONYM.search(fold(token.text)))
    common = token.pos_ == "NOUN" and token.has_vector
    if not (sector or common):
        return False
    before = span.doc[token.i - 1] if token.i else None
    if before is None or bool(token.is_sent_start) or "\n" in before.whitespace_:
        return common
    return before.lower_ in _DETERMINERS or before.like_num or (before.lower_ in _DE and common)


def kind_of_name(name: str, kind: str) -> tuple[str, list[str]]:
    """Correct the NER's guess with what the words of the name say."""
    evidence = name_evidence(name)
    if evidence is not None:
        return evidence
    if kind == "Place" and looks_like_acronym(name) and fold(name) not in PLACE_ACRONYMS:
        return "Organization", []  # "the CNES" tagged LOC: an agency
    if kind == "Person" and (len(name.split()) < 2 or any(c.isdigit() for c in name)):
        # One capitalised word tagged as a person is, in this genre, mostly a company name.
        return "Organization", []
    return kind, []


def institution_tail(doc: Doc, i: int) -> int:
    """Where a long institutional name goes on after token i: "(et) de la recherche", "et
    d'industrie", "du sang" (a lowercase noun and its adjectives); i when it does not."""
    j = i
    if j < len(doc) and doc[j].lower_ == "et":
        j += 1
    if j >= len(doc) or doc[j].lower_ not in _DE:
        return i
    j += 1
    if j < len(doc) and doc[j].lower_ in {"la", "l'", "l’"}:
        j += 1
    if j >= len(doc) or not (doc[j].is_lower and doc[j].pos_ == "NOUN"):
        return i
    j += 1
    while j < len(doc) and doc[j].is_lower and doc[j].pos_ == "ADJ":
        j += 1
    if any("\n" in doc[k].whitespace_ or "\n" in doc[k].text for k in range(max(i - 1, 0), j)):
        return i
    return j


# ---------------------------------------------------------------------------- context


def from_context(doc: Doc, mentions: list[Mention]) -> None:
    """Retype, in place, the NER mentions whose name says nothing by itself, from the words
    around them; mentions of the ruler and of the rules are left as they are."""
    open_ = [m for m in mentions if m.origin == "ner" and name_evidence(clean_name(m.text)) is None]
    for m in open_:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        if m.kind in ("Place", "Person") and _after_title(doc[span.start - 1] if span.start else None):
            m.kind, m.labels = "Organization", []
        elif m.kind != "Person" and _is_person_name(m.text) and _title_follows(doc, span.end):
            m.kind, m.labels = "Person", []
    for m in open_:
        noun = _noun_before(doc, m)
        if noun in EVENT_NOUNS:
            m.kind, m.labels = "Event", ["Conference"]
        elif noun in SITE_NOUNS and m.kind != "Person":
            m.kind, m.labels = "Place", list(SITE_NOUNS[noun])
    for trigger, labels in _plural_triggers(doc):
        for m in _listed_after(doc, trigger, mentions):
            if m in open_ and m.kind != "Organization":
                m.kind, m.labels = "Organization", list(labels)
    for group in _lists(doc, mentions):
        for m in group:
            if m not in open_ or m.kind != "Place" or _after_preposition(doc, m):
                continue
            others = [o.kind for o in group if o is not m]
            orgs, places = others.count("Organization"), others.count("Place")
            if orgs and orgs > places:
                m.kind, m.labels = "Organization", []


def is_kind_noun(word: str) -> bool:
    """A lowercase noun that says what the name after it is ("festival", "start-up")."""
    return word in EVENT_NOUNS or word in ORG_TRIGGERS


def _noun_before(doc: Doc, m: Mention) -> str:
    """The lowercase noun right before a mention, over its adjectives: "l'ancienne usine textile X"
    -> "usine"; "" when there is none."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    i = (span.start if span is not None else 0) - 1
    while i >= 0 and doc[i].is_lower and doc[i].pos_ == "ADJ":
        i -= 1
    return doc[i].lower_ if i >= 0 and doc[i].is_lower and doc[i].pos_ == "NOUN" else ""


def _after_title(token: Token | None) -> bool:
    """ "le président de X", "directrice générale d'X": X is where the title is held."""
    if token is None:
        return False
    if token.lower_ in _ARTICLES and token.i > 0:
        token = token.doc[token.i - 1]
    if token.lower_ not in _DE:
        return False
    for back in range(1, 4):
        if token.i - back < 0:
            return False
        t = token.doc[token.i - back]
        word = t.lower_
        if word in ROLE_TITLES or word.split("-")[-1] in ROLE_TITLES:
            return word not in MUNICIPAL_TITLES and word not in _PLACE_TITLES
        if t.is_punct or not (t.pos_ == "ADJ" or word in {"général", "générale", "adjoint", "adjointe"}):
            return False
    return False


def _title_follows(doc: Doc, i: int) -> bool:
    """ "X, directeur de …": an apposition that only persons take."""
    if i + 1 >= len(doc) or doc[i].text != ",":
        return False
    t = doc[i + 1]
    if t.lower_ in _ARTICLES | {"un", "une"} and i + 2 < len(doc):
        t = doc[i + 2]
    word = t.lower_
    return word in ROLE_TITLES or word.split("-")[-1] in ROLE_TITLES


def _is_person_name(text: str) -> bool:
    parts = text.split()
    return 2 <= len(parts) <= 4 and all(p[:1].isupper() for p in parts) and not any(c.isdigit() for c in text)


def _plural_triggers(doc: Doc) -> Iterable[tuple[Token, list[str]]]:
    """ "les écoles X et Y", "des sociétés concernées X, Y": a plural trigger before a list."""
    for token in doc:
        word = token.lower_
        if len(word) > 3 and word[-1] in "sx" and word[:-1] in ORG_TRIGGERS:
            yield token, ORG_TRIGGERS[word[:-1]]
        elif word in PLURAL_BODIES:
            yield token, ["PublicBody"]


def _listed_after(doc: Doc, trigger: Token, mentions: list[Mention]) -> list[Mention]:
    i = trigger.i + 1
    while i < len(doc) and i - trigger.i <= 3 and doc[i].is_lower and doc[i].pos_ in {"ADJ", "VERB", "NOUN"}:
        i += 1  # "les écoles concernées X", "les collectivités parties prenantes (X, …)"
    if i < len(doc) and doc[i].text in {"(", ":"}:
        i += 1
    if i >= len(doc):
        return []
    first = next((m for m in mentions if m.start == doc[i].idx), None)
    if first is None:
        return []
    return next((g for g in _lists(doc, mentions, closed=False) if first in g), [first])


def _lists(doc: Doc, mentions: list[Mention], closed: bool = True) -> list[list[Mention]]:
    """Mentions one after the other, separated only by commas, "et", "ou" (and an article); a
    closed list ends with "et"/"ou" ("à X, la fondation Y …" is none)."""
    text = text_of(doc)
    ordered = sorted((m for m in mentions if m.origin != "reference"), key=lambda m: m.start)
    groups: list[list[Mention]] = []
    for m in ordered:
        if groups and _LIST_GAP.match(text[groups[-1][-1].end : m.start]) and m.start > groups[-1][-1].end:
            groups[-1].append(m)
        else:
            groups.append([m])
    return [
        g for g in groups if len(g) > 1 and (not closed or _LIST_END.search(text[g[-2].end : g[-1].start]))
    ]


def _after_preposition(doc: Doc, m: Mention) -> bool:
    """ "dans la Marne, et le pôle …": a place where something is, not a member of the list."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    i = span.start - 1 if span is not None else -1
    if i >= 0 and doc[i].lower_ in _ARTICLES:
        i -= 1
    return i >= 0 and doc[i].pos_ == "ADP" and doc[i].lower_ not in _DE | {"et"}


def body_mentions(doc: Doc, found: list[Mention]) -> list[Mention]:
    """ "le gouvernement du X", "la métropole de X": the authority, not the place (which is
    dropped from `found`); "l'agglomération du Grand X": the name itself is the authority."""
    extra: list[Mention] = []
    for token in doc:
        labels = BODY_NOUNS.get(token.lower_, INSTITUTION_ACRONYMS.get(token.text))
        if labels is None or token.i + 2 >= len(doc) or doc[token.i + 1].lower_ not in _DE:
            continue
        place = next((m for m in found if m.start == doc[token.i + 2].idx and m.kind == "Place"), None)
        if place is None:
            continue
        if clean_name(place.text).split()[0].lower() in HEAD_ADJECTIVES and place.origin == "ner":
            if token.lower_ in {"agglomération", "communauté"}:
                place.kind, place.labels = "Organization", list(labels)  # "Grand X" names the body
            continue
        before = doc[token.i - 1] if token.i else None
        if before is not None and before.lower_ in _ARTICLES and before.i > 0:
            before = doc[before.i - 1]
        if token.text not in INSTITUTION_ACRONYMS and before is not None and before.lower_ in _IN_PLACE:
            continue
        found.remove(place)
        text = text_of(doc)[token.idx : place.end]
        extra.append(_org(token.idx, place.end, text, labels))
    return extra


_DOMAIN_NAME = re.compile(
    r"(?<![\w@/.:-])([A-Za-z0-9][\w-]*\.(?:com|fr|io|net|eu|ai|co|tech|app))(?![\w/.@-])"
)


def domain_names(doc: Doc, found: list[Mention]) -> list[Mention]:
    """ "monguide.com": a company named by its web address (not a URL, not an e-mail address)."""
    extra = []
    text = text_of(doc)
    for m in _DOMAIN_NAME.finditer(text):
        start, end = m.span(1)
        if any(x.start < end and start < x.end for x in found):
            continue
        extra.append(_org(start, end, text[start:end], ["Company"]))
    return extra


def _org(start: int, end: int, text: str, labels: list[str]) -> Mention:
    return Mention(start=start, end=end, text=text, kind="Organization", labels=labels, origin="trigger")
