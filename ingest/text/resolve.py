"""Stage 3: mentions -> entities, linked to the known graph when (and only when) it is safe.

Order of tests for a name: same name in this text; exact known name or alias (accents and case
folded); acronym of a name in this text or of a known one; transliteration variant of a known
person; fuzzy match with per-kind thresholds. An uncertain or ambiguous match is reported as a
candidate and a new entity is made: two known entities are never merged, and no mention is
linked to two of them. When nothing of the guessed kind matches but a known entity of another kind
nearly does ("Zhy Lying" typed an organisation), that is a candidate and the new entity takes its
kind: the NER's label is the weakest evidence there is.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from rapidfuzz import fuzz, process

from graph.model import MODEL, fold, make_id
from ingest.text.models import Candidate, KnownEntity, Mention, Resolved, ResolvedEntity
from ingest.text.names import (
    acronym_key,
    clean_name,
    initials,
    is_pinyin,
    looks_like_acronym,
    person_skeleton,
    surname,
)

# (link, candidate) thresholds on rapidfuzz's 0-100 ratio of folded names. Persons link only
# through the transliteration rule: "Olivia Dumas" is not "Olivier Dumas".
FUZZY_THRESHOLDS = {"Organization": (93, 85), "Place": (90, 82), "Person": (101, 85), "Event": (101, 95)}
_CITY_BODY = re.compile(r"^(?:ville|mairie|municipalite|commune) d(?:e |')\s*(.+)$")
_ORIGIN_WEIGHT = {"ruler": 5, "city": 5, "trigger": 3, "ner": 1, "alias": 0.5, "reference": 0}


class Resolver:
    """The known entities, indexed for linking; `learn` adds entities without rebuilding the rest."""

    def __init__(self, known: list[KnownEntity]):
        self.known: dict[str, KnownEntity] = {}
        self.by_fold: dict[str, set[str]] = defaultdict(set)
        self.by_acronym: dict[str, set[str]] = defaultdict(set)  # "CFLD" -> ids, for acronyms
        self.acronym_aliases: dict[str, set[str]] = defaultdict(set)  # for full names' initials
        self.city_bodies: dict[str, str] = {}
        self.choices: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._names: set[tuple[str, str]] = set()  # (id, name) pairs already indexed
        self.learn(known)

    def learn(self, known: list[KnownEntity]) -> None:
        for k in known:
            self.known[k.id] = k
            for name in [k.name, *k.aliases]:
                if (k.id, name) in self._names:
                    continue
                self._names.add((k.id, name))
                folded = fold(clean_name(name))
                self.by_fold[folded].add(k.id)
                self.choices[k.kind].append((folded, k.id))
                if looks_like_acronym(name):
                    self.by_acronym[acronym_key(name)].add(k.id)
                    self.acronym_aliases[acronym_key(name)].add(k.id)
                elif k.kind == "Organization" and initials(name):
                    self.by_acronym[acronym_key(initials(name))].add(k.id)
                city = _CITY_BODY.match(folded)
                if city and k.kind == "Organization":
                    self.city_bodies[city.group(1)] = k.id

    def resolve(self, mentions: list[Mention]) -> Resolved:
        return Resolution(self, mentions).run()


class Resolution:
    """The state of one resolution run: what this text has named so far."""

    def __init__(self, resolver: Resolver, mentions: list[Mention]):
        self.r = resolver
        self.mentions = mentions
        self.entities: dict[str, ResolvedEntity] = {}
        self.by_fold: dict[str, str] = {}
        self.by_acronym: dict[str, str] = {}
        self.by_surname: dict[str, str] = {}
        self.candidates: list[Candidate] = []
        self.org_history: list[tuple[str, bool]] = []  # (key, was a subject), in text order
        self.kind_votes = _kind_votes(mentions)
        self.city = _main_city(mentions)
        self.defined = _acronym_definitions(mentions)

    def run(self) -> Resolved:
        kept = []
        for m in self.mentions:
            key = self._resolve(m)
            if key is None:
                continue
            m.entity = key
            kept.append(m)
            if self.entities[key].kind == "Organization" and m.origin != "reference":
                self.org_history.append((key, m.subject))
        return Resolved(mentions=kept, entities=self.entities, candidates=self.candidates)

    # -- one mention -------------------------------------------------------------------------
    def _resolve(self, m: Mention) -> str | None:
        if m.origin == "reference":
            return self._reference(m)
        if m.known_id:
            return self._link(m.known_id, m, 1.0)
        name = clean_name(m.text)
        if m.origin == "city":
            city = _city_of(name) or name
            return self.city_body(fold(city), city)
        if fold(name) in self.defined:  # "HIG" before "Hanwei Industrial Group (HIG)"
            full = self.defined[fold(name)]
            key = self.by_fold.get(fold(full)) or self._known(full, "Organization", m)
            key = key or self._new(full, "Organization", m.labels)
            self._remember(full, key)
            self._remember(name, key)
            return key
        folded = fold(name)
        kind = self.kind_votes.get(folded, m.kind)
        key = self.by_fold.get(folded) or self._local_alias(name, kind) or self._known(name, kind, m)
        if key is None and m.origin == "alias":
            return None  # an unmatched acronym or hashtag is no actor by itself
        if key is None:
            other = self._other_kind(name, kind)  # "Zhy Lying" typed an organisation: a person
            key = self._new(name, other or kind, [] if other else m.labels)
        self._remember(name, key)
        return key

    def _known(self, name: str, kind: str, m: Mention) -> str | None:
        folded = fold(name)
        ids = self.r.by_fold.get(folded, set())
        same_kind = {i for i in ids if self.r.known[i].kind == kind}
        if len(ids) == 1 or len(same_kind) == 1:
            return self._link(next(iter(same_kind or ids)), m, 1.0)
        if ids:
            self._suggest(name, sorted(ids), 0.9)
            return None
        if looks_like_acronym(name):
            ids = self.r.by_acronym.get(acronym_key(name), set())
        elif kind == "Organization" and initials(name):
            ids = self.r.acronym_aliases.get(acronym_key(initials(name)), set())
        else:
            ids = set()
        if len(ids) == 1:
            return self._link(next(iter(ids)), m, 0.9)
        if ids:
            self._suggest(name, sorted(ids), 0.6)
            return None
        if kind == "Person":
            key = self._transliterated(name, m)
            if key:
                return key
        return self._fuzzy(name, kind, m)

    def _transliterated(self, name: str, m: Mention) -> str | None:
        skeleton = person_skeleton(name)
        hits = {
            i
            for folded, i in self.r.choices["Person"]
            if person_skeleton(folded) == skeleton
            and fuzz.ratio(folded, fold(name)) >= 70
            and all(is_pinyin(w) for w in folded.split())
        }
        if len(hits) == 1:
            return self._link(next(iter(hits)), m, 0.85)
        if hits:
            self._suggest(name, sorted(hits), 0.7)
        return None

    def _fuzzy(self, name: str, kind: str, m: Mention) -> str | None:
        choices = self.r.choices.get(kind, [])
        if not choices or len(fold(name)) < 4:
            return None
        link_at, suggest_at = FUZZY_THRESHOLDS.get(kind, (101, 101))
        scored = process.extract(fold(name), [c[0] for c in choices], scorer=fuzz.ratio, limit=5)
        best: dict[str, float] = {}
        for _, score, index in scored:
            entity_id = choices[index][1]
            best[entity_id] = max(best.get(entity_id, 0), score)
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < suggest_at:
            return None
        top_id, top = ranked[0]
        rivals = [i for i, s in ranked[1:] if s >= top - 3]
        if top >= link_at and not rivals:
            return self._link(top_id, m, round(top / 100, 2))
        for entity_id, score in ranked:
            if score >= suggest_at:
                self._suggest(name, [entity_id], round(score / 100, 2))
        return None

    def _other_kind(self, name: str, kind: str) -> str | None:
        """A name no known entity of its guessed kind matches, but one of another kind nearly does
        (the NER's kind is the weakest evidence): a candidate of that kind, whose kind the new entity
        takes. Never a link: the kinds disagree."""
        folded = fold(name)
        if any(c.mention == name for c in self.candidates) or len(folded) < 4:
            return None
        if kind != "Person" and 2 <= len(name.split()) <= 3:
            skeleton = person_skeleton(name)
            hits = sorted(
                {
                    i
                    for f, i in self.r.choices["Person"]
                    if person_skeleton(f) == skeleton
                    and fuzz.ratio(f, folded) >= 70
                    and all(is_pinyin(w) for w in f.split())
                }
            )
            if hits:
                self._suggest(name, hits, 0.7)
                return "Person"
        for other in ("Person", "Organization", "Place"):
            choices = self.r.choices.get(other, [])
            if other == kind or not choices:
                continue
            at = max(FUZZY_THRESHOLDS[other][1], 88)
            scored = process.extract(folded, [c[0] for c in choices], scorer=fuzz.ratio, limit=3)
            hits = sorted({choices[index][1] for _, score, index in scored if score >= at})
            if hits:
                top = max(score for _, score, _ in scored)
                self._suggest(name, hits, round(top / 100 * 0.9, 2))
                return other
        return None

    def _local_alias(self, name: str, kind: str) -> str | None:
        """Short forms of a name this text already gave: "CFLD", "Reynaud", "Navalis"."""
        if looks_like_acronym(name) and acronym_key(name) in self.by_acronym:
            return self.by_acronym[acronym_key(name)]
        if len(name.split()) == 1 and fold(name) in self.by_surname:
            return self.by_surname[fold(name)]
        if kind == "Organization" and len(name.split()) == 1:
            longer = {
                k
                for f, k in self.by_fold.items()
                if f.split()[0] == fold(name) and self.entities[k].kind == "Organization"
            }
            if len(longer) == 1:
                return longer.pop()
        return None

    def _reference(self, m: Mention) -> str | None:
        if "PublicBody" in m.labels:
            if self.city is None:
                return None
            return self.city_body(fold(self.city), self.city)
        # "le groupe" -> the last organisation labelled Company; "l'entreprise" -> the last one that
        # was the subject of a clause, the usual topic of what follows.
        wanted = m.labels[0] if m.labels else None
        if wanted:
            for key, _ in reversed(self.org_history):
                if wanted in self.entities[key].labels:
                    return key
        for key, subject in reversed(self.org_history):
            if subject:
                return key
        return self.org_history[-1][0] if self.org_history else None

    # -- entities ----------------------------------------------------------------------------
    def city_body(self, city_folded: str, city_name: str) -> str:
        """The municipality of a city: the known one, or a new "Ville de X"."""
        known_id = self.r.city_bodies.get(city_folded)
        if known_id:
            return self._link(known_id, None, 1.0)
        name = ("Ville d'" if city_name[:1].lower() in "aeiouyéèh" else "Ville de ") + city_name
        key = make_id("Organization", name)
        if key not in self.entities:
            self.entities[key] = ResolvedEntity(
                key=key, name=name, kind="Organization", labels=["PublicBody"]
            )
        return key

    def _link(self, known_id: str, m: Mention | None, score: float) -> str:
        if known_id not in self.entities:
            k = self.r.known[known_id]
            self.entities[known_id] = ResolvedEntity(
                key=known_id, name=k.name, kind=k.kind, labels=list(k.labels), existing=True, link_score=score
            )
        if m is not None and m.origin != "reference":
            self._remember(clean_name(m.text), known_id)
        return known_id

    def _new(self, name: str, kind: str, labels: list[str]) -> str:
        key = make_id(kind, name)
        # The mention's labels fit the kind it was guessed as; the name's other mentions may have
        # outvoted that kind ("l'accélérateur Afrique" beside "en Afrique"): keep what fits.
        labels = [label for label in labels if label in MODEL.kinds[kind].labels]
        if key in self.r.known:  # same id as a known entity of another spelling: that entity
            return self._link(key, None, 1.0)
        entity = self.entities.get(key)
        if entity is None:
            self.entities[key] = ResolvedEntity(key=key, name=name, kind=kind, labels=list(labels))
        else:
            entity.labels = sorted(set(entity.labels) | set(labels))
        return key

    def _remember(self, name: str, key: str) -> None:
        entity = self.entities[key]
        folded = fold(name)
        self.by_fold.setdefault(folded, key)
        if fold(entity.name) != folded and name not in entity.aliases and not entity.existing:
            entity.aliases.append(name)
        acronym = initials(name)
        if acronym and entity.kind == "Organization":
            self.by_acronym.setdefault(acronym_key(acronym), key)
        if looks_like_acronym(name):
            self.by_acronym.setdefault(acronym_key(name), key)
        if entity.kind == "Person" and surname(name):
            self.by_surname.setdefault(fold(surname(name)), key)

    def _suggest(self, name: str, ids: list[str], score: float) -> None:
        for entity_id in ids:
            c = Candidate(mention=name, entity_id=entity_id, score=score)
            if c not in self.candidates:
                self.candidates.append(c)


def _kind_votes(mentions: list[Mention]) -> dict[str, str]:
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        if m.origin not in ("reference", "alias"):
            # typeshed's Counter counts in ints; it adds these float weights as well
            votes[fold(clean_name(m.text))][m.kind] += _ORIGIN_WEIGHT[m.origin]  # type: ignore[assignment]
    return {name: counter.most_common(1)[0][0] for name, counter in votes.items()}


def _main_city(mentions: list[Mention]) -> str | None:
    """The city whose municipality "la Ville" / "la mairie" means: the one named as a body, else
    the place the text names most."""
    for m in mentions:
        if m.kind == "Organization" and _city_of(clean_name(m.text)):
            return _city_of(clean_name(m.text))
    places = Counter(clean_name(m.text) for m in mentions if m.kind == "Place")
    return places.most_common(1)[0][0] if places else None


def _city_of(name: str) -> str | None:
    m = re.match(r"^(?:ville|mairie|municipalité|commune) d(?:e\s+|['’]\s*)(.+)$", name, re.IGNORECASE)
    return m.group(1) if m else None


def _acronym_definitions(mentions: list[Mention]) -> dict[str, str]:
    """ "Hanwei Industrial Group (HIG)": the acronym in brackets right after a name."""
    found = {}
    for full, short in zip(mentions, mentions[1:], strict=False):
        name, acronym = clean_name(full.text), clean_name(short.text)
        gap = short.start - full.end
        if (
            0 < gap <= 3
            and looks_like_acronym(acronym)
            and full.kind == "Organization"
            and (
                acronym_key(initials(name)) == acronym_key(acronym)
                or acronym_key(acronym)[0] == fold(name)[0]
            )
        ):
            found[fold(acronym)] = name
    return found
