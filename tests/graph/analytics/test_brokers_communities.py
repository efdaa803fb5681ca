from __future__ import annotations

import itertools
import random
import threading

import networkx as nx
import pytest

from graph.analytics.algorithms import AnalyticsError, brokers, centrality, communities, cut_pairs
from graph.analytics.cache import ProjectionCache, freeze
from graph.analytics.projection import to_multidigraph, undirected_projection
from tests.graph.analytics import florentine


def brute_force_cut_pairs(G: nx.Graph) -> dict:
    """Remove each node in turn and count the pairs of its component that can no longer meet."""
    result = {}
    for v in G:
        component = nx.node_connected_component(G, v) - {v}
        rest = G.subgraph(component)
        sizes = [len(c) for c in nx.connected_components(rest)]
        pairs = sum(a * b for a, b in itertools.combinations(sizes, 2))
        if pairs:
            result[v] = pairs
    return result


@pytest.fixture(scope="module")
def projected() -> nx.Graph:
    nodes, edges = florentine.rows()
    return undirected_projection(to_multidigraph(nodes, edges))


def test_florentine_brokers(projected):
    ranked = brokers(projected, top=6)
    assert [(b["id"], b["articulation"], b["pairs_disconnected"]) for b in ranked] == [
        # Medici cuts off Acciaiuoli (1) and Salviati+Pazzi (2) from the 11 others: 2 + 11 + 22.
        ("org:medici", True, 35),
        # Each of these cuts off one family from the other 13; betweenness orders them.
        ("org:guadagni", True, 13),
        ("org:albizzi", True, 13),
        ("org:salviati", True, 13),
        # Then the highest betweenness among the rest.
        ("org:ridolfi", False, 0),
        ("org:bischeri", False, 0),
    ]
    medici = ranked[0]
    assert medici["name"] == "Medici" and medici["kind"] == "Organization"
    assert medici["score"] == pytest.approx(35 / 91)
    assert medici["betweenness"] == pytest.approx(0.521978, abs=1e-6)
    assert ranked[4]["score"] == 0.0
    assert all(b["score"] <= b["betweenness"] for b in ranked)
    assert {b["id"] for b in ranked if b["articulation"]} == set(nx.articulation_points(projected))


def test_brokers_top_and_given_betweenness(projected):
    assert len(brokers(projected, top=None)) == 15
    assert brokers(projected, top=0) == []
    flat = dict.fromkeys(projected, 0.0)
    # With no betweenness to tell them apart, the three 13-pair cut vertices come in id order.
    assert [b["id"] for b in brokers(projected, top=4, betweenness=flat)][1:] == [
        "org:albizzi",
        "org:guadagni",
        "org:salviati",
    ]
    with pytest.raises(AnalyticsError):
        brokers(projected, top=-1)


@pytest.mark.parametrize("seed", range(8))
def test_cut_pairs_is_exact_on_random_graphs(seed):
    G = nx.gnp_random_graph(40, 0.06, seed=seed)
    G.add_edges_from(nx.path_graph(range(100, 108)).edges())  # a separate component, a path
    expected = brute_force_cut_pairs(G)
    assert cut_pairs(G) == expected
    assert set(expected) == set(nx.articulation_points(G))


def test_cut_pairs_on_shapes_with_known_answers():
    assert cut_pairs(nx.star_graph(4)) == {0: 6}  # four leaves, C(4, 2) pairs through the hub
    assert cut_pairs(nx.cycle_graph(5)) == {}
    # Two K4 joined through node 4: removing 3 cuts {0, 1, 2} from the five beyond it.
    assert cut_pairs(nx.barbell_graph(4, 1)) == {3: 3 * 5, 4: 4 * 4, 5: 3 * 5}
    deep = nx.path_graph(5000)  # deeper than Python's recursion limit
    assert cut_pairs(deep)[2500] == 2500 * 2499
    with pytest.raises(AnalyticsError):
        cut_pairs(nx.DiGraph([(1, 2)]))


def test_communities_are_seeded_louvain_largest_first():
    G = nx.Graph()
    G.add_edges_from(itertools.combinations("abcde", 2))
    G.add_edges_from(itertools.combinations("vwxyz", 2))
    G.add_edges_from(itertools.combinations("pqr", 2))
    G.add_edges_from([("e", "v"), ("r", "a")])
    G.add_node("lonely")
    found = communities(G)
    assert found == [set("abcde"), set("vwxyz"), set("pqr"), {"lonely"}]
    # Equal sizes are ordered by their smallest id.
    assert communities(nx.Graph([("y", "z"), ("a", "b")])) == [{"a", "b"}, {"y", "z"}]


def test_communities_match_networkx_with_the_same_seed(projected):
    for seed in (1, 42):
        expected = nx.community.louvain_communities(projected, seed=seed)
        found = communities(projected, seed=seed)
        assert sorted(map(sorted, found)) == sorted(map(sorted, expected))
        assert [len(c) for c in found] == sorted((len(c) for c in found), reverse=True)
    assert communities(projected) == communities(projected)
    assert set().union(*communities(projected)) == set(projected)


def test_cache_computes_once_per_version_and_key():
    cache, calls = ProjectionCache(maxsize=2), []

    def compute(value):
        def run():
            calls.append(value)
            return value

        return run

    assert cache.get(1, "a", compute(1)) == 1
    assert cache.get(1, "a", compute(99)) == 1
    assert cache.get(1, "b", compute(2)) == 2
    assert cache.get(1, "a", compute(99)) == 1  # "a" now most recently used
    assert cache.get(1, "c", compute(3)) == 3  # evicts "b"
    assert cache.get(1, "b", compute(4)) == 4
    assert calls == [1, 2, 3, 4]
    assert cache.get(2, "a", compute(5)) == 5  # a write: the old results are gone
    assert cache.get(1, "b", compute(7)) == 7 and cache.get(2, "b", compute(8)) == 8  # an old one: not kept
    cache.clear()
    assert cache.get(2, "a", compute(6)) == 6
    assert calls == [1, 2, 3, 4, 5, 7, 8, 6]


def test_cache_keeps_a_projection_and_its_results_across_threads(projected):
    cache = ProjectionCache()
    key = ("projection", freeze({"statuses": ["accepted"], "types": None, "kinds": None}))
    results = []

    def ask():
        results.append(cache.get(7, key, lambda: projected))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8 and all(r is projected for r in results)
    assert cache.get(7, key, lambda: None) is projected


def test_freeze_is_order_independent():
    assert freeze({"types": ["B", "A"], "kinds": None}) == freeze({"kinds": None, "types": ("A", "B")})
    assert hash(freeze({"types": ["A"]}))


@pytest.mark.parametrize("seed", range(12))
def test_louvain_and_sampled_betweenness_equal_networkx_on_string_ids(seed):
    """Computed on an integer copy for speed; every choice (hence every number) must stay networkx's."""
    rng = random.Random(seed)
    edges = list(nx.gnm_random_graph(80, 200, seed=seed).edges())
    rng.shuffle(edges)  # adjacency orders unlike the node order, as in a projection built from ties
    G = nx.Graph((f"org:{u}", f"person:{v}") for u, v in edges)
    expected = nx.community.louvain_communities(G, seed=seed)
    assert sorted(map(sorted, communities(G, seed=seed))) == sorted(map(sorted, expected))
    sampled = centrality(G, "betweenness", k=15, seed=seed)
    assert sampled == nx.betweenness_centrality(G, k=15, normalized=True, seed=seed)
    assert centrality(G, "betweenness") == nx.betweenness_centrality(G)
