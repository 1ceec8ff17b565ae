"""Replay in the panel: the REPLAY banner, a timeline to scrub (alarms and commands marked
on it), the time shown, and "Branch here", which turns the replay into a live training
simulation from that moment. For a live run, the status bar names its recording."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QSlider, QStyle,
                               QStyleOptionSlider, QWidget)

from .. import desktop
from ..replay import ReplaySource
from . import style as S
from .station import Station

ALARM_MARK = QColor("#c0392b")
COMMAND_MARK = QColor("#1f5fa8")
REPLAY_BANNER = "#5a4a1a"


class TimelineSlider(QSlider):
    """A slider over the recording's seconds with a mark at each alarm raise and command."""

    def __init__(self, end_s: float, marks: list[tuple[float, QColor]], parent=None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("timelineSlider")
        self.setAccessibleName(self.tr("Replay timeline"))
        self.setAccessibleDescription(self.tr(
            "Simulated time of the recording; red marks alarms raised, blue marks commands"))
        self.setRange(0, int(math.ceil(end_s)))
        self.setSingleStep(10)
        self.setPageStep(600)
        self.marks = marks

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        style = self.style()
        groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                      QStyle.SubControl.SC_SliderGroove, self)
        handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                      QStyle.SubControl.SC_SliderHandle, self)
        span = groove.width() - handle.width()
        x0 = groove.x() + handle.width() / 2
        painter = QPainter(self)
        for t_s, colour in self.marks:
            x = x0 + QStyle.sliderPositionFromValue(self.minimum(), self.maximum(),
                                                    int(t_s), span)
            painter.setPen(QPen(colour, 2))
            painter.drawLine(int(x), 1, int(x), 6)
        painter.end()


class Timeline(QWidget):
    """Scrubs a :class:`ReplaySource` and branches from it."""

    def __init__(self, station: Station, source: ReplaySource, banner: QLabel,
                 status: QLabel, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("replayTimeline")
        self.station, self.source, self.banner, self.status = station, source, banner, status
        recording = source.recording
        marks = [(t, ALARM_MARK) for t, _, change, _, _ in recording.alarm_timeline()
                 if change == "raised"]
        marks += [(c.t_s, COMMAND_MARK) for c in recording.commands()]
        self.slider = TimelineSlider(source.end_t_s, marks)
        self.time = QLabel()
        self.time.setObjectName("timelineTime")
        self.time.setStyleSheet("font-family: monospace; font-weight: bold")
        self.branch_button = QPushButton(self.tr("Branch here"))
        self.branch_button.setObjectName("branchButton")
        self.branch_button.setToolTip(self.tr(
            "Take over from the moment shown: a live training simulation, recorded to a "
            "new file that names this one"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(QLabel(self.tr("Replay")))
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.time)
        layout.addWidget(self.branch_button)
        self.slider.valueChanged.connect(self._on_scrub)
        self.branch_button.clicked.connect(self.branch)
        station.sigSnapshot.connect(self._on_snapshot)
        self._on_snapshot(station.latest)

    def _on_snapshot(self, snap) -> None:
        end = self.source.end_t_s
        if self.source.replaying:
            self.time.setText(f"{S.clock(snap.t_s)} / {S.clock(end)}")
            if not self.slider.isSliderDown():
                self.slider.blockSignals(True)
                self.slider.setValue(int(round(snap.t_s)))
                self.slider.blockSignals(False)
        else:
            self.time.setText(self.tr("{now} (branched at {at})").format(
                now=S.clock(snap.t_s), at=S.clock(self.source.branched_at_s or 0.0)))

    def _on_scrub(self, value: int) -> None:
        self.source.seek(float(value))
        self.station.rewind()

    def branch(self) -> None:
        """Turn the replay into a live simulation from the moment shown."""
        path = desktop.new_recording_path("branch")
        self.source.branch(path)
        self.slider.setEnabled(False)
        self.branch_button.setEnabled(False)
        self.banner.setText(self.tr(
            "BRANCH of {file} at {at}  ·  TRAINING SIMULATION  ·  NOT THE LIVE PLANT").format(
                file=_name(self.source.recording.name),
                at=S.clock(self.source.branched_at_s or 0)))
        self.status.setText(self.tr(" BRANCH  REC {name} ").format(name=path.name))
        self.status.setToolTip(str(path))
        window = self.window()
        window.setWindowTitle(window.windowTitle().replace(self.tr("[REPLAY] "),
                                                           self.tr("[BRANCH] ")))
        window.statusBar().showMessage(self.tr("Branched: recording to {path}").format(
            path=path), 20000)
        self.station.publish()


def install(window) -> Timeline | None:
    """Mark a replay (title, banner, status bar) and add its timeline; for a live recorded
    run, name the recording in the status bar."""
    source = window.station.source
    status = QLabel()
    status.setObjectName("statusRecording")
    window.statusBar().addPermanentWidget(status)
    if not isinstance(source, ReplaySource):
        recorder = getattr(source, "recorder", None)
        if recorder is not None:
            status.setText(window.tr("REC {name}").format(name=_name(recorder.path)))
            status.setToolTip(recorder.path)
        else:
            status.setText(window.tr("not recorded"))
        return None
    name = source.recording.name
    status.setText(window.tr(" REPLAY {name} ").format(name=_name(name)))
    status.setToolTip(name)
    status.setStyleSheet(f"background:{REPLAY_BANNER}; color:white; font-weight:bold")
    window.setWindowTitle(window.tr("[REPLAY] ") + window.windowTitle())
    banner = QLabel(window.tr(
        "REPLAY of {file}  ·  recorded {created}  ·  NOT THE LIVE PLANT  ·  read-only").format(
            file=_name(name), created=source.recording.meta.get("created", "")))
    banner.setObjectName("replayBanner")
    banner.setAccessibleName(window.tr("Replay mode banner"))
    banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
    banner.setStyleSheet(f"QLabel {{ background: {REPLAY_BANNER}; color: white; "
                         f"font-weight: bold; font-size: 16px; letter-spacing: 2px; "
                         f"padding: 4px; }}")
    column = window.centralWidget().layout()
    column.insertWidget(0, banner)
    timeline = Timeline(window.station, source, banner, status)
    column.insertWidget(column.indexOf(window.controls) + 1, timeline)
    window.timeline = timeline
    return timeline


def _name(path: str) -> str:
    return Path(path).name


__all__ = ["Timeline", "TimelineSlider", "install"]
