from __future__ import annotations

import networkx as nx
import pytest

from graph.analytics.algorithms import (
    METRICS,
    AnalyticsError,
    centrality,
    largest_component,
    method,
    top_items,
)
from graph.analytics.projection import describe, to_multidigraph, undirected_projection
from graph.errors import EcographError
from tests.graph.analytics import florentine

NETWORKX = {
    "degree": nx.degree_centrality,
    "betweenness": nx.betweenness_centrality,
    "pagerank": nx.pagerank,
    "eigenvector": nx.eigenvector_centrality,
}


@pytest.fixture(scope="module")
def projected() -> nx.Graph:
    nodes, edges = florentine.rows()
    return undirected_projection(to_multidigraph(nodes, edges))


@pytest.mark.parametrize("metric", METRICS)
def test_scores_are_networkx_defaults_on_the_projection(projected, metric):
    expected = NETWORKX[metric](florentine.relabelled())
    assert centrality(projected, metric) == pytest.approx(expected, abs=1e-12)


def test_betweenness_matches_the_published_florentine_values(projected):
    scores = centrality(projected, "betweenness")
    published = {
        florentine.family_id(name): value for name, value in florentine.PUBLISHED_BETWEENNESS.items()
    }
    assert {n: round(s, 3) for n, s in scores.items()} == published
    assert max(scores, key=scores.get) == "org:medici"


def test_florentine_reference_values_for_the_other_metrics(projected):
    assert centrality(projected, "degree")["org:medici"] == pytest.approx(6 / 14)
    pagerank = centrality(projected, "pagerank")
    assert sum(pagerank.values()) == pytest.approx(1.0)
    assert max(pagerank, key=pagerank.get) == "org:medici"
    eigenvector = centrality(projected, "eigenvector")
    assert max(eigenvector, key=eigenvector.get) == "org:medici"
    assert eigenvector["org:medici"] == pytest.approx(0.430, abs=1e-3)


def test_top_items_are_highest_first_with_names_kinds_and_ties_broken_by_id(projected):
    items = top_items(centrality(projected, "degree"), projected, 4)
    assert items[0] == {"id": "org:medici", "name": "Medici", "kind": "Organization", "score": 6 / 14}
    # Guadagni and Strozzi share degree 4: the smaller id comes first, whatever the dict order.
    assert [i["id"] for i in items[1:3]] == ["org:guadagni", "org:strozzi"]
    assert items[3]["score"] == 3 / 14 and items[3]["id"] == "org:albizzi"
    assert len(top_items(centrality(projected, "degree"), projected, None)) == 15
    assert top_items({}, projected, 5) == []
    with pytest.raises(AnalyticsError):
        top_items({"org:medici": 1.0}, projected, -1)


def test_sampled_betweenness_is_networkx_estimate_and_says_so():
    G = nx.connected_watts_strogatz_graph(60, 4, 0.2, seed=3)
    sampled = centrality(G, "betweenness", k=10, seed=7)
    assert sampled == nx.betweenness_centrality(G, k=10, seed=7)
    assert sampled == centrality(G, "betweenness", k=10, seed=7)
    assert sampled != centrality(G, "betweenness")
    assert method(G, "betweenness", k=10, seed=7) == {
        "metric": "betweenness",
        "function": "networkx.betweenness_centrality",
        "arguments": {"normalized": True, "k": 10, "seed": 7},
        "exact": False,
    }


def test_sampling_every_node_is_the_exact_computation():
    G = nx.path_graph(6)
    assert centrality(G, "betweenness", k=6, seed=1) == pytest.approx(nx.betweenness_centrality(G))
    assert centrality(G, "betweenness", k=60) == pytest.approx(nx.betweenness_centrality(G))
    assert method(G, "betweenness", k=60)["exact"] is True
    with pytest.raises(AnalyticsError, match="k must be"):
        centrality(G, "betweenness", k=0)


def test_eigenvector_refuses_a_disconnected_graph_but_runs_on_its_largest_component():
    G = nx.Graph([(1, 2), (2, 3), (3, 1), (4, 5)])
    G.add_node(6)
    with pytest.raises(AnalyticsError, match=r"disconnected graph \(3 components\)") as raised:
        centrality(G, "eigenvector")
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, EcographError)
    assert centrality(largest_component(G), "eigenvector") == pytest.approx(
        {1: 3**-0.5, 2: 3**-0.5, 3: 3**-0.5}
    )


def test_eigenvector_non_convergence_is_a_clear_error():
    # A long path has a tiny spectral gap: 100 power iterations are not enough.
    with pytest.raises(AnalyticsError, match="did not converge") as raised:
        centrality(nx.path_graph(300), "eigenvector")
    assert isinstance(raised.value.__cause__, nx.PowerIterationFailedConvergence)


def test_unknown_metric_and_empty_graph():
    with pytest.raises(AnalyticsError, match="unknown metric 'closeness'"):
        centrality(nx.path_graph(3), "closeness")
    with pytest.raises(AnalyticsError):
        method(nx.path_graph(3), "closeness")
    assert all(centrality(nx.Graph(), metric) == {} for metric in METRICS)


def test_largest_component_breaks_size_ties_by_smallest_id():
    G = nx.Graph([("b", "c"), ("a", "d")])
    assert sorted(largest_component(G)) == ["a", "d"]
    assert largest_component(nx.Graph()).number_of_nodes() == 0


def test_largest_component_keeps_attributes_and_says_which_part_it_is():
    nodes, edges = florentine.rows()
    edges.append({"id": "t:x", "type": "OWNS", "source": "org:x", "target": "org:y", "status": "accepted"})
    H = undirected_projection(to_multidigraph(nodes, edges))
    part = largest_component(H)
    view = H.subgraph(part)
    assert dict(part.nodes(data=True)) == dict(view.nodes(data=True))
    assert nx.utils.edges_equal(part.edges(data=True), view.edges(data=True))
    assert set(part) == {florentine.family_id(n) for n in florentine.PUBLISHED_BETWEENNESS}
    assert part.edges["org:medici", "org:albizzi"]["ties"] == 2
    assert part.nodes["org:medici"]["name"] == "Medici"
    assert part.graph["filters"] == {**H.graph["filters"], "component": "largest"}
    assert describe(part)["nodes"] == 15 and describe(H)["nodes"] == 17
