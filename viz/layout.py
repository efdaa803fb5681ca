"""Positions computed on the server for graphs too big to lay out in the browser.

networkx's `spring_layout` and `forceatlas2_layout` compute every pair of nodes at each step in
dense numpy (40 s for 5,000 nodes here, 200 MB to 1 GB), so above the threshold we run the same
Fruchterman-Reingold forces with the repulsion estimated from a seeded random sample of nodes:
O(n·k) a step instead of O(n²). Seeded, so the same graph always gets the same picture.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

SAMPLE = 192
ITERATIONS = 80
EDGE_LENGTH = 110.0  # vis-network pixels between two tied nodes, roughly


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
    pos = _relax(rng.uniform(-1.0, 1.0, size=(n, 2)) * np.sqrt(n), pairs, rng, iterations)
    pos -= pos.mean(axis=0)
    pos *= EDGE_LENGTH / _typical_edge(pos, pairs)
    return {node_id: (round(float(x), 1), round(float(y), 1)) for node_id, (x, y) in zip(node_ids, pos)}


def _relax(pos: np.ndarray, pairs: np.ndarray, rng: np.random.Generator, iterations: int) -> np.ndarray:
    n = len(pos)
    k = 1.0  # ideal distance in layout units; the result is rescaled afterwards
    sample = min(SAMPLE, n)
    weight = n / sample
    gravity = 0.6 / np.sqrt(n)  # keeps separate components from drifting apart
    for step in range(iterations):
        temperature = np.sqrt(n) * 0.1 * (1.0 - step / iterations) + 0.01
        others = pos[rng.choice(n, size=sample, replace=False)]
        delta = pos[:, None, :] - others[None, :, :]
        dist2 = np.maximum((delta**2).sum(axis=2), 1e-4)
        push = (delta * (k * k / dist2)[:, :, None]).sum(axis=1) * weight
        pull = np.zeros_like(pos)
        if len(pairs):
            d = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            force = d * (np.sqrt((d**2).sum(axis=1)) / k)[:, None]
            np.add.at(pull, pairs[:, 0], -force)
            np.add.at(pull, pairs[:, 1], force)
        move = push + pull - pos * gravity * np.sqrt((pos**2).sum(axis=1))[:, None]
        length = np.maximum(np.sqrt((move**2).sum(axis=1)), 1e-9)
        pos = pos + move * (np.minimum(length, temperature) / length)[:, None]
    return pos


def _typical_edge(pos: np.ndarray, pairs: np.ndarray) -> float:
    if len(pairs):
        lengths = np.sqrt(((pos[pairs[:, 0]] - pos[pairs[:, 1]]) ** 2).sum(axis=1))
        typical = float(np.median(lengths))
    else:
        typical = float(np.sqrt((pos**2).sum(axis=1)).mean()) / max(np.sqrt(len(pos)), 1.0)
    return typical if typical > 0 else 1.0
