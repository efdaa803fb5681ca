"""Plain node and edge rows (as fetched from Neo4j) seen as networkx graphs.

Two views: the faithful one (`to_multidigraph`: every tie, its direction, every attribute)
and the one analytics run on (`undirected_projection`: who is tied to whom, one simple
undirected edge per pair of entities).

>>> nodes = [{"id": "org:a", "name": "A", "kind": "Organization"},
...          {"id": "org:b", "name": "B", "kind": "Organization"},
...          {"id": "person:c", "name": "C", "kind": "Person"}]
>>> edges = [{"id": "t1", "type": "OWNS", "source": "org:a", "target": "org:b", "status": "accepted"},
...          {"id": "t2", "type": "SUPPORTS", "source": "org:b", "target": "org:a", "status": "accepted"},
...          {"id": "t3", "type": "HAS_ROLE", "source": "person:c", "target": "org:a", "status": "candidate"}]
>>> G = to_multidigraph(nodes, edges)
>>> G.number_of_edges(), G.edges["org:a", "org:b", "t1"]["type"]
(3, 'OWNS')
>>> H = undirected_projection(G)
>>> H.edges["org:a", "org:b"]["ties"], sorted(H.nodes)
(2, ['org:a', 'org:b', 'person:c'])
>>> describe(H)["edges"]
1
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import networkx as nx

from graph.model import MODEL

MENTIONS = "MENTIONS"


def to_multidigraph(nodes: Iterable[dict], edges: Iterable[dict]) -> nx.MultiDiGraph:
    """Every node and tie, attributes kept, each tie keyed by its id and drawn from `source` to `target`.

    An endpoint missing from `nodes` (typically a Source at the tail of a MENTIONS tie) is still
    added, with the kind its id prefix names, so that no tie is silently dropped.

    >>> G = to_multidigraph([], [{"id": "m1", "type": "MENTIONS", "source": "src:x", "target": "org:a"}])
    >>> G.nodes["src:x"]["kind"], G.nodes["org:a"]["kind"]
    ('Source', 'Organization')
    """
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    G.add_nodes_from((node["id"], {k: v for k, v in node.items() if k != "id"}) for node in nodes)
    given = set(G)
    keyed = (
        (e["source"], e["target"], e["id"], {k: v for k, v in e.items() if k not in ("source", "target")})
        for e in edges
    )
    G.add_edges_from(keyed)  # type: ignore[arg-type]  # the stubs lack a multigraph's (u, v, key, data)
    for end in set(G) - given:
        G.nodes[end].update(name=end, kind=MODEL.kind_of_id(end))
    return G


def undirected_projection(
    G: nx.MultiDiGraph,
    *,
    statuses: Iterable[str] | None = MODEL.status_policy.facts,
    types: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
) -> nx.Graph:
    """Who is tied to whom: one undirected edge per pair, `ties` counting the ties collapsed into it.

    Kept: nodes of `kinds` (default every entity kind, never Sources), isolated ones included;
    ties whose `status` is in `statuses` (None keeps all) and whose type is in `types` (None keeps
    all), MENTIONS excepted. Self-loops are dropped: a simple graph says nothing by tying an
    entity to itself, and they would inflate degree. The filters are kept in `H.graph["filters"]`.

    >>> G = to_multidigraph(
    ...     [{"id": "org:a", "kind": "Organization"}, {"id": "place:p", "kind": "Place"}],
    ...     [{"id": "t", "type": "OPERATES_IN", "source": "org:a", "target": "place:p",
    ...       "status": "accepted"}])
    >>> undirected_projection(G, kinds=["Organization"]).number_of_nodes()
    1
    >>> undirected_projection(G, types=["OWNS"]).number_of_edges()
    0
    """
    kept_kinds = frozenset(kinds) if kinds is not None else frozenset(MODEL.entity_kinds)
    kept_statuses = frozenset(statuses) if statuses is not None else None
    kept_types = frozenset(types) if types is not None else None

    H: nx.Graph[str] = nx.Graph()
    H.graph["filters"] = {
        "statuses": sorted(kept_statuses) if kept_statuses is not None else None,
        "types": sorted(kept_types) if kept_types is not None else None,
        "kinds": sorted(kept_kinds),
    }
    H.add_nodes_from((n, dict(data)) for n, data in G.nodes(data=True) if data.get("kind") in kept_kinds)
    ties: Counter = Counter()
    for u, v, data in G.edges(data=True):
        tie_type = data.get("type")
        if (
            u == v
            or tie_type == MENTIONS
            or (kept_statuses is not None and data.get("status") not in kept_statuses)
            or (kept_types is not None and tie_type not in kept_types)
            or u not in H
            or v not in H
        ):
            continue
        ties[(v, u) if (v, u) in ties else (u, v)] += 1
    H.add_edges_from((u, v, {"ties": count}) for (u, v), count in ties.items())
    return H


def describe(H: nx.Graph, filters: dict | None = None) -> dict:
    """Which graph scores were computed on: `{"filters", "nodes", "edges"}`.

    `filters` defaults to the ones `undirected_projection` recorded on `H`.

    >>> describe(nx.path_graph(3), {"statuses": ["accepted"]})
    {'filters': {'statuses': ['accepted']}, 'nodes': 3, 'edges': 2}
    """
    if filters is None:
        filters = H.graph.get("filters", {})
    return {"filters": filters, "nodes": H.number_of_nodes(), "edges": H.number_of_edges()}
