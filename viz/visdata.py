"""Entity and tie dicts -> the nodes, edges and options vis-network draws, built with pyvis.

Only pyvis' data model is used (Network.add_node / add_edge / options); its HTML template is not
(it links CDNs and switches tooltips to innerHTML). The network is built `directed=True` because
pyvis silently merges an undirected graph's parallel edges, and two ties between the same pair
(a source saying "owns", another "partners with") must both be drawn; arrows are set per tie.
Colours come from one vis-network group per kind, so nodes do not each repeat them.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pyvis.network import Network

from graph.model import MODEL
from viz import palette
from viz.layout import spread_positions

# Above this many nodes the browser's physics is too slow (bench/viz.py: 2.5 s to settle 1,000 nodes,
# 6.5 s for 1,500) while viz.layout takes well under a second: positions come from the server.
SERVER_LAYOUT_THRESHOLD = 1000


class _Network(Network):
    """pyvis' Network with O(1) node lookups: its add_edge checks both ends against get_nodes(),
    a list of every node id, which made a 5,000-node page spend a second on that alone."""

    def get_nodes(self):
        return self.node_map.keys()


@dataclass(frozen=True)
class VisGraph:
    nodes: list[dict]  # vis-network nodes
    edges: list[dict]  # vis-network edges
    options: dict
    entities: list[dict]  # the input nodes drawn, each once
    ties: list[Mapping[str, Any]]  # the input edges drawn, each once


def build_vis(
    nodes: Sequence[dict],
    edges: Iterable[Mapping[str, Any]],
    *,
    focus: str | None = None,
    highlight_nodes: Collection[str] = (),
    highlight_edges: Collection[str] = (),
) -> VisGraph:
    """Styled vis-network data; edges whose ends are not among `nodes` cannot be drawn and are left out."""
    net = _Network(directed=True)
    top = max((_score(node) for node in nodes), default=0.0)
    entities = []
    for node in nodes:
        if node["id"] not in net.node_map:
            entities.append(node)
            look = _node_look(node, top, node["id"] == focus, node["id"] in highlight_nodes)
            color = look.pop("color", None)
            net.add_node(node["id"], **look)
            if color:  # pyvis drops `color` from nodes that have a group; set it on the node it made
                net.get_node(node["id"])["color"] = color
    drawable = _drawable(edges, net.node_map)
    for edge in drawable:
        net.add_edge(edge["source"], edge["target"], **_edge_look(edge, edge["id"] in highlight_edges))
    big = len(net.nodes) > SERVER_LAYOUT_THRESHOLD
    if big:
        positions = spread_positions(net.node_ids, [(e["source"], e["target"]) for e in drawable])
        for vis_node in net.nodes:
            vis_node["x"], vis_node["y"] = positions[vis_node["id"]]
    net.options = vis_options(len(net.nodes), physics=not big)
    return VisGraph(nodes=net.nodes, edges=net.edges, options=net.options, entities=entities, ties=drawable)


def _drawable(edges: Iterable[Mapping[str, Any]], node_ids: Collection[str]) -> list[Mapping[str, Any]]:
    """Each tie once (by id), and only if both its ends are drawn."""
    seen: set[str] = set()
    kept: list[Mapping[str, Any]] = []
    for edge in edges:
        if edge["id"] not in seen and edge["source"] in node_ids and edge["target"] in node_ids:
            seen.add(edge["id"])
            kept.append(edge)
    return kept


def _score(node: dict) -> float:
    score = node.get("score")
    return float(score) if isinstance(score, int | float) and math.isfinite(score) and score > 0 else 0.0


def node_size(score: float, top: float) -> float:
    """Area grows with the score (square root), from NODE_SIZE_MIN for none to NODE_SIZE_MAX for the top."""
    if top <= 0:
        return palette.NODE_SIZE_MIN
    share = math.sqrt(min(score / top, 1.0))
    return round(palette.NODE_SIZE_MIN + (palette.NODE_SIZE_MAX - palette.NODE_SIZE_MIN) * share, 1)


def node_label(node: dict) -> str:
    label = " ".join(str(node.get("name") or node["id"]).split())
    return label if len(label) <= palette.LABEL_MAX else label[: palette.LABEL_MAX - 1].rstrip() + "…"


def _node_look(node: dict, top: float, focused: bool, highlighted: bool) -> dict:
    look = {
        "label": node_label(node),
        "group": palette.kind_group(node.get("kind")),
        # pyvis would otherwise write shape "dot" on every node, hiding the group's shape
        "shape": palette.kind_style(node.get("kind")).shape,
        "size": node_size(_score(node), top),
    }
    if highlighted or focused:
        border = palette.HIGHLIGHT if highlighted else palette.FOCUS_BORDER
        look["color"] = palette.node_color(palette.kind_style(node.get("kind")), border)
        look["borderWidth"] = 4
    if highlighted:
        look["font"] = {"size": 16, "color": palette.FOCUS_BORDER}
    return look


def _edge_look(edge: Mapping[str, Any], highlighted: bool) -> dict:
    tie_type = str(edge.get("type") or "")
    status = edge.get("status") or MODEL.status_policy.facts[0]  # the API may send null for a tie without one
    look = {
        "id": edge["id"],
        "label": edge_label(edge),
        "arrows": "to" if palette.tie_directed(tie_type, edge.get("directed")) else "",
        "dashes": status not in MODEL.status_policy.facts,  # candidates, rejected ties: dashed
        "type": tie_type,
        "status": status,
    }
    if highlighted:
        look["width"] = 4
        look["color"] = {
            "color": palette.HIGHLIGHT,
            "highlight": palette.HIGHLIGHT,
            "hover": palette.HIGHLIGHT,
        }
    return look


def edge_label(edge: Mapping[str, Any]) -> str:
    """`has role · CEO`, `operates in (planned)`: the type, then what most distinguishes this tie."""
    tie_type = str(edge.get("type") or "")
    label = palette.tie_label(tie_type)
    detail = palette.tie_detail(tie_type, edge.get("properties") or {})
    if detail:
        label += f" · {detail}"
    if edge.get("stage") and edge["stage"] != "active":
        label += f" ({edge['stage']})"
    return label


def vis_options(node_count: int, *, physics: bool) -> dict:
    """vis-network options: a bounded stabilisation that the page script follows with physics off."""
    return {
        "autoResize": True,
        "groups": palette.vis_groups(),
        "layout": {"randomSeed": 7, "improvedLayout": node_count <= 150},
        "nodes": {
            "font": {
                "size": 14,
                "face": "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
                "color": "#1f2933",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
            },
            "borderWidthSelected": 4,
        },
        "edges": {
            "color": {
                "color": palette.EDGE_COLOR,
                "highlight": palette.EDGE_ACTIVE,
                "hover": palette.EDGE_ACTIVE,
                "inherit": False,
            },
            "width": 1.2,
            "font": {
                "size": 11,
                "color": "#627d98",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
                "align": "horizontal",
            },
            "arrows": {"to": {"scaleFactor": 0.55}},
            # in a crowd, tie labels only once zoomed in close enough to read them
            "scaling": {"label": {"drawThreshold": 9 if node_count > 150 else 5}},
            # straight lines are far cheaper to draw when there are thousands of them
            "smooth": {"enabled": physics, "type": "continuous", "roundness": 0.25},
        },
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -110,
                "centralGravity": 0.01,
                "springLength": 150,
                "springConstant": 0.05,
                "damping": 0.5,
                "avoidOverlap": 0.6,
            },
            "stabilization": {
                "enabled": physics,
                "iterations": stabilisation_iterations(node_count),
                "updateInterval": 25,
                "fit": True,
            },
            "minVelocity": 1.0,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 180,
            "hideEdgesOnDrag": node_count > 400,
            "hideEdgesOnZoom": node_count > 400,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
        },
    }


def stabilisation_iterations(node_count: int) -> int:
    """Fewer iterations as graphs grow, so the page settles in a few seconds at most."""
    return max(100, min(400, 60_000 // max(node_count, 1)))
