"""Clock controls (pause, speed, step: shown for a plant whose clock the station drives),
the plant's time and, for a simulation, its seed; and the permanent SIMULATION banner that
keeps a training run from ever being mistaken for the live plant."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from ..contract.timefmt import mission_time
from ..contract.state import Snapshot
from . import style
from .station import SPEEDS, Station


class SimulationBanner(QLabel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setText(self.tr("SIMULATION  ·  TRAINING MODE  ·  NOT THE LIVE PLANT"))
        self.setObjectName("simulationBanner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAccessibleName(self.tr("Simulation mode banner"))
        self.setStyleSheet(
            f"QLabel {{ background: qlineargradient(x1:0, y1:0, x2:0.02, y2:0.06, "
            f"spread:repeat, stop:0 {style.SIM_BANNER.name()}, stop:0.5 {style.SIM_BANNER.name()}, "
            f"stop:0.51 #4a4380, stop:1 #4a4380); color: white; font-weight: bold; "
            f"font-size: 12pt; letter-spacing: 2px; padding: 4px; }}")


class SimControls(QWidget):
    def __init__(self, station: Station, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("simControls")
        self.station = station
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        self.pause = QPushButton(self.tr("Pause"))
        self.pause.setObjectName("pauseButton")
        self.pause.setCheckable(True)
        self.pause.setShortcut(QKeySequence("Ctrl+Space"))
        self.pause.setToolTip(self.tr("Pause / resume the simulation (Ctrl+Space)"))
        self.pause.toggled.connect(self._on_pause_toggled)
        self.step = QPushButton(self.tr("Step"))
        self.step.setObjectName("stepButton")
        self.step.setShortcut(QKeySequence("Ctrl+."))
        self.step.setToolTip(self.tr("Advance one physics step (Ctrl+.)"))
        self.step.clicked.connect(station.step)
        self.speed = QComboBox()
        self.speed.setObjectName("speedCombo")
        self.speed.setAccessibleName(self.tr("Simulation speed"))
        for label, value in SPEEDS:
            self.speed.addItem(label, value)
        self.speed.currentIndexChanged.connect(self._on_speed_changed)
        self.clock = QLabel()
        self.clock.setObjectName("simClock")
        self.clock.setStyleSheet("font-family: monospace; font-size: 11pt; font-weight: bold")
        self.seed = QLabel()
        self.seed.setObjectName("seedLabel")
        self.state = QLabel()
        self.state.setObjectName("runState")
        clocked = (self.pause, self.step, QLabel(self.tr("Speed")), self.speed, self.state)
        for w in clocked:
            layout.addWidget(w)
            w.setVisible(station.clock is not None)  # a plant whose clock is not ours
        layout.addStretch(1)
        for w in (self.seed, self.clock):
            layout.addWidget(w)
        station.sigSnapshot.connect(self._on_snapshot)
        station.sigRunState.connect(self._on_run_state)
        self._on_run_state()
        self._on_snapshot(station.latest)

    def set_speed(self, speed: float) -> None:
        for k in range(self.speed.count()):
            if self.speed.itemData(k) == speed:
                self.speed.setCurrentIndex(k)
                return
        self.speed.addItem(f"{speed:g}x", speed)
        self.speed.setCurrentIndex(self.speed.count() - 1)

    def _on_speed_changed(self, index: int) -> None:
        value = self.speed.itemData(index)
        if value is not None and value != self.station.speed:
            self.station.set_speed(float(value))

    def _on_pause_toggled(self, paused: bool) -> None:
        if paused != self.station.paused:
            self.station.set_paused(paused)

    def _on_run_state(self) -> None:
        paused = self.station.paused
        self.pause.blockSignals(True)
        self.pause.setChecked(paused)
        self.pause.blockSignals(False)
        self.pause.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self.step.setEnabled(paused)
        self.state.setText(self.tr("<b>PAUSED</b>") if paused else self.tr("running"))
        speed = self.station.speed
        idx = self.speed.findData(speed)
        if idx >= 0 and idx != self.speed.currentIndex():
            self.speed.blockSignals(True)
            self.speed.setCurrentIndex(idx)
            self.speed.blockSignals(False)

    def _on_snapshot(self, snap: Snapshot) -> None:
        sim = snap.simulation
        self.clock.setText((self.tr("sim {clock}") if sim else "{clock}").format(
            clock=mission_time(snap.t_s)))
        self.seed.setText(self.tr("{habitat} · seed {seed}").format(habitat=snap.habitat,
                                                                    seed=sim.seed)
                          if sim else snap.habitat)
