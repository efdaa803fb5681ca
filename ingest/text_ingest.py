"""From an article to the graph: read → the text pipeline (ingest/text) → the loader, with provenance.

The same document twice (same content hash) changes nothing. A tie another source already asserts
is corroborated (one tie, one more source); a tie contradicting another is written beside it and shows
up in GET /ties/conflicts; a tie a reviewer rejected stays rejected when the text says it again.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field

from graph.model import make_tie_id, oriented
from graph.store import Graph
from ingest.formats import read_mapping
from ingest.loader import load
from ingest.text.models import Article, KnownEntity
from ingest.text.pipeline import TextPipeline

DEFAULT_MODEL = "fr_core_news_md"
DEFAULT_ACCEPT_THRESHOLD = 0.7

_cache_lock = threading.Lock()
_cached: dict[str, tuple[int, TextPipeline]] = {}


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


def pipeline_for(
    graph: Graph,
    *,
    model: str = DEFAULT_MODEL,
    accept_threshold: float = DEFAULT_ACCEPT_THRESHOLD,
) -> TextPipeline:
    """One pipeline per process, rebuilt only when the graph changed (its ruler holds the known names)."""
    version = graph.version()
    key = f"{model}|{accept_threshold}"
    with _cache_lock:
        cached = _cached.get(key)
        if cached is None or cached[0] != version:
            known = [KnownEntity(**row) for row in graph.read.known_entities()]
            _cached[key] = (version, TextPipeline(known, accept_threshold=accept_threshold, model=model))
        return _cached[key][1]


def _mention_rows(source_id: str, mentions: list[dict]) -> list[dict]:
    spans: dict[str, list[str]] = {}
    for mention in mentions:
        spans.setdefault(mention["entity_id"], []).append(f"{mention['start']}-{mention['end']}")
    return [
        {"source": source_id, "entity": entity, "spans": sorted(set(s), key=lambda x: int(x.split("-")[0]))}
        for entity, s in spans.items()
    ]


def ingest_article(
    graph: Graph,
    article: Article,
    *,
    model: str = DEFAULT_MODEL,
    accept_threshold: float = DEFAULT_ACCEPT_THRESHOLD,
) -> TextOutcome:
    pipeline = pipeline_for(graph, model=model, accept_threshold=accept_threshold)
    extraction = pipeline.run(article)
    source = dict(extraction.source)
    known_copy = graph.read.source_with_hash(source["content_hash"])
    if known_copy is not None:
        return TextOutcome(source=known_copy, duplicate=True)

    ties = []
    for tie in extraction.ties:
        a, b = oriented(tie["type"], tie["source"], tie["target"])
        ties.append({**tie, "id": make_tie_id(tie["type"], a, b, tie.get("properties") or {})})
    already = set()
    for tie_type in {t["type"] for t in ties}:
        already |= graph.read.stored_tie_ids(tie_type, [t["id"] for t in ties if t["type"] == tie_type])
    if extraction.candidates:
        source["link_candidates"] = json.dumps(extraction.candidates, ensure_ascii=False)
    document = {
        "sources": [source],
        "entities": extraction.entities,
        "ties": [{k: v for k, v in t.items() if k != "id"} for t in ties],
    }
    load(
        graph,
        read_mapping(document, source["id"]),
        default_method="extracted",
        mentions=_mention_rows(source["id"], extraction.mentions),
    )

    mine = {t["id"] for t in ties}
    conflicts = [c for c in graph.read.conflicts() if any(t["id"] in mine for t in c["ties"])]
    return TextOutcome(
        source={k: v for k, v in source.items() if k != "link_candidates"},
        new_entities=extraction.entities,
        ties=[{**t, "corroborates": t["id"] in already} for t in ties],
        candidates=extraction.candidates,
        conflicts=conflicts,
        warnings=extraction.warnings,
    )
