"""The command line and the HTTP API give the same answer to each question both faces answer, on the
seed graph: the CLI's tables are read back and compared with the API's JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.explain import cited, claim
from ingest.formats import read_mapping
from ingest.loader import load
from ingest.seed import load_seed
from tests.conftest import REPO, TEST_API_KEY
from tests.seed_data import seed

pytestmark = pytest.mark.integration

# Wide enough that no cell wraps or is cut (at 200 columns the search table cuts long event ids).
COLUMNS = "1000"


@pytest.fixture
def ecograph(cli_env, db):
    """`python -m cli …` from this worktree, on the seed graph."""
    load_seed(db)
    env = {**cli_env, "COLUMNS": COLUMNS}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "cli", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            timeout=300,
        )

    return run


@dataclass
class Table:
    title: str
    rows: list[list[str]]

    @property
    def ids(self) -> list[str]:
        return [row[0] for row in self.rows]


def tables(out: str) -> list[Table]:
    """The rich tables printed in `out`, in order: each one's title and rows of cells. A row's first
    cell is never empty, so a line whose first cell is empty continues the row above (a cell holding
    several lines): its pieces are joined back with a space."""
    found: list[Table] = []
    title: list[str] = []
    for line in out.splitlines():
        text = line.strip()
        if text.startswith(("┏", "┌")):
            found.append(Table(" ".join(title), []))
            title = []
        elif text.startswith("│"):
            cells = [cell.strip() for cell in text.strip("│").split("│")]
            rows = found[-1].rows
            if cells[0] or not rows:
                rows.append(cells)
            else:
                rows[-1] = [" ".join(filter(None, pair)) for pair in zip(rows[-1], cells, strict=True)]
        elif text and not text.startswith(("┃", "┡", "├", "└")):
            title.append(text)
    return found


def one_line(text: str) -> str:
    return " ".join(text.split())


# --- 1. find an actor -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "kind"),
    [("pekin", None), ("pekin", "Place"), ("marseille", None), ("marseille", "Organization")],
)
def test_search_lists_the_same_entities_in_the_same_order(ecograph, http, query, kind) -> None:
    api = http.get("/entities", params={"q": query, **({"kind": kind} if kind else {})})
    cli = ecograph("search", query, *(["--kind", kind] if kind else []))
    assert api.status_code == 200 and cli.returncode == 0, cli.stderr
    answer = api.json()
    [table] = tables(cli.stdout)
    assert table.ids == [item["id"] for item in answer["items"]] != []
    assert int(table.title.split()[0]) == answer["total"]
    if kind:
        assert {row[2] for row in table.rows} == {item["kind"] for item in answer["items"]} == {kind}


# --- 2. how are A and B connected --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "params"),
    [
        ([], {}),
        (["--k", "3"], {"k": 3}),
        (["--as-of", "2017-06-01"], {"as_of": "2017-06-01"}),
        (["--as-of", "2017-12-07"], {"as_of": "2017-12-07"}),
        (["--types", "OWNS,PARTICIPATED_IN"], {"types": "OWNS,PARTICIPATED_IN"}),
    ],
    ids=["shortest", "k=3", "as_of-june", "as_of-mou-day", "types"],
)
def test_path_gives_the_same_hops_with_the_same_sources(ecograph, http, options, params) -> None:
    api = http.get("/paths", params={"source": "Qista", "target": "CFLD", **params})
    assert api.status_code == 200
    expected = []
    for found in api.json()["paths"]:
        names = {node["id"]: node["name"] for node in found["nodes"]}
        expected.append(
            [
                [
                    str(hop),
                    claim(tie, names),
                    " ".join(cited(s) for s in tie["sources"]),
                    " ".join(s.get("evidence") or "" for s in tie["sources"]),
                ]
                for hop, tie in enumerate(found["edges"], 1)
            ]
        )
    cli = ecograph("path", "Qista", "CFLD", *options)
    assert "Traceback" not in cli.stderr
    assert [table.rows for table in tables(cli.stdout)] == expected
    # No path: the API answers {"paths": []}, the CLI says so and exits 1.
    assert cli.returncode == (0 if expected else 1), cli.stdout + cli.stderr
    assert ("no path" in cli.stdout) == (not expected)


# --- wrong input is refused by both, naming the field ----------------------------------------------------


@pytest.mark.parametrize(
    ("command", "route", "params", "api_field", "cli_field"),
    [
        (
            ["search", "pekin", "--kind", "Planet"],
            "/entities",
            {"q": "pekin", "kind": "Planet"},
            "kind",
            "--kind",
        ),
        (
            ["path", "Qista", "CFLD", "--as-of", "2017-13-01"],
            "/paths",
            {"source": "Qista", "target": "CFLD", "as_of": "2017-13-01"},
            "as_of",
            "--as-of",
        ),
        (
            ["path", "Qista", "CFLD", "--types", "OWNS,LIKES"],
            "/paths",
            {"source": "Qista", "target": "CFLD", "types": "OWNS,LIKES"},
            "types",
            "--types",
        ),
    ],
    ids=["search-kind", "path-as_of", "path-types"],
)
def test_bad_input_is_refused_by_both_faces_naming_the_field(
    ecograph, http, command, route, params, api_field, cli_field
) -> None:
    api = http.get(route, params=params)
    assert api.status_code == 422
    [problem] = api.json()["detail"]
    assert problem["where"] == api_field
    cli = ecograph(*command)
    assert cli.returncode != 0 and "Traceback" not in cli.stderr
    assert f"error: {cli_field}: {problem['message']}" in one_line(cli.stderr)


@pytest.mark.parametrize(
    ("command", "route", "params"),
    [
        (["search", "pekin", "--limit", "0"], "/entities", {"q": "pekin", "limit": 0}),
        (["search", "pekin", "--limit", "101"], "/entities", {"q": "pekin", "limit": 101}),
        (
            ["export", "--format", "import", "--out", "x.json", "--entity", "Qista", "--depth", "0"],
            "/export",
            {"format": "import", "entity": "Qista", "depth": 0},
        ),
        (
            ["export", "--format", "import", "--out", "x.json", "--entity", "Qista", "--depth", "4"],
            "/export",
            {"format": "import", "entity": "Qista", "depth": 4},
        ),
    ],
    ids=["search-limit-0", "search-limit-101", "export-depth-0", "export-depth-4"],
)
def test_both_faces_keep_the_same_bounds(ecograph, http, command, route, params) -> None:
    assert http.get(route, params=params).status_code == 422
    cli = ecograph(*command)
    assert cli.returncode != 0 and "Traceback" not in cli.stderr + cli.stdout


# --- 3. review work --------------------------------------------------------------------------------------

HOLDING = "Three Offices Holding"
HEAD_OFFICES = ["place:berlin", "place:seoul", "place:tel-aviv"]
THREE_HEAD_OFFICES = {
    "sources": [{"id": "src:parity-note", "title": "A note contradicting itself", "published": "2018-01-15"}],
    "entities": [{"name": HOLDING, "kind": "Organization"}],
    "ties": [
        {
            "source": HOLDING,
            "target": place,
            "type": "HEADQUARTERED_IN",
            "sources": ["src:parity-note"],
            "evidence": f"The note places the head office in {place}.",
            "status": "candidate" if place == HEAD_OFFICES[-1] else "accepted",
        }
        for place in HEAD_OFFICES
    ],
}


def test_review_lists_the_api_candidates_and_conflicts_and_both_faces_accept(ecograph, http, db) -> None:
    load(db, read_mapping(THREE_HEAD_OFFICES, "test"))
    every_tie = [t["id"] for t in http.get("/ties").json()]
    candidates = [t["id"] for t in http.get("/ties", params={"status": "candidate"}).json()]
    conflicts = http.get("/ties/conflicts").json()
    in_conflict = [t["id"] for c in conflicts["items"] for t in c["ties"]]
    # From the data: the seed's candidates, the document's one, and its three head offices in one conflict.
    seed_candidates = []
    for tie in (t for t in seed()["ties"] if t.get("status") == "candidate"):
        [found] = http.get("/ties", params={k: tie[k] for k in ("source", "target", "type")}).json()
        seed_candidates.append(found["id"])
    offices = http.get("/ties", params={"source": HOLDING, "type": "HEADQUARTERED_IN"}).json()
    [by_api] = [t["id"] for t in offices if t["status"] == "candidate"]
    by_cli = seed_candidates[0]  # the Potsdam one
    assert sorted(candidates) == sorted([*seed_candidates, by_api])
    assert conflicts["total"] == 1 and sorted(in_conflict) == sorted(t["id"] for t in offices)

    def listed_by_review() -> set[str]:
        shown = ecograph("review")
        assert shown.returncode == 0, shown.stderr
        return {tie_id for tie_id in every_tie if tie_id in shown.stdout}

    assert listed_by_review() == {*candidates, *in_conflict}

    decided = ecograph("review", "--accept", by_cli)
    assert decided.returncode == 0 and f"{by_cli}: accepted" in decided.stdout, decided.stderr
    response = http.post(f"/ties/{by_api}/accept", headers={"X-API-Key": TEST_API_KEY})
    assert response.status_code == 200 and response.json()["status"] == "accepted"

    accepted = {t["id"] for t in http.get("/ties", params={"status": "accepted"}).json()}
    assert {by_cli, by_api} <= accepted
    still = {t["id"] for t in http.get("/ties", params={"status": "candidate"}).json()}
    assert still == set(candidates) - {by_cli, by_api}
    # Each face sees the other's decision: the CLI queue drops both; the conflict stays (both kept).
    assert listed_by_review() == still | set(in_conflict)


# --- 4. take it elsewhere --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "params"),
    [
        ([], {}),
        (["--entity", "Qista", "--depth", "1"], {"entity": "Qista", "depth": 1}),
        (["--entity", "Qista", "--depth", "2"], {"entity": "Qista", "depth": 2}),
    ],
    ids=["whole-graph", "qista-depth-1", "qista-depth-2"],
)
def test_export_writes_the_same_import_document(ecograph, http, tmp_path: Path, options, params) -> None:
    out = tmp_path / "x.json"
    cli = ecograph("export", "--format", "import", "--out", str(out), *options)
    assert cli.returncode == 0, cli.stderr
    api = http.get("/export", params={"format": "import", **params})
    assert api.status_code == 200
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document == api.json()
    assert f"({len(document['entities'])} entities, {len(document['ties'])} ties, import)" in cli.stdout
    if not params:
        assert (len(document["entities"]), len(document["ties"])) == (
            len(seed()["entities"]),
            len(seed()["ties"]),
        )
    else:
        assert "org:qista" in {e["id"] for e in document["entities"]}
