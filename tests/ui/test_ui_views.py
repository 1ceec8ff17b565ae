"""Views over published snapshots: schematic markers, trends and their table, history
ring buffers, simulation controls, event log, and a 50-module colony."""

from __future__ import annotations


import re

import numpy as np
import pytest
from PySide6.QtCore import Qt

from habitat_gui.contract.commands import Command
from habitat_gui.core.simulation import Simulation
from habitat_gui.sources.simulated import SimulatedSource
from habitat_gui.ui.history import TrendHistory
from habitat_gui.ui import fonts
from habitat_gui.ui.schematic import COMPACT_PX
from habitat_gui.ui.trends import REDRAW_HZ, TrendsPanel
from patience import PATIENCE_MS
from support import OFFSCREEN_NOISE, ares_source, make_window

from habitat_gui.core.plant.generated import grid_colony

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def test_normal_colony_shows_no_alarm_colour(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    for room in window.schematic.rooms.values():
        assert all(v.marker.priority == 0 for v in room.values)
        assert all(r.marker.priority == 0 and not r.tag.isVisible() for r in room.rows.values())
    assert window.schematic.rooms["hab-1"].rows["hab-1.cdra-a"].label.text().endswith(
        "RUNNING")
    assert window.schematic.rooms["hab-1"].rows["hab-1.cdra-b"].label.text().endswith(
        "STANDBY")


def test_doors_show_state_and_kind_in_words(qtbot, tmp_path):
    source = ares_source("hab3-generator-failure")
    source.step_once()                      # the scenario closes two hatches at t=0
    window = make_window(qtbot, tmp_path, source=source)
    doors = window.schematic.doors
    assert doors["hab-2/hab-3"].label.text() == "CLOSED"
    assert doors["hab-1/command"].label.text() == "OPEN"
    assert doors["command/workshop"].label.text() == "AIRLOCK\nOPEN"


def test_trends_record_plot_and_table(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    source, trends = window.station.source, window.trends
    window.station.select_module("hab-3")  # drawn with its neighbours
    for _ in range(30):
        source.step_once()
        before = trends.history.count
        snap = window.station.publish()
        if trends.history.count > before:
            sampled = snap
    trends.redraw()
    assert trends.history.count >= 6          # one sample per 5 simulated seconds
    x, y = trends.curves[("co2_ppm", "hab-3")].getData()
    assert len(x) == trends.history.count
    assert y[-1] == pytest.approx(sampled.module("hab-3").reading.co2_ppm, rel=1e-9)
    model = trends.table_model
    assert model.rowCount() == 6
    row = [model.index(3, c).data() for c in range(model.columnCount())]
    assert row[0] == "hab-3" and float(row[3]) == pytest.approx(
        source.snapshot().module("hab-3").reading.co2_ppm, abs=0.5)
    # unchecking a module removes its curves; checking brings them back
    trends.set_shown(["hab-1"])
    assert {mid for (_, mid) in trends.curves} == {"hab-1"}
    plot = trends.plots["ppo2_kpa"]
    assert plot.getViewBox().state["autoRange"] is not None


def test_trend_redraw_is_throttled(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, show=False)
    now = [100.0]
    trends = TrendsPanel(window.station, clock=lambda: now[0])
    qtbot.addWidget(trends)
    trends.redraw()
    drawn = trends.redraw_count  # with those of building it (the selected module's pens)
    for _ in range(40):
        window.station.publish()
    assert trends.redraw_count == drawn  # no time passed: no redraw, however many ticks
    now[0] = 100.0 + 0.5 / REDRAW_HZ
    window.station.publish()
    assert trends.redraw_count == drawn
    now[0] = 100.0 + 1.0 / REDRAW_HZ
    for _ in range(40):
        window.station.publish()
    assert trends.redraw_count == drawn + 1  # one when its interval is up, then none again


def test_history_ring_buffer_wraps_in_order():
    source = ares_source()
    history = TrendHistory(tuple(m.id for m in source.snapshot().modules),
                           span_s=60.0, interval_s=5.0)
    times = []
    for _ in range(40):
        source.simulation.advance(5)
        snap = source.snapshot()
        history.record(snap)
        times.append(snap.t_s)
    assert history.count == history.capacity == 13
    assert np.array_equal(history.times(), np.array(times[-13:]))
    assert np.all(np.diff(history.times()) > 0)
    assert history.series("pressure_kpa", "hab-1").shape == (13,)
    assert not history.record(snap)           # same time: nothing new


def test_pause_step_speed_and_clock(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    controls, source = window.controls, window.station.source
    assert not controls.step.isEnabled()
    qtbot.mouseClick(controls.pause, Qt.MouseButton.LeftButton)
    assert source.paused and controls.pause.text() == "Resume" and controls.step.isEnabled()
    qtbot.mouseClick(controls.step, Qt.MouseButton.LeftButton)
    assert source.snapshot().t_s == 1.0
    assert controls.clock.text() == "sim D+0 00:00:01"
    controls.speed.setCurrentIndex(controls.speed.findText("60x"))
    assert source.speed == 60.0
    qtbot.mouseClick(controls.pause, Qt.MouseButton.LeftButton)
    assert not source.paused


def test_timer_advances_at_1x(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    window.start()
    qtbot.waitUntil(lambda: window.station.latest.t_s >= 1.0, timeout=PATIENCE_MS)
    window.close()


def test_event_log_is_incremental(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, source=ares_source("hab3-generator-failure"))
    source = window.station.source
    for _ in range(5):
        source.simulation.advance(600)
        window.station.publish()
    assert len(window.log.model_.rows) == source.snapshot().event_count
    assert any("fused" in m for m in window.log.messages())
    kinds = {r[1] for r in window.log.model_.rows}
    assert "FAULT" in kinds and "COMMAND ACCEPTED" in kinds


def test_fifty_module_colony_fits_and_goes_compact(qtbot, tmp_path):
    source = SimulatedSource(Simulation(grid_colony(50), seed=1), 1.0)
    window = make_window(qtbot, tmp_path, source=source)
    view = window.schematic
    assert len(view.rooms) == 50
    view.resize(900, 600)
    window.station.select_module("m49")
    view.fit()
    # fitted whole, its words would be too small to read: the legible scale, and it scrolls
    assert view.transform().m11() == pytest.approx(fonts.min_text_px(view) / COMPACT_PX)
    assert view.transform().m11() < view.compact_below()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert not visible.contains(view._content.adjusted(1, 1, -1, -1))
    assert visible.contains(view.rooms["m49"].sceneBoundingRect())  # the selected in sight
    room = view.rooms["m00"]
    assert not room.detailed and room.compact_title.isVisible()
    assert not room.rows["m00.oga-a"].label.isVisible()
    assert room.compact[3].label.text() == "equipment normal"


def test_event_log_filters_by_kind_module_and_text(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, source=ares_source("hab3-generator-failure"))
    source = window.station.source
    source.simulation.advance(2400)
    window.station.issue(Command.of("switch_generator", module="hab-3", to="backup"))
    window.station.issue(Command.of("close", interconnect="hab-1/command"))
    window.station.publish()
    log = window.log
    everything = log.shown()
    assert len(everything) == len(log.model_.rows) == source.snapshot().event_count
    log.kind_filter.setCurrentIndex(log.kind_filter.findData("FAULT"))
    faults = log.shown()
    assert faults and len(faults) < len(everything) and {r[1] for r in faults} == {"FAULT"}
    log.kind_filter.setCurrentIndex(0)
    qtbot.keyClicks(log.text_filter, "FUSED")
    assert [r for r in everything if "fused" in f"{r[1]} {r[2]} {r[3]}".lower()] == log.shown()
    assert 0 < len(log.shown()) < len(everything)
    log.text_filter.clear()
    log.module_filter.setCurrentIndex(log.module_filter.findData("hab-3"))
    about_hab3 = log.shown()
    assert 0 < len(about_hab3) < len(everything)
    assert all(re.search(r"(?<![\w-])hab-3(?![\w-])", f"{r[2]} {r[3]}") for r in about_hab3)
    assert any(r[2] == "hab-3.relay" for r in about_hab3)  # named as part of the source
    log.module_filter.setCurrentIndex(log.module_filter.findData("hab-1"))
    assert [r[3] for r in log.shown()] == \
        ["close interconnect=hab-1/command: accepted: hab-1/command closed"]
    log.module_filter.setCurrentIndex(0)
    assert log.shown() == everything
    kind_width = log.table.horizontalHeader().sectionSize(1)
    assert kind_width >= log.table.fontMetrics().horizontalAdvance("COMMAND REJECTED")
