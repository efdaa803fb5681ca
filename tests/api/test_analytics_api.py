"""Analytics through the API on a classic network from the literature (Padgett's Florentine marriages),
checked against networkx's own numbers (and the published Medici betweenness), plus export round trips."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import networkx as nx
import pytest

from graph.analytics.projection import to_multidigraph, undirected_projection
from graph.model import make_id
from ingest.formats import read_mapping, read_path
from ingest.loader import load
from ingest.seed import load_seed

pytestmark = pytest.mark.integration
DB = "neo4j"
FLORENTINE = nx.florentine_families_graph()


def _florentine_document() -> dict:
    return {
        "sources": [
            {
                "id": "src:padgett-1993",
                "title": "Robust action and the rise of the Medici, 1400-1434",
                "url": "https://doi.org/10.1086/230190",
                "published": "1993-05",
            }
        ],
        "entities": [{"name": family, "kind": "Organization"} for family in FLORENTINE],
        "ties": [
            {
                "source": a,
                "target": b,
                "type": "PARTNERS_WITH",
                "sources": ["src:padgett-1993"],
                "evidence": "marriage tie",
                "properties": {"nature": "marriage"},
            }
            for a, b in FLORENTINE.edges
        ],
    }


@pytest.fixture
def florentine(db):
    load(db, read_mapping(_florentine_document(), "florentine"))
    return db


@pytest.mark.parametrize(
    "metric, function",
    [
        ("degree", nx.degree_centrality),
        ("betweenness", nx.betweenness_centrality),
        ("pagerank", nx.pagerank),
        ("eigenvector", nx.eigenvector_centrality),
    ],
)
def test_centrality_equals_networkx(florentine, http, metric, function) -> None:
    body = http.get("/analytics/centrality", params={"metric": metric, "top": 100}).json()
    expected = {make_id("Organization", family): score for family, score in function(FLORENTINE).items()}
    got = {item["id"]: item["score"] for item in body["items"]}
    assert got.keys() == expected.keys()
    for entity_id, score in expected.items():
        assert got[entity_id] == pytest.approx(score, abs=1e-9)
    assert [i["score"] for i in body["items"]] == sorted((i["score"] for i in body["items"]), reverse=True)
    assert body["graph"]["nodes"] == FLORENTINE.number_of_nodes()
    assert body["graph"]["edges"] == FLORENTINE.number_of_edges()
    assert body["method"]["function"].startswith("networkx.")


def test_medici_has_the_published_betweenness(florentine, http) -> None:
    top = http.get("/analytics/centrality", params={"metric": "betweenness", "top": 1}).json()["items"][0]
    assert top["name"] == "Medici" and round(top["score"], 3) == 0.522  # Padgett & Ansell (1993)


def test_brokers_and_communities(florentine, http) -> None:
    brokers = http.get("/analytics/brokers", params={"top": 3}).json()["items"]
    assert brokers[0]["name"] == "Medici" and brokers[0]["articulation"] is True
    articulation = {make_id("Organization", n) for n in nx.articulation_points(FLORENTINE)}
    assert {b["id"] for b in brokers if b["articulation"]} <= articulation
    found = http.get("/analytics/communities").json()["items"]
    members = [sorted(m["id"] for m in c["members"]) for c in found]
    assert sorted(i for c in members for i in c) == sorted(make_id("Organization", n) for n in FLORENTINE)
    # Louvain depends on node order: compare with networkx on the projection the route documents.
    projection = undirected_projection(to_multidigraph(*florentine.read.whole_graph()))
    expected = nx.community.louvain_communities(projection, seed=42)
    assert sorted(members) == sorted(sorted(c) for c in expected)
    assert http.get("/analytics/communities").json()["items"] == found
    biggest = max(expected, key=len)
    page = http.get("/analytics/communities", params={"limit": 1, "members_limit": 2}).json()
    assert page["total"] == len(expected) and len(page["items"]) == 1
    assert page["items"][0]["size"] == len(biggest) and len(page["items"][0]["members"]) == 2
    hubs = sorted(biggest, key=lambda n: (-projection.degree(n), n))[:2]
    assert [m["id"] for m in page["items"][0]["members"]] == hubs
    second = http.get("/analytics/communities", params={"offset": 1}).json()["items"]
    assert [c["id"] for c in second] == [c["id"] for c in found[1:]]


def test_a_write_invalidates_the_cached_analytics(florentine, http) -> None:
    before = http.get("/analytics/centrality", params={"metric": "degree", "top": 100}).json()
    assert before["graph"]["edges"] == FLORENTINE.number_of_edges()
    document = {
        "ties": [
            {
                "source": "Pucci",
                "target": "Medici",
                "type": "PARTNERS_WITH",
                "sources": ["src:padgett-1993"],
                "evidence": "hypothetical tie for the test",
            }
        ],
        "entities": [{"name": "Pucci", "kind": "Organization"}],
    }
    load(florentine, read_mapping(document, "extra"))
    after = http.get("/analytics/centrality", params={"metric": "degree", "top": 100}).json()
    assert after["graph"]["edges"] == before["graph"]["edges"] + 1


def test_unknown_metric_is_422(florentine, http) -> None:
    assert http.get("/analytics/centrality", params={"metric": "fame"}).status_code == 422


def _graph_state(graph) -> tuple:
    nodes, edges = graph.read.whole_graph()
    node_view = sorted(
        (
            n["id"],
            n["name"],
            n["kind"],
            tuple(n["labels"]),
            tuple(sorted(n["aliases"])),
            n["description"],
            json.dumps(n["facts"], sort_keys=True),
        )
        for n in nodes
    )
    edge_view = sorted(
        (
            e["id"],
            e["type"],
            e["source"],
            e["target"],
            tuple(e["sources"]),
            tuple(e["evidence"]),
            e["confidence"],
            e["status"],
            e["stage"],
            e["valid_from"],
            e["method"],
            json.dumps(e["properties"], sort_keys=True),
        )
        for e in edges
    )
    return node_view, edge_view


@pytest.mark.parametrize("fmt", ["csv", "import"])
def test_export_then_import_into_an_empty_database_gives_the_same_graph(
    db, http, tmp_path: Path, fmt
) -> None:
    load_seed(db)
    original = _graph_state(db)
    response = http.get("/export", params={"format": fmt})
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            archive.extractall(tmp_path)
        raw = read_path(tmp_path)
    else:
        (tmp_path / "export.json").write_bytes(response.content)
        raw = read_path(tmp_path / "export.json")
    db.reset()
    load(db, raw)
    assert _graph_state(db) == original


def test_graphml_and_gexf_open_in_networkx(db, http, tmp_path: Path) -> None:
    load_seed(db)
    counts = http.get("/health").json()
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"g.{fmt}"
        path.write_bytes(http.get("/export", params={"format": fmt}).content)
        graph = reader(path)
        entities = [n for n, data in graph.nodes(data=True) if data.get("kind") != "Source"]
        assert len(entities) == counts["entities"]
        assert graph.number_of_edges() == counts["ties"]
    ego = http.get("/export", params={"format": "import", "entity": "Qista", "depth": 1}).json()
    assert {e["id"] for e in ego["entities"]} >= {"org:qista"} and len(ego["entities"]) < counts["entities"]
