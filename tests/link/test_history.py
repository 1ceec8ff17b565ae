"""The served history (link/history.py): one value a step, the last of it; a day and
HISTORY_COUNT kept; HistoryRead's directions, its limit and continuation as asyncua's."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from asyncua import ua

from habitat_gui.link.history import (HISTORY, HISTORY_COUNT, HISTORY_STEP_S, TRIM,
                                      CompactHistory)

NODE = ua.NodeId("Modules.hab-4.PressureKpa", 1)
T0 = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)


def _stored(values: list[tuple[float, float]], limit: int = 10000) -> CompactHistory:
    """A history of NODE with (seconds after T0, value) saved in order."""
    history = CompactHistory()
    history.max_history_data_response_size = limit

    async def fill():
        await history.new_historized_node(NODE, HISTORY, HISTORY_COUNT)
        for after_s, value in values:
            stamp = T0 + timedelta(seconds=after_s)
            await history.save_node_value(NODE, ua.DataValue(
                ua.Variant(value, ua.VariantType.Double), SourceTimestamp=stamp))
    asyncio.run(fill())
    return history


def _read(history, start, end, nb_values=0):
    return asyncio.run(history.read_node_history(NODE, start, end, nb_values))


def _at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_a_step_keeps_its_last_value():
    history = _stored([(0.0, 101.0), (1.0, 101.1), (4.9, 101.2), (5.0, 101.3), (7.0, 101.4)])
    values, cont = _read(history, _at(0), _at(60))
    assert [(v.SourceTimestamp, v.Value.Value) for v in values] == [
        (_at(4.9), 101.2), (_at(7.0), 101.4)]
    assert cont is None
    assert values[0].Value.VariantType == ua.VariantType.Double


def test_a_day_is_kept_and_no_more():
    day_s = HISTORY.total_seconds()
    steps = [(i * HISTORY_STEP_S, float(i)) for i in range(HISTORY_COUNT + TRIM)]
    series = _stored(steps).series[NODE]
    assert HISTORY_COUNT - TRIM < len(series.t_s) <= HISTORY_COUNT
    assert series.t_s[-1] - series.t_s[0] <= day_s
    assert series.values[-1] == float(HISTORY_COUNT + TRIM - 1)  # the newest kept


def test_history_read_directions_limits_and_continuation():
    history = _stored([(i * 10.0, float(i)) for i in range(10)], limit=3)
    epoch = ua.get_win_epoch()
    forward, cont = _read(history, _at(20), _at(60))
    assert [v.Value.Value for v in forward] == [2.0, 3.0, 4.0]
    assert cont == _at(50)  # where the next read goes on
    backward, _ = _read(history, _at(60), _at(20))
    assert [v.Value.Value for v in backward] == [6.0, 5.0, 4.0]
    newest, _ = _read(history, epoch, _at(45), nb_values=2)
    assert [v.Value.Value for v in newest] == [4.0, 3.0]
    assert _read(history, _at(200), None)[0] == []
    assert asyncio.run(history.read_node_history(ua.NodeId("other", 1), None, None, 0)) \
        == ([], None)
