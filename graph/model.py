"""The ecosystem model (graph/model.yaml) loaded once into typed, read-only objects.

>>> MODEL.kind_of_prefix("org")
'Organization'
>>> MODEL.tie("OWNS").directed
True
>>> make_id("Organization", "Aix-Marseille French Tech")
'org:aix-marseille-french-tech'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml
from anyascii import anyascii

from graph.errors import InvalidArgument


@dataclass(frozen=True)
class Kind:
    name: str
    prefix: str
    labels: frozenset[str]


@dataclass(frozen=True)
class TieType:
    name: str
    from_kinds: frozenset[str]
    to_kinds: frozenset[str]
    directed: bool
    provenance: bool
    phrase: str
    caption: str
    key: str | None  # the property telling two ties of this type between one pair apart
    key_vocabulary: str | None  # "roles": the key compared as a canonical role (graph/roles.py)
    keyed: str | None  # the sentence when `key` is known: "{subject} is {title} of {object}"


@dataclass(frozen=True)
class StatusPolicy:
    """Which tie statuses count for what (model.yaml `status_policy`)."""

    facts: tuple[str, ...]
    shown: tuple[str, ...]
    review: tuple[str, ...]
    contested: tuple[str, ...]
    settled: tuple[str, ...]


@dataclass(frozen=True)
class Model:
    kinds: dict[str, Kind]
    ties: dict[str, TieType]
    participation_roles: frozenset[str]
    methods: frozenset[str]
    statuses: frozenset[str]
    status_policy: StatusPolicy
    stages: frozenset[str]
    date_precisions: frozenset[str]
    exclusive_types: tuple[tuple[str, str], ...]
    single_valued_types: tuple[str, ...]
    entity_fields: tuple[str, ...]
    tie_fields: tuple[str, ...]
    tie_derived_fields: tuple[str, ...]
    tie_internal_fields: tuple[str, ...]
    source_fields: tuple[str, ...]
    words: dict[str, dict[str, tuple[str, ...]]]  # kind or label -> language -> what people call it

    @property
    def entity_kinds(self) -> list[str]:
        """Kinds a user can create as entities (Sources come from `sources:`)."""
        return [k for k in self.kinds if k != "Source"]

    @property
    def all_labels(self) -> frozenset[str]:
        return frozenset(label for kind in self.kinds.values() for label in kind.labels)

    @property
    def provenance_types(self) -> list[str]:
        return [t.name for t in self.ties.values() if t.provenance]

    def tie(self, name: str) -> TieType:
        return self.ties[name]

    def kind_of_prefix(self, prefix: str) -> str | None:
        return next((k.name for k in self.kinds.values() if k.prefix == prefix), None)

    def kind_of_id(self, entity_id: str) -> str | None:
        prefix, sep, _ = entity_id.partition(":")
        return self.kind_of_prefix(prefix) if sep else None


@cache
def load_model() -> Model:
    raw = yaml.safe_load(files("graph").joinpath("model.yaml").read_text(encoding="utf-8"))
    kinds = {
        name: Kind(name=name, prefix=spec["prefix"], labels=frozenset(spec.get("labels") or ()))
        for name, spec in raw["kinds"].items()
    }
    ties = {
        name: TieType(
            name=name,
            from_kinds=frozenset(spec["from"]),
            to_kinds=frozenset(spec["to"]),
            directed=spec.get("directed", True),
            provenance=spec.get("provenance", True),
            phrase=spec["phrase"],
            caption=spec["caption"],
            key=spec.get("key"),
            key_vocabulary=spec.get("key_vocabulary"),
            keyed=spec.get("keyed"),
        )
        for name, spec in raw["ties"].items()
    }
    return Model(
        kinds=kinds,
        ties=ties,
        participation_roles=frozenset(raw["participation_roles"]),
        methods=frozenset(raw["methods"]),
        statuses=frozenset(raw["statuses"]),
        status_policy=StatusPolicy(**{name: tuple(v) for name, v in raw["status_policy"].items()}),
        stages=frozenset(raw["stages"]),
        date_precisions=frozenset(raw["date_precisions"]),
        exclusive_types=tuple(tuple(pair) for pair in raw["conflicts"]["exclusive"]),
        single_valued_types=tuple(raw["conflicts"]["single_valued"]),
        entity_fields=tuple(raw["fields"]["entity"]),
        tie_fields=tuple(raw["fields"]["tie"]),
        tie_derived_fields=tuple(raw["fields"]["tie_derived"]),
        tie_internal_fields=tuple(raw["fields"]["tie_internal"]),
        source_fields=tuple(raw["fields"]["source"]),
        words={
            name: {language: tuple(said) for language, said in spec.items()}
            for name, spec in raw["words"].items()
        },
    )


MODEL = load_model()


def fold(text: str) -> str:
    """Accent- and case-folded form used to compare names.

    >>> fold("Pékin") == fold("PEKIN")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


def _transliterated(char: str) -> str:
    """A letter of another script in ASCII (`д` -> `d`, `京` -> `Jing`); anything else as it is.

    Latin letters, and whatever folds to ASCII by itself, are left to `fold`, so every name written
    in Latin letters keeps the id it always had.
    """
    if char.isascii() or unicodedata.category(char)[0] not in "LMN":
        return char
    if "LATIN" in unicodedata.name(char, "") or fold(char).isascii():
        return char
    ascii_form = anyascii(char)
    if any(c.isalnum() for c in ascii_form):
        return ascii_form
    # a silent letter (Arabic alef) joins its neighbours; a mark or apostrophe-like letter parts them
    return "" if not ascii_form and unicodedata.category(char)[0] == "L" else char


def slugify(text: str) -> str:
    """`Société Générale & Cie` -> `societe-generale-cie`; other scripts transliterated to ASCII;
    empty when nothing is left.

    >>> slugify("Société Générale & Cie")
    'societe-generale-cie'
    >>> slugify("Москва 2"), slugify("华夏幸福"), slugify("Αθήνα")
    ('moskva-2', 'huaxiaxingfu', 'athina')
    >>> slugify("🚀 !!!")
    ''
    """
    if not text.isascii():
        text = "".join(_transliterated(c) for c in unicodedata.normalize("NFC", text))
    return re.sub(r"[^a-z0-9]+", "-", fold(text).replace("'", "").replace("’", "")).strip("-")


def make_id(kind: str, name: str) -> str:
    """The model's stable id `<prefix>:<slug of canonical name>`. A name that leaves no slug (emoji,
    punctuation) gets `x-` and 10 hex digits of the SHA-256 of its folded form: the same every run.

    >>> make_id("Place", "Москва")
    'place:moskva'
    >>> make_id("Organization", "★★★")
    'org:x-597d977655'
    """
    if not name.strip():
        raise InvalidArgument(f"a {kind} needs a name with a visible character to have an id, not {name!r}")
    slug = slugify(name)
    if not slug:
        basis = fold(name) or unicodedata.normalize("NFC", name).strip()
        slug = "x-" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:10]
    return f"{MODEL.kinds[kind].prefix}:{slug}"


def tie_key(tie_type: str, properties: dict) -> str:
    """What tells two ties of one type between the same pair apart (model.yaml `key`): the role in an
    event, the title held; folded, and for titles the canonical role, so "CEO" and "directrice
    générale" are one tie.

    >>> tie_key("HAS_ROLE", {"title": "Directrice Générale"}), tie_key("OWNS", {"title": "x"})
    ('ceo', '')
    """
    spec = MODEL.ties[tie_type]
    value = str(properties.get(spec.key) or "") if spec.key else ""
    if spec.key_vocabulary == "roles" and value:
        from graph.roles import canonical_role  # graph.roles needs this module's fold()

        return canonical_role(value)
    return fold(value)


def oriented(tie_type: str, source: str, target: str) -> tuple[str, str]:
    """Undirected ties are stored once, from the smaller id to the larger, so A–B and B–A are one tie."""
    if not MODEL.ties[tie_type].directed and target < source:
        return target, source
    return source, target


def make_tie_id(tie_type: str, source: str, target: str, properties: dict | None = None) -> str:
    """Deterministic tie id, so a second source asserting the same tie corroborates it.

    >>> make_tie_id("PARTNERS_WITH", "org:b", "org:a") == make_tie_id("PARTNERS_WITH", "org:a", "org:b")
    True
    """
    source, target = oriented(tie_type, source, target)
    key = "|".join((source, tie_type, target, tie_key(tie_type, properties or {})))
    return "tie:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
