"""The served measurements' history, for HistoryRead: each historized variable's values of
the last HISTORY, at most one per HISTORY_STEP_S of wall time (the last of each step), held
as two arrays of doubles (16 bytes a value, where asyncua's own memory history keeps a
DataValue of some 270). A 50-module colony's 500 measurements then hold at most 140 MB a
day, whatever the plant does; the recording (``--record``) stays the run's system of
record.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from asyncua import ua
from asyncua.server.history import HistoryDict

from ..sources.link.history import posix_s
from ..sources.link.schema import MODULE
from .model import Model

HISTORY = timedelta(hours=24)
HISTORY_STEP_S = 5.0  # wall seconds a stored value stands for (the panel's trend interval)
HISTORY_COUNT = math.ceil(HISTORY.total_seconds() / HISTORY_STEP_S) + 1  # per variable
TRIM = HISTORY_COUNT // 16  # values trimmed at once (trimming one at a time moves them all)


@dataclass
class Series:
    """One variable's history: POSIX times and values, oldest first."""

    kind: ua.VariantType
    t_s: array = field(default_factory=lambda: array("d"))
    values: array = field(default_factory=lambda: array("d"))
    step_start_s: float = -math.inf  # when the step the last value stands for began

    def add(self, t_s: float, value: float) -> None:
        """The step's last value replaces its earlier one; a later step's is appended."""
        if self.t_s and t_s < self.step_start_s + HISTORY_STEP_S:
            self.t_s[-1], self.values[-1] = t_s, value
            return
        self.t_s.append(t_s)
        self.values.append(value)
        self.step_start_s = t_s

    def trim(self, oldest_s: float) -> None:
        """Drop what is older than ``oldest_s`` or beyond HISTORY_COUNT, TRIM at a time."""
        excess = max(bisect_left(self.t_s, oldest_s), len(self.t_s) - HISTORY_COUNT)
        if excess >= TRIM:
            del self.t_s[:excess]
            del self.values[:excess]

    def value(self, i: int) -> ua.DataValue:
        stamp = ua.DateTime.fromtimestamp(self.t_s[i], UTC)
        number = self.values[i]
        variant = ua.Variant(number if self.kind == ua.VariantType.Double else int(number),
                             self.kind)
        return ua.DataValue(variant, SourceTimestamp=stamp, ServerTimestamp=stamp)


class CompactHistory(HistoryDict):
    """asyncua's memory history with the data changes held as :class:`Series` (events as
    asyncua holds them)."""

    def __init__(self) -> None:
        super().__init__()
        self.series: dict[ua.NodeId, Series] = {}

    async def new_historized_node(self, node_id: ua.NodeId, period: timedelta | None,
                                  count: int = 0) -> None:
        """Every variable is held for HISTORY, at most HISTORY_COUNT values (``period``
        and ``count`` are the server's, the same)."""
        self.series[node_id] = Series(ua.VariantType.Double)

    async def save_node_value(self, node_id: ua.NodeId, datavalue: ua.DataValue) -> None:
        series = self.series[node_id]
        variant = datavalue.Value
        if variant is None or variant.Value is None or datavalue.SourceTimestamp is None:
            return
        series.kind = variant.VariantType
        t_s = posix_s(datavalue.SourceTimestamp)
        series.add(t_s, float(variant.Value))
        series.trim(t_s - HISTORY.total_seconds())

    async def read_node_history(self, node_id: ua.NodeId, start: datetime | None,
                                end: datetime | None, nb_values: int
                                ) -> tuple[list[ua.DataValue], datetime | None]:
        """As asyncua's: between ``start`` and ``end`` (in reverse when ``start`` is the
        later, or when only ``end`` is given), at most ``nb_values``, and a continuation
        point beyond max_history_data_response_size."""
        series = self.series.get(node_id)
        if series is None:
            return [], None
        epoch = ua.get_win_epoch()
        low = None if start is None or start == epoch else posix_s(start)
        high = None if end is None or end == epoch else posix_s(end)
        reverse = low is None  # only an end (or neither): newest first
        if low is not None and high is not None and low > high:
            low, high, reverse = high, low, True
        first = 0 if low is None else bisect_left(series.t_s, low)
        last = len(series.t_s) if high is None else bisect_right(series.t_s, high)
        indices = range(last - 1, first - 1, -1) if reverse else range(first, last)
        if nb_values:
            indices = indices[:nb_values]
        cont = None
        if len(indices) > self.max_history_data_response_size:
            cont = series.value(indices[self.max_history_data_response_size]).SourceTimestamp
            indices = indices[:self.max_history_data_response_size]
        return [series.value(i) for i in indices], cont


async def historize(model: Model) -> None:
    """Keep each module's measurements and the Plant's SimulationTimeS (a station maps the
    wall time of the history to the plant's time with it) for HistoryRead, in a
    :class:`CompactHistory`, stamped with the server's wall clock."""
    nodes = [model.node("Plant.SimulationTimeS"),
             *(model.node(f"{name}.{f.name}") for name, (otype, _) in model.objects.items()
               if otype is MODULE for f in otype.fields
               if f.unit and f.deadband and not f.path.startswith("truth."))]
    read = ua.AccessLevel.CurrentRead.mask | ua.AccessLevel.HistoryRead.mask
    for node in nodes:
        for attr in (ua.AttributeIds.AccessLevel, ua.AttributeIds.UserAccessLevel):
            await node.write_attribute(attr, ua.DataValue(ua.Variant(read, ua.VariantType.Byte)))
        await node.write_attribute(ua.AttributeIds.Historizing,
                                   ua.DataValue(ua.Variant(True, ua.VariantType.Boolean)))
    model.server.iserver.history_manager.set_storage(CompactHistory())
    await model.server.historize_node_data_change(nodes, HISTORY, HISTORY_COUNT)
