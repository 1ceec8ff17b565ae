"""The screenshots in docs/screens: the Hab-3 generator failure as the panel shows it, at one
window size and colour scheme: at D+0 11:00, in the drill's first quarter hour, the alarm
detail pane, the evacuation chooser and the maintenance view after an inspection; at D+1
06:00 the overview, then the instructor's Inject fault and Start scenario dialogs and the
debrief with its trainees. Run it on a real display (xcb; under Xvfb for
the docs), once per size and scheme:

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screens.py 1366x768 dark

The whole screen is grabbed, so a dialog shows as the operator would see it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget

from habitat_gui import desktop
from habitat_gui.contract.commands import Command
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.simulation import Simulation
from habitat_gui.sources.protocol import Operator
from habitat_gui.sources.simulated import SimulatedSource
from habitat_gui.ui import fonts, theme
from habitat_gui.ui.drill import InjectFaultDialog, StartScenarioDialog
from habitat_gui.ui.evacuation import EvacuationDialog
from habitat_gui.ui.main_window import MainWindow

CHOICE_S = 11 * 3600.0  # D+0 11:00, the drill's first quarter hour: the hatch still opens
STORY_S = 30 * 3600.0  # D+1 06:00: Hab-3 reads ppO2 17.8 kPa, its crew trapped
OUT = Path(__file__).resolve().parent.parent / "docs" / "screens"


def _settle(app: QApplication, rounds: int = 20) -> None:
    """Until the window system shows what the widgets say: every shown window exposed,
    every closed one gone (a busy machine is slower to map and unmap than 20 rounds)."""
    for _ in range(rounds):
        app.processEvents()
    for widget in app.topLevelWidgets():
        if widget.isVisible():
            QTest.qWaitForWindowExposed(widget, 10_000)
    app.sync()
    for _ in range(rounds):
        app.processEvents()


def _grab(app: QApplication, path: Path) -> None:
    _settle(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not app.primaryScreen().grabWindow(0).save(str(path)):
        raise SystemExit(f"screens: cannot write {path}")
    print(path)


def main(size: str, scheme: str) -> int:
    width, height = (int(v) for v in size.split("x"))
    app = QApplication(sys.argv[:1])
    desktop.load_fonts(app)
    app.setFont(fonts.at_least_minimum(app.font()))
    theme.force(scheme)
    source = SimulatedSource(Simulation.from_scenario(resolve("hab3-generator-failure")), 1.0)
    source.run_until(CHOICE_S)
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "settings.ini"),
                         QSettings.Format.IniFormat)
    window = MainWindow(source, settings=settings, speed=1.0, operator=Operator("A. Ng"))
    window.persist = False
    window.setGeometry(app.primaryScreen().availableGeometry())
    window.show()
    window.station.set_paused(True)
    window.station.publish()
    window.station.select_module("hab-3")
    window.forecasts.settle()
    window.station.publish()
    stem = f"{width}x{height}-{scheme}"
    window.alarm_panel.table.selectRow(0)
    window.findChild(QDockWidget, "dock_alarms").raise_()
    _grab(app, OUT / f"alarm-detail-{stem}.png")

    dialog = EvacuationDialog(window, source.evacuation_options("hab-3"),
                              window.station.latest, source)
    dialog.show()
    _settle(app, 50)
    _grab(app, OUT / f"evacuation-{stem}.png")
    dialog.close()

    window.station.issue(Command.of("inspect", module="hab-3"))
    window.station.publish()
    window.findChild(QDockWidget, "dock_maintenance").raise_()
    _grab(app, OUT / f"maintenance-{stem}.png")

    source.run_until(STORY_S)
    window.station.publish()
    window.forecasts.settle()
    window.station.publish()
    window.findChild(QDockWidget, "dock_trends").raise_()
    _grab(app, OUT / f"overview-{stem}.png")
    _drill(app, window, source, stem)
    QTimer.singleShot(0, app.quit)
    app.exec()
    return 0


def _drill(app: QApplication, window: MainWindow, source: SimulatedSource, stem: str) -> None:
    """The instructor's dialogs over the window, then the debrief naming the trainee."""
    instructor = Operator("I. Okafor", "supervisor")
    inject = InjectFaultDialog(window, source.fault_choices(),
                               lambda command: source.check(command, instructor))
    inject.kind.setCurrentIndex(inject.kind.findText("leak"))
    inject.target.setCurrentIndex(inject.target.findText("hab-2"))
    inject.show()
    _grab(app, OUT / f"inject-fault-{stem}.png")
    inject.close()
    start = StartScenarioDialog(window, source.scenario_choices())
    start.show()
    _grab(app, OUT / f"start-scenario-{stem}.png")
    start.close()
    dialog = window.training.finish()
    done = QEventLoop()
    dialog.sigShown.connect(done.quit)
    if dialog.debrief is None:
        done.exec()
    _grab(app, OUT / f"debrief-{stem}.png")
    dialog.close()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
