"""Positions computed on the server for graphs too big to lay out in the browser.

networkx's `spring_layout` and `forceatlas2_layout` compute every pair of nodes at each step in
dense numpy (40 s for 5,000 nodes here, 200 MB to 1 GB), so above the threshold we run the same
Fruchterman-Reingold forces with the repulsion estimated from a seeded random sample of nodes:
O(n·k) a step instead of O(n²). Seeded, so the same graph always gets the same picture.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

SAMPLE = 128
ITERATIONS = 60
SPACING = 40.0  # vis-network pixels from a node to its nearest neighbour, typically


def spread_positions(
    node_ids: Sequence[str],
    links: Iterable[tuple[str, str]],
    *,
    seed: int = 7,
    iterations: int = ITERATIONS,
) -> dict[str, tuple[float, float]]:
    """x/y for every node, centred on 0, on the scale vis-network draws at."""
    n = len(node_ids)
    if n == 0:
        return {}
    index = {node_id: i for i, node_id in enumerate(node_ids)}
    pairs = np.array(
        [(index[a], index[b]) for a, b in links if a in index and b in index and a != b], dtype=np.int64
    ).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    start = (rng.uniform(-1.0, 1.0, size=(n, 2)) * np.sqrt(n)).astype(np.float32)
    pos = _relax(start, pairs, rng, iterations)
    pos -= np.median(pos, axis=0)
    pos = _pull_in_strays(pos)
    # scaled by the gap between neighbours, not edge length: in a small world, ties span the whole
    # drawing, and scaling them to a readable length would pile the nodes on top of each other
    pos *= SPACING / _neighbour_gap(pos, rng)
    rounded = np.round(pos.astype(np.float64), 1).tolist()
    return {node_id: (x, y) for node_id, (x, y) in zip(node_ids, rounded, strict=True)}


def _relax(pos: np.ndarray, pairs: np.ndarray, rng: np.random.Generator, iterations: int) -> np.ndarray:
    n = len(pos)
    k = 1.0  # ideal distance in layout units; the result is rescaled afterwards
    sample = min(SAMPLE, n)
    weight = n / sample
    gravity = 0.6 / float(np.sqrt(n))  # keeps separate components from drifting apart
    for step in range(iterations):
        temperature = float(np.sqrt(n)) * 0.1 * (1.0 - step / iterations) + 0.01
        others = pos[rng.choice(n, size=sample, replace=False)]
        dx = pos[:, 0, None] - others[None, :, 0]
        dy = pos[:, 1, None] - others[None, :, 1]
        inverse = k * k / np.maximum(dx * dx + dy * dy, 1e-4)
        push = np.stack([(dx * inverse).sum(axis=1), (dy * inverse).sum(axis=1)], axis=1) * weight
        pull = np.zeros_like(pos)
        if len(pairs):
            d = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            force = d * (np.sqrt((d**2).sum(axis=1)) / k)[:, None]
            np.add.at(pull, pairs[:, 0], -force)
            np.add.at(pull, pairs[:, 1], force)
        move = push + pull - pos * (gravity * np.sqrt((pos**2).sum(axis=1)))[:, None]
        length = np.maximum(np.sqrt((move**2).sum(axis=1)), 1e-9)
        pos = pos + move * (np.minimum(length, temperature) / length)[:, None]
    return pos


def _pull_in_strays(pos: np.ndarray) -> np.ndarray:
    """Bring nodes that drifted far out (isolated ones, mostly) to the rim, so fitting the view
    to the whole drawing does not shrink everything else."""
    radius = np.sqrt((pos**2).sum(axis=1))
    rim = float(np.percentile(radius, 99)) * 1.1
    far = radius > rim
    pos = pos.copy()
    pos[far] *= (rim / radius[far])[:, None]
    return pos


def _neighbour_gap(pos: np.ndarray, rng: np.random.Generator, sample: int = 256) -> float:
    """Median distance from a node to its nearest neighbour, over a sample of nodes."""
    if len(pos) < 2:
        return SPACING
    probe = pos[rng.choice(len(pos), size=min(sample, len(pos)), replace=False)]
    dist = np.sqrt(((probe[:, None, :] - pos[None, :, :]) ** 2).sum(axis=2))
    dist[dist == 0] = np.inf  # the probe itself (and any node on the very same spot)
    gap = float(np.median(dist.min(axis=1)))
    return gap if np.isfinite(gap) and gap > 0 else SPACING
