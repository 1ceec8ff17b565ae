"""Minimum and maximum over any run of a ring of samples, kept as the samples arrive.

Pure numpy (no Qt). Samples are numbered from 0 as they are recorded; block ``j`` of level
``k`` holds the extremes of samples ``j * 2**k`` to ``(j + 1) * 2**k - 1``, written once
when its last sample arrives (one block a sample on average, over all levels). Any run of
samples is then the union of at most two blocks a level (the segment-tree decomposition),
so the extremes of ``n`` runs at once cost about ``n * 2 * log2(run length)`` look-ups,
whatever the history holds: the trend plots ask for one run per pixel column, the table
for one run over the whole history. Levels below ``STORED_FROM`` are read from the raw
samples (a quarter of the memory for at most four samples a look-up).
"""

from __future__ import annotations

import numpy as np

STORED_FROM = 3


class Extremes:
    """Block extremes over ``raw``: ``raw[i % capacity]`` is sample ``i`` (a 2-D array,
    samples x values, that the owner writes before calling :meth:`pushed`)."""

    def __init__(self, raw: np.ndarray, capacity: int) -> None:
        self.raw, self.capacity = raw, capacity
        width = raw.shape[1]
        self.levels: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        k = STORED_FROM
        while 1 << k <= capacity:
            size = capacity // (1 << k) + 2  # every block inside the ring, and one more
            self.levels[k] = (np.empty((size, width)), np.empty((size, width)))
            k += 1

    def pushed(self, i: int) -> None:
        """Sample ``i`` has been written: write every block it completes."""
        k = STORED_FROM
        while k in self.levels and (i + 1) % (1 << k) == 0:
            self._build(k, np.array([i >> k]))
            k += 1

    def rebuild(self, n: int) -> None:
        """Samples ``0 .. n - 1`` have been written at once (``n <= capacity``)."""
        for k in self.levels:
            if n >> k:
                self._build(k, np.arange(n >> k))

    def _build(self, k: int, blocks: np.ndarray) -> None:
        low, high = self.levels[k]
        size = len(low)
        if k == STORED_FROM:
            rows = self.raw[((blocks[:, None] << k) + np.arange(1 << k)) % self.capacity]
            low[blocks % size], high[blocks % size] = rows.min(axis=1), rows.max(axis=1)
        else:
            below_low, below_high = self.levels[k - 1]
            halves = (blocks[:, None] * 2 + np.arange(2)) % len(below_low)
            low[blocks % size] = below_low[halves].min(axis=1)
            high[blocks % size] = below_high[halves].max(axis=1)

    def _blocks(self, k: int, blocks: np.ndarray,
                columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Extremes of ``blocks`` of level ``k``, of the values ``columns``."""
        if k in self.levels:
            low, high = self.levels[k]
            rows = (blocks % len(low))[:, None]
            return low[rows, columns], high[rows, columns]
        rows = ((blocks[:, None] << k) + np.arange(1 << k)) % self.capacity
        values = self.raw[rows[:, :, None], columns]
        return values.min(axis=1), values.max(axis=1)

    def runs(self, start: np.ndarray, stop: np.ndarray,
             columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per run ``start[r] .. stop[r] - 1`` (sample numbers, every one still held; no run
        empty), the minimum and maximum of each of the values ``columns``: two arrays,
        runs x columns."""
        lo, hi = start.astype(np.int64), stop.astype(np.int64)
        low = np.full((len(lo), len(columns)), np.inf)
        high = np.full((len(lo), len(columns)), -np.inf)
        k = 0
        while True:
            open_ = lo < hi
            if not open_.any():
                return low, high
            left = open_ & (lo & 1 == 1)
            right = open_ & (hi & 1 == 1)
            hi = hi - right
            for take, blocks in ((left, lo[left]), (right, hi[right])):
                if len(blocks):
                    a, b = self._blocks(k, blocks, columns)
                    low[take] = np.minimum(low[take], a)
                    high[take] = np.maximum(high[take], b)
            lo = (lo + left) >> 1
            hi >>= 1
            k += 1


__all__ = ["Extremes"]
