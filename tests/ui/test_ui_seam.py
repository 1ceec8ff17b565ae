"""The panel over the plant-source seam: every view against a scripted source with no
simulator behind it, and the same checks against the embedded simulator; marks come from
the plant's alarm states and nothing else."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from habitat_gui.contract.commands import Command
from habitat_gui.sources.protocol import ClockControl, Forecasting, Operator
from habitat_gui.ui import actions
from habitat_gui.ui.main_window import MainWindow
from scripted_source import ScriptedSource, alarm
from support import OFFSCREEN_NOISE, ScriptedPrompts, ares_source, make_window

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)

PRIORITIES = (("high", 1), ("medium", 2), ("low", 3))


def _window(qtbot, tmp_path, source, prompts=None) -> MainWindow:
    window = make_window(qtbot, tmp_path, source=source, prompts=prompts)
    window.station.publish()
    return window


# ----------------------------------------------------------------------------- both sources
def test_every_view_shows_the_published_plant(qtbot, tmp_path, plant):
    window = _window(qtbot, tmp_path, plant)
    snap = window.station.latest
    assert set(window.schematic.rooms) == {m.id for m in snap.modules}
    assert set(window.schematic.doors) == {k.id for k in snap.interconnects}
    hab2 = snap.module("hab-2")
    assert window.schematic.rooms["hab-2"].values[0].label.text().startswith(
        f"ppO2 {hab2.reading.ppo2_kpa:.1f} kPa")
    assert window.crew.model_.rowCount() == len(snap.crew)
    window.trends.redraw()
    table = window.trends.table_model
    assert [table.data(table.index(r, 0)) for r in range(table.rowCount())] == \
        [m.id for m in snap.modules]
    window.station.select_module("hab-3")
    assert window.detail.module_id == "hab-3"
    assert window.detail.value_labels["Crew"].text() == str(snap.module("hab-3").crew_count)
    water_kg = snap.module("hab-3").water_kg  # published by the simulated source
    reserve = window.detail.value_labels["O2 reserve"].text()
    assert ("electrolysis water" in reserve) == (water_kg is not None)
    assert water_kg is None or f"electrolysis water {water_kg:.1f} kg" in reserve


def test_no_alarm_means_no_mark_whatever_the_readings(qtbot, tmp_path, plant):
    window = _window(qtbot, tmp_path, plant)
    for room in window.schematic.rooms.values():
        assert all(v.marker.priority == 0 for v in room.values)
        assert all(r.marker.priority == 0 for r in room.rows.values())


def test_commands_reach_the_source_signed_by_the_person(qtbot, tmp_path, plant):
    window = make_window(qtbot, tmp_path, source=plant)
    window.station.operator = Operator("Okafor")
    window.station.select_interconnect("hab-2/hab-3")
    window.station.publish()
    close = window.command_actions["close"]
    assert close.isEnabled()
    close.trigger()
    if isinstance(plant, ScriptedSource):
        command, operator = plant.sent[-1]
        assert command == Command.of("close", interconnect="hab-2/hab-3")
        assert operator.name == "Okafor"
    else:
        record = plant.simulation.history[-1]
        assert (record.command, record.who, record.outcome) == ("close", "Okafor", "accepted")
    assert any("close interconnect=hab-2/hab-3" in m for m in window.log.messages())


def test_an_observer_is_offered_nothing(qtbot, tmp_path, plant):
    window = make_window(qtbot, tmp_path, source=plant)
    window.station.operator = Operator("visitor", "observer")
    window.station.select_module("hab-3")
    window.station.publish()
    window.offer_commands()
    assert not window.command_actions["evacuate"].isEnabled()
    assert "read-only" in window.command_actions["evacuate"].toolTip()
    seal = window.findChild(QPushButton, "btn_hab-2/hab-3_seal")
    assert not seal.isEnabled() and "read-only" in seal.toolTip()


# ----------------------------------------------------------------------------- the scripted plant
@pytest.mark.parametrize("priority, number", PRIORITIES)
def test_each_priority_marks_overview_faceplate_and_table(qtbot, tmp_path, priority, number):
    source = ScriptedSource()
    window = _window(qtbot, tmp_path, source)
    window.station.select_module("hab-3")
    source.publish(alarms=(alarm("hab-3", "ppo2_kpa", priority, "LOW"),
                           alarm("hab-3.oga-a", "generator_state", priority, "FAILED"),
                           alarm("Garcia", "spo2_pct", priority, "LOW", module="hab-3")))
    window.station.publish()
    room = window.schematic.rooms["hab-3"]
    assert room.values[0].marker.priority == number and room.values[0].marker.isVisible()
    assert room.values[0].label.text().endswith("LOW")
    assert room.values[1].marker.priority == 0  # CO2 has no alarm
    assert room.rows["hab-3.oga-a"].marker.priority == number
    assert window.schematic.rooms["hab-2"].values[0].marker.priority == 0
    assert f"[{number}] LOW" in window.detail.value_labels["ppO2"].text()
    plate = window.findChild(QLabel, "alarm_hab-3.oga-a").text()
    assert f"&nbsp;{number}&nbsp;" in plate and "FAILED" in plate
    window.trends.redraw()
    table = window.trends.table_model
    row = [m.id for m in window.station.latest.modules].index("hab-3")
    assert table.data(table.index(row, 1)).endswith(f"[{number}] LOW")
    crew = window.crew.model_
    garcia = [c.name for c in crew.rows].index("Garcia")
    assert crew.data(crew.index(garcia, 5)).startswith(f"[{number}] LOW")
    source.publish(alarms=())
    window.station.publish()
    assert room.values[0].marker.priority == 0 and room.rows["hab-3.oga-a"].marker.priority == 0


def test_a_breach_alarm_marks_the_leak_line(qtbot, tmp_path):
    source = ScriptedSource()
    window = _window(qtbot, tmp_path, source)
    source.publish(alarms=(alarm("hab-4", "breach_time_min", "high", "LEAK"),))
    window.station.publish()
    leak = window.schematic.rooms["hab-4"].values[3]
    assert leak.marker.priority == 1 and leak.label.text().startswith("LEAK")


def test_readings_far_out_of_range_are_not_marked_without_an_alarm(qtbot, tmp_path):
    source = ScriptedSource()
    source.module("hab-3", ppo2_kpa=9.0, co2_ppm=40000.0, pressure_kpa=50.0)
    window = _window(qtbot, tmp_path, source)
    room = window.schematic.rooms["hab-3"]
    assert room.values[0].label.text().startswith("ppO2 9.0 kPa")
    assert all(v.marker.priority == 0 for v in room.values)


def test_what_the_source_cannot_do_is_absent(qtbot, tmp_path):
    source = ScriptedSource()
    assert not isinstance(source, (ClockControl, Forecasting))
    window = _window(qtbot, tmp_path, source)
    assert window.banner is None and not window.windowTitle().startswith("[SIMULATION]")
    assert not window.controls.pause.isVisibleTo(window)
    assert not window.controls.speed.isVisibleTo(window)
    assert window.controls.seed.text() == "Ares Base"  # no seed: not a simulation
    assert "sim " not in window.controls.clock.text()
    assert window.forecasts is None and window.training is None
    assert "maintenance" not in window.docks
    window.station.select_module("hab-3")
    assert "sim" not in window.detail.value_labels["ppO2"].text()
    assert window.detail.value_labels["Leak"].text() == "none"


def test_a_refusal_of_the_plant_offers_the_command_off_with_its_reason(qtbot, tmp_path):
    source = ScriptedSource()
    source.refusals["seal interconnect=hab-3/hab-4"] = "3 crew are passing through hab-3/hab-4"
    prompts = ScriptedPrompts(confirm=True)
    window = _window(qtbot, tmp_path, source, prompts)
    window.station.select_module("hab-3")
    window.station.select_interconnect("hab-3/hab-4")
    window.station.publish()
    button = window.findChild(QPushButton, "btn_hab-3/hab-4_seal")
    assert not button.isEnabled() and "passing through" in button.toolTip()
    window.offer_commands()
    assert not window.command_actions["seal"].isEnabled()
    menu = actions.module_menu(window.station, "hab-3", window)
    sub = next(a.menu() for a in menu.actions() if a.menu() and "hab-3/hab-4" in a.text())
    item = next(a for a in sub.actions() if a.objectName() == "ctx_seal")
    assert not item.isEnabled() and "passing through" in item.toolTip()
    source.hazards["seal"] = "nobody can pass"
    assert window.station.issue(Command.of("seal", interconnect="hab-3/hab-4")) is None
    assert prompts.confirmations == [] and source.sent == []  # never asked, never sent
    del source.refusals["seal interconnect=hab-3/hab-4"]
    window.station.publish()
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert prompts.confirmations and source.sent[-1][0].name == "seal"


def test_a_command_refused_while_its_confirmation_stood_is_not_sent(qtbot, tmp_path):
    source = ScriptedSource()
    source.hazards["seal"] = "nobody can pass"
    command = Command.of("seal", interconnect="hab-3/hab-4")

    class ChangesWhileAsking(ScriptedPrompts):
        def confirm(self, parent, command_text, hazard, recheck=None):
            source.refusals[command.text()] = "3 crew are passing through hab-3/hab-4"
            assert recheck is not None and "passing through" in recheck()
            return True
    prompts = ChangesWhileAsking()
    window = _window(qtbot, tmp_path, source, prompts)
    assert window.station.issue(command) is None
    assert source.sent == [] and prompts.refusals[0][1].endswith("passing through hab-3/hab-4")


# ----------------------------------------------------------------------------- the simulator
def test_the_hab3_story_marks_hab3_low_ppo2_at_d1_0600(qtbot, tmp_path):
    source = ares_source("hab3-generator-failure")
    source.run_until(30 * 3600)  # D+1 06:00: the primary failed, the fused relay held
    window = _window(qtbot, tmp_path, source)
    ppo2 = next(a for a in window.station.alarms if a.id == "hab-3.ppo2")
    assert ppo2.priority == "low" and ppo2.active
    line = window.schematic.rooms["hab-3"].values[0]
    assert window.station.latest.module("hab-3").reading.ppo2_kpa == pytest.approx(17.8, abs=0.1)
    assert line.marker.priority == 3 and line.label.text().endswith("LOW")
    assert window.schematic.rooms["hab-3"].rows["hab-3.oga-a"].marker.priority == 1
    assert window.schematic.rooms["hab-3"].rows["hab-3.relay"].marker.priority == 2
    assert window.schematic.rooms["hab-2"].values[0].marker.priority == 0


def test_trend_limits_are_the_alarms_own(qtbot, tmp_path, plant):
    import pyqtgraph as pg
    window = _window(qtbot, tmp_path, plant)
    lines = sorted(round(item.value(), 1) for item in window.trends.plots["ppo2_kpa"].items
                   if isinstance(item, pg.InfiniteLine) and item.angle == 0)  # not the cursor
    expected = sorted(round(lim.value, 1) for lim in plant.alarm_limits()
                      if lim.quantity == "ppo2_kpa")
    assert lines == expected and 16.0 in lines
