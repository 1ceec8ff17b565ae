"""Replay in the panel: the REPLAY banner, a timeline to scrub (alarms and commands marked
on it), the time shown, and "Branch here", which turns the replay into a live training
simulation from that moment. A long re-run (far forward in a long recording, a branch late
in it) shows its progress in a dialog that can cancel it, with the station's clock held.
For a live run, the status bar names its recording, and says so when it stopped (a full
disk) or could not start (a folder that cannot be written): the run goes on."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QProgressDialog, QPushButton, QSlider,
                               QStyle, QStyleOptionSlider, QWidget)

from ..contract.timefmt import mission_time
from .. import folders
from ..sources.protocol import Cancelled, Recording, Replay
from . import files
from .extension import Window
from .station import Station

ALARM_MARK = QColor("#c0392b")
COMMAND_MARK = QColor("#1f5fa8")
REPLAY_BANNER = "#5a4a1a"
STOPPED = "#8a1c1c"  # the status of a recording that stopped
PROGRESS_AFTER_MS = 400  # a re-run shows its progress once it has taken this long

log = logging.getLogger(__name__)


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
        qstyle = self.style()
        groove = qstyle.subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                       QStyle.SubControl.SC_SliderGroove, self)
        handle = qstyle.subControlRect(QStyle.ComplexControl.CC_Slider, option,
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
    """Scrubs a replayed recording and branches from it."""

    def __init__(self, station: Station, source: Replay, banner: QLabel,
                 status: QLabel, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("replayTimeline")
        self.station, self.source, self.banner, self.status = station, source, banner, status
        self._busy = False  # a re-run holds the clock
        marks = [(m.t_s, ALARM_MARK if m.kind == "alarm" else COMMAND_MARK)
                 for m in source.marks()]
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
            self.time.setText(f"{mission_time(snap.t_s)} / {mission_time(end)}")
            if not self.slider.isSliderDown():
                self.slider.blockSignals(True)
                self.slider.setValue(int(round(snap.t_s)))
                self.slider.blockSignals(False)
        else:
            self.time.setText(self.tr("{now} (branched at {at})").format(
                now=mission_time(snap.t_s), at=mission_time(self.source.branched_at_s or 0.0)))

    @contextmanager
    def _rerun(self, label: str, from_s: float,
               to_s: float) -> Iterator[Callable[[float], bool]]:
        """Hold the station's clock while the source re-runs from ``from_s`` to ``to_s``;
        yields the progress callback, which shows a cancellable dialog once that takes a
        while."""
        running, self._busy = self.station.running, True
        self.station.stop()
        dialog: QProgressDialog | None = None

        def progress(t_s: float) -> bool:
            nonlocal dialog
            if dialog is None:
                dialog = QProgressDialog(label, self.tr("Cancel"), 0, 1000, self)
                dialog.setObjectName("rerunProgress")
                dialog.setWindowModality(Qt.WindowModality.WindowModal)
                dialog.setMinimumDuration(PROGRESS_AFTER_MS)
            span = max(to_s - from_s, 1.0)
            dialog.setLabelText(f"{label}\n{mission_time(t_s)} of {mission_time(to_s)}")
            dialog.setValue(int(1000 * min(max(t_s - from_s, 0.0) / span, 1.0)))
            return not dialog.wasCanceled()

        try:
            yield progress
        finally:
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()
            self._busy = False
            if running:
                self.station.start()

    def _on_scrub(self, value: int) -> None:
        if self._busy:  # a move while a re-run holds the clock: the slider follows it after
            return
        with self._rerun(self.tr("Replaying to the moment chosen"), self.station.latest.t_s,
                         float(value)) as progress:
            if not self.source.seek(float(value), progress):
                self.station.latest = self.station.source.snapshot()
                self.window().statusBar().showMessage(self.tr(
                    "Replay stopped at {at}: cancelled").format(
                        at=mission_time(self.station.latest.t_s)), 10000)
        self.station.rewind()

    def branch(self) -> None:
        """Turn the replay into a live simulation from the moment shown (the replay goes on
        when the branch's recording cannot be written, after a warning)."""
        title = self.tr("Branch here")
        try:
            path = folders.new_recording_path("branch")
        except OSError as exc:
            files.cannot_write(self, title, folders.recordings_dir(), exc)
            return
        with self._rerun(self.tr("Re-running the recording into the branch"),
                         0.0, self.station.latest.t_s) as progress:
            try:
                self.source.branch(str(path), progress)
            except Cancelled:
                self.window().statusBar().showMessage(self.tr("Branch cancelled"), 10000)
                return
            except OSError as exc:
                files.cannot_write(self, title, path, exc)
                return
        self.slider.setEnabled(False)
        self.branch_button.setEnabled(False)
        self.banner.setText(self.tr(
            "BRANCH of {file} at {at}  ·  TRAINING SIMULATION  ·  NOT THE LIVE PLANT").format(
                file=_name(self.source.recording_name()),
                at=mission_time(self.source.branched_at_s or 0)))
        self.status.setText(self.tr(" BRANCH  REC {name} ").format(name=path.name))
        self.status.setToolTip(str(path))
        window = self.window()
        window.setWindowTitle(window.windowTitle().replace(self.tr("[REPLAY] "),
                                                           self.tr("[BRANCH] ")))
        window.statusBar().showMessage(self.tr("Branched: recording to {path}").format(
            path=path), 20000)
        self.station.publish()


class RecordingWatch(QObject):
    """Tells, in the recording's status and the status bar, once the source's recording
    stopped or could not start (:meth:`Recording.recording_failure`)."""

    def __init__(self, window: Window, status: QLabel) -> None:
        super().__init__(status)
        self.window, self.status = window, status
        self.shown: str | None = None
        window.station.sigSnapshot.connect(self.check)
        self.check()

    def check(self, *_snapshot: object) -> None:
        source = self.window.station.source
        failure = source.recording_failure() if isinstance(source, Recording) else None
        if failure is None or failure == self.shown:
            return
        self.shown = failure
        path = source.recording_path() if isinstance(source, Recording) else None
        text = (self.window.tr("recording stopped: {reason}") if path is not None
                else self.window.tr("not recorded: {reason}")).format(reason=failure)
        log.warning("%s%s", text, f" ({path})" if path else "")
        self.status.setText(f" {text} ")
        self.status.setToolTip(path or "")
        self.status.setStyleSheet(f"background:{STOPPED}; color:white; font-weight:bold")
        self.window.statusBar().showMessage(text)


def install(window: Window) -> Timeline | None:
    """Mark a replay (title, banner, status bar) and add its timeline; for a live recorded
    run, name the recording in the status bar (and watch it: :class:`RecordingWatch`)."""
    source = window.station.source
    status = QLabel()
    status.setObjectName("statusRecording")
    window.add_status(status)
    if not isinstance(source, Replay):
        path = source.recording_path() if isinstance(source, Recording) else None
        if path is not None:
            status.setText(window.tr("REC {name}").format(name=_name(path)))
            status.setToolTip(path)
        else:
            status.setText(window.tr("not recorded"))
        RecordingWatch(window, status)
        return None
    name = source.recording_name()
    status.setText(window.tr(" REPLAY {name} ").format(name=_name(name)))
    status.setToolTip(name)
    status.setStyleSheet(f"background:{REPLAY_BANNER}; color:white; font-weight:bold")
    window.setWindowTitle(window.tr("[REPLAY] ") + window.windowTitle())
    banner = QLabel(window.tr(
        "REPLAY of {file}  ·  recorded {created}  ·  NOT THE LIVE PLANT  ·  read-only").format(
            file=_name(name), created=source.recording_created()))
    banner.setObjectName("replayBanner")
    banner.setAccessibleName(window.tr("Replay mode banner"))
    banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
    banner.setStyleSheet(f"QLabel {{ background: {REPLAY_BANNER}; color: white; "
                         f"font-weight: bold; font-size: 12pt; letter-spacing: 2px; "
                         f"padding: 4px; }}")
    window.add_banner(banner)
    timeline = Timeline(window.station, source, banner, status)
    window.add_banner(timeline, below=window.controls)
    RecordingWatch(window, status)  # a branch's recording
    return timeline


def _name(path: str) -> str:
    return Path(path).name


__all__ = ["Timeline", "TimelineSlider", "install"]
