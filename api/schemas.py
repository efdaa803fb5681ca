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
    reason: str | None = Field(default=None, description="Why the status is `degraded`, when known")


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


class ReviewIn(BaseModel):
    reason: str | None = Field(
        default=None, max_length=2000, description="Why; kept in the change record (`GET /changes`)."
    )


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


class TimelineItem(Open):
    date: str | None = Field(description="When: the event's start for a participation, else the tie's")
    end_date: str | None = None
    type: str
    tie: str = Field(description="The tie's id")
    other: EntityBrief
    status: str | None
    stage: str | None = None
    role: str | None = None
    title: str | None = None
    sources: list[SourceRecord]


class Timeline(Open):
    id: str = Field(description="The entity's id")
    items: list[TimelineItem] = Field(description="Earliest first; undated ties last")
    total: int


class CommonNeighbor(Open):
    entity: Entity
    via_a: list[Edge] = Field(description="Ties between `a` and this entity")
    via_b: list[Edge] = Field(description="Ties between `b` and this entity")
    explanation: list[str]


class Connections(Open):
    a: Entity
    b: Entity
    direct: list[Edge]
    direct_explanation: list[str]
    common_neighbors: list[CommonNeighbor] = Field(description="A page of the common neighbours")
    common_total: int = Field(description="Every common neighbour, beyond this page")
    shared_events: list[Entity] = Field(description="Every event both took part in")


class Conflict(Open):
    rule: str = Field(description="'exclusive' (types that exclude each other) or 'single_valued'")
    ties: list[Edge]


class Conflicts(Open):
    items: list[Conflict]
    total: int


class SourceSummary(SourceRecord):
    ties: int = Field(description="How many ties this source asserts")
    mentions: int = Field(description="How many entities it mentions")


class SourcesPage(Open):
    items: list[SourceSummary]
    total: int


class AssertedTie(Open):
    id: str
    type: str
    source: str
    target: str
    sources: list[str] = Field(description="Ids of every source asserting the tie")
    evidence: str | None = Field(description="What this source says for it")


class Mentioned(EntityBrief):
    spans: list[str] = Field(description="Character offsets `start-end` in the source's text")


class SourceDetail(SourceRecord):
    ties: list[AssertedTie]
    ties_total: int
    mentions: list[Mentioned]


class Scored(EntityBrief):
    score: float


class GraphDescription(Open):
    filters: dict[str, Any] = Field(description="Statuses, tie types and kinds the projection kept")
    nodes: int
    edges: int


class AnalyticsMethod(Open):
    function: str = Field(examples=["networkx.betweenness_centrality"])
    arguments: dict[str, Any]


class Versioned(Open):
    version: int = Field(description="The graph version this answer is of")
    current_version: int = Field(description="The graph version when it was asked")
    stale: bool = Field(
        description="True when `version` is older than `current_version`: the previous answer, served "
        "while the new one is computed in the background; a later request gets the new one"
    )


class Centrality(Versioned):
    items: list[Scored] = Field(description="Highest first")
    method: AnalyticsMethod
    graph: GraphDescription


class Community(Open):
    id: int
    size: int
    members: list[EntityBrief] = Field(description="Most connected first, at most `members_limit`")


class Communities(Versioned):
    items: list[Community]
    total: int
    method: AnalyticsMethod
    graph: GraphDescription


class Broker(Scored):
    articulation: bool = Field(description="Removing it disconnects the network")
    pairs_disconnected: int = Field(description="Pairs of other entities only it connects")
    betweenness: float


class Brokers(Versioned):
    items: list[Broker] = Field(description="Strongest first")
    method: AnalyticsMethod
    graph: GraphDescription


class ExtractedTie(Open):
    id: str
    type: str
    source: str
    target: str
    evidence: str | list[str] | None
    confidence: float
    status: str
    corroborates: bool = Field(description="True when another source already asserted this tie")


class DocumentOutcome(Open):
    source: dict[str, Any] = Field(description="The source record made for the document")
    duplicate: bool = Field(description="True when this content was already ingested: nothing changed")
    new_entities: list[dict[str, Any]]
    ties: list[ExtractedTie]
    candidates: list[dict[str, Any]] = Field(description="Uncertain entity links, kept apart for review")
    conflicts: list[dict[str, Any]] = Field(description="Conflicts that involve this document's ties")
    warnings: list[str]
