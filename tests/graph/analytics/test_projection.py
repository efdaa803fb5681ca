from __future__ import annotations

import networkx as nx
import pytest

from graph.analytics.projection import describe, to_multidigraph, undirected_projection
from tests.graph.analytics import florentine


def org(i: str) -> dict:
    return {"id": f"org:{i}", "name": i.upper(), "kind": "Organization", "labels": ["Startup"]}


def tie(tid: str, u: str, v: str, type_: str = "PARTNERS_WITH", status: str = "accepted") -> dict:
    return {
        "id": tid,
        "type": type_,
        "source": u,
        "target": v,
        "status": status,
        "sources": ["src:s"],
        "properties": {"role": "host"},
    }


def test_multidigraph_keeps_every_tie_with_its_attributes_and_direction():
    G = to_multidigraph(
        [org("a"), org("b")], [tie("t1", "org:a", "org:b", "OWNS"), tie("t2", "org:b", "org:a")]
    )
    assert sorted(G.edges(keys=True)) == [("org:a", "org:b", "t1"), ("org:b", "org:a", "t2")]
    assert G.edges["org:a", "org:b", "t1"] == {
        "id": "t1",
        "type": "OWNS",
        "status": "accepted",
        "sources": ["src:s"],
        "properties": {"role": "host"},
    }
    assert G.nodes["org:a"] == {"name": "A", "kind": "Organization", "labels": ["Startup"]}


def test_multidigraph_adds_missing_endpoints_with_the_kind_of_their_prefix():
    G = to_multidigraph([org("a")], [{"id": "m", "type": "MENTIONS", "source": "src:x", "target": "org:a"}])
    assert G.nodes["src:x"] == {"name": "src:x", "kind": "Source"}
    assert G.nodes["org:a"]["name"] == "A"  # a given node keeps its own attributes


def test_parallel_and_reverse_ties_collapse_into_one_edge_counting_them():
    edges = [
        tie("t1", "org:a", "org:b"),
        tie("t2", "org:b", "org:a", "OWNS"),
        tie("t3", "org:a", "org:b", "SUPPORTS"),
        tie("t4", "org:b", "org:c"),
    ]
    H = undirected_projection(to_multidigraph([org("a"), org("b"), org("c")], edges))
    assert type(H) is nx.Graph
    assert {frozenset(e): d["ties"] for *e, d in H.edges(data=True)} == {
        frozenset({"org:a", "org:b"}): 3,
        frozenset({"org:b", "org:c"}): 1,
    }


def test_status_filter_defaults_to_accepted_and_none_keeps_all():
    edges = [
        tie("t1", "org:a", "org:b"),
        tie("t2", "org:b", "org:c", status="candidate"),
        tie("t3", "org:c", "org:d", status="retracted"),
    ]
    G = to_multidigraph([org(x) for x in "abcd"], edges)
    assert undirected_projection(G).number_of_edges() == 1
    assert undirected_projection(G, statuses=("accepted", "candidate")).number_of_edges() == 2
    assert undirected_projection(G, statuses=None).number_of_edges() == 3
    # Nodes stay, isolated or not: the graph's size does not depend on which ties are accepted.
    assert undirected_projection(G).number_of_nodes() == 4


def test_type_and_kind_filters_and_mentions_never_count():
    nodes = [
        org("a"),
        org("b"),
        {"id": "person:p", "name": "P", "kind": "Person"},
        {"id": "src:s", "name": "S", "kind": "Source"},
    ]
    edges = [
        tie("t1", "org:a", "org:b", "OWNS"),
        tie("t2", "person:p", "org:a", "HAS_ROLE"),
        {"id": "m", "type": "MENTIONS", "source": "src:s", "target": "org:a", "status": "accepted"},
    ]
    G = to_multidigraph(nodes, edges)
    everything = undirected_projection(G)
    assert sorted(everything) == ["org:a", "org:b", "person:p"]  # never a Source
    assert everything.number_of_edges() == 2
    assert {frozenset(e) for e in undirected_projection(G, types=["HAS_ROLE"]).edges()} == {
        frozenset({"person:p", "org:a"})
    }
    orgs = undirected_projection(G, kinds=["Organization"])
    assert sorted(orgs) == ["org:a", "org:b"] and orgs.number_of_edges() == 1
    assert (
        undirected_projection(G, types=["MENTIONS"], kinds=["Organization", "Source"]).number_of_edges() == 0
    )


def test_self_loops_are_dropped():
    H = undirected_projection(to_multidigraph([org("a")], [tie("t", "org:a", "org:a", "OWNS")]))
    assert (H.number_of_nodes(), H.number_of_edges()) == (1, 0)


def test_describe_reports_the_filters_and_size():
    G = to_multidigraph([org("a"), org("b")], [tie("t1", "org:a", "org:b")])
    H = undirected_projection(G, types=["PARTNERS_WITH", "OWNS"], kinds=["Organization"])
    assert describe(H) == {
        "filters": {"statuses": ["accepted"], "types": ["OWNS", "PARTNERS_WITH"], "kinds": ["Organization"]},
        "nodes": 2,
        "edges": 1,
    }
    assert describe(H, {"custom": 1}) == {"filters": {"custom": 1}, "nodes": 2, "edges": 1}


def test_florentine_rows_project_to_networkx_graph():
    nodes, edges = florentine.rows()
    H = undirected_projection(to_multidigraph(nodes, edges))
    expected = florentine.relabelled()
    assert set(H) == set(expected)
    assert {frozenset(e) for e in H.edges()} == {frozenset(e) for e in expected.edges()}
    assert (H.number_of_nodes(), H.number_of_edges()) == (15, 20)
    medici, albizzi = florentine.family_id("Medici"), florentine.family_id("Albizzi")
    assert H.edges[medici, albizzi]["ties"] == 2
    assert H.nodes[medici]["name"] == "Medici"


@pytest.mark.parametrize("statuses", [(), ("retracted",)])
def test_a_filter_that_keeps_no_tie_leaves_the_nodes(statuses):
    nodes, edges = florentine.rows()
    H = undirected_projection(to_multidigraph(nodes, edges), statuses=statuses)
    assert H.number_of_nodes() == 15
    assert H.number_of_edges() == (1 if statuses else 0)  # Pazzi-Albizzi is the one retracted tie
