"""Validate a whole import document, resolve its references, then write it in one transaction.

Nothing is written unless every record is valid: problems are collected across the file and raised
together as one InvalidInput naming file, line and field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import ValidationError

from graph.errors import InvalidInput
from graph.model import MODEL, fold, make_id
from graph.store import Graph
from ingest.document import EntityIn, SourceIn, TieIn
from ingest.formats import RawDocument, Record


@dataclass
class LoadReport:
    sources: int = 0
    entities: int = 0
    ties: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    version: int = 0
    tie_ids: list[str] = field(default_factory=list)  # the id of each tie of the file, in its order
    created: list[str] = field(default_factory=list)  # ids of the ties this load created
    corroborated: list[str] = field(default_factory=list)  # ids of known ties it gave another source


@dataclass
class _Resolver:
    """Finds the entity a tie endpoint names: an id, or a name/alias that means exactly one entity."""

    graph: Graph
    kinds: dict[str, str]  # id -> kind, from the file
    names: dict[str, set[str]]  # folded name/alias -> ids, from the file
    existing: dict[str, str] = field(default_factory=dict)

    def prefetch(self, refs: set[str]) -> None:
        unknown = [ref for ref in refs if ref not in self.kinds]
        if unknown:
            self.existing.update(self.graph.read.kinds(unknown))

    def resolve(self, ref: str) -> tuple[str | None, str | None, str | None]:
        """(id, kind, problem)."""
        if ref in self.kinds:
            return ref, self.kinds[ref], None
        if ref in self.existing:
            return ref, self.existing[ref], None
        ids = set(self.names.get(fold(ref), set()))
        found = {e["id"]: e["kind"] for e in self.graph.read.named(ref)}
        ids |= set(found)
        if len(ids) == 1:
            only = ids.pop()
            return only, self.kinds.get(only) or found.get(only), None
        if not ids:
            return None, None, f"no entity has the id, name or alias {ref!r}"
        return None, None, f"{ref!r} is ambiguous: it names {', '.join(sorted(ids))}; use an id"


def _problems(record: Record, error: ValidationError) -> list[tuple[str, str]]:
    out = []
    for item in error.errors():
        loc = item.get("loc") or ()
        top = str(loc[0]) if loc else None
        path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc[1:])
        message = item["msg"].removeprefix("Value error, ")
        out.append((record.at(top) + path, message))
    return out


def validate(graph: Graph, raw: RawDocument, *, default_method: str) -> dict:
    """Check everything; return the rows for graph.write.document or raise InvalidInput."""
    problems: list[tuple[str, str]] = []

    sources: dict[str, SourceIn] = {}
    for record in raw.sources:
        try:
            source = SourceIn.model_validate(record.data)
        except ValidationError as exc:
            problems += _problems(record, exc)
            continue
        if source.id in sources:
            problems.append((record.at("id"), f"source {source.id} is declared twice"))
        sources[source.id] = source

    entities: dict[str, dict] = {}
    names: dict[str, set[str]] = {}
    for record in raw.entities:
        try:
            entity = EntityIn.model_validate(record.data)
        except ValidationError as exc:
            problems += _problems(record, exc)
            continue
        entity_id = entity.id or make_id(entity.kind, entity.name)
        if MODEL.kind_of_id(entity_id) != entity.kind:
            prefix = MODEL.kinds[entity.kind].prefix
            problems.append(
                (record.at("id"), f"id {entity_id!r} must start with '{prefix}:' for a {entity.kind}")
            )
            continue
        if entity_id in entities:
            problems.append((record.at("name"), f"entity {entity_id} is declared twice"))
            continue
        for fact in entity.facts:
            if fact.source not in sources:
                problems.append(
                    (record.at("facts"), f"fact {fact.name!r} cites unknown source {fact.source!r}")
                )
        entities[entity_id] = {
            **entity.model_dump(exclude={"facts"}),
            "id": entity_id,
            "facts": [f.model_dump() for f in entity.facts],
        }
        for name in (entity.name, *entity.aliases):
            names.setdefault(fold(name), set()).add(entity_id)

    parsed_ties: list[tuple[Record, TieIn]] = []
    for record in raw.ties:
        try:
            parsed_ties.append((record, TieIn.model_validate(record.data)))
        except ValidationError as exc:
            problems += _problems(record, exc)

    resolver = _Resolver(graph, {i: e["kind"] for i, e in entities.items()}, names)
    resolver.prefetch({ref for _, tie in parsed_ties for ref in (tie.source, tie.target)})
    cited = {s for _, tie in parsed_ties for s in tie.sources if s not in sources}
    known_sources = graph.read.sources(cited)

    ties = []
    for record, tie in parsed_ties:
        ends = []
        for end in ("source", "target"):
            end_id, kind, problem = resolver.resolve(getattr(tie, end))
            if problem:
                problems.append((record.at(end), problem))
            ends.append((end_id, kind))
        missing = [s for s in tie.sources if s not in sources and s not in known_sources]
        if missing:
            problems.append(
                (record.at("sources"), f"unknown source ids {missing}; declare them under sources")
            )
        (source_id, source_kind), (target_id, target_kind) = ends
        if source_id is None or target_id is None:
            continue
        rule = MODEL.ties[tie.type]
        if source_kind not in rule.from_kinds or target_kind not in rule.to_kinds:
            problems.append(
                (
                    record.at("type"),
                    f"{tie.type} goes from {sorted(rule.from_kinds)} to "
                    f"{sorted(rule.to_kinds)}, not {source_kind} → {target_kind}",
                )
            )
            continue
        if source_id == target_id:
            problems.append((record.at("target"), "a tie needs two different entities"))
            continue
        row = tie.model_dump(exclude={"evidence"})
        row.update(
            source=source_id,
            target=target_id,
            evidence=tie.evidence_list(),
            method=tie.method or default_method,
        )
        ties.append(row)

    if problems:
        raise InvalidInput(problems)
    published = {i: s.published for i, s in sources.items()}
    published.update({i: s.get("published") for i, s in known_sources.items()})
    return {
        "sources": [s.model_dump() for s in sources.values()],
        "entities": list(entities.values()),
        "ties": ties,
        "published": published,
    }


def load(
    graph: Graph,
    raw: RawDocument,
    *,
    default_method: str = "imported",
    progress: Callable[[int], None] | None = None,
    mentions: list[dict] | None = None,
) -> LoadReport:
    rows = validate(graph, raw, default_method=default_method)
    summary = graph.write.document(
        sources=rows["sources"],
        entities=rows["entities"],
        ties=rows["ties"],
        mentions=mentions,
        published=rows["published"],
        progress=progress,
    )
    return LoadReport(
        summary.sources,
        summary.entities,
        summary.ties,
        summary.by_type,
        summary.version,
        summary.tie_ids,
        summary.created,
        summary.corroborated,
    )


def total_rows(raw: RawDocument) -> int:
    return len(raw.sources) + len(raw.entities) + len(raw.ties)
