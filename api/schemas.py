"""Response models: they document the API in /docs and keep answers to the contract's shapes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class EntityBrief(Open):
    id: str = Field(examples=["org:techcode"])
    name: str | None = Field(examples=["TechCode"])
    kind: str | None = Field(examples=["Organization"])


class Entity(EntityBrief):
    labels: list[str] = []
    aliases: list[str] = []
    description: str | None = None
    facts: list[dict[str, Any]] = []


class SearchHit(Entity):
    score: float = Field(description="Full-text score; exact name and alias hits come first regardless")


class SearchPage(BaseModel):
    items: list[SearchHit]
    total: int = Field(description="How many entities match in all, beyond this page")


class SourceRecord(Open):
    id: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    evidence: str | None = Field(default=None, description="What this source says for the tie")


class Edge(Open):
    id: str = Field(examples=["tie:1f2e3d4c5b6a7980"])
    type: str = Field(examples=["OWNS"])
    source: str = Field(description="Id of the entity the tie starts from")
    target: str = Field(description="Id of the entity the tie points to")
    directed: bool
    sources: list[SourceRecord] = Field(description="Every source asserting the tie, with its evidence")
    confidence: float | None
    status: str | None
    properties: dict[str, Any] = {}


class EntityTie(BaseModel):
    id: str
    type: str
    direction: str = Field(
        description="'out' when the entity is the tie's subject, 'in' when its object, "
        "'both' for undirected ties"
    )
    other: EntityBrief
    properties: dict[str, Any]
    sources: list[SourceRecord]


class EntityProfile(Entity):
    ties: list[EntityTie] = Field(description="A page of the ties, by type then the other end's name")
    ties_total: int = Field(description="All the entity's ties; `ties` holds `ties_limit` from `ties_offset`")
    counts: dict[str, int] = Field(description="Number of ties by type, over all of them")
    first_seen: str | None = Field(default=None, description="Earliest date a source gives for any tie")
    last_seen: str | None = None


class Subgraph(BaseModel):
    nodes: list[Entity]
    edges: list[Edge]
    truncated: bool = False


class PathStep(BaseModel):
    sentence: str = Field(examples=["China Fortune Land Development owns TechCode — source: …"])


class PathOut(BaseModel):
    nodes: list[Entity]
    edges: list[Edge]
    length: int
    explanation: list[str]


class Paths(BaseModel):
    paths: list[PathOut]


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    neo4j: str = Field(examples=["up"])
    entities: int | None = None
    ties: int | None = None


class Participant(BaseModel):
    id: str
    name: str | None
    kind: str | None = None
    role: str | None


class EventOut(BaseModel):
    id: str
    name: str | None
    labels: list[str] = []
    start_date: str | None
    end_date: str | None
    date_precision: str | None = None
    participants: list[Participant]


class Events(BaseModel):
    items: list[EventOut]
    total: int = Field(description="Events matching the filters; `items` holds `limit` from `offset`")


class CypherIn(BaseModel):
    query: str = Field(examples=["MATCH (n:Organization) RETURN n.name AS name LIMIT 5"])
    params: dict[str, Any] = {}


class CypherOut(BaseModel):
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = Field(description="True when the row limit cut the result")


class ImportReport(BaseModel):
    sources: int
    entities: int
    ties: int
    by_type: dict[str, int]
