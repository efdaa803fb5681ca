"""From an article to the graph: read → the text pipeline (ingest/text) → the loader, with provenance.

In that order, and each step once: the content hash is looked up first, so the same document twice
changes nothing and costs no parsing; one pipeline per process and model keeps spaCy loaded and
learns the entities each write adds (it re-reads the graph's entities only when someone else wrote);
the write itself says which ties were new and which corroborated a known one; conflicts are looked
up only around the entities this document ties. A tie another source already asserts is
corroborated (one tie, one more source); a tie contradicting another is written beside it and shows
up in GET /ties/conflicts; a tie a reviewer rejected stays rejected when the text says it again.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field

from graph.store import Graph
from ingest.formats import read_mapping
from ingest.loader import load
from ingest.text.models import Article, Extraction, KnownEntity
from ingest.text.pipeline import TextPipeline

DEFAULT_MODEL = "fr_core_news_md"


@dataclass
class TextOutcome:
    source: dict
    duplicate: bool = False
    new_entities: list[dict] = field(default_factory=list)
    ties: list[dict] = field(default_factory=list)  # each with `corroborates` and `id`
    candidates: list[dict] = field(default_factory=list)  # uncertain entity links, left for review
    conflicts: list[dict] = field(default_factory=list)  # conflicts that involve this document's ties
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "duplicate": self.duplicate,
            "new_entities": self.new_entities,
            "ties": self.ties,
            "candidates": self.candidates,
            "conflicts": self.conflicts,
            "warnings": self.warnings,
        }


@dataclass
class _Loaded:
    pipeline: TextPipeline
    version: int | None  # the graph version the pipeline's entities are those of; None: unknown


# One pipeline per model; the lock also makes documents write one at a time, so the
# pipeline's idea of the graph version stays true between its own writes.
_lock = threading.Lock()
_pipelines: dict[str, _Loaded] = {}


def _known(graph: Graph) -> list[KnownEntity]:
    return [KnownEntity(**row) for row in graph.read.known_entities()]


def _pipeline(graph: Graph, model: str) -> _Loaded:
    """The process's pipeline for this model, in step with the graph (call with `_lock` held)."""
    version = graph.version()
    loaded = _pipelines.get(model)
    if loaded is None:
        pipeline = TextPipeline(_known(graph), model=model)
        loaded = _pipelines[model] = _Loaded(pipeline, version)
    elif loaded.version != version:
        loaded.pipeline.replace(_known(graph))
        loaded.version = version
    return loaded


def _mention_rows(source_id: str, mentions: list[dict]) -> list[dict]:
    spans: dict[str, list[str]] = {}
    for mention in mentions:
        spans.setdefault(mention["entity_id"], []).append(f"{mention['start']}-{mention['end']}")
    return [
        {"source": source_id, "entity": entity, "spans": sorted(set(s), key=lambda x: int(x.split("-")[0]))}
        for entity, s in spans.items()
    ]


def ingest_article(graph: Graph, article: Article, *, model: str = DEFAULT_MODEL) -> TextOutcome:
    known_copy = graph.read.source_with_hash(article.content_hash)
    if known_copy is not None:
        return TextOutcome(source=known_copy, duplicate=True)
    with _lock:
        known_copy = graph.read.source_with_hash(article.content_hash)  # written while we waited?
        if known_copy is not None:
            return TextOutcome(source=known_copy, duplicate=True)
        loaded = _pipeline(graph, model)
        extraction = loaded.pipeline.run(article)
        report = _write(graph, extraction)
        # Our own write is the only change since the pipeline's version: learn what it added. Anyone
        # else's write in between leaves the version unknown, so the next document re-reads.
        if loaded.version is not None and report.version == loaded.version + 1:
            loaded.pipeline.learn(KnownEntity(**_known_fields(e)) for e in extraction.entities)
            loaded.version = report.version
        else:
            loaded.version = None
    corroborated = set(report.corroborated)
    ties = [
        {**tie, "id": tie_id, "corroborates": tie_id in corroborated}
        for tie, tie_id in zip(extraction.ties, report.tie_ids, strict=True)
    ]
    return TextOutcome(
        source=extraction.source,
        new_entities=extraction.entities,
        ties=ties,
        candidates=extraction.candidates,
        conflicts=_conflicts_of(graph, ties),
        warnings=extraction.warnings,
    )


def _write(graph: Graph, extraction: Extraction):
    source = dict(extraction.source)
    if extraction.candidates:
        source["link_candidates"] = json.dumps(extraction.candidates, ensure_ascii=False)
    document = {"sources": [source], "entities": extraction.entities, "ties": extraction.ties}
    return load(
        graph,
        read_mapping(document, source["id"]),
        default_method="extracted",
        mentions=_mention_rows(source["id"], extraction.mentions),
    )


def _known_fields(entity: dict) -> dict:
    return {key: entity.get(key) or [] for key in ("labels", "aliases")} | {
        key: entity[key] for key in ("id", "name", "kind")
    }


def _conflicts_of(graph: Graph, ties: list[dict]) -> list[dict]:
    """The conflicts that involve these ties, each tie cited."""
    if not ties:
        return []
    mine = {t["id"] for t in ties}
    around = {t[end] for t in ties for end in ("source", "target")}
    found = [c for c in graph.read.conflicts(around=around) if any(t["id"] in mine for t in c["ties"])]
    return graph.read.cite_conflicts(found)
