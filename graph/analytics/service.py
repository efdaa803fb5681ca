"""The analytics service: the graph read from Neo4j into networkx, and the answers computed on it,
cached per graph version.

Every write bumps the graph version, so a cached answer is that of the version it is stored under.
Each answer says which version it is of (`version`), which version the graph has (`current_version`)
and whether they differ (`stale`). With `stale` on, a question asked again after a write is answered
at once with its previous answer, marked, while one background thread (graph/analytics/refresher.py)
computes the new one, which the next request gets; a question never answered before is computed
while it waits.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

import networkx as nx

from graph.analytics import algorithms as analytics
from graph.analytics.cache import MISSING, LatestAnswers, ProjectionCache, freeze
from graph.analytics.projection import describe, to_multidigraph, undirected_projection
from graph.analytics.refresher import Refresher
from graph.model import MODEL
from graph.store import Graph

# Above this many nodes, exact betweenness (O(nm)) is replaced by networkx's k-sample estimate.
EXACT_BETWEENNESS_MAX_NODES = 2000
SAMPLE_K = 32
SAMPLE_SEED = 42


@dataclass(frozen=True)
class Snapshot:
    """The graph as networkx sees it, and the version it is of."""

    version: int
    graph: nx.MultiDiGraph


Compute = Callable[[Snapshot], dict]


def _marked(answer: dict, version: int, current: int) -> dict:
    current = max(current, version)  # computed just now, from a graph newer than the request saw
    return {**answer, "version": version, "current_version": current, "stale": version < current}


class Analytics:
    def __init__(self, maxsize: int = 32, *, stale: bool = False):
        self.cache = ProjectionCache(maxsize=maxsize)
        self.latest = LatestAnswers(maxsize=maxsize)
        self.stale = stale
        self.refresher = Refresher()

    def snapshot(self, graph: Graph, version: int) -> Snapshot:
        found = self.cache.lookup(version, ("multidigraph",))
        if found is not MISSING:
            return Snapshot(version, found)
        read, nodes, edges = graph.read.skeleton()
        multidigraph = to_multidigraph(nodes, edges)
        self.cache.put(read, ("multidigraph",), multidigraph)
        return Snapshot(read, multidigraph)

    def projection(
        self,
        snapshot: Snapshot,
        *,
        statuses: tuple[str, ...] = MODEL.status_policy.facts,
        types: tuple[str, ...] | None = None,
        kinds: tuple[str, ...] | None = None,
    ) -> nx.Graph:
        filters = {"statuses": statuses, "types": types, "kinds": kinds}
        return self.cache.get(
            snapshot.version,
            ("projection", freeze(filters)),
            lambda: undirected_projection(snapshot.graph, statuses=statuses, types=types, kinds=kinds),
        )

    def _answer(self, graph: Graph, key: Hashable, compute: Compute) -> dict:
        version = graph.version()
        found = self.cache.lookup(version, key)
        if found is not MISSING:
            return _marked(found, version, version)
        previous = self.latest.get(key)
        if previous is not None and (previous[0] == version or (self.stale and previous[0] < version)):
            if previous[0] < version:
                self.refresher.submit(key, lambda: self._refresh(graph, key, compute))
            return _marked(previous[1], previous[0], version)
        return _marked(*self._compute(graph, key, compute, version), version)

    def _compute(self, graph: Graph, key: Hashable, compute: Compute, version: int) -> tuple[dict, int]:
        snapshot = self.snapshot(graph, version)
        answer = compute(snapshot)
        self.cache.put(snapshot.version, key, answer)
        self.latest.remember(key, snapshot.version, answer)
        return answer, snapshot.version

    def _refresh(self, graph: Graph, key: Hashable, compute: Compute) -> bool:
        version = graph.version()
        if self.cache.lookup(version, key) is not MISSING:
            return False
        self._compute(graph, key, compute, version)
        return True

    # The public answers are cached whole: a repeated question costs one version check, not a pass
    # over a 100k-node graph to rank and describe it again.
    def centrality(self, graph: Graph, metric: str, *, top: int, **filters) -> dict:
        key = ("answer", "centrality", metric, freeze(filters), top)
        return self._answer(graph, key, lambda s: self._centrality(s, metric, top, filters))

    def communities(self, graph: Graph, *, limit: int, offset: int, members_limit: int, **filters) -> dict:
        key = ("answer", "communities", freeze(filters), limit, offset, members_limit)
        return self._answer(graph, key, lambda s: self._communities(s, filters, limit, offset, members_limit))

    def brokers(self, graph: Graph, *, top: int, **filters) -> dict:
        key = ("answer", "brokers", freeze(filters), top)
        return self._answer(graph, key, lambda s: self._brokers(s, top, filters))

    def _centrality(self, snapshot: Snapshot, metric: str, top: int, filters: dict) -> dict:
        H = self.projection(snapshot, **filters)
        if metric == "eigenvector" and H.number_of_nodes() and not nx.is_connected(H):
            H = analytics.largest_component(H)
        k = (
            SAMPLE_K
            if metric == "betweenness" and H.number_of_nodes() > EXACT_BETWEENNESS_MAX_NODES
            else None
        )
        seed = SAMPLE_SEED if k else None
        scores = self.cache.get(
            snapshot.version,
            ("centrality", metric, freeze(filters), H.number_of_nodes()),
            lambda: analytics.centrality(H, metric, k=k, seed=seed),
        )
        return {
            "items": analytics.top_items(scores, H, top),
            "method": analytics.method(H, metric, k=k, seed=seed),
            "graph": describe(H),
        }

    def _communities(
        self, snapshot: Snapshot, filters: dict, limit: int, offset: int, members_limit: int
    ) -> dict:
        H = self.projection(snapshot, **filters)
        found = self.cache.get(
            snapshot.version,
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

    def _brokers(self, snapshot: Snapshot, top: int, filters: dict) -> dict:
        H = self.projection(snapshot, **filters)
        k = SAMPLE_K if H.number_of_nodes() > EXACT_BETWEENNESS_MAX_NODES else None
        seed = SAMPLE_SEED if k else None
        betweenness = self.cache.get(
            snapshot.version,
            ("centrality", "betweenness", freeze(filters), H.number_of_nodes()),
            lambda: analytics.centrality(H, "betweenness", k=k, seed=seed),
        )
        items = self.cache.get(
            snapshot.version,
            ("brokers", freeze(filters), top),
            lambda: analytics.brokers(H, top=top, betweenness=betweenness),
        )
        return {
            "items": items,
            "method": analytics.method(H, "betweenness", k=k, seed=seed),
            "graph": describe(H),
        }
