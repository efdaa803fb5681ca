"""`ecograph ingest texts`: a corpus at once, as a user types it, against the real Neo4j. The articles
are short French texts in our own words, written to tmp_path."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.text_ingest import COUNTS

pytestmark = [pytest.mark.integration, pytest.mark.text]

ARTICLES = {
    "brest.txt": (
        "Brest, le 5 mars 2024. La start-up Kelvoria, installée à Brest, a signé un partenariat avec le "
        "laboratoire Maréon. Yann Keraudren, directeur général de Kelvoria, a présenté le projet devant la "
        "presse.\n"
    ),
    "lorient/maréon.txt": (
        "Lorient, le 12 mars 2024. Le laboratoire Maréon a ouvert un bureau à Lorient. Sophie Le Gall, "
        "présidente de Maréon, veut y accueillir vingt chercheurs.\n"
    ),
    "quimper.html": (
        "<!doctype html><html><head><title>Kelvoria et Armavel</title></head><body><article><p>Quimper, "
        "le 19 mars 2024. Kelvoria a signé un accord avec la société Armavel, qui fabrique des coques en lin "
        "à Quimper.</p></article></body></html>\n"
    ),
}
# Published on Wednesday 10 April 2024 (the manifest says so): "jeudi 4 avril" is 4 April 2024.
CONVENTION = (
    "Jeudi 4 avril, Kelvoria a signé une convention avec la société Armavel à Brest. Yann Keraudren, "
    "directeur général de Kelvoria, parle d'une étape importante.\n"
)
ROW = re.compile(r"^(new|duplicate|skipped) +(\S+) +(.*)$")


def write_corpus(folder: Path) -> dict[str, Path]:
    files = {}
    for name, text in ARTICLES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        files[name] = path
    (folder / ".brouillon.txt").write_text("Un brouillon caché, jamais lu.\n", encoding="utf-8")
    (folder / "notes.md").write_text("Pas un article.\n", encoding="utf-8")
    files["photo.txt"] = folder / "photo.txt"
    files["photo.txt"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return files


def rows(stdout: str) -> dict[str, tuple[str, str]]:
    """{file: (status, rest of the line)} of the per-document lines."""
    found = {}
    for line in stdout.splitlines():
        match = ROW.match(line)
        if match:
            found[match.group(2)] = (match.group(1), match.group(3))
    return found


def counts_of(rest: str) -> dict[str, int]:
    return {name: int(re.search(rf"{name} (\d+)", rest).group(1)) for name in COUNTS}


def summary(stdout: str) -> dict[str, int]:
    cells = re.findall(r"│ ([a-z ]+?) +│ +(\d+) │", stdout)
    return {name: int(value) for name, value in cells}


def sha(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def stored(db) -> tuple[int, int, int]:
    record = db.query(
        "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS rels"
    )[0]
    return record["nodes"], record["rels"], db.version()


def test_a_folder_is_ingested_a_bad_file_skipped_with_its_reason_and_a_second_run_adds_nothing(
    ecograph, db, tmp_path: Path
) -> None:
    files = write_corpus(tmp_path / "corpus")
    first = ecograph("ingest", "texts", str(tmp_path / "corpus"))
    assert first.returncode == 1, first.stderr  # one bad file, after ingesting the rest
    assert "Traceback" not in first.stderr
    found = rows(first.stdout)
    # Walked recursively and sorted; hidden files and other suffixes left out.
    assert list(found) == [
        str(files[name]) for name in ("brest.txt", "lorient/maréon.txt", "photo.txt", "quimper.html")
    ]
    status, rest = found[str(files["photo.txt"])]
    assert status == "skipped" and "binary file" in rest
    for name in ARTICLES:
        assert found[str(files[name])][0] == "new"
        source = db.read.source_with_hash(sha(files[name]))
        assert source is not None and source["id"] in found[str(files[name])][1]
    assert db.read.source_with_hash(sha(files["photo.txt"])) is None
    assert db.read.sources([db.read.source_with_hash(sha(files["quimper.html"]))["id"]])  # HTML read too

    totals = summary(first.stdout)
    assert (totals["documents new"], totals["documents duplicate"], totals["documents skipped"]) == (3, 0, 1)
    per_document = [counts_of(rest) for status, rest in found.values() if status == "new"]
    assert {name: sum(c[name] for c in per_document) for name in COUNTS} == {n: totals[n] for n in COUNTS}
    assert totals["new ties"] > 0 and totals["new entities"] > 0
    # A later article links to what an earlier one wrote: one Kelvoria, mentioned by the third.
    assert db.query("MATCH (e:Entity {name: 'Kelvoria'}) RETURN count(e) AS n")[0]["n"] == 1
    quimper = db.read.source_with_hash(sha(files["quimper.html"]))["id"]
    assert db.query(
        "MATCH (:Source {id: $id})-[:MENTIONS]->(e:Entity {id: 'org:kelvoria'}) RETURN e", id=quimper
    )
    assert "documents" in first.stderr  # the progress bar, on stderr

    before = stored(db)
    again = ecograph("ingest", "texts", str(tmp_path / "corpus"))
    assert again.returncode == 1, again.stderr
    assert {f: s for f, (s, _) in rows(again.stdout).items()} == {
        **{str(files[name]): "duplicate" for name in ARTICLES},
        str(files["photo.txt"]): "skipped",
    }
    totals = summary(again.stdout)
    assert (totals["documents new"], totals["documents duplicate"], totals["new ties"]) == (0, 3, 0)
    assert stored(db) == before  # not one node, tie or version more


def test_a_manifest_gives_url_title_and_the_date_weekdays_resolve_against(
    ecograph, db, tmp_path: Path
) -> None:
    (tmp_path / "textes").mkdir()
    convention = tmp_path / "textes" / "convention.txt"
    convention.write_text(CONVENTION, encoding="utf-8")
    brest = tmp_path / "textes" / "brest.txt"
    brest.write_text(ARTICLES["brest.txt"], encoding="utf-8")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "file;url;title;published;rubrique\n"
        "textes/convention.txt;https://presse.example.org/kelvoria-armavel;Kelvoria et Armavel signent;"
        "2024-04-10;industrie\n"
        f"{brest};;;2024-03-05;\n",
        encoding="utf-8",
    )
    result = ecograph("ingest", "texts", str(convention), str(brest), "--manifest", str(manifest))
    assert result.returncode == 0, result.stdout + result.stderr
    source = db.read.source_with_hash(sha(convention))
    assert source["url"] == "https://presse.example.org/kelvoria-armavel"
    assert source["title"] == "Kelvoria et Armavel signent"
    assert source["published"] == "2024-04-10" and source["publisher"] == "presse.example.org"
    assert db.read.source_with_hash(sha(brest))["published"] == "2024-03-05"
    events = db.query(
        "MATCH ()-[r]->(e:Event) WHERE $id IN r.sources RETURN DISTINCT e.start_date AS start",
        id=source["id"],
    )
    assert [e["start"] for e in events] == ["2024-04-04"]


def test_a_bad_manifest_row_names_its_line_and_field_and_nothing_is_ingested(
    ecograph, db, tmp_path: Path
) -> None:
    files = write_corpus(tmp_path / "corpus")
    manifest = tmp_path / "corpus" / "manifest.jsonl"
    manifest.write_text(
        '{"file": "brest.txt", "published": "2024-03-05"}\n'
        "\n"
        '{"file": "quimper.html", "published": "2024-02-30", "title": "Armavel"}\n',
        encoding="utf-8",
    )
    before = stored(db)
    result = ecograph("ingest", "texts", str(tmp_path / "corpus"), "--manifest", str(manifest))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    said = result.stderr.replace("\n", "")
    assert f"{manifest}:3 published: '2024-02-30' is not a date YYYY-MM-DD" in said
    assert stored(db) == before and db.read.source_with_hash(sha(files["brest.txt"])) is None


def test_a_path_that_does_not_exist_is_a_usage_error(ecograph, tmp_path: Path) -> None:
    result = ecograph("ingest", "texts", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "no such file or folder" in result.stderr


def test_without_its_model_the_command_says_how_to_install_it(cli_env, db, tmp_path: Path) -> None:
    write_corpus(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "cli", "ingest", "texts", str(tmp_path)],
        capture_output=True,
        text=True,
        env={**cli_env, "ECOGRAPH_TEXT_MODEL": "xx_no_such_model"},
        timeout=300,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "pip install xx-no-such-model" in result.stderr.replace("\n", " ")
    assert db.query("MATCH (s:Source) RETURN count(s) AS n")[0]["n"] == 0
