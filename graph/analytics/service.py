"""The analytics service: the graph read from Neo4j into networkx, and the answers computed on it,
cached per graph version.

Every write bumps the graph version (graph/store/writes.py), which empties the cache: a cached
answer is always that of the current graph.
"""

from __future__ import annotations

import networkx as nx

from graph.analytics import algorithms as analytics
from graph.analytics.cache import ProjectionCache, freeze
from graph.analytics.projection import describe, to_multidigraph, undirected_projection
from graph.model import MODEL
from graph.store import Graph

# Above this many nodes, exact betweenness (O(nm)) is replaced by networkx's k-sample estimate.
EXACT_BETWEENNESS_MAX_NODES = 2000
SAMPLE_K = 32
SAMPLE_SEED = 42


class Analytics:
    def __init__(self, maxsize: int = 32):
        self.cache = ProjectionCache(maxsize=maxsize)

    def _get(self, graph: Graph, key: tuple, compute):
        return self.cache.get(str(graph.version()), key, compute)

    def multidigraph(self, graph: Graph) -> nx.MultiDiGraph:
        return self._get(graph, ("multidigraph",), lambda: to_multidigraph(*graph.read.skeleton()))

    def projection(
        self,
        graph: Graph,
        *,
        statuses: tuple[str, ...] = MODEL.status_policy.facts,
        types: tuple[str, ...] | None = None,
        kinds: tuple[str, ...] | None = None,
    ) -> nx.Graph:
        filters = {"statuses": statuses, "types": types, "kinds": kinds}
        return self._get(
            graph,
            ("projection", freeze(filters)),
            lambda: undirected_projection(
                self.multidigraph(graph), statuses=statuses, types=types, kinds=kinds
            ),
        )

    # The public answers are cached whole: a repeated question costs one version check, not a pass
    # over a 100k-node graph to rank and describe it again.
    def centrality(self, graph: Graph, metric: str, *, top: int, **filters) -> dict:
        key = ("answer", "centrality", metric, freeze(filters), top)
        return self._get(graph, key, lambda: self._centrality(graph, metric, top, filters))

    def communities(self, graph: Graph, *, limit: int, offset: int, members_limit: int, **filters) -> dict:
        key = ("answer", "communities", freeze(filters), limit, offset, members_limit)
        return self._get(
            graph,
            key,
            lambda: self._communities(graph, filters, limit, offset, members_limit),
        )

    def brokers(self, graph: Graph, *, top: int, **filters) -> dict:
        key = ("answer", "brokers", freeze(filters), top)
        return self._get(graph, key, lambda: self._brokers(graph, top, filters))

    def _centrality(self, graph: Graph, metric: str, top: int, filters: dict) -> dict:
        H = self.projection(graph, **filters)
        if metric == "eigenvector" and H.number_of_nodes() and not nx.is_connected(H):
            H = analytics.largest_component(H)
        k = (
            SAMPLE_K
            if metric == "betweenness" and H.number_of_nodes() > EXACT_BETWEENNESS_MAX_NODES
            else None
        )
        seed = SAMPLE_SEED if k else None
        scores = self._get(
            graph,
            ("centrality", metric, freeze(filters), H.number_of_nodes()),
            lambda: analytics.centrality(H, metric, k=k, seed=seed),
        )
        return {
            "items": analytics.top_items(scores, H, top),
            "method": analytics.method(H, metric, k=k, seed=seed),
            "graph": describe(H),
        }

    def _communities(self, graph: Graph, filters: dict, limit: int, offset: int, members_limit: int) -> dict:
        H = self.projection(graph, **filters)
        found = self._get(
            graph,
            ("communities", freeze(filters)),
            lambda: analytics.communities(H, seed=SAMPLE_SEED),
        )
        items = []
        for index, members in enumerate(found[offset : offset + limit], offset + 1):
            # Most connected first, so a cut list still shows who holds the community together.
            ranked = sorted(members, key=lambda n: (-H.degree(n), str(n)))[:members_limit]
            people = [
                {"id": n, "name": H.nodes[n].get("name"), "kind": H.nodes[n].get("kind")} for n in ranked
            ]
            items.append({"id": index, "size": len(members), "members": people})
        return {
            "items": items,
            "total": len(found),
            "method": {
                "function": "networkx.community.louvain_communities",
                "arguments": {"seed": SAMPLE_SEED},
            },
            "graph": describe(H),
        }

    def _brokers(self, graph: Graph, top: int, filters: dict) -> dict:
        H = self.projection(graph, **filters)
        k = SAMPLE_K if H.number_of_nodes() > EXACT_BETWEENNESS_MAX_NODES else None
        seed = SAMPLE_SEED if k else None
        betweenness = self._get(
            graph,
            ("centrality", "betweenness", freeze(filters), H.number_of_nodes()),
            lambda: analytics.centrality(H, "betweenness", k=k, seed=seed),
        )
        items = self._get(
            graph,
            ("brokers", freeze(filters), top),
            lambda: analytics.brokers(H, top=top, betweenness=betweenness),
        )
        return {
            "items": items,
            "method": analytics.method(H, "betweenness", k=k, seed=seed),
            "graph": describe(H),
        }
