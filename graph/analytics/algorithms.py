"""Network analytics on the undirected projection (see graph.analytics.projection), networkx defaults.

Scores are what networkx computes with its default arguments, so anyone can reproduce them
(contract, "Analytics conventions"); `method` says exactly which call produced them.

>>> G = nx.florentine_families_graph()
>>> [item["id"] for item in top_items(centrality(G, "betweenness"), G, 2)]
['Medici', 'Guadagni']
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Hashable
from typing import Any

import networkx as nx

from graph.errors import EcographError

# The networkx call behind each metric and the defaults it runs with (reported, never changed).
_CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    "degree": ("networkx.degree_centrality", {}),
    "betweenness": ("networkx.betweenness_centrality", {"normalized": True}),
    "pagerank": ("networkx.pagerank", {"alpha": 0.85}),
    "eigenvector": ("networkx.eigenvector_centrality", {"max_iter": 100, "tol": 1e-06}),
}
METRICS = tuple(_CALLS)


class AnalyticsError(EcographError, ValueError):
    """A score that cannot be computed on this graph, or a request that names none (a 4xx, not a 500)."""


def _effective_k(G: nx.Graph, k: int | None) -> int | None:
    if k is None:
        return None
    if k < 1:
        raise AnalyticsError(f"k must be a positive number of sampled nodes, not {k}")
    # Sampling every node is the exact computation; networkx refuses a sample larger than the graph.
    return None if k >= G.number_of_nodes() else k


def _integer_copy(G: nx.Graph) -> tuple[nx.Graph, list]:
    """G with nodes 0..n-1, keeping the order of its nodes and of every adjacency, and its edge data.

    Seeded Louvain and sampled betweenness depend on those orders and the seed, never on the labels,
    so they make the same choices on the copy, and integers hash faster than string ids (1.3-1.6x on
    100k nodes, BENCHMARKS.md). Built on the adjacency dict itself: relabel_nodes re-adds the edges,
    which can reorder a node's neighbours and so change which of two equal moves Louvain makes.
    """
    labels = list(G)
    index = {node: i for i, node in enumerate(labels)}
    H: nx.Graph[int] = nx.Graph()
    H.add_nodes_from(range(len(labels)))
    for node, neighbours in G.adj.items():
        H._adj[index[node]] = {index[other]: data for other, data in neighbours.items()}  # type: ignore[attr-defined]  # private, not in the stubs
    return H, labels


def _on_integers(G: nx.Graph, compute: Callable[[nx.Graph], Any], back: Callable[[Any, list], Any]):
    if type(G) is not nx.Graph:  # only the plain undirected projection is copied
        return compute(G)
    H, labels = _integer_copy(G)
    return back(compute(H), labels)


def method(G: nx.Graph, metric: str, *, k: int | None = None, seed: int | None = None) -> dict:
    """The networkx call behind `centrality(G, metric, k=k, seed=seed)`, for a response to cite.

    >>> sampled = method(nx.path_graph(10), "betweenness", k=4, seed=1)
    >>> sampled["function"], sampled["arguments"], sampled["exact"]
    ('networkx.betweenness_centrality', {'normalized': True, 'k': 4, 'seed': 1}, False)
    >>> method(nx.path_graph(10), "pagerank")["arguments"]
    {'alpha': 0.85}
    """
    if metric not in METRICS:
        raise AnalyticsError(f"unknown metric {metric!r}: use one of {', '.join(METRICS)}")
    function, arguments = _CALLS[metric]
    sample = _effective_k(G, k) if metric == "betweenness" else None
    if sample is not None:
        arguments = {**arguments, "k": sample, "seed": seed}
    return {"metric": metric, "function": function, "arguments": arguments, "exact": sample is None}


def centrality(G: nx.Graph, metric: str, *, k: int | None = None, seed: int | None = None) -> dict:
    """`{node: score}` for one of METRICS, with networkx's default arguments.

    Betweenness is normalized; given `k`, it is networkx's estimate from `k` sampled source nodes
    drawn with `seed` (`method` then reports `exact: False`). `k` and `seed` matter to
    betweenness only. Eigenvector centrality is refused on a disconnected graph, where it is not
    defined (use `largest_component`), and when the power iteration does not converge.

    >>> G = nx.florentine_families_graph()
    >>> round(centrality(G, "betweenness")["Medici"], 3), round(centrality(G, "degree")["Medici"], 3)
    (0.522, 0.429)
    >>> try:
    ...     centrality(nx.Graph([(1, 2), (3, 4)]), "eigenvector")
    ... except AnalyticsError as e:
    ...     print(e)  # doctest: +ELLIPSIS
    eigenvector centrality is undefined on a disconnected graph (2 components): ...
    """
    if metric not in METRICS:
        raise AnalyticsError(f"unknown metric {metric!r}: use one of {', '.join(METRICS)}")
    if G.number_of_nodes() == 0:
        return {}
    try:
        if metric == "degree":
            return nx.degree_centrality(G)
        if metric == "betweenness":
            return _on_integers(
                G,
                lambda H: nx.betweenness_centrality(H, k=_effective_k(G, k), normalized=True, seed=seed),
                lambda scores, labels: {labels[i]: score for i, score in scores.items()},
            )
        if metric == "pagerank":
            return nx.pagerank(G)
        if not nx.is_connected(G):
            count = nx.number_connected_components(G)
            raise AnalyticsError(
                f"eigenvector centrality is undefined on a disconnected graph ({count} components): "
                "compute it on the largest component"
            )
        return nx.eigenvector_centrality(G)
    except nx.PowerIterationFailedConvergence as e:
        raise AnalyticsError(f"{metric} did not converge within networkx's default iterations") from e


def largest_component(G: nx.Graph) -> nx.Graph:
    """The largest connected component, as its own graph (ties in size: the one with the smallest node).

    Projection filters recorded on `G` carry over, with `"component": "largest"` added.

    >>> sorted(largest_component(nx.Graph([(1, 2), (2, 3), (4, 5)])))
    [1, 2, 3]
    """
    if G.number_of_nodes() == 0:
        return G.copy()
    biggest = min(nx.connected_components(G), key=lambda c: (-len(c), min(str(n) for n in c)))
    # Built directly: several times faster than G.subgraph(biggest).copy() on 100k nodes.
    part: nx.Graph[Any] = nx.Graph(**G.graph)
    if "filters" in G.graph:
        part.graph["filters"] = {**G.graph["filters"], "component": "largest"}
    part.add_nodes_from((n, G.nodes[n]) for n in biggest)
    part.add_edges_from(G.edges(biggest, data=True))
    return part


def _item(G: nx.Graph, node: Hashable, score: float) -> dict:
    data = G.nodes[node]
    return {"id": node, "name": data.get("name") or node, "kind": data.get("kind"), "score": score}


def top_items(scores: dict, G: nx.Graph, top: int | None) -> list[dict]:
    """The `top` highest scores as `{"id", "name", "kind", "score"}`, equal scores ordered by id.

    `top=None` ranks every node. A node without a name is shown by its id.

    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> G.nodes["b"].update(name="B", kind="Person")
    >>> top_items({"b": 1.0, "a": 1.0, "c": 0.5}, G, 2)[1]
    {'id': 'b', 'name': 'B', 'kind': 'Person', 'score': 1.0}
    >>> [item["id"] for item in top_items({"b": 1.0, "a": 1.0, "c": 0.5}, G, None)]
    ['a', 'b', 'c']
    """
    if top is not None and top < 0:
        raise AnalyticsError(f"top must not be negative, not {top}")
    ranked = heapq.nsmallest(
        len(scores) if top is None else top, scores.items(), key=lambda kv: (-kv[1], str(kv[0]))
    )
    return [_item(G, node, score) for node, score in ranked]


def communities(G: nx.Graph, *, seed: int | None = 42) -> list[set]:
    """Louvain communities (networkx defaults, seeded), largest first, then by smallest member id.

    Isolated nodes are communities of one.

    >>> [sorted(c) for c in communities(nx.barbell_graph(3, 0))]
    [[0, 1, 2], [3, 4, 5]]
    """
    found = _on_integers(
        G,
        lambda H: nx.community.louvain_communities(H, seed=seed),
        lambda parts, labels: [{labels[i] for i in part} for part in parts],
    )
    return sorted(found, key=lambda c: (-len(c), min(str(n) for n in c)))


def cut_pairs(G: nx.Graph) -> dict:
    """`{articulation point: node pairs its removal disconnects}`, exactly, in one depth-first pass.

    Removing a cut vertex v of a component of N nodes leaves pieces of sizes s1..sk (summing to
    N - 1); the pairs it disconnects are those split across pieces: ((N-1)^2 - sum(si^2)) / 2.
    The pieces are the DFS subtrees of children c with low(c) >= disc(v), plus the rest.

    >>> cut_pairs(nx.path_graph(4))  # 0-1-2-3: removing 1 cuts 0 off from 2 and 3
    {2: 2, 1: 2}
    """
    if G.is_directed():
        raise AnalyticsError("cut vertices are computed on the undirected projection")
    disc: dict = {}
    low: dict = {}
    size: dict = {}
    result: dict = {}
    for root in G:
        if root in disc:
            continue
        separated: dict = {}
        disc[root] = low[root] = len(disc)
        size[root] = 1
        stack = [(root, None, iter(G[root]))]
        while stack:
            v, parent, neighbours = stack[-1]
            for w in neighbours:
                if w == parent:
                    continue
                if w in disc:
                    low[v] = min(low[v], disc[w])
                else:
                    disc[w] = low[w] = len(disc)
                    size[w] = 1
                    stack.append((w, v, iter(G[w])))
                    break
            else:
                stack.pop()
                if parent is not None:
                    low[parent] = min(low[parent], low[v])
                    size[parent] += size[v]
                    if low[v] >= disc[parent]:
                        separated.setdefault(parent, []).append(size[v])
        others = size[root] - 1
        for v, pieces in separated.items():
            if v == root and len(pieces) < 2:
                continue  # a root with one DFS child is not a cut vertex
            rest = others - sum(pieces)
            result[v] = (others * others - sum(s * s for s in pieces) - rest * rest) // 2
    return result


def brokers(
    G: nx.Graph,
    *,
    top: int | None = 10,
    k: int | None = None,
    seed: int | None = None,
    betweenness: dict | None = None,
) -> list[dict]:
    """Entities whose removal splits or stretches the network, strongest first.

    `score` is the share of the other nodes' pairs that only this node connects:
    pairs_disconnected / C(n-1, 2), never above its normalized betweenness. Articulation points
    (score > 0) come first by pairs disconnected, then every node by betweenness, then by id.
    Betweenness is `centrality(G, "betweenness", k=k, seed=seed)` unless given.

    >>> [(b["id"], b["pairs_disconnected"]) for b in brokers(nx.florentine_families_graph(), top=2)]
    [('Medici', 35), ('Guadagni', 13)]
    """
    if top is not None and top < 0:
        raise AnalyticsError(f"top must not be negative, not {top}")
    if betweenness is None:
        betweenness = centrality(G, "betweenness", k=k, seed=seed)
    pairs = cut_pairs(G)
    others = G.number_of_nodes() - 1
    denominator = others * (others - 1) / 2
    ranked = heapq.nsmallest(
        G.number_of_nodes() if top is None else top,
        G.nodes,
        key=lambda n: (-pairs.get(n, 0), -betweenness.get(n, 0.0), str(n)),
    )
    items = []
    for node in ranked:
        cut = pairs.get(node, 0)
        item = _item(G, node, cut / denominator if cut else 0.0)
        item.update(
            articulation=node in pairs, pairs_disconnected=cut, betweenness=betweenness.get(node, 0.0)
        )
        items.append(item)
    return items
