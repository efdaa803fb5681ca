"""Funding and support: who puts money into whom.

INVESTED_IN (equity, a funding round): "X lève 3 millions d'euros auprès de A, B et C", "un tour de
table mené par A avec B", "grâce au soutien de A et B" or "a pu compter sur A et B" in a sentence
about a round, "A investit dans X", "A entre au capital de X", "A et B, actionnaires de X".
SUPPORTS (money or backing without equity): "soutenue par la Région", "financé par", "parrainé par",
"avec le soutien de", "grâce aux financements de", "A soutient X", "lauréate du concours ... de A".

Every rule has its own `rule` name so that its precision can be measured on its own; a rule whose
ends come from the discourse rather than from the sentence's own grammar stays a candidate.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from ingest.text.models import TieDraft
from ingest.text.nlp import text_of
from ingest.text.ties.context import Sentence

ORG = {"Organization"}
INVESTOR = {"Organization", "Person"}

# A round: verbs of raising money, and the nouns that name one.
RAISE_VERBS = {"lever", "récolter", "obtenir", "collecter", "engranger", "boucler", "finaliser", "réunir"}
# The nouns of backing: "grâce au soutien de", "avec l'appui de", "grâce aux financements de".
BACKING_NOUNS = {
    "soutien",
    "soutiens",
    "appui",
    "concours",
    "financement",
    "financements",
    "subvention",
    "subventions",
    "aide",
    "aides",
    "parrainage",
    "mécénat",
}
BACKING_VERBS = {"bénéficier", "recevoir", "obtenir", "compter", "décrocher"}  # "... le soutien de A"
# Passive participles: "soutenue par", "financé par" (the agent supports the subject).
SUPPORT_PARTICIPLES = {"soutenir", "financer", "cofinancer", "subventionner", "parrainer", "sponsoriser"}
RUN_BY = {"animé", "animée", "animés", "animées", "piloté", "pilotée", "pilotés", "pilotées"}
SUPPORT_VERBS = {"soutenir", "financer", "cofinancer", "subventionner", "parrainer", "sponsoriser"}
INVEST_VERBS = {"investir", "injecter", "placer"}
MONEY_NOUNS = {"million", "milliard", "euro", "fonds", "financement", "capital", "investissement"}
SHAREHOLDER_NOUNS = {"actionnaire", "actionnaires"}
PRIZE_NOUNS = {"lauréat", "lauréate", "lauréats", "lauréates"}
# Definite descriptions a round-up uses for the company it just named: "La fintech a levé ...".
DESCRIPTIONS = {
    "start-up",
    "startup",
    "jeune",
    "pousse",
    "pépite",
    "société",
    "entreprise",
    "plateforme",
    "biotech",
    "medtech",
    "deeptech",
    "foodtech",
    "fintech",
    "greentech",
    "legaltech",
    "edtech",
    "healthtech",
    "proptech",
    "insurtech",
    "cleantech",
    "agritech",
}
NEGATIONS = {"pas", "jamais", "aucun", "aucune", "ni", "non"}
# List items are joined by these; anything else ends the list.
_LIST_GLUE = {",", "et", "ainsi", "que", "de", "du", "des", "d'", "d’", "la", "le", "l'", "l’", "les", "ou"}
_AMOUNT = re.compile(
    r"(?:(?:plus|près|moins) de |environ |quelque )?\d+(?:[.,\u202f\u00a0]\d+)*\s?"
    r"(?:(?:millions?|milliards?)(?:\s?(?:d['’]\s?euros|d['’]€|de dollars|de francs suisses|euros|€|\$|CHF))?"
    r"|M€|M\$|Md€|k€|euros|€|\$|CHF)",
    re.IGNORECASE,
)
_CURRENCIES = (
    ("euro", "EUR"),
    ("€", "EUR"),
    ("dollar", "USD"),
    ("$", "USD"),
    ("franc", "CHF"),
    ("chf", "CHF"),
)


def extract_funding(s: Sentence) -> list[TieDraft]:
    drafts: list[TieDraft] = []
    round_ = _is_round(s)
    for token in s.span:
        if token.i in s.token_entity:
            continue
        word, lemma = token.lower_, token.lemma_
        if word == "auprès" and round_:
            drafts += _round_investors(s, token, "funding-round-aupres", 0.85)
        elif word in ("mené", "menée", "conduit", "conduite", "emmené", "emmenée") and _round_noun(token):
            drafts += _round_led(s, token)
        elif word in BACKING_NOUNS and _backed(token):
            if round_:
                drafts += _round_investors(s, token, "funding-round-backing", 0.8)
            else:
                drafts += _backing(s, token)
        elif lemma == "compter" and round_ and any(c.lower_ == "sur" for c in token.subtree):
            drafts += _round_investors(s, token, "funding-round-compter-sur", 0.8)
        elif lemma in INVEST_VERBS:
            drafts += _invests(s, token)
        elif word == "capital" and _enters_capital(token):
            drafts += _enters(s, token)
        elif lemma == "provenir":
            drafts += _money_from(s, token)
        elif word in SHAREHOLDER_NOUNS:
            drafts += _shareholders(s, token)
        elif (lemma in SUPPORT_PARTICIPLES or word in RUN_BY) and _agent(token) is not None and not round_:
            drafts += _supported_by(s, token)
        elif lemma in SUPPORT_VERBS and token.pos_ == "VERB" and not round_:
            drafts += _supports(s, token)
        elif word in PRIZE_NOUNS:
            drafts += _prize(s, token)
    return _dedupe(drafts)


# ------------------------------------------------------------------------------------ rounds


def _is_round(s: Sentence) -> bool:
    """The sentence is about money raised: a round ("levée", "tour de table", "série A"), or a raising
    verb with an amount."""
    if any(_names_round(t) for t in s.span):
        return True
    return any(t.lemma_ in RAISE_VERBS for t in s.span) and _amount(s) is not None


def _names_round(t: Token) -> bool:
    if t.lower_ in ("levée", "levées"):
        return True
    if t.lower_ in ("tour", "tours"):
        return any(c.lower_ == "table" for c in t.children)
    following = t.nbor(1) if t.i + 1 < len(t.doc) else None
    return t.lower_ == "série" and following is not None and following.text in ("A", "B", "C", "D")


def _round_noun(token: Token) -> bool:
    """ "un tour de table mené par A": the participle hangs on a round noun."""
    return _names_round(token.head) or any(_names_round(c) for c in token.head.children)


def _round_investors(s: Sentence, trigger: Token, rule: str, confidence: float) -> list[TieDraft]:
    investors = _listed_after(s, trigger, INVESTOR)
    if not investors or _negated(s.governing_verb(trigger)):
        return []
    funded, direct = _funded(s, trigger, exclude=investors)
    if funded is None:
        return []
    if not direct:
        rule, confidence = rule + "-topic", min(confidence, 0.65)
    return [_invested(s, i, funded, rule, confidence, trigger, direct) for i in investors]


def _round_led(s: Sentence, participle: Token) -> list[TieDraft]:
    """ "bouclé un tour de table de 3 millions mené par A avec B et C"."""
    leads = _listed_after(s, participle, INVESTOR)
    if not leads:
        return []
    others: list[str] = []
    for t in s.span.doc[participle.i + 1 : s.span.end]:
        if t.lower_ == "avec":
            others = _listed_after(s, t, INVESTOR)
            break
    funded, direct = _funded(s, participle.head, exclude=leads + others)
    if funded is None:
        return []
    rule, confidence = ("funding-round-led", 0.85) if direct else ("funding-round-led-topic", 0.65)
    return [_invested(s, i, funded, rule, confidence, participle, direct) for i in leads + others]


def _invests(s: Sentence, verb: Token) -> list[TieDraft]:
    """ "A investit 2 millions dans X", "A et B injectent 26 millions dans X"."""
    if _negated(verb):
        return []
    investors = s.subjects(verb, INVESTOR)
    funded = [
        k
        for c in verb.children
        if c.dep_.startswith("obl") and any(x.lower_ == "dans" for x in c.children)
        for k in s.entities_under(c, ORG, 2, conj=False)
    ]
    return [
        _invested(s, i, f, "invests-in", 0.8, verb, True) for i in investors for f in funded[:1] if i != f
    ]


def _money_from(s: Sentence, verb: Token) -> list[TieDraft]:
    """ "Les 26 millions proviennent de A, de B ainsi que de C": the money of the fund or company the
    text is about (the discourse names it: a candidate)."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lemma_ not in MONEY_NOUNS or _negated(verb):
        return []
    inside = set(t.i for t in subject.subtree)
    investors = s.mentions_in(INVESTOR, [t for t in verb.subtree if t.i not in inside])
    funded = s.discourse.topic_org(s.resolved.entities, exclude=investors)
    if not investors or funded is None:
        return []
    return [_invested(s, i, funded, "money-comes-from-topic", 0.6, verb, False) for i in investors]


def _enters_capital(token: Token) -> bool:
    """ "entre au capital de X", "fait son entrée au capital de X", "prend part au capital de X"."""
    head = token.head
    return head.lemma_ in ("entrer", "rentrer", "monter", "participer") or head.lower_ in ("entrée", "part")


def _enters(s: Sentence, capital: Token) -> list[TieDraft]:
    verb = s.governing_verb(capital)
    if _negated(verb):
        return []
    funded = [
        k for c in capital.children if c.dep_ == "nmod" for k in s.entities_under(c, ORG, 1, conj=False)
    ]
    investors = s.subjects(verb, INVESTOR)
    return [
        _invested(s, i, f, "enters-capital", 0.8, capital, True)
        for i in investors
        for f in funded[:1]
        if i != f
    ]


def _shareholders(s: Sentence, noun: Token) -> list[TieDraft]:
    """ "A et B, actionnaires de X" (or of the company the text is about: a candidate)."""
    if noun.dep_ in ("appos", "nmod") and s.entity(noun.head, INVESTOR):
        holders = s.entities_under(noun.head, INVESTOR, 1)
    else:
        holders = s.subjects(noun, INVESTOR)
    if not holders:
        return []
    of = [k for c in noun.children if c.dep_ == "nmod" for k in s.entities_under(c, ORG, 1, conj=False)]
    if of:
        funded, rule, confidence = of[0], "shareholder-of", 0.8
    else:
        topic = s.discourse.topic_org(s.resolved.entities, exclude=holders)
        if topic is None:
            return []
        funded, rule, confidence = topic, "shareholder-topic", 0.6
    return [_invested(s, h, funded, rule, confidence, noun, bool(of)) for h in holders if h != funded]


def _invested(
    s: Sentence, investor: str, funded: str, rule: str, confidence: float, trigger: Token, direct: bool
) -> TieDraft:
    counting_on = trigger.lemma_ == "compter"  # "a pu compter sur A": not the planning "compte ouvrir"
    if counting_on and trigger.head.i != trigger.i:
        trigger, counting_on = trigger.head, False
    return s.draft(
        investor,
        funded,
        "INVESTED_IN",
        confidence,
        rule,
        trigger=trigger,
        plannable=not counting_on,
        properties=_money(s, direct),
    )


# ------------------------------------------------------------------------------------ support


def _backed(noun: Token) -> bool:
    """ "grâce au soutien de", "avec l'appui de", "bénéficie du concours de", "obtenant l'appui de":
    backing received, not "le soutien de la Région aux start-up" said in passing."""
    if any(c.lower_ in ("grâce", "avec") for c in noun.children):
        return True
    return noun.head.lemma_ in BACKING_VERBS and noun.dep_ in ("obj", "obl:arg", "obl", "obl:mod")


def _backing(s: Sentence, noun: Token) -> list[TieDraft]:
    supporters = [k for k in _listed_after(s, noun, ORG)]
    if not supporters or _negated(s.governing_verb(noun)):
        return []
    funded, direct = _funded(s, noun, exclude=supporters)
    if funded is None:
        return []
    rule, confidence = ("backed-by", 0.8) if direct else ("backed-by-topic", 0.6)
    return [s.draft(x, funded, "SUPPORTS", confidence, rule, trigger=noun) for x in supporters]


def _agent(participle: Token) -> Token | None:
    return next((c for c in participle.children if c.dep_ == "obl:agent"), None)


def _supported_by(s: Sentence, participle: Token) -> list[TieDraft]:
    """ "soutenue par la Région Sud", "Parrainé par la Fondation X, il ...", "financé par A et B"."""
    agent = _agent(participle)
    assert agent is not None
    supporters = s.entities_under(agent, ORG, 2)
    supporters += [k for k in _listed_after(s, participle, ORG) if k not in supporters]
    if not supporters or _negated(participle):
        return []
    supported = [k for k in s.subjects(participle, ORG) if k not in supporters]
    if (
        not supported
        and participle.dep_ in ("advmod", "obl:mod", "amod", "nmod")
        and participle.head.i != participle.i
    ):
        head = participle.head
        supported = [k for k in s.subjects(head, ORG) if k not in supporters]
        if not supported and participle.dep_ in ("amod", "nmod"):
            supported = [k for k in s.entities_under(head, ORG, 0) if k not in supporters]
    # "animé par", "piloté par": the body that runs a network backs it, but may own it too: a candidate
    rule, confidence = ("run-by", 0.65) if participle.lower_ in RUN_BY else ("supported-by", 0.8)
    # "Parrainé par A, il proposera ...": the main verb's future is not the participle's
    future = any("Fut" in c.morph.get("Tense", []) for c in participle.children if c.dep_.startswith("aux"))
    name = rule if rule == "run-by" else f"{rule}-{participle.lemma_}"
    return [
        s.draft(x, y, "SUPPORTS", confidence, name, trigger=participle, plannable=future)
        for y in supported[:1]
        for x in supporters
        if x != y
    ]


def _supports(s: Sentence, verb: Token) -> list[TieDraft]:
    """ "La Région Sud soutient Navalis", "s'est engagée à soutenir le fonds X"."""
    if _negated(verb) or any(c.dep_ == "nsubj:pass" for c in verb.children):
        return []
    supporters = s.subjects(verb, ORG)
    # the first organisation named in the object ("le fonds d'innovation X": X), not a back-reference
    objects = [
        t
        for c in verb.children
        if c.dep_ == "obj" or (c.dep_ == "xcomp" and c.i in s.token_entity)  # "soutient X": X may be xcomp
        for t in c.subtree
        if t.i not in s.reference_tokens
    ]
    supported = [k for k in s.mentions_in(ORG, objects) if k not in supporters][:1]
    return [
        s.draft(x, y, "SUPPORTS", 0.8, f"supports-{verb.lemma_}", trigger=verb)
        for x in supporters
        for y in supported
        if x != y
    ]


def _prize(s: Sentence, noun: Token) -> list[TieDraft]:
    """ "Navalis, lauréate du concours i-Nov de Bpifrance": the body behind the prize backs the winner.
    Unmeasured on real text: a candidate."""
    winners = s.entities_under(noun.head, ORG, 0) if noun.dep_ in ("appos", "nmod", "acl") else []
    winners = winners or s.subjects(noun, ORG)
    if not winners:
        return []
    bodies = [
        k
        for c in noun.children
        if c.dep_ == "nmod"
        for d in [c, *[x for x in c.children if x.dep_ == "nmod"]]
        for k in s.entities_under(d, ORG, 0)
        if k not in winners
    ]
    return [s.draft(b, winners[0], "SUPPORTS", 0.6, "prize-winner", trigger=noun) for b in bodies[-1:]]


# ------------------------------------------------------------------------------------ helpers


def _listed_after(s: Sentence, trigger: Token, kinds: set[str]) -> list[str]:
    """The entities named in the list that opens right after `trigger` ("auprès de A, B et C", "grâce
    au soutien d'A, de B ainsi que de C"), whatever the parse made of the commas: a word outside
    names, articles, "de" and the list's glue ends it. Past a comma, a name belongs to the list only
    when "et", "ou" or "ainsi que" closes it, or when the parse hangs it below the trigger: in "Avec
    le soutien de A, X ouvre ...", X is not a backer."""
    items: list[tuple[str, str | None]] = []  # (entity, the glue word before it)
    glue: str | None = None
    for t in s.span.doc[trigger.i + 1 : s.span.end]:
        key = s.token_entity.get(t.i)
        if key is not None:
            if s.kind(key) not in kinds:
                break
            if all(key != k for k, _ in items):
                items.append((key, glue))
            glue = None
            continue
        if t.lower_ in _LIST_GLUE or (t.lower_ in ("sur", "par") and not items) or t.is_space:
            if t.lower_ in (",", "et", "ou", "ainsi"):
                glue = t.lower_ if glue in (None, ",") else glue
            continue
        break
    closing = max((i for i, (_, g) in enumerate(items) if g in ("et", "ou", "ainsi")), default=None)
    below = {s.token_entity.get(t.i) for t in trigger.subtree}
    found: list[str] = []
    for i, (key, g) in enumerate(items):
        if g == "," and (closing is None or i > closing) and key not in below:
            break
        found.append(key)
    return found


def _funded(s: Sentence, trigger: Token, exclude: list[str]) -> tuple[str | None, bool]:
    """Who gets the money, and whether the sentence names it (True) or the discourse does (False):
    the subject of the clause; the antecedent of "qui"; or, after "La fintech"/"La plateforme" (a
    definite description of the company just named), the organisation the text is about."""
    verb = s.governing_verb(trigger)
    found = [k for k in s.subjects(verb, ORG) if k not in exclude]
    subject = _subject_token(verb)
    if subject is not None and _description(s, subject):
        return _described(s, exclude), False
    if found:
        return found[0], True
    if subject is not None and subject.lower_ == "qui":
        before = [t for t in s.span.doc[s.span.start : subject.i] if not t.is_punct and not t.is_space]
        key = s.entity(before[-1], ORG) if before else None
        if key is not None and key not in exclude:
            return key, True
    return None, False


def _described(s: Sentence, exclude: list[str]) -> str | None:
    """The company "La fintech" stands for: the one organisation the sentence before names (a round-up
    names the company, then describes it), else the organisation the text is about."""
    named = [k for k in s.resolved.entities if s.name(k).lower() not in DESCRIPTIONS and k not in exclude]
    if s.span.start > 0:
        previous = s.span.doc[s.span.start - 1].sent
        before = [k for k in s.mentions_in(ORG, previous) if k in named]
        if len(before) == 1:
            return before[0]
    return s.discourse.topic_org(
        s.resolved.entities, exclude=[k for k in s.resolved.entities if k not in named]
    )


def _subject_token(verb: Token) -> Token | None:
    t = verb
    for _ in range(4):
        subject = next((c for c in t.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
        if subject is not None:
            return subject
        if t.dep_ not in ("xcomp", "conj", "advcl") or t.head.i == t.i:
            return None
        t = t.head
    return None


def _description(s: Sentence, subject: Token) -> bool:
    """ "La Foodtech", "la start-up", "la plateforme": a definite noun phrase that names no one the
    text introduced by name (an entity found only as that common word counts as none)."""
    if subject.lower_ not in DESCRIPTIONS or not any(
        c.dep_ == "det" and c.lower_ in ("la", "le", "l'", "l’", "cette", "ce") for c in subject.children
    ):
        return False
    own = s.token_entity.get(subject.i)
    return not [k for k in s.entities_under(subject, ORG, 1) if k != own]


def _negated(verb: Token) -> bool:
    return any(c.lower_ in NEGATIONS and c.dep_ in ("advmod", "det") for c in verb.children)


def _amount(s: Sentence) -> str | None:
    match = _AMOUNT.search(s.span.text)
    return match.group().strip() if match else None


def _money(s: Sentence, direct: bool) -> dict[str, str]:
    """`amount` as written (the first of the sentence; else, for a company named by the sentence
    before, that sentence's), and `currency` when the text writes one."""
    amount = _amount(s)
    if amount is None and not direct and s.span.start > 0:
        previous = s.span.doc[s.span.start - 1].sent
        match = _AMOUNT.search(text_of(s.span.doc)[previous.start_char : previous.end_char])
        amount = match.group().strip() if match else None
    if amount is None:
        return {}
    lowered = amount.lower()
    currency = next((code for word, code in _CURRENCIES if word in lowered), None)
    return {"amount": amount, **({"currency": currency} if currency else {})}


def _dedupe(drafts: list[TieDraft]) -> list[TieDraft]:
    best: dict[tuple[str, str, str], TieDraft] = {}
    for d in drafts:
        key = (d.type, d.source, d.target)
        if key not in best or d.confidence > best[key].confidence:
            best[key] = d
    return list(best.values())
