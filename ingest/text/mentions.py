"""Stage 2: a parsed Doc -> mentions (spans naming or pointing back to an actor), with a kind guess."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from graph.model import fold
from ingest.text import kinds
from ingest.text.models import KnownEntity, Mention, Origin
from ingest.text.names import acronym_key, clean_name, initials, looks_like_acronym
from ingest.text.nlp import text_of
from ingest.text.vocabulary import (
    CITY_REFERENCES,
    DESCRIPTORS,
    GENERIC_ACRONYMS,
    NOT_ACTORS,
    ORG_TRIGGERS,
)

NER_KIND = {"PER": "Person", "LOC": "Place", "ORG": "Organization", "MISC": "Organization", "EVENT": "Event"}
_HASHTAG = re.compile(r"(?<![\w#])#(\w[\w-]*\w|\w)")
_DE_WORDS = {"de", "du", "des", "d'", "d’"}
_DETS = {"le", "la", "les", "l'", "l’", "un", "une", "des", "du", "de", "d'", "d’", "au", "aux"}


def detect_mentions(doc: Doc, known: dict[str, KnownEntity]) -> list[Mention]:
    found: list[Mention] = []
    for ent in doc.ents:
        for part in _split_lists(ent):
            mention = _from_entity(part, known)
            if mention is not None:
                found.append(mention)
    _unknown_words_are_no_places(doc, found)
    found = _apply_triggers(doc, found)
    found = [_extended(doc, m, found) for m in found]
    found += _city_bodies(doc, found)
    found += kinds.body_mentions(doc, found)
    found += kinds.domain_names(doc, found)
    found += _hashtags(doc, found)
    found += _acronyms(doc, found, known)
    found += _references(doc, found)
    kept = _without_overlaps(found)
    kinds.from_context(doc, kept)
    for m in kept:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        m.subject = span is not None and span.root.dep_.startswith("nsubj")
    return kept


def _from_entity(ent: Span, known: dict[str, KnownEntity]) -> Mention | None:
    if ent.ent_id_ and ent.ent_id_ in known:
        k = known[ent.ent_id_]
        return _mention(ent.doc, ent.start_char, ent.end_char, k.kind, list(k.labels), "ruler", known_id=k.id)
    kind = NER_KIND.get(ent.label_)
    start, end = _trim(ent)
    if kind is None or start >= end or _is_stray_word(ent) or kinds.is_common_noun(ent):
        return None
    text = text_of(ent.doc)[start:end]
    name = clean_name(text)
    if not _is_actor_name(name, ent.label_):
        return None
    kind, labels = kinds.kind_of_name(name, kind)
    return _mention(ent.doc, start, end, kind, labels, "ner")


def _split_lists(ent: Span) -> list[Span]:
    """ "Seaboost et Datalitt" tagged as one span is two names."""
    if ent.ent_id_ or len(ent) < 3:
        return [ent]
    parts, start = [], ent.start
    for t in ent:
        if t.lower_ in {"et", ","} and t.i + 1 < ent.end and ent.doc[t.i + 1].text[:1].isupper():
            parts.append(ent.doc[start : t.i])
            start = t.i + 1
    parts.append(ent.doc[start : ent.end])
    if len(parts) == 1 or any(len(p) != 1 or not p[0].text[:1].isupper() for p in parts):
        return [ent]
    return [Span(ent.doc, p.start, p.end, label=ent.label_) for p in parts]


def _unknown_words_are_no_places(doc: Doc, found: list[Mention]) -> None:
    """With word vectors, a "place" the vocabulary has never seen ("Vélocéane") is mostly a young
    company; unless it is listed among real places ("Tel Aviv, Potsam, Séoul")."""
    if not doc.vocab.vectors.shape[0]:
        return
    spans = {m.start: doc.char_span(m.start, m.end, alignment_mode="expand") for m in found}
    real_places = {
        m.start
        for m in found
        if m.kind == "Place" and (m.origin == "ruler" or any(t.has_vector for t in spans[m.start] or ()))
    }
    for m in found:
        span = spans[m.start]
        if m.origin != "ner" or m.kind != "Place" or span is None or any(t.has_vector for t in span):
            continue
        related = {c.idx for c in span.root.children if c.dep_ == "conj"}
        related |= {span.root.head.idx} if span.root.dep_ == "conj" else set()
        if not any(i in real_places for i in related):
            m.kind, m.labels = "Organization", []


def _is_stray_word(ent: Span) -> bool:
    """ "Basée" at the head of a sentence: one capitalised word that is no name. A member of a list
    is a name, whatever part of speech the tagger gives it ("Oscaro, Qwant et …")."""
    if len(ent) != 1 or ent[0].pos_ not in {"VERB", "AUX", "ADV", "ADJ", "PRON", "DET", "ADP"}:
        return False
    t = ent[0]
    before = ent.doc[t.i - 1] if t.i else None
    listed = before is not None and before.lower_ in {",", "et", "ou"} and "\n" not in before.whitespace_
    return not listed or t.is_sent_start is not False


def _trim(span: Span) -> tuple[int, int]:
    tokens = list(span)
    for i, t in enumerate(tokens):
        if "\n" in t.text or (i and "\n" in tokens[i - 1].whitespace_):
            tokens = tokens[:i]  # a name never runs over a line break
            break
        if i and t.is_lower and tokens[i - 1].text == "," and t.lower_ not in {"et", "de", "du", "des"}:
            tokens = tokens[: i - 1]  # "Caisse des dépôts, pôles de …": a list ran on
            break
    while tokens and (_is_article(tokens[0]) or tokens[0].is_punct or tokens[0].text == "#"):
        tokens = tokens[1:]
    if len(tokens) > 1 and tokens[0].is_lower and kinds.is_kind_noun(tokens[0].lower_):
        tokens = tokens[1:]  # "festival X" tagged whole: the noun types the name (kinds.from_context)
    while tokens and (tokens[-1].is_punct and tokens[-1].text not in ")" or tokens[-1].lower_ in _DE_WORDS):
        tokens = tokens[:-1]  # "Chambre de commerce de" + "Marseille": the place is joined later
    if not tokens:
        return 0, 0
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = text_of(span.doc)[start:end]
    shift = len(text) - len(text.lstrip())
    m = re.match(r"^[lLdD]['’]", text)
    if m:
        shift = max(shift, m.end())
    return start + shift, end


def _is_article(token: Token) -> bool:
    # "à La Seyne-sur-Mer": a capitalised article inside a sentence belongs to the name.
    if token.lower_ not in _DETS:
        return False
    return token.is_lower or bool(token.is_sent_start)  # None (not known) is no sentence start


def _extended(doc: Doc, m: Mention, found: list[Mention]) -> Mention:
    """Grow an NER span the model cut short: "Rhône Capital" + "Innovation", "Incubateur Paca" +
    "-Est", "Centre international de conférences" + "de Sophia Antipolis"."""
    if m.origin != "ner":
        return m
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return m
    i = span.end
    head = kinds.head_of(clean_name(m.text))
    headed = head is not None
    institution = head is not None and head[0] == "Organization"
    while i < len(doc):
        t = doc[i]
        if "\n" in doc[i - 1].whitespace_ or "\n" in t.text:
            break
        capitalised = t.text[:1].isupper() and t.pos_ in {"PROPN", "NOUN", "X", "ADJ"}
        glued = t.text.startswith("-") and len(t.text) > 1 and not doc[i - 1].whitespace_
        if (capitalised and not _starts_other(t, found)) or glued:
            i += 1
        elif (
            t.text == "-"
            and not doc[i - 1].whitespace_
            and i + 1 < len(doc)
            and doc[i + 1].text[:1].isupper()
        ):
            i += 2
        elif (
            headed
            and t.lower_ in {"de", "du", "d'", "d’"}
            and i + 1 < len(doc)
            and (doc[i + 1].text[:1].isupper())
        ):
            other = _starts_other(doc[i + 1], found)
            if other is None or other.kind != "Place":
                break
            found_end = other.end
            while i < len(doc) and doc[i].idx < found_end:
                i += 1
            other.start = other.end = -1  # absorbed
        elif (
            headed
            and t.is_lower
            and t.pos_ == "ADJ"
            and all(x.pos_ == "ADJ" for x in doc[span.start + 1 : i])
        ):
            i += 1  # "Conseil exécutif", "Centre administratif": adjectives right after the head
        elif institution and kinds.institution_tail(doc, i) > i:
            i = kinds.institution_tail(doc, i)  # "Chambre de commerce" + "et d'industrie"
        else:
            break
    if i == span.end:
        return m
    end = doc[i - 1].idx + len(doc[i - 1].text)
    text = text_of(doc)[m.start : end]
    kind, labels = kinds.kind_of_name(clean_name(text), m.kind)
    return Mention(start=m.start, end=end, text=text, kind=kind, labels=labels or m.labels, origin="ner")


def _starts_other(token: Token, found: list[Mention]) -> Mention | None:
    return next((x for x in found if x.start == token.idx), None)


def _is_actor_name(name: str, label: str) -> bool:
    if not name or "\n" in name or fold(name) in NOT_ACTORS or len(name) < 2:
        return False
    if not (name[0].isupper() or name[0].isdigit()):
        return False
    if kinds.starts_with_title(name):
        return False  # "Vice-présidente de la Métropole", "Député": a title, no name
    return not (label == "MISC" and len(name.split()) > 5)


def _mention(
    doc: Doc, start: int, end: int, kind: str, labels: list[str], origin: Origin, known_id: str | None = None
) -> Mention:
    return Mention(
        start=start,
        end=end,
        text=text_of(doc)[start:end],
        kind=kind,
        labels=labels,
        origin=origin,
        known_id=known_id,
    )


def _apply_triggers(doc: Doc, found: list[Mention]) -> list[Mention]:
    """`la start-up Qista`: the trigger noun fixes the kind of the name that follows it."""
    extra: list[Mention] = []
    for token in doc:
        labels = ORG_TRIGGERS.get(token.lower_)
        if labels is None or (token.i + 1 < len(doc) and doc[token.i + 1].text == "-"):
            continue
        name_tokens = _name_after(token)
        if not name_tokens:
            continue
        start = name_tokens[0].idx
        end = name_tokens[-1].idx + len(name_tokens[-1].text)
        if token.lower_ == "pôle":
            start = token.idx  # "pôle Mer Méditerranée" is the name of a cluster
        covered = [m for m in found if m.start < end and start < m.end]
        if covered:
            for m in covered:
                if m.origin == "ner":
                    m.kind, m.labels = "Organization", list(labels)
                    if token.lower_ == "pôle":
                        m.start, m.text = start, text_of(doc)[start : m.end]
            continue
        extra.append(_mention(doc, start, end, "Organization", list(labels), "trigger"))
    return found + extra


def _name_after(token: Token) -> list[Token]:
    doc = token.doc
    i = token.i + 1
    while i < len(doc) and doc[i].pos_ == "ADJ" and doc[i].is_lower:
        i += 1  # "la start-up niçoise Quantalys"
    if i < len(doc) and doc[i].text in {"«", '"', "“"}:
        i += 1  # "la start-up « Quantalys »"
    name: list[Token] = []
    while i < len(doc):
        t = doc[i]
        if (
            t.text[:1].isupper()
            or (t.text[:1].isdigit() and name)
            or (
                name
                and t.lower_ in {"de", "du", "des", "d'", "d’", "-", "&", "in", "of"}
                and i + 1 < len(doc)
                and doc[i + 1].text[:1].isupper()
            )
        ):
            name.append(t)
        else:
            break
        i += 1
    return name


def _city_bodies(doc: Doc, found: list[Mention]) -> list[Mention]:
    """ "la ville de Marseille" / "mairie de Toulon": the municipality, not the place."""
    extra = []
    for token in doc:
        if token.lower_ not in {"ville", "mairie"} or token.i + 2 >= len(doc):
            continue
        if doc[token.i + 1].lower_ not in {"de", "d'", "d’"}:
            continue
        if token.i > 0 and doc[token.i - 1].lower_ in {"dans", "en", "à"}:
            continue
        if token.i > 0 and doc[token.i - 1].pos_ == "ADJ":
            continue  # "la petite ville de X" describes the place
        place = next((m for m in found if m.start == doc[token.i + 2].idx and m.kind == "Place"), None)
        if place is None:
            continue
        found.remove(place)
        extra.append(_mention(doc, token.idx, place.end, "Organization", ["PublicBody"], "city"))
    return extra


def _hashtags(doc: Doc, found: list[Mention]) -> list[Mention]:
    extra = []
    for m in _HASHTAG.finditer(text_of(doc)):
        if any(x.start <= m.start() < x.end for x in found):
            continue
        extra.append(_mention(doc, m.start(), m.end(), "Organization", [], "alias"))
    return extra


def _acronyms(doc: Doc, found: list[Mention], known: dict[str, KnownEntity]) -> list[Mention]:
    """Upper-case tokens that abbreviate a name of the text or of the graph ("l'AP-HM", "CFLD")."""
    wanted = {initials(clean_name(m.text)) for m in found} | {
        a for k in known.values() for a in [k.name, *k.aliases] if looks_like_acronym(a)
    }
    wanted = {w.replace("-", "") for w in wanted if w}
    extra = []
    for token in doc:
        text = re.sub(r"^[lLdD]['’]", "", token.text)
        start = token.idx + len(token.text) - len(text)
        if not looks_like_acronym(text) or text.upper() in GENERIC_ACRONYMS:
            continue
        if any(x.start <= start < x.end for x in found):
            continue
        if text.replace("-", "") not in wanted and not _defined_here(token, found):
            continue
        extra.append(_mention(doc, start, start + len(text), "Organization", [], "alias"))
    return extra


def _defined_here(token: Token, found: list[Mention]) -> bool:
    """ "la Chambre de commerce de Valdor (CCIV)": an acronym in brackets right after the name it
    shortens (same first letter), even when its letters are not exactly the name's initials."""
    doc = token.doc
    if not 0 < token.i < len(doc) - 1 or (doc[token.i - 1].text, doc[token.i + 1].text) != ("(", ")"):
        return False
    before = doc[token.i - 1].idx
    full = next((m for m in found if m.start >= 0 and 0 <= before - m.end <= 1), None)
    return (
        full is not None
        and full.kind == "Organization"
        and acronym_key(token.text)[:1] == acronym_key(clean_name(full.text))[:1]
    )


def _references(doc: Doc, found: list[Mention]) -> list[Mention]:
    """ "la Ville", "la mairie", "le groupe", "la start-up": pointers back to an actor."""
    extra = []
    for token in doc:
        word = token.lower_
        if word not in CITY_REFERENCES and word not in DESCRIPTORS:
            continue
        if token.i == 0 or doc[token.i - 1].lower_ not in {"la", "le", "l'", "l’", "du", "au"}:
            continue
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if nxt is not None and (
            nxt.text[:1].isupper() or nxt.lower_ in {"de", "d'", "d’", "du"} and word in CITY_REFERENCES
        ):
            continue  # a name follows: handled as a named mention
        if nxt is not None and nxt.pos_ == "ADJ" and nxt.is_lower and word not in CITY_REFERENCES:
            continue  # "la start-up niçoise ...", "le groupe chinois ..."
        if any(x.start <= token.idx < x.end for x in found):
            continue
        label = "PublicBody" if word in CITY_REFERENCES else DESCRIPTORS.get(word)
        extra.append(
            _mention(
                doc,
                token.idx,
                token.idx + len(token.text),
                "Organization",
                [label] if label else [],
                "reference",
            )
        )
    return extra


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    rank = {"ruler": 0, "city": 1, "trigger": 2, "ner": 3, "alias": 4, "reference": 5}
    kept: list[Mention] = []
    mentions = [m for m in mentions if m.start >= 0]
    for m in sorted(mentions, key=lambda m: (rank[m.origin], -(m.end - m.start), m.start)):
        if all(m.end <= k.start or k.end <= m.start for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)
