"""One way to write a duration and one to write a moment of the mission."""

from __future__ import annotations

import math

import pytest

from habitat_gui.contract.alarms import AlarmState
from habitat_gui.contract.timefmt import NEVER, NO_TIME, duration, mission_time


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "0 s"), (59, "59 s"), (59.9, "59 s"), (60, "1 min"), (60 - 1e-9, "1 min"),
    (119, "1 min"), (3599, "59 min"), (3600, "1 h 00 min"), (5712, "1 h 35 min"),
    (86399, "23 h 59 min"), (86400, "1 d 00 h"), (2 * 86400 + 3 * 3600 + 59, "2 d 03 h"),
    (-90, "-1 min"), (-5, "-5 s")])
def test_duration(seconds, text):
    assert duration(seconds) == text


@pytest.mark.parametrize(("seconds", "text"), [
    (None, NO_TIME), (math.nan, NO_TIME), (math.inf, NEVER), (-math.inf, NO_TIME)])
def test_duration_without_a_number(seconds, text):
    assert duration(seconds) == text


@pytest.mark.parametrize(("t_s", "text"), [
    (0, "D+0 00:00:00"), (59, "D+0 00:00:59"), (1800.9999999, "D+0 00:30:01"),
    (3599, "D+0 00:59:59"), (3600, "D+0 01:00:00"), (86399, "D+0 23:59:59"),
    (86400, "D+1 00:00:00"), (30 * 3600, "D+1 06:00:00"), (2 * 86400, "D+2 00:00:00"),
    (-5, "D-0 00:00:05"), (None, NO_TIME), (math.nan, NO_TIME), (math.inf, NO_TIME)])
def test_mission_time(t_s, text):
    assert mission_time(t_s) == text


def _alarm(value: float, limit: float, unit: str) -> AlarmState:
    return AlarmState("hab-3.breach", "breach: time to evacuation pressure", "medium",
                      "UNACKNOWLEDGED", True, value, unit, limit, "hab-3", "hab-3", 0.0, None,
                      None, "", "", "")


def test_an_alarm_on_minutes_writes_them_as_a_duration():
    assert _alarm(95.2, 120.0, "min").text == (
        "hab-3 breach: time to evacuation pressure: 1 h 35 min (limit 2 h 00 min)")
    assert _alarm(95.2, 120.0, "kPa").text.endswith(": 95.2 kPa (limit 120 kPa)")
