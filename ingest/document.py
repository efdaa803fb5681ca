"""The import format of the contract as pydantic models: what one file may say, checked field by field."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from graph.dates import iso_date, precision_of
from graph.model import MODEL


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _int64(value):
    """Neo4j stores 64-bit integers; a larger one would fail the whole write (a 500, not a 422)."""
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
        raise ValueError("an integer outside 64 bits (Neo4j stores -2^63 to 2^63 - 1)")
    return value


# Names are indexed: Neo4j refuses an index key over about 8 KB, so a name is at most 1,000 characters.
Name = Annotated[str, Field(min_length=1, max_length=1000)]
Scalar = Annotated[str | int | float | bool | None, AfterValidator(_int64)]


class SourceIn(Strict):
    id: str = Field(pattern=r"^src:[a-z0-9][a-z0-9._-]*$")
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    date_precision: str | None = None
    language: str | None = None
    content_hash: str | None = None
    link_candidates: str | None = Field(
        default=None, description="JSON list of uncertain entity links the text pipeline left for review"
    )

    _dates = field_validator("published", mode="before")(iso_date)

    @field_validator("url")
    @classmethod
    def _http_only(cls, value: str | None) -> str | None:
        if value and not re.match(r"^https?://", value):
            raise ValueError("only http(s) URLs are accepted")
        return value

    @model_validator(mode="after")
    def _precision(self) -> SourceIn:
        self.date_precision = self.date_precision or precision_of(self.published)
        return self


class Fact(Strict):
    name: str
    value: Annotated[str | int | float, AfterValidator(_int64)]
    unit: str | None = None
    source: str


class EntityIn(Strict):
    id: str | None = None
    name: Name
    kind: str
    labels: list[str] = []
    aliases: list[Name] = []
    description: str | None = Field(default=None, max_length=20_000)
    country: str | None = None
    wikidata_id: str | None = Field(default=None, pattern=r"^Q\d+$")
    start_date: str | None = None
    end_date: str | None = None
    date_precision: str | None = None
    facts: list[Fact] = []

    _dates = field_validator("start_date", "end_date", mode="before")(iso_date)

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in MODEL.entity_kinds:
            raise ValueError(f"unknown kind {value!r}; expected one of {', '.join(MODEL.entity_kinds)}")
        return value

    @model_validator(mode="after")
    def _labels_and_dates(self) -> EntityIn:
        allowed = MODEL.kinds[self.kind].labels
        bad = [label for label in self.labels if label not in allowed]
        if bad:
            raise ValueError(f"labels {bad} are not allowed for {self.kind}; allowed: {sorted(allowed)}")
        if self.date_precision and self.date_precision not in MODEL.date_precisions:
            raise ValueError(f"date_precision must be one of {sorted(MODEL.date_precisions)}")
        if self.start_date and self.end_date and self.end_date[: len(self.start_date)] < self.start_date:
            raise ValueError("end_date is before start_date")
        self.date_precision = self.date_precision or precision_of(self.start_date)
        return self


class TieIn(Strict):
    source: str = Field(min_length=1)
    target: str = Field(min_length=1)
    type: str
    sources: list[str] = Field(min_length=1)
    evidence: str | list[str] | None = None
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    method: str | None = None
    status: str = "accepted"
    stage: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    properties: dict[str, Scalar] = {}

    _dates = field_validator("valid_from", "valid_to", mode="before")(iso_date)

    @field_validator("type")
    @classmethod
    def _type(cls, value: str) -> str:
        if value not in MODEL.provenance_types:
            raise ValueError(
                f"unknown tie type {value!r}; expected one of {', '.join(MODEL.provenance_types)}"
            )
        return value

    @model_validator(mode="after")
    def _vocabulary(self) -> TieIn:
        checks = [
            ("method", self.method, MODEL.methods),
            ("status", self.status, MODEL.statuses),
            ("stage", self.stage, MODEL.stages),
        ]
        for name, value, allowed in checks:
            if value is not None and value not in allowed:
                raise ValueError(f"{name} must be one of {sorted(allowed)}, not {value!r}")
        role = self.properties.get("role")
        if self.type == "PARTICIPATED_IN" and role is not None and role not in MODEL.participation_roles:
            raise ValueError(f"role must be one of {sorted(MODEL.participation_roles)}, not {role!r}")
        evidence = self.evidence_list()
        if len(evidence) != len(self.sources):
            raise ValueError("give one evidence text, or one per source")
        return self

    def evidence_list(self) -> list[str | None]:
        if isinstance(self.evidence, list):
            return list(self.evidence)
        return [self.evidence] * len(self.sources)


class ImportDocument(Strict):
    sources: list[SourceIn] = []
    entities: list[EntityIn] = []
    ties: list[TieIn] = []
