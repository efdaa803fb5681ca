from __future__ import annotations

import csv
import io
import json

import pytest
import yaml

from graph.export import join_list, split_list, to_csv, to_import_document
from tests.graph.export.sample import EDGES, NASTY_NAME, NODES, SOURCES

CONTRACT_ENTITY_COLUMNS = ["name", "kind", "labels", "aliases", "description"]
CONTRACT_TIE_COLUMNS = [
    "source",
    "target",
    "type",
    "sources",
    "evidence",
    "confidence",
    "valid_from",
    "valid_to",
]


def parse(text: str) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return reader.fieldnames, list(reader)


@pytest.fixture(scope="module")
def tables() -> dict[str, tuple[list[str], list[dict]]]:
    return {name: parse(text) for name, text in to_csv(NODES, EDGES, SOURCES).items()}


def test_entities_csv_has_the_contract_columns_then_id_and_the_rest(tables):
    header, rows = tables["entities.csv"]
    assert header == CONTRACT_ENTITY_COLUMNS + [
        "id",
        "country",
        "start_date",
        "end_date",
        "date_precision",
        "wikidata_id",
        "facts",
    ]
    assert [r["id"] for r in rows] == [n["id"] for n in NODES]
    org = rows[0]
    assert org["name"] == NASTY_NAME
    assert split_list(org["labels"]) == ["Company", "Investor"]
    assert org["aliases"] == "SG\\|Marseille|S.G.|back\\\\slash"
    assert split_list(org["aliases"]) == ["SG|Marseille", "S.G.", "back\\slash"]
    assert org["description"] == 'Bank, "quoted", with | pipe'  # a scalar is never escaped
    assert org["wikidata_id"] == "Q270363" and org["start_date"] == ""
    person = rows[1]
    assert (person["labels"], person["aliases"], person["description"]) == ("", "", "")
    event = rows[2]
    assert (event["start_date"], event["end_date"], event["date_precision"]) == (
        "2017-12-07",
        "2017-12-07",
        "day",
    )


def test_ties_csv_is_the_contract_import_csv_with_extra_columns(tables):
    header, rows = tables["ties.csv"]
    assert header[:8] == CONTRACT_TIE_COLUMNS
    assert header[8:] == ["status", "stage", "method", "prop_type", "role", "title"]
    # No MENTIONS; no tie id nor direction (the loader derives both).
    assert [r["type"] for r in rows] == ["HAS_ROLE", "PARTICIPATED_IN", "PARTICIPATED_IN", "HEADQUARTERED_IN"]
    role = rows[0]
    assert role == {
        "source": "person:erica-huang",
        "target": "org:societe-generale",
        "type": "HAS_ROLE",
        "sources": "src:amft-2017|src:other",
        "evidence": 'Erica Huang, CEO \\| founder|line one\nline "two"',
        "confidence": "1",
        "valid_from": "2015",
        "valid_to": "",
        "status": "accepted",
        "stage": "active",
        "method": "curated",
        "prop_type": "",
        "role": "",
        "title": "CEO, Europe",
    }
    assert split_list(role["evidence"]) == EDGES[0]["evidence"]
    assert rows[1]["role"] == "signatory" and rows[1]["prop_type"] == "collides with the tie type"
    assert rows[2]["status"] == "candidate" and rows[2]["role"] == "host"
    assert rows[3]["status"] == "retracted" and rows[3]["confidence"] == "0.5"


def test_sources_csv(tables):
    header, rows = tables["sources.csv"]
    assert header == [
        "id",
        "title",
        "url",
        "publisher",
        "published",
        "date_precision",
        "language",
        "content_hash",
    ]
    assert rows[0] == {k: v or "" for k, v in SOURCES[0].items()}
    assert rows[1]["title"] == 'Another, "source"' and rows[1]["url"] == ""


def test_csv_rows_are_whole_lines_even_with_newlines_inside():
    text = to_csv(NODES, EDGES, SOURCES)["entities.csv"]
    assert text.count("\r\n") == len(NODES) + 1
    assert '"Société ""Générale"", Marseille\nsecond line; 北京 🚀"' in text


@pytest.mark.parametrize("items", [[], ["a"], ["a|b", ""], ["\\", "|", "\\|"], ["x\\"], ["é", "北京|🚀"]])
def test_list_cells_round_trip(items):
    cell = join_list(items)
    expected = items if items != [""] else []
    assert split_list(cell) == expected


def test_a_list_of_one_empty_item_reads_as_empty():
    assert join_list([""]) == "" and split_list("") == []


def test_import_document_is_the_import_format_and_survives_json_and_yaml():
    doc = to_import_document(NODES, EDGES, SOURCES)
    assert set(doc) == {"sources", "entities", "ties"}
    assert [t["type"] for t in doc["ties"]] == [
        "HAS_ROLE",
        "PARTICIPATED_IN",
        "PARTICIPATED_IN",
        "HEADQUARTERED_IN",
    ]
    assert doc["entities"][1] == {
        "id": "person:erica-huang",
        "name": "Erica Huang",
        "kind": "Person",
        "labels": [],
        "aliases": [],
    }
    role = doc["ties"][0]
    assert role == {
        "type": "HAS_ROLE",
        "source": "person:erica-huang",
        "target": "org:societe-generale",
        "sources": ["src:amft-2017", "src:other"],
        "evidence": EDGES[0]["evidence"],
        "confidence": 1,
        "status": "accepted",
        "method": "curated",
        "stage": "active",
        "valid_from": "2015",
        "properties": {"title": "CEO, Europe"},
    }
    assert doc["sources"][1] == {"id": "src:other", "title": 'Another, "source"', "language": "en"}
    assert json.loads(json.dumps(doc, ensure_ascii=False)) == doc
    assert yaml.safe_load(yaml.safe_dump(doc, allow_unicode=True)) == doc


def test_source_nodes_among_nodes_are_not_entities():
    nodes = [*NODES, {"id": "src:amft-2017", "name": "AMFT", "kind": "Source"}]
    assert len(to_import_document(nodes, [])["entities"]) == len(NODES)
    assert len(parse(to_csv(nodes, [])["entities.csv"])[1]) == len(NODES)
