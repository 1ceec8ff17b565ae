"""The instructor's drill in the panel: the Instructor menu only for a drill's plant and a
panel that may inject; the Inject fault dialog checked by the plant live and sent through
the station; a scenario started afresh renews the window on its geometry; the debrief's
Trainees table."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QLabel, QMenu

from habitat_gui import app
from habitat_gui.contract.commands import parse
from habitat_gui.contract.drill import FaultChoice, FaultParameter
from habitat_gui.core.recording.reader import Recording
from habitat_gui.core.training.debrief_html import debrief_html
from habitat_gui.sources.protocol import Operator
from habitat_gui.sources.replay import ReplaySource
from habitat_gui.ui.drill import InjectFaultDialog, ParameterBox, StartScenarioDialog
from habitat_gui.ui.main_window import MainWindow
from habitat_gui.ui.training import DebriefDialog
from patience import PATIENCE_MS
from scripted_source import ScriptedSource
from support import OFFSCREEN_NOISE, ScriptedPrompts, ares_source, in_modal, make_window
from test_recording import _record

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)

INSTRUCTOR = Operator("Irene", "supervisor")
GENERATOR = "hab-3.oga-a"


def _menus(window) -> list[str]:
    return [m.objectName() for m in window.menuBar().findChildren(QMenu)]


def _pick(combo, text: str) -> None:
    combo.setCurrentIndex(combo.findText(text))


def test_the_instructor_menu_is_there_only_for_a_drill_that_lets_the_panel_inject(
        qtbot, tmp_path):
    instructor = make_window(qtbot, tmp_path, operator=INSTRUCTOR, show=False)
    assert "instructorMenu" in _menus(instructor)
    trainee = make_window(qtbot, tmp_path, operator=Operator("ada"), show=False)
    assert "instructorMenu" not in _menus(trainee)  # absent, not greyed
    assert "instructor_inject_fault" not in trainee.command_actions
    scripted = make_window(qtbot, tmp_path, ScriptedSource(), operator=INSTRUCTOR, show=False)
    assert "instructorMenu" not in _menus(scripted)  # not a drill
    replay = ReplaySource(Recording.open(_record(tmp_path / "run.sqlite", until_s=120.0)))
    replayed = make_window(qtbot, tmp_path, replay, operator=INSTRUCTOR, show=False)
    assert "instructorMenu" not in _menus(replayed)  # a replay is read-only
    replay.recording.close()


def test_inject_fault_fails_the_generator_in_the_instructors_name(qtbot, tmp_path):
    prompts = ScriptedPrompts(confirm=True)
    window = make_window(qtbot, tmp_path, prompts=prompts, operator=INSTRUCTOR)

    def choose(dialog: InjectFaultDialog) -> None:
        _pick(dialog.kind, "generator_failure")
        _pick(dialog.target, GENERATOR)
        assert dialog.summary.text() == "the generator stops for good"
        assert dialog.ok.isEnabled() and dialog.reason.isHidden()
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    seen = in_modal(InjectFaultDialog, choose)
    window.command_actions["instructor_inject_fault"].trigger()
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    command_text, hazard = prompts.confirmations[0]  # confirmed through the station
    assert command_text == f"inject_fault fault=generator_failure target={GENERATOR}"
    assert "the generator stops for good" in hazard
    record = window.station.source.simulation.history[-1]
    assert (record.who, record.role, record.command, record.outcome) == \
        ("Irene", "supervisor", "inject_fault", "accepted")
    unit = next(u for u in window.station.latest.units if u.id == GENERATOR)
    assert unit.state == "FAILED"
    assert "inject_fault" in window.statusBar().currentMessage()


def test_a_parameter_the_plant_would_refuse_keeps_ok_disabled_with_the_reason(qtbot):
    source = ares_source()
    refusal = lambda command: source.check(command, INSTRUCTOR)  # noqa: E731
    wide = FaultChoice("leak", "module", ("hab-3",), (
        FaultParameter("hole_diameter_cm", None, 0.01, 1000.0, "cm"),), "a hole")
    dialog = InjectFaultDialog(None, source.fault_choices() + (wide,), refusal)
    qtbot.addWidget(dialog)
    dialog.show()
    _pick(dialog.kind, "leak")
    size = dialog.findChild(ParameterBox, "param_hole_diameter_cm")
    assert size.text() == "required"  # no default: to be set
    assert not dialog.ok.isEnabled() and not dialog.reason.isHidden()
    assert dialog.reason.text() == "Would be refused: fault leak needs 'hole_diameter_cm' (cm)"
    size.lineEdit().selectAll()
    qtbot.keyClicks(size.lineEdit(), "2")
    assert size.value() == 2.0 and dialog.ok.isEnabled() and dialog.reason.isHidden()
    assert dialog.command().arguments["parameters"].startswith("hole_diameter_cm=2.0 ")
    size.lineEdit().selectAll()
    qtbot.keyClicks(size.lineEdit(), "nan")  # not a number: the box keeps what it had
    assert size.value() == 2.0 and dialog.ok.isEnabled()
    dialog.kind.setCurrentIndex(dialog.kind.count() - 1)  # declared wider than the plant's
    dialog.boxes[0].setValue(500.0)
    assert not dialog.ok.isEnabled()
    assert dialog.reason.text() == \
        "Would be refused: 'hole_diameter_cm' is 500; expected 0.01 to 100 cm"


def test_start_scenario_renews_the_window_on_its_geometry(qtbot, tmp_path):
    prompts = ScriptedPrompts(confirm=True)
    window = make_window(qtbot, tmp_path, prompts=prompts, operator=INSTRUCTOR)
    window.setGeometry(60, 50, 1500, 900)
    window.docks["crew"].raise_()
    qtbot.wait(10)
    geometry = window.geometry()
    assert window.training is None and window.station.source.run == 0

    def choose(dialog: StartScenarioDialog) -> None:
        names = [c.name for c in dialog.choices]
        assert "seal-breach" in names and "hab3-generator-failure" in names
        dialog.list.setCurrentRow(names.index("seal-breach"))
        assert "afresh" not in dialog.description.text()
        assert "seal-breach: runs 2 h" in dialog.description.text()
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    renewed: list = []
    window.sigRenewed.connect(renewed.append)
    in_modal(StartScenarioDialog, choose)
    window.command_actions["instructor_start_scenario"].trigger()
    assert prompts.confirmations[0][0] == "start scenario seal-breach"
    assert prompts.confirmations[0][1].startswith("Starts Seal breach")
    qtbot.waitUntil(lambda: bool(renewed), timeout=PATIENCE_MS)
    successor = renewed[0]
    qtbot.addWidget(successor)
    source = successor.station.source
    assert source.run == 1
    assert successor.station.latest.simulation.scenario.startswith("Seal breach")
    assert successor.training is not None  # a training run: its dock and menu
    assert successor.docks["training"].isVisible()
    assert successor.instructor is not None and successor.isVisible()
    assert successor.geometry() == geometry
    assert not successor.docks["crew"].visibleRegion().isEmpty()  # the dock state kept
    assert successor.station.operator == INSTRUCTOR
    successor.station.publish()  # the new run's events from its first: the start itself
    assert any("seal-breach" in m for m in successor.log.messages())


def test_a_refused_scenario_says_why_in_one_line(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path, operator=INSTRUCTOR)
    source = window.station.source
    monkeypatch.setattr(source, "start_scenario", lambda name, operator: "the disk is full")
    in_modal(StartScenarioDialog, lambda d: qtbot.mouseClick(d.ok, Qt.MouseButton.LeftButton))
    window.command_actions["instructor_start_scenario"].trigger()
    assert window.statusBar().currentMessage().endswith("not started: the disk is full")
    assert source.run == 0


def test_the_debrief_shows_each_trainee(qtbot, tmp_path):
    source = ares_source("seal-breach")
    window = make_window(qtbot, tmp_path, source, operator=Operator("ada"), show=False)
    empty = DebriefDialog()
    qtbot.addWidget(empty)
    debrief = source.debrief()
    empty.show_debrief((debrief, debrief_html(debrief)))
    assert "Trainees" not in empty.view.toPlainText()  # nobody sent a command yet
    source.run_until(320)
    window.station.publish()
    window.station.issue(parse("evacuate module=hab-4 to=hab-3"))
    dialog = window.training.finish()
    with qtbot.waitSignal(dialog.sigShown, timeout=60000):
        pass
    text = dialog.view.toPlainText()
    assert "Trainees" in text
    assert "Objectives met" in text and "Alarms acknowledged" in text
    row = text[text.index("Trainees"):text.index("Objectives\n")]
    assert "ada" in row and "evacuate" in row


def test_the_application_dresses_the_renewed_window_and_deletes_the_old(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ares_source(), settings, ScriptedPrompts(), 1.0, operator=INSTRUCTOR)
    window.persist = False  # not given to qtbot: the application deletes it
    window.show()
    current = [window]
    app.dress(window, "disk full", current)
    assert window.station.source.start_scenario("nominal-day", INSTRUCTOR) is None
    window.station.publish()
    qtbot.waitUntil(lambda: current[0] is not window, timeout=PATIENCE_MS)
    successor = current[0]
    qtbot.addWidget(successor)
    qtbot.waitUntil(lambda: not shiboken6.isValid(window),  # deleted by the application
                    timeout=PATIENCE_MS)
    assert successor.findChild(QLabel, "statusLog").text() == "no log written: disk full"
    assert successor.isVisible() and successor.station.running is False
