"""From an article to the graph: read → the text pipeline (ingest/text) → the loader, with provenance.

In that order, and each step once: the content hash is looked up first, so the same document twice
changes nothing and costs no parsing; one pipeline per process and model keeps spaCy loaded and
learns the entities each write adds (it re-reads the graph's entities only when someone else wrote);
the write itself says which ties were new and which corroborated a known one; conflicts are looked
up only around the entities this document ties. A tie another source already asserts is
corroborated (one tie, one more source); a tie contradicting another is written beside it and shows
up in GET /ties/conflicts; a tie a reviewer rejected stays rejected when the text says it again.

A corpus (`ingest_corpus`) goes the same way a batch at a time, the batch sharing spaCy's parse, and
reports on each document in its order: new, duplicate, or skipped with the reason.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Doc

from graph.errors import InvalidInput
from graph.store import Graph
from ingest.formats import read_mapping
from ingest.loader import load
from ingest.text.corpus import CorpusItem, reason_of
from ingest.text.models import Article, Extraction, KnownEntity
from ingest.text.pipeline import TextPipeline

DEFAULT_MODEL = "fr_core_news_md"
COUNTS = ("new entities", "new ties", "corroborated", "candidates", "uncertain links", "conflicts")
BATCH = 32  # documents of a corpus parsed together (their new names reach the ruler for the next batch)


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
    (outcome,) = _ingest_batch(graph, [article], model)
    if isinstance(outcome, InvalidInput):
        raise outcome
    return outcome


@dataclass
class DocumentReport:
    """One file of a corpus: `new` (written), `duplicate` (its content was already in the graph) or
    `skipped` (a bad file, or a write the model refused: `reason` says why; nothing of it written)."""

    file: str
    status: Literal["new", "duplicate", "skipped"]
    reason: str | None = None
    outcome: TextOutcome | None = None

    def counts(self) -> dict[str, int]:
        """What the document added (all 0 unless new): new entities, ties (new, or corroborating a
        known one), candidate ties left for review, uncertain entity links, and the conflicts its ties
        are part of."""
        if self.status != "new" or self.outcome is None:
            return dict.fromkeys(COUNTS, 0)
        ties = self.outcome.ties
        corroborated = sum(1 for t in ties if t["corroborates"])
        return {
            "new entities": len(self.outcome.new_entities),
            "new ties": len(ties) - corroborated,
            "corroborated": corroborated,
            "candidates": sum(1 for t in ties if t["status"] == "candidate"),
            "uncertain links": len(self.outcome.candidates),
            "conflicts": len(self.outcome.conflicts),
        }


def ingest_corpus(
    graph: Graph,
    items: Iterable[CorpusItem],
    *,
    model: str = DEFAULT_MODEL,
    batch_size: int = BATCH,
) -> Iterator[DocumentReport]:
    """Many articles, each as `ingest_article` would, one report per item and in their order.

    A batch of `batch_size` items at a time. The contents already in the graph are duplicates, found by
    their hash and never parsed, so a run that was interrupted resumes where it stopped. The others are
    parsed together (`TextPipeline.parse`: one `nlp.pipe` over the batch), then extracted and written
    one by one, in order, each in its own transaction. Each document learns what the ones before it
    wrote: the resolver at once, so a later document of the same batch links to an entity an earlier
    one created; the entity ruler only from the next batch on, since it ran over the whole batch before
    its writes. A document the loader refuses is skipped with the reason, and writes nothing; the
    others go on. The lock is held while a batch is under way.
    """
    for chunk in _chunks(items, batch_size):
        outcomes = iter(_ingest_batch(graph, [i.article for i in chunk if i.article is not None], model))
        for item in chunk:
            if item.article is None:
                yield DocumentReport(str(item.path), "skipped", reason=item.error)
                continue
            outcome = next(outcomes)
            if isinstance(outcome, InvalidInput):
                yield DocumentReport(str(item.path), "skipped", reason=reason_of(outcome, str(item.path)))
            else:
                yield DocumentReport(
                    str(item.path), "duplicate" if outcome.duplicate else "new", outcome=outcome
                )


def _chunks(items: Iterable[CorpusItem], size: int) -> Iterator[list[CorpusItem]]:
    chunk: list[CorpusItem] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _ingest_batch(graph: Graph, articles: list[Article], model: str) -> Iterator[TextOutcome | InvalidInput]:
    """Each article's outcome in order, or the InvalidInput that kept it from being written."""
    with _lock:
        stored = {a.content_hash: graph.read.source_with_hash(a.content_hash) for a in articles}
        fresh = {a.content_hash: a.text for a in articles if stored[a.content_hash] is None}
        docs: dict[str, Doc] = {}
        if fresh:  # each content parsed once, even when the batch holds it twice
            pipeline = _pipeline(graph, model).pipeline
            # One process. A second (`n_process=2`: forked workers, Docs sent back as bytes) did not
            # pay on this project's machine (2 cores, shared). `python bench/texts.py`, the 30 texts of
            # the fr-news corpus (277 words each), repeated; seconds to parse the batch, one process
            # vs two, median of 3, five runs at load averages from 2.2 to 9:
            #   30 documents:  0.83 vs 0.57, 0.98 vs 1.13, 1.41 vs 1.56, 1.77 vs 2.31, 3.04 vs 2.97
            #   200 documents: 5.62 vs 6.56, 6.16 vs 6.67, 11.96 vs 12.18, 12.71 vs 22.92, 18.68 vs 24.39
            # Two won clearly once (30 documents, load 2.2), never at 200. And the parse is a small part of a
            # document's way: 0.8 s of the 5.8 s the 30 took, writes included, with the model loaded.
            parsed = pipeline.parse(list(fresh.values()))
            docs = dict(zip(fresh, parsed, strict=True))
        done: dict[str, TextOutcome | InvalidInput] = {}  # by content, in this batch
        for article in articles:
            key = article.content_hash
            copy = stored[key]
            if copy is not None:
                yield TextOutcome(source=copy, duplicate=True)
            elif key in done:  # the same content earlier in this batch: its duplicate, or refused again
                earlier = done[key]
                yield (
                    earlier
                    if isinstance(earlier, InvalidInput)
                    else TextOutcome(earlier.source, duplicate=True)
                )
            else:
                done[key] = _ingest_parsed(graph, article, docs[key], model)
                yield done[key]


def _ingest_parsed(graph: Graph, article: Article, doc: Doc, model: str) -> TextOutcome | InvalidInput:
    """Extract and write one parsed article (call with `_lock` held)."""
    loaded = _pipeline(graph, model)
    extraction = loaded.pipeline.extract(article, doc)
    try:
        report = _write(graph, extraction)
    except InvalidInput as exc:
        return exc  # validated before anything was written: nothing of it is in the graph
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
