"""The typed values passed between the stages of the text pipeline."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

Precision = Literal["day", "month", "year"]
Stage = Literal["planned", "active", "ended"]  # of a tie
Origin = Literal["ruler", "ner", "trigger", "alias", "reference", "city"]  # what found a mention


class KnownEntity(BaseModel):
    """An entity already in the graph, as the pipeline needs it for linking."""

    id: str
    name: str
    kind: str
    labels: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)


class Article(BaseModel):
    """A decoded document: its main text plus what is known about where it comes from."""

    text: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    language: str = "fr"
    content_hash: str  # "sha256:<hex>" of the bytes as received
    filename: str | None = None


class Mention(BaseModel):
    """A span of the text that names (or refers to) an entity."""

    start: int
    end: int
    text: str
    kind: str
    labels: list[str] = Field(default_factory=list)
    origin: Origin = "ner"
    known_id: str | None = None  # set by the entity ruler when the span is a known name
    subject: bool = False  # the span is the grammatical subject of its clause (salience)
    # Filled by resolution:
    entity: str | None = None  # key into Resolved.entities


class ResolvedEntity(BaseModel):
    """One entity of the document: an existing graph entity or a new one."""

    key: str  # the id it will have (existing or new)
    name: str
    kind: str
    labels: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    existing: bool = False
    link_score: float = 1.0


class Candidate(BaseModel):
    mention: str
    entity_id: str
    score: float


class Resolved(BaseModel):
    mentions: list[Mention]
    entities: dict[str, ResolvedEntity]
    candidates: list[Candidate] = Field(default_factory=list)


class DateRef(BaseModel):
    start: date
    end: date | None = None
    precision: Precision
    char_start: int
    char_end: int


class EventDraft(BaseModel):
    """An event the text describes (a signature, a visit, a meeting...)."""

    key: str
    label: str | None  # Agreement, Visit, Trip, Conference, or None for a meeting
    name: str
    start: date | None = None
    end: date | None = None
    precision: Precision | None = None
    noun: str = ""
    sentence_start: int = 0


class TieDraft(BaseModel):
    """A tie found in one sentence, between entity keys (events use their draft key).

    `rule` names the pattern that found it; `confidence` is the rule's prior times `factor`, what the
    hedge and the two ends' link scores multiply it by (1.0 when stated plainly of sure links)."""

    source: str
    target: str
    type: str
    sentence_start: int
    sentence_end: int
    confidence: float
    stage: Stage | None = None
    hedged: bool = False
    valid_from: str | None = None
    properties: dict[str, str] = Field(default_factory=dict)
    rule: str = ""
    factor: float = 1.0


class Extraction(BaseModel):
    """What the pipeline found in one article, ready to be written by the loader. `drafts` are not
    written: the draft each tie comes from (its rule, its hedge), aligned with `ties`, for the bench."""

    source: dict
    entities: list[dict] = Field(default_factory=list)
    ties: list[dict] = Field(default_factory=list)
    drafts: list[TieDraft] = Field(default_factory=list)
    mentions: list[dict] = Field(default_factory=list)
    candidates: list[dict] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
