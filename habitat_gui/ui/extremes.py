"""Minimum and maximum over any run of a ring of samples, kept as the samples arrive.

Pure numpy (no Qt). Samples are numbered from 0 as they are recorded; block ``j`` of level
``k`` holds the extremes of samples ``j * 2**k`` to ``(j + 1) * 2**k - 1``, written once
when its last sample arrives (one block a sample on average, over all levels). Any run of
samples is the union of at most two blocks a level (the segment-tree walk), so the
table's 24 h extremes cost about ``2 * log2(24 h of samples)`` look-ups; a plot reads the
blocks of the level that puts one or two in a pixel column. Levels below ``STORED_FROM``
are read from the samples themselves (a quarter of the memory for at most seven samples at
each end of a run).
"""

from __future__ import annotations

import numpy as np

STORED_FROM = 3


class Extremes:
    """Block extremes over ``raw``: ``raw[i % capacity]`` is sample ``i`` (a 2-D array,
    samples x values, that the owner writes before calling :meth:`pushed`)."""

    def __init__(self, raw: np.ndarray, capacity: int) -> None:
        self.raw, self.capacity = raw, capacity
        self.ks = np.arange(STORED_FROM, max(capacity.bit_length(), STORED_FROM))
        # every block inside the ring, and one more; the levels one after the other, then
        # a block that changes no extreme (+inf low, -inf high)
        self.sizes = capacity // (1 << self.ks) + 2
        self.offsets = np.concatenate([[0], np.cumsum(self.sizes)[:-1]]).astype(np.int64)
        self.neutral = int(self.sizes.sum())
        self.low = np.full((self.neutral + 1, raw.shape[1]), np.inf)
        self.high = -self.low

    def pushed(self, i: int) -> None:
        """Sample ``i`` has been written: write every block it completes."""
        for level, k in enumerate(self.ks):
            if (i + 1) % (1 << k):
                return
            self._build(level, np.array([i >> k]))

    def rebuild(self, n: int) -> None:
        """Samples ``0 .. n - 1`` have been written at once (``n <= capacity``)."""
        for level, k in enumerate(self.ks):
            if n >> k:
                self._build(level, np.arange(n >> k))

    @property
    def top(self) -> int:
        """The highest level."""
        return int(self.ks[-1]) if len(self.ks) else STORED_FROM - 1

    def blocks(self, k: int, j0: int, j1: int,
               columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Minimum and maximum of the values ``columns`` in blocks ``j0 .. j1 - 1`` of level
        ``k`` (every sample still held): two arrays, blocks x columns."""
        j = np.arange(j0, j1)
        if k >= STORED_FROM:
            at = self._slot(k - STORED_FROM, j)[:, None]
            return self.low[at, columns], self.high[at, columns]
        rows = ((j[:, None] << k) + np.arange(1 << k)) % self.capacity
        values = self.raw[rows[:, :, None], columns]
        return values.min(axis=1), values.max(axis=1)

    def _slot(self, level: int, blocks: np.ndarray) -> np.ndarray:
        return self.offsets[level] + blocks % self.sizes[level]

    def _build(self, level: int, blocks: np.ndarray) -> None:
        at = self._slot(level, blocks)
        if level == 0:
            rows = self.raw[((blocks[:, None] << STORED_FROM) + np.arange(1 << STORED_FROM))
                            % self.capacity]
            self.low[at], self.high[at] = rows.min(axis=1), rows.max(axis=1)
        else:
            halves = self._slot(level - 1, blocks[:, None] * 2 + np.arange(2))
            self.low[at] = self.low[halves].min(axis=1)
            self.high[at] = self.high[halves].max(axis=1)

    def runs(self, start: np.ndarray, stop: np.ndarray,
             columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per run ``start[r] .. stop[r] - 1`` (sample numbers, every one still held; no run
        empty), the minimum and maximum of each of the values ``columns``: two arrays,
        runs x columns. A fixed count of array operations, whatever the runs' lengths; runs
        that start and end on a multiple of ``2**STORED_FROM`` read no sample."""
        a, b = start.astype(np.int64), stop.astype(np.int64)
        if not len(a):
            return np.empty((0, len(columns))), np.empty((0, len(columns)))
        base = 1 << STORED_FROM
        first, last = -(-a // base), b // base            # whole base blocks first..last-1
        # the stored blocks: at level k the run's k-th step of the segment-tree walk, whose
        # ends are first / 2**k rounded up and last / 2**k rounded down
        shift = self.ks - STORED_FROM
        lo, hi = -(-first[:, None] >> shift), last[:, None] >> shift
        open_ = lo < hi
        taken = np.concatenate([open_ & (lo & 1 == 1), open_ & (hi & 1 == 1)], axis=1)
        slots = np.concatenate([self.offsets + lo % self.sizes,
                                self.offsets + (hi - 1) % self.sizes], axis=1)
        run, node = np.nonzero(taken)
        # each run's blocks after a neutral one (so that none is empty), reduced per run
        heads = np.concatenate([[0], np.cumsum(taken.sum(axis=1) + 1)[:-1]])
        at = np.full(len(run) + len(a), self.neutral)
        blocks = np.ones(len(at), bool)
        blocks[heads] = False
        at[blocks] = slots[run, node]
        low = np.minimum.reduceat(self.low[at[:, None], columns], heads, axis=0)
        high = np.maximum.reduceat(self.high[at[:, None], columns], heads, axis=0)
        # the ends short of a stored block, from the samples (sample a stands in for none)
        left_end = np.minimum(first * base, b)
        right_start = np.maximum(last * base, left_end)
        ragged = np.flatnonzero((a < left_end) | (right_start < b))
        if len(ragged):
            a, b = a[ragged, None], b[ragged, None]
            left = a + np.arange(base - 1)
            right = right_start[ragged, None] + np.arange(base - 1)
            rows = np.concatenate([np.where(left < left_end[ragged, None], left, a),
                                   np.where(right < b, right, a)], axis=1)
            samples = self.raw[(rows % self.capacity)[:, :, None], columns]
            low[ragged] = np.minimum(low[ragged], samples.min(axis=1))
            high[ragged] = np.maximum(high[ragged], samples.max(axis=1))
        return low, high


__all__ = ["Extremes"]
