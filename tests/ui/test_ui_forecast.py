"""Forecasts on the panel: time to danger on the rooms, dotted futures, and the consequence
of a command in its confirmation."""

from __future__ import annotations

import pytest
from support import OFFSCREEN_NOISE, ScriptedPrompts, ares_source, make_window

from habitat_gui.contract.commands import Command

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def _breached_window(qtbot, tmp_path, prompts=None):
    source = ares_source("seal-breach")
    source.simulation.run_until(400)
    window = make_window(qtbot, tmp_path, source, prompts)
    window.station.publish()
    window.forecasts.settle()
    return window


def test_rooms_show_the_first_forecast_danger(qtbot, tmp_path):
    window = _breached_window(qtbot, tmp_path)
    text = window.schematic.rooms["hab-2"].values[3].label.text()
    assert text.startswith("forecast: ppO2 < 16 kPa in 1 h"), text
    assert window.schematic.rooms["hab-2"].values[3].marker.priority == 0  # not an alarm


def test_trends_continue_with_the_forecast(qtbot, tmp_path):
    window = _breached_window(qtbot, tmp_path)
    window.station.select_module("hab-3")
    x, y = window.trends.futures[("ppo2_kpa", "hab-3")].getData()
    assert x[0] == pytest.approx(400 / 3600) and x[-1] == pytest.approx((400 + 6 * 3600) / 3600)
    assert y[-1] < 16 < y[0]


def test_trends_continue_a_drifting_sensor_from_its_reading(qtbot, tmp_path):
    source = ares_source("worn-colony")  # the command module's pressure sensor reads 0.5 % low
    source.simulation.run_until(600)
    window = make_window(qtbot, tmp_path, source)
    window.station.publish()
    window.forecasts.settle()
    _, y = window.trends.futures[("pressure_kpa", "command")].getData()
    shown = window.trends.history.series("pressure_kpa", "command")[-1]
    truth = source.snapshot().module("command").truth.pressure_kpa
    assert abs(y[0] - shown) < 0.2 and abs(y[1] - shown) < 0.2 and truth - y[1] > 0.4


def test_selected_module_gets_the_forecast_band(qtbot, tmp_path):
    window = _breached_window(qtbot, tmp_path)
    window.station.select_module("hab-3")
    low, high, _ = window.trends.bands["ppo2_kpa"]
    _, lo = low.getData()
    _, hi = high.getData()
    _, mid = window.trends.futures[("ppo2_kpa", "hab-3")].getData()
    assert len(lo) == len(mid) and (lo <= mid + 1e-9).all() and (mid <= hi + 1e-9).all()
    assert (hi - lo).max() > 0.05  # resting and working crews breathe differently
    window.station.select_module(None)
    assert len(low.getData()[0] or []) == 0


def test_nominal_colony_shows_no_forecast_danger(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    window.forecasts.settle()
    assert window.forecasts.latest is not None
    assert all(not room.values[3].label.text() for room in window.schematic.rooms.values())


def test_confirmation_shows_the_forecast_with_and_without_the_command(qtbot, tmp_path):
    prompts = ScriptedPrompts(confirm=False)
    window = _breached_window(qtbot, tmp_path, prompts)
    assert window.station.issue(Command.of("seal", interconnect="hab-3/hab-4")) is None
    _, hazard = prompts.confirmations[-1]
    assert "with this command" in hazard and "lowest SpO2, hab-4 crew" in hazard
    assert "ppO2 &lt; 16 kPa in" in hazard and "<b>no danger</b>" in hazard  # the others saved
    # all hatches open: one air, leaking, so moving people within it changes no forecast
    assert window.station.issue(Command.of("evacuate", module="hab-4", to="hab-3")) is None
    _, hazard = prompts.confirmations[-1]
    assert "Move 4 people from Hab-4 to Hab-3" in hazard
    assert "The forecast for the next 3 h is the same with this command." in hazard
    assert window.station.latest.module("hab-4").crew_count == 4  # declined: nothing moved
