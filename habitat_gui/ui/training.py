"""Training runs: the Training dock (objectives with live status), the Training menu and
the debrief dialog (with the trends as pictures) and its HTML export; the debrief is made
off the UI thread.

All of it reads ``source.training()`` and ``source.debrief()``; a source that is not
running a training scenario returns None and none of it is installed.
"""

from __future__ import annotations

from pathlib import Path
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog,
                               QHeaderView, QLabel, QProgressBar, QPushButton,
                               QTextBrowser, QVBoxLayout, QWidget)

from ..contract.timefmt import mission_time
from ..core.training.results import Debrief, Progress
from ..core.training.debrief_html import debrief_html
from . import files
from ..sources.protocol import Training as TrainingSource
from .background import Job
from .extension import ActionSpec, Window
from .station import Station
from .tables import TEXT_ROLES, HeaderedModel, ReadOnlyTable
from .trend_pictures import Panel, render_all

Pictures = Callable[[], tuple[Panel, ...]]  # the trends to draw, copied now


class ObjectiveModel(HeaderedModel):
    """One row per objective: what to do, points, status."""

    HEADERS = ("Objective", "Points", "Status")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, str, str]] = []  # text, points, status, state

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        row = self.rows[index.row()]
        if role in TEXT_ROLES:
            return row[index.column()]
        if role == Qt.ItemDataRole.FontRole and row[3] in ("missed", "undone"):
            font = QFont()  # bold, in the scheme's own text colour: red is for alarms
            font.setBold(True)
            return font
        return None

    def refresh(self, progress: Progress) -> bool:
        """Take in ``progress``; True when a row changed."""
        rows = []
        for o in progress.objectives:
            if o.status == "pending" and o.deadline_s is not None:
                status = f"pending, due {mission_time(o.deadline_s)}"
            else:
                status = o.summary() if o.status != "pending" else "pending"
            got = o.points if o.status == "met" else 0
            rows.append((o.text, f"{got:g} / {o.points:g}", status, o.status))
        if rows == self.rows:
            return False
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()
        return True


class TrainingPanel(QWidget):
    """The objectives of the training run and their live status."""

    def __init__(self, station: Station, source: TrainingSource, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("training")
        self.station, self.source = station, source
        self.summary = QLabel()
        self.summary.setObjectName("trainingSummary")
        self.summary.setWordWrap(True)
        self.model = ObjectiveModel(self)
        self.table = ReadOnlyTable("trainingObjectives", self.tr("Training objectives"),
                                   self.model)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.progress: Progress | None = None
        station.sigSnapshot.connect(self.refresh)
        self.refresh()

    def sizeHint(self) -> QSize:
        return QSize(420, 150)  # a strip under the module detail, which needs the height

    def refresh(self, _snap=None) -> None:
        progress = self.source.training()
        if progress is None:
            return
        self.progress = progress
        if self.model.refresh(progress):
            self.table.resizeRowsToContents()
        trigger = (self.tr("first alarm {alarm} at {t}").format(alarm=progress.trigger,
                                                               t=mission_time(progress.trigger_s))
                   if progress.trigger_s is not None else self.tr("no alarm yet"))
        self.summary.setText(self.tr("{met:g} of {total:g} points; {trigger}; ends at {end}")
                             .format(met=progress.met_points, total=progress.total_points,
                                     trigger=trigger, end=mission_time(progress.ends_s)))


class DebriefDialog(QDialog):
    """The debrief's figures and trend pictures, with an export to one self-contained HTML
    file of the same. It opens at once, saying the debrief is being prepared, and shows it
    when :attr:`sigReady` brings it (from a worker thread, queued)."""

    sigReady = Signal(object)  # (Debrief, HTML page) or None
    sigShown = Signal()        # the debrief is on screen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("debriefDialog")
        self.setWindowTitle(self.tr("Training debrief"))
        self.debrief: Debrief | None = None
        self.html = ""
        self.progress = QProgressBar()
        self.progress.setObjectName("debriefProgress")
        self.progress.setRange(0, 0)  # busy: how long is not known
        self.progress.setFormat(self.tr("Preparing the debrief…"))
        self.progress.setTextVisible(True)
        self.view = QTextBrowser()
        self.view.setObjectName("debriefView")
        self.view.setAccessibleName(self.tr("Debrief"))
        self.view.setPlainText(self.tr("Preparing the debrief: the score, the objectives and "
                                       "the trends…"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = QPushButton(self.tr("Export HTML…"))
        self.export_button.setObjectName("exportDebrief")
        self.export_button.setEnabled(False)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self._ask_export)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.resize(900, 760)
        self.sigReady.connect(self.show_debrief)

    def show_debrief(self, ready: tuple[Debrief, str] | None) -> None:
        self.progress.hide()
        if ready is None:
            self.view.setPlainText(self.tr("This run has no debrief."))
        else:
            self.debrief, self.html = ready
            self.setWindowTitle(self.tr("Training debrief: {scenario}").format(
                scenario=self.debrief.scenario))
            self.view.setHtml(self.html)
            self.export_button.setEnabled(True)
        self.sigShown.emit()

    def _ask_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export debrief"), "debrief.html",
                                              self.tr("HTML files (*.html)"))
        if name:
            self.export(Path(name))

    def export(self, path: Path) -> bool:
        """Write the debrief with the trends as embedded pictures; False (after a warning
        dialog) if it cannot be written."""
        return files.write_text(self, self.tr("Export debrief"), path, self.html)


def prepare_page(debriefer: Callable[[], Debrief | None],
                 panels: tuple[Panel, ...]) -> Callable[[], tuple[Debrief, str] | None]:
    """The debrief and its page, made when called (plain Python and QImage painting: any
    thread) from what was taken now."""
    def make() -> tuple[Debrief, str] | None:
        debrief = debriefer()
        return None if debrief is None else (debrief, debrief_html(debrief, render_all(panels)))
    return make


class Training:
    """The dock, the menu and the end of the run, for one window."""

    def __init__(self, window: Window, source: TrainingSource, pictures: Pictures) -> None:
        self.window, self.source, self.pictures = window, source, pictures
        self.station: Station = window.station
        self.panel = TrainingPanel(self.station, source)
        self.dialog: DebriefDialog | None = None
        self.finished = False
        self.pool = QThreadPool(self.panel)
        self.pool.setMaxThreadCount(1)
        window.add_dock("training", window.tr("Training"), self.panel,
                        Qt.DockWidgetArea.RightDockWidgetArea)
        menu = window.add_menu(window.tr("&Training"), "trainingMenu", "training_", [
            ActionSpec("finish", "Finish training and debrief", "Ctrl+Shift+F", self.finish)])
        self.finish_action = menu.actions()[0]
        self.station.sigSnapshot.connect(self._check_end)

    def _check_end(self, _snap) -> None:
        progress = self.panel.progress
        if not self.finished and progress is not None and progress.t_s >= progress.ends_s:
            self.finish()

    def finish(self) -> DebriefDialog:
        """Pause the run and open the debrief at once; it is made on a worker thread (from
        a copy of the run and of the trends taken now) and shown when it arrives."""
        self.finished = True
        self.station.set_paused(True)
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = DebriefDialog(self.window)
        self.dialog.show()
        self.pool.start(Job(prepare_page(self.source.debriefer(), self.pictures()),
                            self.dialog.sigReady))
        return self.dialog


def install(window: Window, source: TrainingSource, pictures: Pictures) -> Training | None:
    """Add the Training dock and menu when the source runs a training scenario."""
    if source.training() is None:
        return None
    return Training(window, source, pictures)


__all__ = ["install", "Training", "TrainingPanel", "DebriefDialog", "ObjectiveModel"]
