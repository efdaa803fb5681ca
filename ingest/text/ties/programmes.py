"""Programmes, membership, founding and incubation, and where sites and places lie.

FOUNDED: "fondée en 2015 par X et Y", "créé par X", "X a fondé Y", "X, Y et Z lancent l'incubateur W".
INCUBATES: "incubée par X", "accompagnée par l'incubateur X", "hébergée au sein de la pépinière X",
"a rejoint l'accélérateur X". MEMBER_OF: "membre du réseau X", "adhérent de X", "fait partie de X",
"labellisée X", "a rejoint le pôle X", "au sein du cluster X". LOCATED_IN: "le campus, situé à X"
and "Y, dans le Var" between places.

Every rule checks the kinds at both ends itself and has its own `rule` name, so that each can be
measured alone; a rule not yet shown precise on real text gives confidence below 0.7 (a candidate).
"""

from __future__ import annotations

from spacy.tokens import Token

from ingest.text.models import TieDraft
from ingest.text.ties.context import Sentence

ORG = {"Organization"}
ACTOR = {"Organization", "Person"}
PLACE = {"Place"}

_FOUND_VERBS = {"fonder", "cofonder", "co-fonder"}
_CREATE_VERBS = {"créer", "cocréer", "co-créer"}
_FOUNDED_FORMS = {
    "fondé",
    "fondée",
    "fondés",
    "fondées",
    "cofondé",
    "cofondée",
    "cofondés",
    "cofondées",
    "co-fondé",
    "co-fondée",
}
_CREATED_FORMS = {"créé", "créée", "créés", "créées"}
_LAUNCH_VERBS = {"lancer", "inaugurer"}
_ISSUED_FORMS = {"issu", "issue", "issus", "issues"}
# What "lancer" must launch to be a founding: an organisation that is a programme or a structure.
_PROGRAMME_NOUNS = {
    "incubateur",
    "accélérateur",
    "pépinière",
    "programme",
    "dispositif",
    "réseau",
    "cluster",
    "association",
    "fonds",
    "laboratoire",
    "lab",
    "startup-studio",
    "fondation",
}
_INCUBATOR_NOUNS = {"incubateur", "accélérateur", "pépinière", "couveuse"}
_INCUBATE_VERBS = {"incuber", "héberger", "accompagner", "accélérer", "accueillir"}
# Groups one joins or belongs to as a member (not a company group: that is ownership).
_GROUP_NOUNS = {
    "réseau",
    "pôle",
    "cluster",
    "association",
    "collectif",
    "club",
    "alliance",
    "consortium",
    "fédération",
    "groupement",
    "communauté",
    "label",
    "syndicat",
}
# "membre du conseil d'administration de X" is a seat, not a membership of X.
_BODY_NOUNS = {
    "conseil",
    "directoire",
    "directeur",
    "direction",
    "comité",
    "bureau",
    "board",
    "jury",
    "équipe",
    "commission",
    "gouvernement",
    "cabinet",
    "gouvernance",
}
_MEMBER_NOUNS = {"membre", "membres", "adhérent", "adhérente", "adhérents", "adhérentes"}
# Verbs under which "au sein de X" says the subject is in X.
_WITHIN_VERBS = {
    "être",
    "héberger",
    "incuber",
    "accompagner",
    "accueillir",
    "rassembler",
    "regrouper",
    "réunir",
    "intégrer",
    "évoluer",
    "travailler",
    "grandir",
    "installer",
}
# "X, un regroupement de A, B et C": A, B and C are in X.
_GROUPING_NOUNS = {"regroupement", "groupement", "consortium", "alliance", "collectif", "réunion"}
# "le réseau X regroupe A, B et C": A, B and C are its members ("réunir" is also a meeting).
_GATHER_VERBS = {"regrouper", "rassembler", "fédérer"}
_LABEL_VERBS = {"obtenir", "décrocher", "recevoir", "acquérir", "remporter"}
_SITUATED_FORMS = {"situé", "située", "situés", "situées", "localisé", "localisée", "localisés", "localisées"}
# An organisation that is also a place one can be in: a campus, a building, a technopole.
_SITE_HEADS = {
    "campus",
    "bâtiment",
    "centre",
    "technopole",
    "technopôle",
    "parc",
    "site",
    "hôtel",
    "maison",
    "cité",
    "village",
    "hub",
    "bioraffinerie",
    "usine",
    "tiers-lieu",
}
_NEGATIONS = {"pas", "jamais", "plus", "aucunement", "nullement"}
_PLACE_RANK = {"Venue": 0, "Site": 0, "City": 1, "Region": 2, "Country": 3}


def extract_programmes(s: Sentence) -> list[TieDraft]:
    drafts: list[TieDraft] = []
    for token in s.span:
        word, lemma = token.lower_, token.lemma_
        if _negated(s, token):  # "n'est pas membre", "n'a jamais été incubée"
            continue
        if word in _FOUNDED_FORMS or word in _CREATED_FORMS or lemma in _FOUND_VERBS | _CREATE_VERBS:
            drafts += _founded_by(s, token) or _founds(s, token)
        elif lemma in _LAUNCH_VERBS and token.pos_ == "VERB":
            drafts += _launches(s, token)
        elif word in _ISSUED_FORMS or lemma == "émaner":
            drafts += _issued_from(s, token)
        if lemma == "incuber" or word.startswith("incubé") or lemma in _INCUBATE_VERBS:
            drafts += _incubated_by(s, token)
        if word in _MEMBER_NOUNS:
            drafts += _member(s, token)
        elif word == "partie" and token.head.lemma_ == "faire":
            drafts += _part_of(s, token)
        elif word == "sein" and token.head.i != token.i:
            drafts += _within(s, token)
        elif word.startswith("labellisé") or (word == "label" and token.dep_ in ("obj", "nsubj:pass")):
            drafts += _labelled(s, token)
        elif lemma in ("rejoindre", "intégrer") and token.pos_ == "VERB":
            drafts += _joins(s, token)
        elif lemma in _GATHER_VERBS and token.pos_ == "VERB":
            drafts += _gathers(s, token)
        elif word in _GROUPING_NOUNS:
            drafts += _grouping_of(s, token)
        elif word in _SITUATED_FORMS:
            drafts += _situated(s, token)
    drafts += _place_in_place(s)
    return drafts


# ---------------------------------------------------------------------------- who a phrase is about


def _negated(s: Sentence, token: Token) -> bool:
    """ "ne ... pas / jamais / plus / aucunement" on the word or on the verb that governs it."""
    verb = s.governing_verb(token)
    words = {c.lower_ for t in {token, verb} for c in t.children if c.dep_ in ("advmod", "det")}
    return bool(words & _NEGATIONS) and bool(words & {"ne", "n'", "n’"})


def _main_subject(s: Sentence, verb: Token, kinds: set[str]) -> list[str]:
    """The organisation a participle is about: its subject, the noun it hangs on (through an
    apposed common noun: "la start-up Quantalys, incubée par"), or, for a participle fronted
    before the clause ("Fondée en 2016 par X, Y est basée"), the subject of the main verb."""
    found = s.subjects(verb, kinds)
    if found:
        return found
    t = verb
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    hanging = ("acl", "amod", "acl:relcl", "appos") + (("nmod",) if t.pos_ == "VERB" else ())
    if t.dep_ in hanging and t.head.i != t.i:
        head = t.head
        found = s.entities_under(head, kinds, depth=0)
        if not found and head.dep_ in ("appos", "nmod", "conj") and head.head.i != head.i:
            found = s.entities_under(head.head, kinds, depth=0)
        if not found:  # "la start-up niçoise Quantalys": the name below the common noun
            found = [
                k
                for c in head.children
                if c.dep_ in ("appos", "flat:name", "nmod") and c.i < t.i
                for k in s.entities_under(c, kinds, depth=0)
            ][-1:]
        if found:
            return found
    if t.dep_ in ("advcl", "advmod", "obl:mod", "amod", "nsubj", "nsubj:pass") and t.i < t.head.i:
        comma = next((c.i for c in t.children if c.text == ","), None)
        if comma is not None:  # the parse hung the clause's subject on the participle, after its comma
            found = [
                k
                for c in t.children
                if c.i > comma and c.dep_ in ("nmod", "appos", "nsubj", "obj", "conj", "obl:mod")
                for k in s.entities_under(c, kinds, depth=0)
            ]
            if found:
                return found[:1]
        return s.subjects(t.head, kinds)
    return []


def _agents(s: Sentence, verb: Token, kinds: set[str]) -> list[str]:
    """Who "par X, Y et Z" names, lists in brackets included ("trois investisseurs (X, Y et Z)")."""
    return [
        k
        for c in verb.children
        if c.dep_ == "obl:agent" or (c.dep_.startswith("obl") and any(x.lower_ == "par" for x in c.children))
        for k in s.entities_under(c, kinds, 2)
    ]


def _named(s: Sentence, noun: Token, kinds: set[str], heads: set[str]) -> tuple[list[str], str | None]:
    """The organisation a noun phrase names, and the common noun it is introduced by: "X" itself,
    or "le réseau X" / "l'incubateur X" when the noun is one of `heads`."""
    key = s.entity(noun, kinds)
    if key is not None:
        head = next(
            (t.lower_ for t in s.span.doc[max(noun.i - 3, s.span.start) : noun.i] if t.lower_ in heads), None
        )
        word = noun.lower_ if noun.lower_ in heads else head
        return [key], word
    if noun.lower_ in heads:
        return s.entities_under(noun, kinds, 2, conj=False), noun.lower_
    return [], None


# ---------------------------------------------------------------------------- FOUNDED


def _founded_by(s: Sentence, verb: Token) -> list[TieDraft]:
    """ "X, fondée en 2015 par A et B", "Y a été créé par A", "Créée par A, X ..."."""
    founders = _agents(s, verb, ACTOR)
    if not founders:
        return []
    founded = [k for k in _main_subject(s, verb, ORG) if k not in founders]
    created = verb.lower_ in _CREATED_FORMS or verb.lemma_ in _CREATE_VERBS
    rule = "created-by" if created else "founded-by"
    return [s.draft(f, o, "FOUNDED", 0.85, rule, trigger=verb) for o in founded[:1] for f in founders]


def _founds(s: Sentence, verb: Token) -> list[TieDraft]:
    """ "A a fondé X", "A et B ont cofondé X en 2019" (active voice, a named organisation)."""
    if verb.pos_ != "VERB" or any(c.dep_ in ("aux:pass", "nsubj:pass") for c in verb.children):
        return []
    founders = [k for k in s.subjects(verb, ACTOR)]
    founded = [
        k for c in verb.children if c.dep_ == "obj" for k in s.entities_under(c, ORG, 1) if k not in founders
    ]
    created = verb.lemma_ in _CREATE_VERBS or verb.lower_ in _CREATED_FORMS
    rule, confidence = ("creates", 0.6) if created else ("founds", 0.65)
    return [s.draft(f, o, "FOUNDED", confidence, rule, trigger=verb) for o in founded for f in founders]


def _launches(s: Sentence, verb: Token) -> list[TieDraft]:
    """ "A, B et C lancent le X, un incubateur": launching a programme or a structure founds it."""
    if any(c.dep_ in ("aux:pass", "nsubj:pass") for c in verb.children):
        return []
    launched: list[str] = []
    for c in verb.children:
        if c.dep_ != "obj":
            continue
        for key in s.entities_under(c, ORG, 1, conj=False):
            nouns = {t.lower_ for t in c.subtree} | {t.lower_ for t in c.head.children if t.dep_ == "appos"}
            if "Incubator" in s.resolved.entities[key].labels or nouns & _PROGRAMME_NOUNS:
                launched.append(key)
    founders = [k for k in s.subjects(verb, ACTOR) if k not in launched]
    return [
        s.draft(f, o, "FOUNDED", 0.65, "launches-programme", trigger=verb)
        for o in launched[:1]
        for f in founders
    ]


def _issued_from(s: Sentence, token: Token) -> list[TieDraft]:
    """ "Issu de l'école Y, le X ...", "le cluster X, émanant du pôle Y": X was founded by Y
    (a spin-off: ownership reads the same, hence a candidate)."""
    sources = [
        k
        for c in token.children
        if c.dep_ in ("nmod", "obl", "obl:arg", "obl:mod")
        and any(x.lower_ in ("de", "du", "des", "d'", "d’") for x in c.children)
        and c.lower_ not in ("fusion", "rapprochement", "alliance")
        for k in s.entities_under(c, ORG, 0)
    ]
    if not sources:
        return []
    derived = [k for k in _main_subject(s, token, ORG) if k not in sources]
    return [s.draft(sources[0], x, "FOUNDED", 0.6, "issued-from", trigger=token) for x in derived[:1]]


# ---------------------------------------------------------------------------- INCUBATES


def _incubated_by(s: Sentence, verb: Token) -> list[TieDraft]:
    """ "X, incubée par Y", "accompagnée par l'incubateur Y", "hébergée chez Y"."""
    incubating = verb.lemma_ == "incuber" or verb.lower_.startswith("incubé")
    incubators: list[str] = []
    for c in verb.children:
        if c.dep_ not in ("obl:agent", "obl:mod", "obl", "obl:arg"):
            continue
        if not any(x.lower_ in ("par", "chez") for x in c.children):
            continue
        found, noun = _named(s, c, ORG, _INCUBATOR_NOUNS)
        for key in found[:1]:
            if incubating or noun in _INCUBATOR_NOUNS or "Incubator" in s.resolved.entities[key].labels:
                incubators.append(key)
    if not incubators:
        return []
    incubated = [k for k in _main_subject(s, verb, ORG) if k not in incubators]
    rule, confidence = ("incubated-by", 0.8) if incubating else ("supported-by-incubator", 0.65)
    return [s.draft(incubators[0], x, "INCUBATES", confidence, rule, trigger=verb) for x in incubated[:1]]


# ---------------------------------------------------------------------------- MEMBER_OF


def _member(s: Sentence, noun: Token) -> list[TieDraft]:
    """ "X est membre du réseau Y", "X, adhérent de Y", "qui est déjà membre de Y"."""
    groups: list[str] = []
    for c in noun.children:
        if c.dep_ != "nmod" or c.lower_ in _BODY_NOUNS:
            continue
        found, _ = _named(s, c, ORG, _GROUP_NOUNS)
        groups += found[:1]
    if not groups:
        return []
    members = [k for k in _main_subject(s, noun, ACTOR) if k not in groups]
    if not members and noun.dep_ == "appos":
        members = s.entities_under(noun.head, ACTOR, 0)
    stage = "ended" if s.ended(noun) else None
    return [
        s.draft(m, groups[0], "MEMBER_OF", 0.8, "member-of", trigger=noun, stage=stage)
        for m in members
        if m != groups[0]
    ]


def _part_of(s: Sentence, partie: Token) -> list[TieDraft]:
    """ "X et Y font partie de Z", "Faisant partie du réseau Z, X ..."."""
    verb = partie.head
    phrases = [c for c in (*partie.children, *verb.children) if c.dep_ in ("nmod", "obl:arg", "obl")]
    groups: list[str] = []
    for c in phrases:
        if not any(x.lower_ in ("de", "du", "des", "d'", "d’") for x in c.children):
            continue
        found, noun = _named(s, c, ORG, _GROUP_NOUNS)
        if found and noun != "groupe":
            groups.append(found[0])
            break
    if not groups:
        return []
    members = [k for k in _main_subject(s, verb, ACTOR) if k not in groups]
    return [s.draft(m, groups[0], "MEMBER_OF", 0.65, "part-of", trigger=verb) for m in members]


def _within(s: Sentence, sein: Token) -> list[TieDraft]:
    """ "X est hébergée au sein de la pépinière Y" (incubation), "X évolue au sein du réseau Y"."""
    inner = [c for c in sein.children if c.dep_ == "nmod"]
    if not inner:
        return []
    found, noun = _named(s, inner[0], ORG, _GROUP_NOUNS | _INCUBATOR_NOUNS)
    verb = s.governing_verb(sein)
    incubated = verb.lemma_ == "incuber" or verb.lower_.startswith("incubé")
    if not found or (noun is None and not incubated) or verb.lemma_ not in _WITHIN_VERBS:
        return []
    group = found[0]
    members = [k for k in _main_subject(s, verb, ORG) if k != group]
    if incubated or noun in _INCUBATOR_NOUNS:
        return [s.draft(group, m, "INCUBATES", 0.65, "within-incubator", trigger=verb) for m in members[:1]]
    return [s.draft(m, group, "MEMBER_OF", 0.65, "within-network", trigger=verb) for m in members]


def _gathers(s: Sentence, verb: Token) -> list[TieDraft]:
    """ "Le réseau X regroupe A, B et C" / "X rassemble A et B": the verb followed by a list of names
    only (to the end of the sentence or a preposition: "A et B autour de ..." is still a list)."""
    groups = s.subjects(verb, ORG)
    if not groups:
        return []
    members: list[str] = []
    for t in s.span.doc[verb.i + 1 : s.span.end]:  # a list of names only: "A, B et C"
        key = s.entity(t, ORG)
        if key is not None:
            if key != groups[0] and key not in members:
                members.append(key)
        elif not (t.text == "," or t.lower_ in ("et", "ainsi") or t.pos_ == "DET"):
            if t.is_alpha and t.pos_ != "ADP":  # the list runs into other words
                return []
            break
    return [s.draft(m, groups[0], "MEMBER_OF", 0.6, "gathers-members", trigger=verb) for m in members]


def _grouping_of(s: Sentence, noun: Token) -> list[TieDraft]:
    """ "X, un regroupement de A, de B et de C": the noun is set beside the name before its comma
    (the parse often hangs it elsewhere), its "de" phrases name the members."""
    doc = s.span.doc
    i = noun.i - 1
    while i > s.span.start and doc[i].pos_ == "DET":
        i -= 1
    if i <= s.span.start or doc[i].text != ",":
        return []
    group = s.entity(doc[i - 1], ORG)
    if group is None:
        return []
    members: list[str] = []
    for c in noun.children:
        if c.dep_ == "nmod" and any(x.lower_ in ("de", "du", "des", "d'", "d’") for x in c.children):
            members += [k for k in s.entities_under(c, ACTOR, 1) if k not in members and k != group]
    return [
        s.draft(m, group, "MEMBER_OF", 0.65, "grouping-of", trigger=noun, plannable=False) for m in members
    ]


def _labelled(s: Sentence, token: Token) -> list[TieDraft]:
    """ "X, labellisée French Tech", "X a obtenu le label Y": a label is a programme one is in."""
    if token.lower_ == "label":
        verb = token.head
        if verb.lemma_ not in _LABEL_VERBS:
            return []
        labels = [
            k
            for c in token.children
            if c.dep_ in ("nmod", "appos", "flat:name")
            for k in s.entities_under(c, ORG, 1, conj=False)
        ]
        holders = s.subjects(verb, ACTOR)
        rule = "label-obtained"
    else:
        verb = token
        labels = [
            k
            for c in token.children
            if c.dep_ in ("obj", "xcomp", "obl", "obl:arg", "nmod", "flat:name", "appos")
            and not any(x.lower_ == "par" for x in c.children)
            for k in s.entities_under(c, ORG, 1, conj=False)
        ]
        nxt = token.i + 1
        while not labels and nxt < s.span.end and s.span.doc[nxt].text in ("«", '"', "“"):
            nxt += 1
        after = s.entity(s.span.doc[nxt], ORG) if not labels and nxt < s.span.end else None
        if after is not None:
            labels = [after]  # "labellisée French Tech": the name right after
        holders = _main_subject(s, token, ACTOR)
        rule = "labelled"
    holders = [h for h in holders if h not in labels]
    return [s.draft(h, labels[0], "MEMBER_OF", 0.65, rule, trigger=verb) for h in holders for _ in labels[:1]]


def _joins(s: Sentence, verb: Token) -> list[TieDraft]:
    """ "X a rejoint l'accélérateur Y" (incubation), "X intègre le pôle de compétitivité Y".
    People joining are roles (roles.py); an organisation joining a bare name is left alone
    (an acquisition reads the same)."""
    members = [k for k in s.subjects(verb, ORG)]
    drafts: list[TieDraft] = []
    for c in verb.children:
        if c.dep_ != "obj":
            continue
        found, noun = _named(s, c, ORG, _GROUP_NOUNS | _INCUBATOR_NOUNS)
        if not found:
            continue
        group = found[0]
        incubator = noun in _INCUBATOR_NOUNS or (
            noun is None and "Incubator" in s.resolved.entities[group].labels
        )
        for m in members:
            if m == group:
                continue
            if incubator:
                drafts.append(s.draft(group, m, "INCUBATES", 0.65, "joins-incubator", trigger=verb))
            elif noun in _GROUP_NOUNS:
                drafts.append(s.draft(m, group, "MEMBER_OF", 0.65, "joins-network", trigger=verb))
        break
    return drafts


# ---------------------------------------------------------------------------- LOCATED_IN


def _situated(s: Sentence, token: Token) -> list[TieDraft]:
    """ "le campus X, situé à Y", "X est située dans Y": a place, or an organisation that is a site."""
    places = [
        k
        for c in token.children
        if c.dep_.startswith("obl") or c.dep_ == "nmod"
        for k in s.entities_under(c, PLACE, 1, conj=False)
    ]
    if not places:
        return []
    sites = [k for k in _main_subject(s, token, PLACE | ORG) if k not in places and _site_like(s, k)]
    return [s.draft(x, places[0], "LOCATED_IN", 0.65, "situated-in", trigger=token) for x in sites[:1]]


def _site_like(s: Sentence, key: str) -> bool:
    """A place, or an organisation that is a site by its name ("Campus X") or by the noun it is
    introduced with ("le campus X")."""
    entity = s.resolved.entities[key]
    if entity.kind == "Place":
        return True
    if entity.kind != "Organization":
        return False
    if entity.name.split()[0].lower() in _SITE_HEADS:
        return True
    first = next((t.i for t in s.span if s.token_entity.get(t.i) == key), None)
    if first is None:
        return False
    return any(t.lower_ in _SITE_HEADS for t in s.span.doc[max(first - 2, s.span.start) : first])


def _place_in_place(s: Sentence) -> list[TieDraft]:
    """ "Saint-Aubin, dans le Var", "Lomé, au Togo", "Roubaix (Nord)": the first place lies in
    the second, when the second is not the smaller kind."""
    doc = s.span.doc
    drafts: list[TieDraft] = []
    for token in s.span:
        inner = s.token_entity.get(token.i)
        if inner is None or s.kind(inner) != "Place" or s.token_entity.get(token.i + 1) == inner:
            continue
        i = token.i + 1
        if i + 2 >= s.span.end:
            break
        if doc[i].text == ",":
            if doc[i + 1].lower_ not in ("dans", "en", "au", "aux"):
                continue
            j = i + 2
            rule = "place-comma-in"
        elif doc[i].lower_ == "dans":  # "à Saint-Aubin dans le Var" ("en" alone is too often a date)
            j = i + 1
            rule = "place-dans"
        elif doc[i].text == "(":
            j = i + 1
            rule = "place-paren"
        else:
            continue
        while j < s.span.end and doc[j].pos_ == "DET":
            j += 1
        outer = s.token_entity.get(j) if j < s.span.end else None
        if outer is None or outer == inner or s.kind(outer) != "Place":
            continue
        end = j
        while end + 1 < s.span.end and s.token_entity.get(end + 1) == outer:
            end += 1
        if rule == "place-paren" and (end + 1 >= s.span.end or doc[end + 1].text != ")"):
            continue
        if not _smaller(s, inner, outer) or _listed(s, token, j, end) or _moved_from(s, token):
            continue
        if rule == "place-dans" and s.token_entity.get(_root(s, doc[j]).head.i) != inner:
            continue  # without a comma, only when the parse hangs the second place on the first
        drafts.append(s.draft(inner, outer, "LOCATED_IN", 0.65, rule))
    return drafts


def _listed(s: Sentence, inner_end: Token, outer_start: int, outer_end: int) -> bool:
    """ "en Chine, au Vietnam et en Pologne" lists places side by side: the first is introduced by
    "en", "au" or "dans" like the second, or the second is coordinated or followed by another."""
    doc = s.span.doc
    first = inner_end.i
    key = s.token_entity.get(first)
    while first - 1 >= s.span.start and s.token_entity.get(first - 1) == key:
        first -= 1
    before = doc[first - 1].lower_ if first - 1 >= s.span.start else ""
    if first - 2 >= s.span.start and doc[first - 1].pos_ == "DET":
        before = doc[first - 2].lower_
    if before in ("en", "au", "aux", "dans"):
        return True
    after = [t.lower_ for t in doc[outer_end + 1 : min(outer_end + 3, s.span.end)]]
    listed = after[:1] in (["et"], ["ou"]) or (after[:1] == [","] and after[1:] in (["en"], ["au"], ["aux"]))
    return doc[outer_start].dep_ == "conj" or listed


def _root(s: Sentence, token: Token) -> Token:
    """The token of a mention whose head lies outside it."""
    key = s.token_entity.get(token.i)
    while token.head.i != token.i and s.token_entity.get(token.head.i) == key:
        token = token.head
    return token


def _moved_from(s: Sentence, inner_end: Token) -> bool:
    """ "transféré de Marseille dans le Var": a verb's "de X" is where something comes from."""
    key = s.token_entity.get(inner_end.i)
    roots = [t for t in s.span if s.token_entity.get(t.i) == key and s.token_entity.get(t.head.i) != key]
    return any(
        t.dep_.startswith("obl")
        and any(c.dep_ == "case" and c.lower_ in ("de", "d'", "d’", "depuis") for c in t.children)
        for t in roots
    )


def _smaller(s: Sentence, inner: str, outer: str) -> bool:
    def rank(key: str) -> int | None:
        ranks = [_PLACE_RANK[x] for x in s.resolved.entities[key].labels if x in _PLACE_RANK]
        return min(ranks) if ranks else None

    a, b = rank(inner), rank(outer)
    return a is None or b is None or a < b
