"""Names in Cyrillic, Chinese and Arabic script (and one of symbols only) go in through the loader,
`POST /import` and `ecograph ingest file`, and come back by id, by name and by search, as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.formats import read_bytes
from ingest.loader import load
from tests.conftest import TEST_API_KEY

pytestmark = pytest.mark.integration

# Made-up actors; the evidence texts are ours.
NAMES_YAML = """\
sources:
  - {id: src:scripts-test, title: "Actors named in several scripts", published: 2024-03-01}
entities:
  - {name: Северный Узел, kind: Organization, labels: [Incubator]}
  - {name: 星桥科技, kind: Organization, labels: [Startup]}
  - {name: جسر الابتكار, kind: Organization, labels: [Association]}
  - {name: Москва, kind: Place, labels: [City]}
  - {name: القاهرة, kind: Place, labels: [City]}
  - {name: ✦✦✦, kind: Organization}
ties:
  - {source: Северный Узел, target: Москва, type: HEADQUARTERED_IN, sources: [src:scripts-test],
     evidence: "The northern hub has its seat in Moscow."}
  - {source: Северный Узел, target: 星桥科技, type: INCUBATES, sources: [src:scripts-test],
     evidence: "The hub incubates the star-bridge startup."}
  - {source: جسر الابتكار, target: القاهرة, type: HEADQUARTERED_IN, sources: [src:scripts-test],
     evidence: "The innovation bridge association is based in Cairo."}
  - {source: جسر الابتكار, target: 星桥科技, type: SUPPORTS, sources: [src:scripts-test],
     evidence: "The association supports the startup."}
  - {source: ✦✦✦, target: Северный Узел, type: PARTNERS_WITH, sources: [src:scripts-test],
     evidence: "A studio known only by its three stars partners with the hub."}
"""

IDS = {
    "Северный Узел": "org:severnyy-uzel",
    "星桥科技": "org:xingqiaokeji",
    "جسر الابتكار": "org:jsr-lbtkr",
    "Москва": "place:moskva",
    "القاهرة": "place:lqhrh",
    "✦✦✦": "org:x-62b08fd7c9",
}


def _assert_found_as_written(http) -> None:
    for name, entity_id in IDS.items():
        by_id = http.get(f"/entities/{entity_id}")
        assert by_id.status_code == 200, (name, by_id.text)
        assert by_id.json()["name"] == name
        by_name = http.get(f"/entities/{name}")
        assert by_name.status_code == 200 and by_name.json()["id"] == entity_id, (name, by_name.text)

    hub = http.get("/entities/org:severnyy-uzel").json()
    assert sorted((t["type"], t["other"]["name"]) for t in hub["ties"]) == [
        ("HEADQUARTERED_IN", "Москва"),
        ("INCUBATES", "星桥科技"),
        ("PARTNERS_WITH", "✦✦✦"),
    ]
    for query, entity_id in [
        ("Москва", "place:moskva"),
        ("москва", "place:moskva"),
        ("星桥科技", "org:xingqiaokeji"),
        ("جسر الابتكار", "org:jsr-lbtkr"),
        ("القاهرة", "place:lqhrh"),
    ]:
        found = http.get("/entities", params={"q": query})
        assert found.status_code == 200, found.text
        assert found.json()["items"][0]["id"] == entity_id, (query, found.json())
        assert found.json()["items"][0]["name"] == next(k for k, v in IDS.items() if v == entity_id)
    hub_by_word = http.get("/entities", params={"q": "Узел", "kind": "Organization"}).json()
    assert [i["id"] for i in hub_by_word["items"]] == ["org:severnyy-uzel"]


def test_the_loader_writes_names_in_any_script_with_stable_ids(db, http, tmp_path: Path) -> None:
    report = load(db, read_bytes(NAMES_YAML.encode("utf-8"), "names.yaml"), default_method="imported")
    assert (report.entities, report.ties) == (6, 5)
    nodes, _ = db.read.whole_graph()
    assert {n["id"]: n["name"] for n in nodes if not n["id"].startswith("src:")} == {
        v: k for k, v in IDS.items()
    }
    _assert_found_as_written(http)
    again = load(db, read_bytes(NAMES_YAML.encode("utf-8"), "names.yaml"), default_method="imported")
    assert db.read.counts() == {"entities": 6, "ties": 5} and again.ties == 5


def test_post_import_takes_names_in_any_script(db, http) -> None:
    response = http.post(
        "/import",
        files={"file": ("names.yaml", NAMES_YAML.encode("utf-8"))},
        headers={"X-API-Key": TEST_API_KEY},
    )
    assert response.status_code == 200, response.text
    assert (response.json()["entities"], response.json()["ties"]) == (6, 5)
    _assert_found_as_written(http)


def test_ingest_file_takes_names_in_any_script(db, cli_env, http, tmp_path: Path) -> None:
    path = tmp_path / "names.yaml"
    path.write_text(NAMES_YAML, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "cli", "ingest", "file", str(path)],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(r"│ entities\s+│\s+6 │", result.stdout) and re.search(r"│ ties\s+│\s+5 │", result.stdout)
    _assert_found_as_written(http)
