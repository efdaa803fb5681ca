"""The `ecograph` command as a user types it, against the test database it finds by itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.seed_data import entity, seed, ties_of

pytestmark = pytest.mark.integration


def test_ingest_seed_prints_counts_then_search_and_path_print_tables(ecograph) -> None:
    loaded = ecograph("ingest", "seed")
    assert loaded.returncode == 0, loaded.stderr
    assert f"│ entities           │   {len(seed()['entities'])} │" in loaded.stdout
    found = ecograph("search", "pekin")
    assert (
        found.returncode == 0
        and "place:pekin" in found.stdout
        and entity("place:pekin")["name"] in found.stdout
    )
    owner = entity(ties_of("OWNS")[0]["source"])
    path = ecograph("path", "Qista", owner["aliases"][0])
    assert path.returncode == 0, path.stderr
    assert f"{owner['name']} owns TechCode" in path.stdout
    assert ties_of("OWNS")[0]["evidence"].split()[0] in path.stdout


def test_bad_file_names_file_line_and_field_and_exits_non_zero(ecograph, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("entities:\n  - {name: X, kind: Planet}\n", encoding="utf-8")
    result = ecograph("ingest", "file", str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{bad}:2 entities[0].kind" in result.stderr.replace("\n", "")


def test_ingest_text_without_its_model_says_how_to_install_it(cli_env, db, tmp_path: Path) -> None:
    article = tmp_path / "some.txt"
    article.write_text("Lyon, le 2 mars 2024. La société Exemplor ouvre un atelier.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "cli", "ingest", "text", str(article)],
        capture_output=True,
        text=True,
        env={**cli_env, "ECOGRAPH_TEXT_MODEL": "xx_no_such_model"},
        timeout=300,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    said = result.stderr.replace("\n", " ")
    assert said.startswith("error:") and "'xx_no_such_model'" in said
    assert "pip install xx-no-such-model" in said


# Two directories disagree on Exemplor's head office; our own article then names a third one.
EXEMPLOR = """\
sources:
  - {id: src:annuaire-a, title: "Annuaire A", published: 2023-01-10}
  - {id: src:annuaire-b, title: "Annuaire B", published: 2023-06-20}
entities:
  - {name: Exemplor, kind: Organization, labels: [Company]}
  - {name: Lyon, kind: Place, labels: [City]}
  - {name: Grenoble, kind: Place, labels: [City]}
ties:
  - {source: Exemplor, target: Lyon, type: HEADQUARTERED_IN, sources: [src:annuaire-a],
     evidence: "Directory A lists Exemplor's seat in Lyon."}
  - {source: Exemplor, target: Grenoble, type: HEADQUARTERED_IN, sources: [src:annuaire-b],
     evidence: "Directory B lists Exemplor's seat in Grenoble."}
"""
EXEMPLOR_ARTICLE = (
    "Le 4 avril 2024, la société Exemplor, dont le siège est à Nantes, a présenté son nouveau capteur.\n"
)


def test_ingest_text_prints_every_tie_of_a_conflict(ecograph, tmp_path: Path) -> None:
    data = tmp_path / "exemplor.yaml"
    data.write_text(EXEMPLOR, encoding="utf-8")
    assert ecograph("ingest", "file", str(data)).returncode == 0
    article = tmp_path / "exemplor.txt"
    article.write_text(EXEMPLOR_ARTICLE, encoding="utf-8")
    result = ecograph("ingest", "text", str(article), "--published", "2024-04-04")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    source_id = next(w for w in result.stdout.split() if w.startswith("src:le-4-avril-2024"))
    assert "1 conflict(s)" in result.stdout
    rows = [line for line in result.stdout.splitlines() if "single_valued" in line]
    claims = {
        city: next((r for r in rows if f"Exemplor is headquartered in {city}" in r), "")
        for city in ("Lyon", "Grenoble", "Nantes")
    }
    assert "Annuaire A" in claims["Lyon"] and "Annuaire B" in claims["Grenoble"]
    assert "← this article" in claims["Nantes"] and source_id.startswith("src:")
    assert all("← this article" not in claims[city] for city in ("Lyon", "Grenoble"))


def test_unknown_entity_in_path_is_a_clear_error(ecograph) -> None:
    ecograph("ingest", "seed")
    result = ecograph("path", "Nobody At All", "Qista")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "no entity" in result.stderr


@pytest.mark.parametrize("typed", ["[nobody]", "[/nobody]"])
def test_an_error_prints_brackets_as_typed(ecograph, typed) -> None:
    result = ecograph("path", typed, "Qista")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"error: no entity with the id, name or alias '{typed}'" in result.stderr


def test_reset_needs_yes(ecograph) -> None:
    ecograph("ingest", "seed")
    refused = ecograph("reset")
    assert refused.returncode == 2 and "--yes" in refused.stdout
    assert "org:qista" in ecograph("search", "qista").stdout
    assert ecograph("reset", "--yes").returncode == 0
    assert "0 match(es)" in ecograph("search", "qista").stdout


def test_export_writes_an_importable_csv_folder_and_a_standalone_page(ecograph, tmp_path: Path) -> None:
    ecograph("ingest", "seed")
    out = tmp_path / "csv"
    assert ecograph("export", "--format", "csv", "--out", str(out)).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == ["entities.csv", "sources.csv", "ties.csv"]
    page = tmp_path / "eco.html"
    assert ecograph("export", "--format", "html", "--out", str(page)).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert "<script src=" not in html and "Erica Huang" in html
    ecograph("reset", "--yes")
    again = ecograph("ingest", "file", str(out))
    assert again.returncode == 0, again.stderr
    assert "org:qista" in ecograph("search", "qista").stdout
    assert ecograph("export", "--format", "pdf", "--out", str(tmp_path / "x")).returncode == 1


def test_db_status_is_non_zero_when_nothing_runs(tmp_path: Path, cli_env) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cli", "db", "status", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=60,
    )
    assert result.returncode == 1 and "no" in result.stdout


def test_up_starts_loads_the_seed_and_serves_api_and_explorer(cli_env, db) -> None:
    import time

    import httpx

    from tests.conftest import free_port

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "up", "--port", str(port)],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        health = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                health = httpx.get(f"{url}/health", timeout=2).json()
                break
            except httpx.HTTPError:
                time.sleep(0.5)
        assert health == {
            "status": "ok",
            "neo4j": "up",
            "entities": len(seed()["entities"]),
            "ties": len(seed()["ties"]),
        }
        assert httpx.get(f"{url}/viz").status_code == 200
        assert httpx.get(f"{url}/docs").status_code == 200
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}" in out
