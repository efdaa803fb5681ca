"""Writers that run at once: concurrent imports, documents and text ingests corroborate instead of
duplicating (issue 12 item 3), against the real Neo4j.

Each race starts its writers together behind a barrier, so their transactions overlap: every one
reads what is stored before any of them commits, which is how two imports made 40,000 ties of 20,000.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import date

import pytest
from neo4j.exceptions import ConstraintError

from graph.answers import export
from graph.store import Graph
from ingest.formats import read_mapping
from ingest.loader import load
from ingest.seed import load_seed
from tests.seed_data import seed

pytestmark = pytest.mark.integration
DB = "neo4j"
ORGS = 300
TIES = 1500
ORG_IDS = [f"org:race-{i:04d}" for i in range(ORGS)]


def _store(graph: Graph) -> None:
    """The seed and the organisations the imports tie together: the writers race on ties alone."""
    load_seed(graph)
    orgs = [{"id": i, "name": f"Race Org {i[-4:]}", "kind": "Organization"} for i in ORG_IDS]
    load(graph, read_mapping({"entities": orgs}, "orgs"))


def _import(source: str) -> dict:
    """Every seed tie restated by `source`, and ties among the race's organisations."""
    ring = [
        {
            "source": ORG_IDS[i % ORGS],
            "target": ORG_IDS[(i * 7 + 1 + i // ORGS) % ORGS],
            "type": "PARTNERS_WITH",
            "sources": [source],
            "evidence": f"{source} says so ({i})",
        }
        for i in range(TIES)
    ]
    restated = [
        {
            **{k: t[k] for k in ("source", "target", "type", "properties") if k in t},
            "sources": [source],
            "evidence": f"{source} restates it",
        }
        for t in seed()["ties"]
    ]
    return {
        "sources": [{"id": source, "title": f"Report {source}", "published": "2018-02-01"}],
        "ties": [t for t in ring if t["source"] != t["target"]] + restated,
    }


def _import_job(graph: Graph, source: str, progress: list[int] | None = None) -> Callable[[], object]:
    report = progress.append if progress is not None else None
    return lambda: load(graph, read_mapping(_import(source), source), progress=report)


def _text_job(graph: Graph) -> Callable[[], object]:
    from ingest.text.reader import read_article_bytes
    from ingest.text_ingest import ingest_article

    text = (
        "Marseille, le 12 janvier 2018. TechCode est une filiale de China Fortune Land Development. "
        "Jean Dupont, président d'Aix-Marseille French Tech, a accueilli la délégation."
    ).encode()
    article = read_article_bytes(text, filename="race.txt", published=date(2018, 1, 12), title="Course")
    return lambda: ingest_article(graph, article)


def _at_once(jobs: list[Callable[[], object]]) -> None:
    barrier = threading.Barrier(len(jobs))
    failures: list[BaseException] = []

    def run(job: Callable[[], object]) -> None:
        barrier.wait()
        try:
            job()
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert not failures, failures


def _tie_count(graph: Graph) -> tuple[int, int]:
    [record] = graph.query(
        "MATCH ()-[r]->() WHERE type(r) <> 'MENTIONS' RETURN count(r) AS ties, count(DISTINCT r.id) AS ids"
    )
    return record["ties"], record["ids"]


def _comparable(graph: Graph) -> dict:
    """The json export with each tie's citations (and each entity's aliases) in a fixed order: writers
    that commit in another order append their sources in another order, and say the same."""
    document = json.loads(export(graph, "json").content)
    for edge in document["edges"]:
        pairs = sorted(zip(edge["sources"], edge["evidence"], strict=True))
        edge["sources"], edge["evidence"] = [s for s, _ in pairs], [e for _, e in pairs]
    for node in document["nodes"]:
        node["aliases"] = sorted(node.get("aliases") or [])
    document["edges"].sort(key=lambda e: e["id"])
    document["nodes"].sort(key=lambda n: n["id"])
    document["sources"].sort(key=lambda s: s["id"])
    return document


def test_two_imports_of_the_same_ties_at_once_make_one_tie_citing_both(db) -> None:
    _store(db)
    progress: dict[str, list[int]] = {"a": [], "b": []}
    _at_once([_import_job(db, f"src:race-{k}", steps) for k, steps in progress.items()])
    distinct = len(set(load(db, read_mapping(_import("src:race-a"), "again")).tie_ids))
    assert _tie_count(db) == (distinct, distinct)  # before the fix: 3,015 ties with 1,533 ids
    cited = db.query("MATCH ()-[r]->() WHERE type(r) <> 'MENTIONS' RETURN r.sources AS sources")
    assert all({"src:race-a", "src:race-b"} <= set(r["sources"]) for r in cited)
    rows = 1 + len(_import("src:race-a")["ties"])  # the source and the ties, once each, retried or not
    assert [sum(steps) for steps in progress.values()] == [rows, rows]


def test_two_corroborations_of_known_ties_at_once_keep_both_sources(db) -> None:
    """Both writers find the ties stored and add their source: without the lock taken before the
    read, the second to commit overwrote the first's source (a lost update)."""
    _store(db)
    load(db, read_mapping(_import("src:race-0"), "first"))
    _at_once([_import_job(db, "src:race-a"), _import_job(db, "src:race-b")])
    cited = db.query(
        "MATCH ()-[r:PARTNERS_WITH]->() WHERE 'src:race-0' IN r.sources RETURN r.sources AS sources"
    )
    assert cited and all(set(r["sources"]) >= {"src:race-0", "src:race-a", "src:race-b"} for r in cited)


@pytest.mark.text
def test_two_imports_and_a_text_ingest_at_once_end_as_the_same_ones_in_a_row(db) -> None:
    _store(db)
    jobs = [_import_job(db, "src:race-a"), _import_job(db, "src:race-b"), _text_job(db)]
    for job in jobs:
        job()
    serial = _comparable(db)

    db.reset()
    _store(db)
    _at_once(jobs)
    assert _comparable(db) == serial
    assert _tie_count(db)[0] == len(serial["edges"])


def test_apply_schema_folds_the_duplicates_of_an_older_store_before_the_constraint(db, caplog) -> None:
    _store(db)
    [first] = load(db, read_mapping(_import("src:race-a"), "a")).tie_ids[:1]
    db.driver.execute_query("DROP CONSTRAINT tie_id_partners_with", database_=DB)
    # What two racing writers left before the constraint: the same tie twice, each citing one source.
    db.driver.execute_query(
        "MATCH (a)-[r:PARTNERS_WITH {id: $id}]->(b) "
        "CREATE (a)-[c:PARTNERS_WITH]->(b) SET c = properties(r), c.sources = ['src:race-b'], "
        "c.evidence = ['B too'], c.confidence = 0.5, c.first_seen = '2017-05-01'",
        id=first,
        database_=DB,
    )
    assert _tie_count(db)[0] == _tie_count(db)[1] + 1
    load(db, read_mapping({"sources": [{"id": "src:race-b", "title": "B"}]}, "b"))

    with caplog.at_level("WARNING", logger="graph.store.schema"):
        db.apply_schema()

    assert _tie_count(db)[0] == _tie_count(db)[1]
    [tie] = db.read.ties_by_id([first])
    # Which copy survives depends on element ids a shared store reuses; what it cites does not.
    cited = sorted((s["id"], s["evidence"]) for s in tie["sources"])
    assert cited == [("src:race-a", "src:race-a says so (0)"), ("src:race-b", "B too")]
    assert (tie["confidence"], tie["first_seen"]) == (1.0, "2017-05-01")
    assert "PARTNERS_WITH: folded 1 duplicate ties" in caplog.text
    with pytest.raises(ConstraintError, match="already exists"):
        db.driver.execute_query(
            "MATCH (a)-[r:PARTNERS_WITH {id: $id}]->(b) CREATE (a)-[c:PARTNERS_WITH {id: $id}]->(b)",
            id=first,
            database_=DB,
        )
