"""A station's trends from the server's history (HistoryRead): each module's instrument
readings and the Plant's SimulationTimeS over the same wall time, put on the plant's time.
The server stores a value when it changed beyond its deadband (the last of each 5 s), so a
reading holds from its stamp until the next; each sample of the plant's time takes the
readings standing at its wall time."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import numpy as np
from asyncua import Client, ua

from ..protocol import RecordedHistory

QUANTITY_NODES = {"ppo2_kpa": "PpO2Kpa", "o2_pct": "O2Pct", "co2_ppm": "Co2Ppm",
                  "pressure_kpa": "PressureKpa"}  # RecordedHistory's quantities, by variable
EMPTY = RecordedHistory(np.zeros(0), {q: np.zeros((0, 0)) for q in QUANTITY_NODES})

Series = tuple[np.ndarray, np.ndarray]  # POSIX wall times, values


def history_names(module_ids: Sequence[str]) -> list[str]:
    """The variables to read: SimulationTimeS, then each quantity of each module."""
    return ["Plant.SimulationTimeS", *(f"Modules.{m}.{variable}"
                                       for variable in QUANTITY_NODES.values()
                                       for m in module_ids)]


async def read_series(client: Client, idx: int, names: Sequence[str], span_s: float,
                      now: datetime) -> list[Series]:
    """Each variable's stored values of the last ``span_s`` up to ``now``, the reads sent
    together (one round trip's wait, not one per variable)."""
    start = now - timedelta(seconds=span_s)

    async def one(name: str) -> Series:
        node = client.get_node(ua.NodeId(ua.String(name), ua.Int16(idx)))
        stamps, values = [], []
        for stored in await node.read_raw_history(start, now, return_bounds=False):
            if stored.SourceTimestamp is not None and stored.Value is not None \
                    and stored.Value.Value is not None:
                stamps.append(posix_s(stored.SourceTimestamp))
                values.append(float(stored.Value.Value))
        return np.array(stamps), np.array(values)

    return list(await asyncio.gather(*(one(name) for name in names)))


def posix_s(moment: datetime) -> float:
    """An OPC UA timestamp (naive ones are UTC) as POSIX seconds."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def on_plant_time(series: Sequence[Series], modules: int) -> RecordedHistory:
    """``series`` as :func:`history_names` orders them into a RecordedHistory: one sample
    per stored SimulationTimeS, each quantity NaN before its first stored reading."""
    (wall_s, t_s), readings = series[0], series[1:]
    order = np.argsort(wall_s, kind="stable")
    wall_s, t_s = wall_s[order], t_s[order]
    values: dict[str, np.ndarray] = {}
    for q, quantity in enumerate(QUANTITY_NODES):
        table = np.full((len(t_s), modules), np.nan)
        for m in range(modules):
            stamps, read = readings[q * modules + m]
            at = np.searchsorted(stamps, wall_s, side="right") - 1
            table[at >= 0, m] = read[at[at >= 0]]
        values[quantity] = table
    return RecordedHistory(t_s, values)
