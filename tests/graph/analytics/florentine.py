"""Padgett's Florentine families (marriage ties, as networkx ships them) in ecograph's row shapes.

Published reference values (Wasserman & Faust 1994, ch. 5; Padgett & Ansell 1993): normalized
betweenness on the 15 connected families, Medici the highest by far.
"""

from __future__ import annotations

import networkx as nx

PUBLISHED_BETWEENNESS = {
    "Medici": 0.522,
    "Guadagni": 0.255,
    "Albizzi": 0.212,
    "Salviati": 0.143,
    "Ridolfi": 0.114,
    "Bischeri": 0.104,
    "Strozzi": 0.103,
    "Barbadori": 0.093,
    "Tornabuoni": 0.092,
    "Castellani": 0.055,
    "Peruzzi": 0.022,
    "Acciaiuoli": 0.0,
    "Ginori": 0.0,
    "Lamberteschi": 0.0,
    "Pazzi": 0.0,
}


def family_id(name: str) -> str:
    return f"org:{name.lower()}"


def rows() -> tuple[list[dict], list[dict]]:
    """The marriage network as nodes/edges rows, plus noise the projection must see through."""
    nodes = [
        {"id": family_id(name), "name": name, "kind": "Organization", "labels": ["Family"], "aliases": []}
        for name in sorted(nx.florentine_families_graph())
    ]
    nodes.append({"id": "src:padgett-1993", "name": "Robust action", "kind": "Source"})
    edges = []
    for i, (a, b) in enumerate(sorted(nx.florentine_families_graph().edges())):
        # Marriage ties stored in either direction, as an undirected type is stored once.
        u, v = (a, b) if i % 2 else (b, a)
        edges.append(
            {
                "id": f"tie:{i}",
                "type": "PARTNERS_WITH",
                "source": family_id(u),
                "target": family_id(v),
                "directed": False,
                "sources": ["src:padgett-1993"],
                "evidence": ["marriage"],
                "confidence": 1.0,
                "status": "accepted",
                "properties": {"nature": "marriage"},
            }
        )
    medici, albizzi, pazzi = family_id("Medici"), family_id("Albizzi"), family_id("Pazzi")
    edges += [
        # A second accepted tie between two families already married: one projected edge, ties=2.
        {"id": "tie:fund", "type": "SUPPORTS", "source": medici, "target": albizzi, "status": "accepted"},
        # None of these may change the projection.
        {"id": "tie:cand", "type": "OWNS", "source": medici, "target": pazzi, "status": "candidate"},
        {"id": "tie:retr", "type": "OWNS", "source": pazzi, "target": albizzi, "status": "retracted"},
        {"id": "tie:self", "type": "OWNS", "source": pazzi, "target": pazzi, "status": "accepted"},
        {"id": "m:1", "type": "MENTIONS", "source": "src:padgett-1993", "target": medici},
    ]
    return nodes, edges


def relabelled() -> nx.Graph:
    """networkx's own graph with ecograph ids, to compare numbers node for node."""
    return nx.relabel_nodes(nx.florentine_families_graph(), family_id)
