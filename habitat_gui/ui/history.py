"""Trend history: fixed-size numpy ring buffers of each module's headline values.

Pure numpy (no Qt): one row per sample time, appended at most every ``interval_s`` of
simulated time, holding ``span_s`` (24 h by default) without ever growing.
"""

from __future__ import annotations

import numpy as np

from ..core.snapshot import Snapshot

QUANTITIES = ("ppo2_kpa", "o2_pct", "co2_ppm", "pressure_kpa", "temperature_c")


class TrendHistory:
    """Ring buffers ``values[quantity, module, slot]`` with their sample times."""

    def __init__(self, module_ids: tuple[str, ...], span_s: float = 86400.0,
                 interval_s: float = 5.0) -> None:
        self.module_ids = tuple(module_ids)
        self.index = {m: i for i, m in enumerate(self.module_ids)}
        self.interval_s = interval_s
        self.span_s = span_s
        self.capacity = int(np.ceil(span_s / interval_s)) + 1
        self.t = np.zeros(self.capacity, dtype=np.float64)
        self.values = np.zeros((len(QUANTITIES), len(self.module_ids), self.capacity),
                               dtype=np.float32)
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
        self.t[slot] = snap.t_s
        col = self.values[:, :, slot]
        for i, m in enumerate(snap.modules):
            col[0, i] = m.ppo2_kpa
            col[1, i] = m.o2_pct
            col[2, i] = m.co2_ppm
            col[3, i] = m.pressure_kpa
            col[4, i] = m.temperature_c
        self.head = (slot + 1) % self.capacity
        self.count = min(self.count + 1, self.capacity)
        self.last_t = snap.t_s
        return True

    def clear(self) -> None:
        self.count, self.head, self.last_t = 0, 0, -np.inf

    def _order(self) -> slice | np.ndarray:
        if self.count < self.capacity:
            return slice(0, self.count)
        return np.r_[self.head:self.capacity, 0:self.head]

    def times(self) -> np.ndarray:
        """Sample times in order (seconds)."""
        return self.t[self._order()]

    def series(self, quantity: str, module_id: str) -> np.ndarray:
        """One module's values of one quantity, oldest first."""
        q = QUANTITIES.index(quantity)
        return self.values[q, self.index[module_id]][self._order()]

    def extremes(self, quantity: str) -> tuple[np.ndarray, np.ndarray]:
        """Per-module (min, max) of a quantity over the held history."""
        q = QUANTITIES.index(quantity)
        if self.count == 0:
            nan = np.full(len(self.module_ids), np.nan)
            return nan, nan
        block = self.values[q, :, :self.count]
        return block.min(axis=1), block.max(axis=1)

    def fill(self, snap: Snapshot, span_s: float | None = None) -> None:
        """Fill the whole buffer with the snapshot's values (benchmarks and tests)."""
        span = self.span_s if span_s is None else span_s
        n = min(self.capacity, int(span / self.interval_s))
        for k in range(n):
            self.t[k] = snap.t_s - (n - k) * self.interval_s
        rows = np.array([[m.ppo2_kpa, m.o2_pct, m.co2_ppm, m.pressure_kpa, m.temperature_c]
                         for m in snap.modules], dtype=np.float32).T
        noise = np.sin(np.arange(n) / 50.0, dtype=np.float32) * 0.01
        self.values[:, :, :n] = rows[:, :, None] * (1 + noise)[None, None, :]
        self.count, self.head, self.last_t = n, n % self.capacity, self.t[n - 1]
