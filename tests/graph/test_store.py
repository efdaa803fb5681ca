"""The bound graph against the real Neo4j: what a write reports, the periods it stores, conflicts
around some entities, and an older store brought up to date by the schema step."""

from __future__ import annotations

from graph.dates import OPEN_END
from graph.model import MODEL, make_tie_id
from ingest.formats import read_mapping
from ingest.loader import load
from tests.seed_data import seed

DOCUMENT = {
    "sources": [
        {"id": "src:first", "title": "First", "published": "2019-03"},
        {"id": "src:second", "title": "Second", "published": "2020-06-02"},
    ],
    "entities": [
        {"name": "Alpha", "kind": "Organization"},
        {"name": "Beta", "kind": "Organization"},
        {"name": "Gamma", "kind": "Organization"},
        {"name": "Lyon", "kind": "Place"},
        {"name": "Lille", "kind": "Place"},
    ],
    "ties": [
        {
            "source": "Alpha",
            "target": "Beta",
            "type": "OWNS",
            "sources": ["src:first"],
            "evidence": "A owns B.",
        },
        {
            "source": "Beta",
            "target": "Alpha",
            "type": "PARTNERS_WITH",
            "sources": ["src:first"],
            "evidence": ".",
        },
        {
            "source": "Gamma",
            "target": "Lyon",
            "type": "HEADQUARTERED_IN",
            "sources": ["src:first"],
            "evidence": "Seat in Lyon.",
            "valid_from": "2018",
        },
        {
            "source": "Gamma",
            "target": "Lille",
            "type": "HEADQUARTERED_IN",
            "sources": ["src:first"],
            "evidence": "Seat in Lille.",
            "valid_to": "2019-06",
        },
    ],
}


def _again_from(source: str, evidence: str) -> dict:
    """The first tie of DOCUMENT asserted by another source."""
    tie = {**DOCUMENT["ties"][0], "sources": [source], "evidence": evidence}
    return {"sources": DOCUMENT["sources"], "ties": [tie]}


def test_a_write_says_which_ties_it_created_and_which_it_corroborated(db) -> None:
    first = load(db, read_mapping(DOCUMENT, "doc"))
    assert sorted(first.created) == sorted(first.tie_ids) and first.corroborated == []
    assert len(first.tie_ids) == len(DOCUMENT["ties"])
    again = load(db, read_mapping(_again_from("src:second", "B agrees."), "again"))
    assert again.created == [] and again.corroborated == [first.tie_ids[0]]
    [tie] = db.read.ties_by_id([first.tie_ids[0]])
    assert [(s["id"], s["evidence"]) for s in tie["sources"]] == [
        ("src:first", "A owns B."),
        ("src:second", "B agrees."),
    ]


def test_reads_return_ties_cited_with_each_sources_record(db) -> None:
    load(db, read_mapping(DOCUMENT, "doc"))
    for tie in db.read.ties(source=None, target=None, types=MODEL.provenance_types, statuses=None, limit=100):
        assert [s["title"] for s in tie["sources"]] == ["First"] and "evidence" not in tie
        assert not set(tie["properties"]) & set(MODEL.tie_internal_fields)  # stored, never shown


def test_each_tie_stores_the_period_it_covers(db) -> None:
    load(db, read_mapping(DOCUMENT, "doc"))
    rows = db.query(
        "MATCH (:Entity {id: 'org:gamma'})-[r]->(p) "
        "RETURN p.id AS place, r.period_start AS s, r.period_end AS e"
    )
    assert {r["place"]: (r["s"], r["e"]) for r in rows} == {
        "place:lyon": ("2018-01-01", OPEN_END),  # valid from 2018, open
        "place:lille": ("2019-03-01", "2019-06-31"),  # first seen in March 2019 (the source), until June
    }


def test_conflicts_around_some_entities_are_those_of_the_whole_graph_that_involve_them(db) -> None:
    load(db, read_mapping(DOCUMENT, "doc"))
    everywhere = db.read.conflicts()
    assert {c["rule"] for c in everywhere} == {"exclusive", "single_valued"}
    around_gamma = db.read.conflicts(around=["org:gamma"])
    assert around_gamma == [c for c in everywhere if c["rule"] == "single_valued"]
    assert [len(c["ties"]) for c in around_gamma] == [2]
    around_pair = db.read.conflicts(around=["org:alpha", "org:beta"])
    assert around_pair == [c for c in everywhere if c["rule"] == "exclusive"]
    assert db.read.conflicts(around=["place:lyon"]) == [] and db.read.conflicts(around=[]) == []


def test_a_store_written_before_periods_gets_them_from_the_schema_step(db) -> None:
    """Ties of an older store (no period properties) are dated by apply_schema, and date filters
    that read only the stored periods then see them."""
    load(db, read_mapping(seed(), "seed"))
    db.driver.execute_query(
        "MATCH ()-[r]->() WHERE r.period_start IS NOT NULL REMOVE r.period_start, r.period_end",
        database_=db.database,
    )
    assert db.query("MATCH ()-[r]->() WHERE r.period_start IS NOT NULL RETURN count(r) AS n")[0]["n"] == 0
    db.apply_schema()
    undated = db.query(
        "MATCH ()-[r]->() WHERE r.sources IS NOT NULL AND r.period_end IS NULL RETURN count(r) AS n"
    )
    assert undated[0]["n"] == 0
    owns = next(t for t in seed()["ties"] if t["type"] == "OWNS")
    tie_id = make_tie_id("OWNS", *_ids(db, owns["source"], owns["target"]))
    [stored] = db.query(
        "MATCH ()-[r:OWNS {id: $id}]->() RETURN r.period_start AS s, r.first_seen AS first", id=tie_id
    )
    assert stored["s"].startswith(stored["first"][:7])


def _ids(db, *refs: str) -> list[str]:
    return [db.read.resolve_id(ref) for ref in refs]
