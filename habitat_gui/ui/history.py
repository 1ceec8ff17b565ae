"""Trend history: fixed-size numpy ring buffers of each module's headline values.

Pure numpy (no Qt): one row per sample time, appended at most every ``interval_s`` of
simulated time, holding ``span_s`` (24 h by default) without ever growing. Their extremes
are kept as the samples arrive (:mod:`.extremes`), so the plots' min/max envelope per
pixel column and the table's 24 h extremes cost what the pixels and the modules do, not
what the history holds.
"""

from __future__ import annotations

import numpy as np

from ..contract.state import Snapshot
from .extremes import Extremes

QUANTITIES = ("ppo2_kpa", "o2_pct", "co2_ppm", "pressure_kpa", "temperature_c")


class TrendHistory:
    """Ring buffers ``values[slot, quantity, module]`` with their sample times."""

    def __init__(self, module_ids: tuple[str, ...], span_s: float = 86400.0,
                 interval_s: float = 5.0) -> None:
        self.module_ids = tuple(module_ids)
        self.index = {m: i for i, m in enumerate(self.module_ids)}
        self.interval_s = interval_s
        self.span_s = span_s
        self.capacity = int(np.ceil(span_s / interval_s)) + 1
        # every sample is written twice (slot and slot + capacity) so the held history is
        # always one contiguous slice: no copying to put it in order for the plots
        self.t = np.zeros(2 * self.capacity, dtype=np.float64)
        # sample-major, so appending one sample writes one contiguous row
        self.values = np.zeros((2 * self.capacity, len(QUANTITIES), len(self.module_ids)),
                               dtype=np.float64)
        self.count = 0      # samples held (<= capacity)
        self.head = 0       # next slot to write
        self.total = 0      # samples recorded since the last clear: the next one's number
        self.last_t = -np.inf
        self.width = len(QUANTITIES) * len(self.module_ids)
        self._extremes = Extremes(self.values.reshape(2 * self.capacity, self.width),
                                  self.capacity)

    def record(self, snap: Snapshot, force: bool = False) -> bool:
        """Append the snapshot's values if ``interval_s`` has passed; True if it did."""
        if not force and snap.t_s - self.last_t < self.interval_s:
            return False
        if snap.t_s < self.last_t:      # time went backwards: a new run
            self.clear()
        slot = self.head
        row = np.array([_values(m) for m in snap.modules]).T
        for k in (slot, slot + self.capacity):
            self.t[k] = snap.t_s
            self.values[k] = row
        self._extremes.pushed(self.total)
        self.total += 1
        self.head = self.total % self.capacity
        self.count = min(self.count + 1, self.capacity)
        self.last_t = snap.t_s
        return True

    def clear(self) -> None:
        self.count, self.head, self.total, self.last_t = 0, 0, 0, -np.inf

    def _held(self, n: int) -> None:
        """``n`` samples written at once in slots ``0 .. n - 1``."""
        self.count, self.total, self.head = n, n, n % self.capacity
        self._extremes.rebuild(n)

    def load(self, t_s: np.ndarray, values: dict[str, np.ndarray],
             temperature_c: np.ndarray) -> None:
        """Replace the history with recorded samples: per quantity, samples x modules as
        the instruments read them, thinned to ``interval_s``; the last ``span_s`` are
        kept."""
        self.clear()
        keep = np.flatnonzero(np.diff(t_s // self.interval_s, prepend=-1.0) > 0)
        keep = keep[t_s[keep] >= t_s[-1] - self.span_s] if len(keep) else keep
        n = min(len(keep), self.capacity)
        keep = keep[len(keep) - n:]
        read = {q: values[q][keep] for q in QUANTITIES[:-1]}
        rows = np.stack([*(read[q] for q in QUANTITIES[:-1]),
                         np.broadcast_to(temperature_c, read["ppo2_kpa"].shape)], axis=1)
        for start in (0, self.capacity):
            self.t[start:start + n] = t_s[keep]
            self.values[start:start + n] = rows
        self._held(n)
        self.last_t = float(t_s[keep[-1]]) if n else -np.inf

    def _order(self) -> slice:
        if self.count < self.capacity:
            return slice(0, self.count)
        return slice(self.head, self.head + self.capacity)

    def times(self) -> np.ndarray:
        """Sample times in order (seconds)."""
        return self.t[self._order()]

    def series(self, quantity: str, module_id: str) -> np.ndarray:
        """One module's values of one quantity, oldest first."""
        q = QUANTITIES.index(quantity)
        return self.values[self._order(), q, self.index[module_id]]

    def columns(self, curves: list[tuple[str, str]]) -> np.ndarray:
        """Where each (quantity, module) is in a sample's row."""
        return np.array([QUANTITIES.index(q) * len(self.module_ids) + self.index[m]
                         for q, m in curves], dtype=np.int64)

    def extremes(self, quantity: str) -> tuple[np.ndarray, np.ndarray]:
        """Per-module (min, max) of a quantity over the held history."""
        if self.count == 0:
            nan = np.full(len(self.module_ids), np.nan)
            return nan, nan
        low, high = self._extremes.runs(np.array([self.total - self.count]),
                                        np.array([self.total]),
                                        self.columns([(quantity, m) for m in self.module_ids]))
        return low[0], high[0]

    def envelope(self, t0_s: float, t1_s: float, pixels: int,
                 curves: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
        """What to draw of ``curves`` (quantity, module) between ``t0_s`` and ``t1_s`` over
        ``pixels`` columns, with the sample either side: the samples themselves when there
        are at most two a column, else per column the minimum and maximum of the samples
        in it (by whole blocks of the level with one or two blocks a column), the earlier
        at its first sample's time and the other at its last's, the minimum first where
        the curve rises. Times (s), and values curves x points."""
        times = self.times()
        cols = self.columns(curves)
        start = max(int(np.searchsorted(times, t0_s)) - 1, 0)
        stop = min(int(np.searchsorted(times, t1_s, side="right")) + 1, len(times))
        if stop - start <= 2 * pixels:
            block = self.values[self._order()][start:stop].reshape(-1, self.width)
            return times[start:stop], block[:, cols].T
        k = min(int(np.log2((stop - start) / pixels)), self._extremes.top)
        size = 1 << k
        first = self.total - self.count     # the number of the oldest sample held
        a, b = first + start, first + stop
        j0, j1 = -(-a // size), b // size   # the whole blocks in view: j0 .. j1 - 1
        bounds = np.unique(np.concatenate([[a], np.clip(np.arange(j0, j1 + 1) * size, a, b),
                                           [b]]))
        whole = (bounds[:-1] % size == 0) & (np.diff(bounds) == size)
        low, high = np.empty((len(whole), len(cols))), np.empty((len(whole), len(cols)))
        if j1 > j0:
            low[whole], high[whole] = self._extremes.blocks(k, j0, j1, cols)
        ragged = ~whole                     # the ends short of a block, when there are any
        low[ragged], high[ragged] = self._extremes.runs(bounds[:-1][ragged],
                                                        bounds[1:][ragged], cols)
        bounds -= first
        pixel = np.floor((times[bounds[:-1]] - t0_s) / (t1_s - t0_s) * pixels)
        heads = np.flatnonzero(np.diff(pixel, prepend=np.nan))   # each column's first block
        low, high = np.minimum.reduceat(low, heads, 0), np.maximum.reduceat(high, heads, 0)
        middle = low + high
        rising = np.append(middle[1:] >= middle[:-1], np.ones((1, len(cols)), bool), axis=0)
        y = np.stack([np.where(rising, low, high), np.where(rising, high, low)], axis=1)
        x = np.stack([times[bounds[heads]], times[np.append(bounds[heads[1:]], bounds[-1]) - 1]],
                     axis=1)
        return x.reshape(-1), y.reshape(-1, len(cols)).T

    def fill(self, snap: Snapshot, span_s: float | None = None) -> None:
        """Fill the whole buffer with the snapshot's values (benchmarks and tests)."""
        span = self.span_s if span_s is None else span_s
        self.clear()
        n = min(self.capacity, int(span / self.interval_s))
        rows = np.array([_values(m) for m in snap.modules]).T
        noise = np.sin(np.arange(n) / 50.0) * 0.01
        times = snap.t_s - (n - np.arange(n)) * self.interval_s
        for k in range(n):
            for slot in (k, k + self.capacity):
                self.t[slot] = times[k]
                self.values[slot] = rows * (1 + noise[k])
        self._held(n)
        self.last_t = times[-1]


def _values(m) -> tuple[float, ...]:
    """A module's trended quantities, as its instruments read them (order of QUANTITIES)."""
    r = m.reading
    return (r.ppo2_kpa, r.o2_pct, r.co2_ppm, r.pressure_kpa, r.temperature_c)
