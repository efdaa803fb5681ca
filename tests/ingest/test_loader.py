"""Loading import files into the real Neo4j: idempotent, all or nothing, errors naming file/line/field."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from neo4j.exceptions import ConstraintError

from graph.errors import InvalidInput
from ingest.formats import read_path
from ingest.loader import load
from ingest.seed import load_seed
from tests.seed_data import seed

pytestmark = pytest.mark.integration
DB = "neo4j"


def _snapshot(graph) -> tuple:
    nodes, edges = graph.read.whole_graph()
    return (
        sorted(n["id"] for n in nodes),
        sorted(
            (e["id"], tuple(e["sources"]), tuple(e["evidence"]), e["confidence"], e["status"]) for e in edges
        ),
    )


def test_constraints_and_indexes_exist(db) -> None:
    records = db.query("SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties RETURN *")
    assert {"labelsOrTypes": ["Entity"], "properties": ["id"]} in [
        {"labelsOrTypes": r["labelsOrTypes"], "properties": r["properties"]} for r in records
    ]
    names = {r["name"] for r in db.query("SHOW INDEXES YIELD name, type RETURN *")}
    assert {"entity_names", "entity_about", "entity_kind", "tie_id_owns"} <= names
    assert "entity_search" not in names  # the names index before search keys is dropped


def test_unique_entity_ids_are_enforced_by_neo4j(db) -> None:
    db.driver.execute_query("CREATE (:Entity {id: 'org:x'})", database_=DB)
    with pytest.raises(Exception, match="already exists"):
        db.driver.execute_query("CREATE (:Entity {id: 'org:x'})", database_=DB)


def test_seed_loads_every_entity_and_tie_and_twice_changes_nothing(db) -> None:
    report = load_seed(db)
    expected = seed()
    assert (report.entities, report.ties) == (len(expected["entities"]), len(expected["ties"]))
    assert db.read.counts() == {"entities": len(expected["entities"]), "ties": len(expected["ties"])}
    first = _snapshot(db)
    load_seed(db)
    assert _snapshot(db) == first


def test_a_bad_file_writes_nothing_and_names_file_line_and_field(db, tmp_path: Path) -> None:
    load_seed(db)
    before = _snapshot(db)
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "sources:\n"
        "  - {id: src:t, title: T}\n"
        "entities:\n"
        "  - {name: Good Org, kind: Organization}\n"
        "  - {name: Odd, kind: Spaceship}\n"
        "ties:\n"
        "  - source: Good Org\n"
        "    target: TechCode\n"
        "    type: PARTNERS_WITH\n"
        "    sources: [src:t]\n"
        "  - source: Good Org\n"
        "    target: TechCode\n"
        "    type: LIKES\n"
        "    sources: [src:t]\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as caught:
        load(db, read_path(bad))
    problems = dict(caught.value.problems)
    assert any(where.startswith(f"{bad}:5 entities[1].kind") for where in problems), problems
    assert any(where.startswith(f"{bad}:13 ties[1].type") for where in problems), problems
    assert _snapshot(db) == before


def test_a_failure_inside_the_write_rolls_everything_back(db, tmp_path: Path) -> None:
    """Validation passes, then Neo4j refuses a row half-way: the transaction leaves nothing behind."""
    before = _snapshot(db)
    db.driver.execute_query(
        "CREATE CONSTRAINT probe_unique IF NOT EXISTS FOR (n:Probe) REQUIRE n.name IS UNIQUE", database_=DB
    )
    try:
        db.driver.execute_query("CREATE (:Probe {name: 'Clash'})", database_=DB)
        document = {"sources": [{"id": "src:t"}], "entities": [{"name": "First", "kind": "Organization"}]}
        (tmp_path / "ok.json").write_text(json.dumps(document), encoding="utf-8")
        raw = read_path(tmp_path / "ok.json")
        from graph import queries

        original = queries.upsert_entities

        def sabotaged(kind, labels):  # the second statement of the plan clashes with the constraint
            return original(kind, labels) + "\nWITH n MERGE (:Probe {name: 'Clash', other: n.id})"

        queries.upsert_entities = sabotaged
        try:
            with pytest.raises(ConstraintError, match="already exists"):
                load(db, raw)
        finally:
            queries.upsert_entities = original
        assert db.read.entities(["org:first", "src:t"]) == {}
    finally:
        db.driver.execute_query("MATCH (p:Probe) DELETE p", database_=DB)
        db.driver.execute_query("DROP CONSTRAINT probe_unique", database_=DB)
    assert _snapshot(db) == before


def test_csv_folder_with_names_resolved_and_extra_columns_as_properties(db, tmp_path: Path) -> None:
    (tmp_path / "sources.csv").write_text(
        "id,title,published\nsrc:memo,Internal memo,2020-03-02\n", encoding="utf-8"
    )
    (tmp_path / "entities.csv").write_text(
        "name,kind,labels,aliases,description\n"
        'Société Générale Lab,Organization,Incubator,SG Lab|SGL,"An incubator, in Paris"\n'
        "Paris,Place,City,,\n",
        encoding="utf-8",
    )
    (tmp_path / "ties.csv").write_text(
        "source,target,type,sources,evidence,confidence,valid_from,valid_to,nature\n"
        "SG Lab,paris,OPERATES_IN,src:memo,The lab works from Paris.,0.9,2019,,office\n",
        encoding="utf-8",
    )
    report = load(db, read_path(tmp_path))
    assert (report.sources, report.entities, report.ties) == (1, 2, 1)
    [tie] = db.read.ties(
        source="org:societe-generale-lab", target=None, types=["OPERATES_IN"], statuses=None, limit=10
    )
    assert tie["target"] == "place:paris"
    assert tie["properties"]["nature"] == "office"
    assert tie["valid_from"] == "2019" and tie["confidence"] == 0.9 and tie["method"] == "imported"
    assert tie["first_seen"] == "2020-03-02"


def test_csv_errors_name_the_line(db, tmp_path: Path) -> None:
    ties = tmp_path / "ties.csv"
    ties.write_text("source,target,type,sources\norg:a,org:b,OWNS,src:none\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load(db, read_path(ties))
    wheres = [where for where, _ in caught.value.problems]
    assert f"{ties}:2.source" in wheres and f"{ties}:2.sources" in wheres


def test_a_second_source_corroborates_instead_of_duplicating(db, tmp_path: Path) -> None:
    load_seed(db)
    owns = next(t for t in seed()["ties"] if t["type"] == "OWNS")
    second = {
        "sources": [{"id": "src:second-outlet", "title": "Second outlet", "published": "2017-12-09"}],
        "ties": [
            {
                "source": owns["source"],
                "target": owns["target"],
                "type": "OWNS",
                "sources": ["src:second-outlet"],
                "evidence": "Another paper says the same.",
            }
        ],
    }
    (tmp_path / "second.json").write_text(json.dumps(second), encoding="utf-8")
    load(db, read_path(tmp_path / "second.json"))
    [tie] = db.read.ties(source=owns["source"], target=owns["target"], types=["OWNS"], statuses=None, limit=5)
    assert [s["id"] for s in tie["sources"]] == [*owns["sources"], "src:second-outlet"]
    assert tie["sources"][-1]["evidence"] == "Another paper says the same."
    assert tie["last_seen"] == "2017-12-09"


def test_ambiguous_names_are_refused_with_the_candidates(db, tmp_path: Path) -> None:
    document = {
        "sources": [{"id": "src:s"}],
        "entities": [
            {"id": "org:alpha-1", "name": "Alpha", "kind": "Organization"},
            {"id": "org:alpha-2", "name": "Alpha Two", "kind": "Organization", "aliases": ["Alpha"]},
            {"name": "Beta", "kind": "Organization"},
        ],
        "ties": [{"source": "Alpha", "target": "Beta", "type": "PARTNERS_WITH", "sources": ["src:s"]}],
    }
    (tmp_path / "amb.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(InvalidInput, match="ambiguous.*org:alpha-1.*org:alpha-2"):
        load(db, read_path(tmp_path / "amb.json"))


CONTRACT = Path(__file__).resolve().parents[3] / "shared" / "design" / "contract.md"


def test_the_contracts_own_import_example_loads(db, tmp_path: Path) -> None:
    """The YAML example in contract.md, as written there (its Albizzi must already exist)."""
    assert CONTRACT.is_file(), f"contract not found at {CONTRACT}; CI has shared/ beside the checkout"
    example = re.search(r"```yaml\n(.*?)```", CONTRACT.read_text(encoding="utf-8"), re.S)
    assert example is not None, "no yaml block in contract.md"
    document = yaml.safe_load(example.group(1))
    [tie] = document["ties"]
    declared = {e["name"] for e in document["entities"]}
    missing = sorted({tie["source"], tie["target"]} - declared)
    (tmp_path / "before.yaml").write_text(
        yaml.safe_dump({"entities": [{"name": name, "kind": "Organization"} for name in missing]}),
        encoding="utf-8",
    )
    load(db, read_path(tmp_path / "before.yaml"))
    (tmp_path / "example.yaml").write_text(example.group(1), encoding="utf-8")
    report = load(db, read_path(tmp_path / "example.yaml"))
    assert (report.entities, report.ties) == (len(document["entities"]), 1)
    [entity] = document["entities"]
    stored = db.read.resolve(entity["aliases"][0])
    assert stored["name"] == entity["name"] and set(entity["labels"]) <= set(stored["labels"])
    [stored_tie] = db.read.ties(
        source=stored["id"], target=None, types=[tie["type"]], statuses=None, limit=10
    )
    assert [s["id"] for s in stored_tie["sources"]] == tie["sources"]
    assert stored_tie["properties"] == tie["properties"]
