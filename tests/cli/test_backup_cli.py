"""`ecograph backup` and `ecograph restore` as a user runs them, against the real test database."""

from __future__ import annotations

import gzip
import subprocess
import sys

import pytest

from ingest.seed import load_seed
from tests.seed_data import seed

pytestmark = pytest.mark.integration


def _export(db) -> bytes:
    from graph import answers

    return answers.export(db, "json").content


def test_backup_then_restore_into_the_emptied_store(ecograph, db, tmp_path) -> None:
    load_seed(db)
    before = _export(db)
    made = ecograph("backup", str(tmp_path / "g.backup.gz"))
    assert made.returncode == 0, made.stderr
    assert "backup of graph version" in made.stdout
    stored = db.query("MATCH (n) RETURN count(n) AS n")[0]["n"]  # the seed, its change record, the counter
    assert stored > len(seed()["entities"]) and f"{stored:,}" in made.stdout
    assert (tmp_path / "g.backup.gz").stat().st_mode & 0o077 == 0  # owner-only: it holds everything

    refused = ecograph("restore", str(tmp_path / "g.backup.gz"))
    assert refused.returncode == 1
    assert "the store is not empty" in refused.stderr and "Organization" in refused.stderr
    assert "--force" in refused.stderr

    assert ecograph("reset", "--yes").returncode == 0
    restored = ecograph("restore", str(tmp_path / "g.backup.gz"))
    assert restored.returncode == 0, restored.stderr
    assert "restored" in restored.stdout and "one transaction" in restored.stdout
    assert _export(db) == before


def test_force_asks_first_and_no_changes_nothing(cli_env, ecograph, db, tmp_path) -> None:
    load_seed(db)
    assert ecograph("backup", str(tmp_path / "g.gz")).returncode == 0
    before = _export(db)
    answered_no = subprocess.run(
        [sys.executable, "-m", "cli", "restore", "--force", str(tmp_path / "g.gz")],
        input="n\n",
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=300,
    )
    assert answered_no.returncode == 1
    assert "the store holds" in answered_no.stderr and "nothing was changed" in answered_no.stderr
    assert _export(db) == before
    forced = ecograph("restore", "--force", "--yes", str(tmp_path / "g.gz"))
    assert forced.returncode == 0, forced.stderr
    assert _export(db) == before


def test_a_truncated_file_is_named_with_its_line(ecograph, db, tmp_path) -> None:
    load_seed(db)
    assert ecograph("backup", str(tmp_path / "g.gz")).returncode == 0
    with gzip.open(tmp_path / "g.gz", "rb") as whole:
        lines = whole.readlines()
    with gzip.open(tmp_path / "cut.gz", "wb") as cut:
        cut.writelines(lines[:10])
    assert ecograph("reset", "--yes").returncode == 0
    refused = ecograph("restore", str(tmp_path / "cut.gz"))
    assert refused.returncode == 1
    assert f"{tmp_path / 'cut.gz'}:10: the file ends before its closing line: truncated" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert db.query("MATCH (n) WHERE NOT n:EcographMeta RETURN count(n) AS n")[0]["n"] == 0


def test_a_missing_folder_or_file_is_named_without_a_traceback(ecograph, tmp_path) -> None:
    nowhere = ecograph("backup", str(tmp_path / "no-such-folder" / "g.gz"))
    assert nowhere.returncode == 1 and "Traceback" not in nowhere.stderr
    assert f"{tmp_path / 'no-such-folder' / 'g.gz'}: name a file in a folder that exists" in nowhere.stderr
    missing = ecograph("restore", str(tmp_path / "absent.gz"))
    assert missing.returncode == 1 and f"{tmp_path / 'absent.gz'}: no such file" in missing.stderr
    folder = ecograph("restore", str(tmp_path))
    assert folder.returncode == 1 and "cannot be read" in folder.stderr
