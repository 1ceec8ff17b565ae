"""How the model sensors read the true air: gain, bias, drift and noise per module and
quantity, packed as arrays; the noise of each step depends only on the seed and the step's
place on the time grid."""

from __future__ import annotations

import numpy as np

from .equipment import Sensor
from .habitat import SENSOR_QUANTITIES
from .stepping import BATCH_MAX

SENSOR_COLUMN = {q: i for i, q in enumerate(SENSOR_QUANTITIES)}  # column of a reading


def sensor_noise(seed: int, block: int, shape: tuple[int, ...]) -> np.ndarray:
    """Standard normal sensor noise for one block of the time grid, from its own stream."""
    return np.random.Generator(np.random.Philox(key=(seed << 64) | block)).standard_normal(shape)


class SensorReadout:
    """The world's sensors as arrays (modules x quantities), packed again when stale."""

    def __init__(self, sensors: dict[str, Sensor], index: dict[str, int], seed: int) -> None:
        self.sensors = sensors
        self.index = index  # module id -> row
        self.seed = seed
        self.stale = True
        self._noise_block: tuple[int, np.ndarray] = (-1, np.empty(0))  # (block, its noise)

    def pack(self) -> None:
        shape = (len(self.index), len(SENSOR_QUANTITIES))
        self.gain, self.bias = np.zeros(shape), np.zeros(shape)
        self.drift, self.since = np.zeros(shape), np.zeros(shape)
        self.noise = np.zeros(shape)
        for s in self.sensors.values():
            at = (self.index[s.spec.module], SENSOR_COLUMN[s.spec.quantity])
            self.gain[at], self.bias[at] = s.gain, s.bias
            self.drift[at], self.since[at] = s.drift_per_s, s.since_s
            self.noise[at] = s.noise
        self.any_drift = bool(self.drift.any())
        self.any_noise = bool(self.noise.any())
        self.stale = False

    def read(self, true: np.ndarray, first: int, dt_s: float) -> np.ndarray:
        """Readings of ``true`` (steps x modules x quantities) for steps ``first + 1 ..``."""
        if self.stale:
            self.pack()
        steps = len(true)
        bias = self.bias
        if self.any_drift:
            times = dt_s * np.arange(first + 1, first + steps + 1)
            bias = bias + self.drift * (times[:, None, None] - self.since)
        readings = true * (1.0 + self.gain)
        readings += bias
        if self.any_noise:  # forecasts expect sensors without noise: draw none for them
            readings += self._noise(first, steps, true.shape[1:]) * self.noise
        return readings

    def read_mean(self, true: np.ndarray, t_s: float) -> np.ndarray:
        """Readings of ``true`` (modules x quantities) at ``t_s`` averaged over the noise:
        gain, bias and drift, as a record of many samples shows them."""
        if self.stale:
            self.pack()
        return true * (1.0 + self.gain) + self.bias + self.drift * (t_s - self.since)

    def read_without_noise(self, true: np.ndarray) -> np.ndarray:
        """Readings of ``true`` through the sensors as they are now (packed afresh), with their
        gain and bias but no drift or noise."""
        self.pack()
        return true * (1.0 + self.gain) + self.bias

    def _noise(self, first: int, steps: int, shape: tuple[int, ...]) -> np.ndarray:
        """Noise rows for steps ``first ..``, from blocks of BATCH_MAX steps (last one kept)."""
        rows = []
        for block in range(first // BATCH_MAX, (first + steps - 1) // BATCH_MAX + 1):
            if self._noise_block[0] != block:
                self._noise_block = (block, sensor_noise(self.seed, block, (BATCH_MAX, *shape)))
            lo = max(first - block * BATCH_MAX, 0)
            rows.append(self._noise_block[1][lo:first + steps - block * BATCH_MAX])
        return rows[0] if len(rows) == 1 else np.concatenate(rows)
