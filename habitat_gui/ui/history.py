"""Trend history: fixed-size numpy ring buffers of each module's headline values.

Pure numpy (no Qt): one row per sample time, appended at most every ``interval_s`` of
simulated time, holding ``span_s`` (24 h by default) without ever growing.
"""

from __future__ import annotations

import numpy as np

from ..contract.state import Snapshot

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
        self.last_t = -np.inf

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
        self.head = (slot + 1) % self.capacity
        self.count = min(self.count + 1, self.capacity)
        self.last_t = snap.t_s
        return True

    def clear(self) -> None:
        self.count, self.head, self.last_t = 0, 0, -np.inf

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
        self.count, self.head = n, n % self.capacity
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

    def extremes(self, quantity: str) -> tuple[np.ndarray, np.ndarray]:
        """Per-module (min, max) of a quantity over the held history."""
        q = QUANTITIES.index(quantity)
        if self.count == 0:
            nan = np.full(len(self.module_ids), np.nan)
            return nan, nan
        block = self.values[self._order(), q, :]
        return block.min(axis=0), block.max(axis=0)

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
        self.count, self.head, self.last_t = n, n % self.capacity, times[-1]


def _values(m) -> tuple[float, ...]:
    """A module's trended quantities, as its instruments read them (order of QUANTITIES)."""
    r = m.reading
    return (r.ppo2_kpa, r.o2_pct, r.co2_ppm, r.pressure_kpa, r.temperature_c)
