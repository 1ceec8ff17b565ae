"""The overview's analog indicators: scale from the plant's limits, pointer where the value
is, alarm colour only when an alarm state marks the value."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from habitat_gui.contract.alarms import AlarmLimit
from habitat_gui.ui import style
from habitat_gui.ui.gauge import pointer_colour, paint_gauge, scale_for
from habitat_gui.ui.marks import Mark
from scripted_source import ScriptedSource, alarm
from support import OFFSCREEN_NOISE, make_window

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)

PPO2 = (AlarmLimit("ppo2_kpa", "low", 19.4, "below"),
        AlarmLimit("ppo2_kpa", "medium", 17.2, "below"),
        AlarmLimit("ppo2_kpa", "high", 16.0, "below"))
CO2 = (AlarmLimit("co2_ppm", "low", 5300.0, "above"),
       AlarmLimit("co2_ppm", "high", 20000.0, "above"))


def test_the_scale_maps_values_and_limits_to_positions():
    s = scale_for(PPO2, "ppo2_kpa")
    span = 19.4 - 16.0
    assert (s.low, s.high) == pytest.approx((16.0 - 0.15 * span, 19.4 + span))
    assert s.band == pytest.approx((19.4, 19.4 + span))  # no limit above: open to the end
    assert s.x(16.0, 100) == pytest.approx((16.0 - s.low) / (s.high - s.low) * 100)
    assert s.x(19.4, 100) == pytest.approx(100 * (19.4 - s.low) / (s.high - s.low))
    assert s.x(0.0, 100) == 0.0 and s.x(99.0, 100) == 100.0  # clamped to the bar
    assert s.ticks == ((16.0, 1), (17.2, 2), (19.4, 3))
    c = scale_for(CO2, "co2_ppm")
    assert c.low == 0.0 and c.band == (0.0, 5300.0)
    assert c.high == pytest.approx(20000 + 0.15 * 14700)
    assert scale_for(PPO2, "co2_ppm") is None


def _pixel_under_pointer(scale, value, mark) -> QColor:
    image = QImage(120, 24, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    rect = QRectF(10, 4, 100, 8)
    paint_gauge(painter, rect, scale, value, mark)
    painter.end()
    x = int(round(10 + scale.x(value, 100)))
    return image.pixelColor(x, 12 + 3)  # inside the pointer's triangle, below the bar


def test_an_out_of_band_value_takes_the_alarm_colour_only_when_an_alarm_marks_it():
    s = scale_for(PPO2, "ppo2_kpa")
    low_value = 15.9  # below the HIGH limit
    unmarked = _pixel_under_pointer(s, low_value, None)
    marked = _pixel_under_pointer(s, low_value, Mark(1, "LOW", "ppO2 low", True))
    assert unmarked == style.TEXT and pointer_colour(None) == style.TEXT
    assert marked == style.ALARM_HIGH
    assert _pixel_under_pointer(s, 21.0, Mark(3, "LOW", "", False)) == style.ALARM_LOW


def test_the_overview_gauges_follow_the_readings_and_the_alarm_states(qtbot, tmp_path):
    source = ScriptedSource()
    window = make_window(qtbot, tmp_path, source=source)
    room = window.schematic.rooms["hab-3"]
    gauge = room.gauges["ppo2_kpa"]
    assert set(room.gauges) == {"ppo2_kpa"}  # the scripted plant has limits on ppO2 only
    assert gauge.scale == scale_for(source.alarm_limits(), "ppo2_kpa")
    source.module("hab-3", ppo2_kpa=15.0)
    window.station.publish()
    assert gauge.value == 15.0 and gauge.mark is None  # out of band, but no alarm says so
    assert gauge.pointer_x() == pytest.approx(gauge.scale.x(15.0, gauge.width))
    source.publish(alarms=(alarm("hab-3", "ppo2_kpa", "high", "LOW"),))
    window.station.publish()
    assert gauge.mark is not None and pointer_colour(gauge.mark) == style.ALARM_HIGH


def test_the_compact_overview_keeps_its_gauges_under_the_lines(qtbot, tmp_path):
    source = ScriptedSource()
    window = make_window(qtbot, tmp_path, source=source)
    window.schematic.resize(700, 320)  # tens of modules, or a small screen: the summary
    window.schematic.fit()
    assert not window.schematic.detailed
    room = window.schematic.rooms["hab-3"]
    gauge = room.compact_gauges["ppo2_kpa"]
    assert gauge.isVisible() and not room.gauges["ppo2_kpa"].isVisible()
    source.module("hab-3", ppo2_kpa=15.0)
    source.publish(alarms=(alarm("hab-3", "ppo2_kpa", "high", "LOW"),))
    window.station.publish()
    assert gauge.value == 15.0 and pointer_colour(gauge.mark) == style.ALARM_HIGH
    line = room.compact[0].label.sceneBoundingRect()
    assert gauge.sceneBoundingRect().top() >= line.bottom() - 1  # under its line, not over it
    assert room.sceneBoundingRect().contains(gauge.sceneBoundingRect())
