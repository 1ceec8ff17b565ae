"""Trends a person can use: the selection and its neighbours drawn, a crosshair readout,
zoom and pan that stop following the present until Return to live."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from habitat_gui.ui.trend_cursor import readout
from support import OFFSCREEN_NOISE, make_window

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def _window_with_history(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    source = window.station.source
    for _ in range(12):
        source.simulation.advance(10)
        window.station.publish()
    window.trends.redraw()
    return window


def test_selecting_a_module_draws_it_and_its_neighbours(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    trends = window.trends
    window.station.select_module("hab-3")
    assert trends.shown_modules() == ["hab-2", "hab-3", "hab-4"]
    assert {mid for _, mid in trends.curves} == {"hab-2", "hab-3", "hab-4"}
    assert set(trends.plots) == {"ppo2_kpa", "o2_pct", "co2_ppm", "pressure_kpa"}
    window.station.select_module("workshop")
    assert trends.shown_modules() == ["command", "workshop"]


def test_zoom_stops_following_and_return_to_live_resumes(qtbot, tmp_path):
    window = _window_with_history(qtbot, tmp_path)
    trends = window.trends
    trends.tabs.setCurrentIndex(0)
    assert trends.following and not trends.live_button.isVisible()
    view = trends.plots_widget
    box = trends.plots["ppo2_kpa"].getViewBox()
    centre = view.mapFromScene(box.sceneBoundingRect().center())
    wheel = QWheelEvent(QPointF(centre), QPointF(view.viewport().mapToGlobal(centre)),
                        QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), wheel)
    assert not trends.following and trends.live_button.isVisible()
    zoomed = box.viewRange()[0]
    for _ in range(6):  # the present moves on; the zoomed view stays put
        window.station.source.simulation.advance(60)
        window.station.publish()
    trends.redraw()
    assert box.viewRange()[0] == pytest.approx(zoomed)
    qtbot.mouseClick(trends.live_button, Qt.MouseButton.LeftButton)
    assert trends.following and not trends.live_button.isVisible()
    assert box.viewRange()[0][1] >= trends.history.times()[-1] / 3600.0 - 1e-6


def test_the_cursor_reads_the_time_and_the_pens_under_it(qtbot, tmp_path):
    window = _window_with_history(qtbot, tmp_path)
    trends = window.trends
    window.station.select_module("hab-4")  # hab-4 and hab-3
    times = trends.history.times()
    k = len(times) // 2
    x = times[k] / 3600.0
    text = readout(trends, x)
    hab3 = trends.history.series("ppo2_kpa", "hab-3")[k]
    co2 = trends.history.series("co2_ppm", "hab-4")[k]
    assert text.startswith("D+0 00:")
    assert f"ppO2 kPa: hab-3 {hab3:.1f}, hab-4" in text and f"hab-4 {co2:.0f}" in text
    assert "hab-1" not in text  # only the pens drawn
    trends.cursor.show_at(x)
    assert trends.readout.text() == text
    assert all(line.isVisible() and line.value() == pytest.approx(x)
               for line in trends.cursor.lines.values())
