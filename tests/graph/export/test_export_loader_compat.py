"""What the exports write is what the loader's own reader and models accept (ingest.formats,
ingest.document), checked on a synthetic ecosystem from bench/generate.py."""

from __future__ import annotations

import pytest

from graph.export import to_csv, to_import_document
from graph.model import make_tie_id
from ingest.document import ImportDocument
from ingest.formats import read_csv, read_mapping
from tests.graph.export.bench_module import load_generator


@pytest.fixture(scope="module")
def ecosystem() -> dict:
    return load_generator().generate(600, 1500, seed=11)


@pytest.fixture(scope="module")
def rows(ecosystem) -> tuple[list[dict], list[dict], list[dict]]:
    """The ecosystem as the rows the exports receive: entities as nodes, ties as edges with ids."""
    edges = [
        {**t, "id": make_tie_id(t["type"], t["source"], t["target"], t.get("properties")), "directed": True}
        for t in ecosystem["ties"]
    ]
    return ecosystem["entities"], edges, ecosystem["sources"]


def validated(raw) -> ImportDocument:
    document = ImportDocument.model_validate(
        {section: [r.data for r in getattr(raw, section)] for section in ("sources", "entities", "ties")}
    )
    for tie in document.ties:
        # One evidence text for one source reads back from CSV as a string: the same statement.
        tie.evidence = tie.evidence_list()
    return document


def test_generated_document_is_valid_for_the_loader(ecosystem):
    document = validated(read_mapping(ecosystem, "generated"))
    assert (len(document.entities), len(document.ties)) == (600, 1500)


def test_import_document_export_is_what_was_generated(ecosystem, rows):
    exported = to_import_document(*rows)
    assert exported == ecosystem
    assert validated(read_mapping(exported, "export")) == validated(read_mapping(ecosystem, "generated"))


def test_csv_export_reads_back_through_the_loader_as_the_same_document(ecosystem, rows):
    files = to_csv(*rows)
    raw = {name: read_csv(text.encode("utf-8"), name) for name, text in files.items()}
    from_csv = ImportDocument(
        sources=validated(raw["sources.csv"]).sources,
        entities=validated(raw["entities.csv"]).entities,
        ties=validated(raw["ties.csv"]).ties,
    )
    assert from_csv == validated(read_mapping(ecosystem, "generated"))
