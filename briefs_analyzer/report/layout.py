"""Positions for the report's map, computed once in Python so the browser never lays out a graph.

The map shows the aggregated citation graph: briefs, the sources they cite and the publishers
behind those sources.  Laying out every source with a force model costs O(n²) per step and tangles
anyway, so the force layout runs on the skeleton (briefs and publishers, joined with the number of
sources they share) and each source is then set on a small ring around its publisher (a source with
no publisher around the brief citing it most).  The force layout is Fruchterman and Reingold's, as
networkx's ``spring_layout`` computes it, vectorised with numpy (networkx's own needs SciPy for
more than 500 nodes).  Seeded, so the same corpus gives the same map.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

Edge = tuple[int, int, float]
MAX_SKELETON = 3000  # beyond this, the least connected skeleton nodes go on an outer ring


def force_layout(count: int, edges: Sequence[Edge], *, iterations: int = 60, seed: int = 7) -> npt.NDArray[np.float32]:
    """Fruchterman-Reingold positions for ``count`` nodes joined by weighted ``edges``, in [0, 1]²."""
    import numpy as np

    rng = np.random.default_rng(seed)
    pos = rng.random((count, 2), dtype=np.float32)
    if count <= 1:
        return np.full((count, 2), 0.5, dtype=np.float32)
    k = np.float32(1.0 / math.sqrt(count))
    src = np.array([e[0] for e in edges], dtype=np.intp)
    dst = np.array([e[1] for e in edges], dtype=np.intp)
    weight = np.array([e[2] for e in edges], dtype=np.float32)[:, None]
    step = 0.1
    cool = step / (iterations + 1)
    k2 = k * k
    gravity = np.float32(0.02 * count)
    for _ in range(iterations):
        x, y = pos[:, 0], pos[:, 1]
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        force = dx * dx
        force += dy * dy
        np.maximum(force, np.float32(1e-6), out=force)
        np.divide(k2, force, out=force)
        disp = np.stack(((force * dx).sum(axis=1), (force * dy).sum(axis=1)), axis=1)
        if len(src):
            d = pos[src] - pos[dst]
            dist = np.sqrt((d * d).sum(axis=-1, keepdims=True))
            pull = d * dist * weight / k
            np.subtract.at(disp, src, pull)
            np.add.at(disp, dst, pull)
        disp -= gravity * (pos - pos.mean(axis=0)) * k  # a light pull to the middle keeps components together
        length = np.maximum(np.sqrt((disp * disp).sum(axis=-1, keepdims=True)), np.float32(1e-9))
        pos += disp / length * np.minimum(length, np.float32(step))
        step -= cool
    low, high = pos.min(axis=0), pos.max(axis=0)
    out: npt.NDArray[np.float32] = (pos - low) / np.maximum(high - low, np.float32(1e-9))
    return out


def skeleton_layout(count: int, edges: Sequence[Edge], degree: Sequence[float]) -> list[tuple[float, float]]:
    """:func:`force_layout` of the connected nodes; the unconnected ones (a brief citing nothing) in a row below.

    Past :data:`MAX_SKELETON` connected nodes, the least connected go on an outer ring.
    """
    order = sorted((i for i in range(count) if degree[i] > 0), key=lambda i: -degree[i])
    alone = [i for i in range(count) if degree[i] <= 0]
    inner = order[:MAX_SKELETON]
    where = {node: i for i, node in enumerate(inner)}
    kept = [(where[a], where[b], w) for a, b, w in edges if a in where and b in where]
    pos = force_layout(len(inner), kept)
    out = [(0.5, 0.5)] * count
    height = 0.84 if alone else 0.9
    for node, i in where.items():
        out[node] = (0.05 + 0.9 * float(pos[i][0]), 0.05 * (height / 0.9) + height * float(pos[i][1]))
    for j, node in enumerate(alone):
        out[node] = ((j + 0.5) / len(alone), 0.97)
    outer = order[MAX_SKELETON:]
    for j, node in enumerate(outer):
        angle = 2 * math.pi * j / max(len(outer), 1)
        out[node] = (0.5 + 0.5 * math.cos(angle), 0.5 + 0.5 * math.sin(angle))
    return out


def ring(center: tuple[float, float], count: int, *, spacing: float = 0.009) -> list[tuple[float, float]]:
    """``count`` points around ``center``, on rings that grow as they fill (a sunflower spiral)."""
    golden = math.pi * (3 - math.sqrt(5))
    out = []
    for i in range(count):
        radius = spacing * (1.5 + math.sqrt(i + 1))
        out.append((center[0] + radius * math.cos(i * golden), center[1] + radius * math.sin(i * golden)))
    return out
