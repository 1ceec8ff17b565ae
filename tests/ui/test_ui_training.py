"""Training in the panel: the objectives dock follows the trainee's clicks, the debrief
dialog opens at the end (or from the Training menu) and exports HTML with the trends."""

from __future__ import annotations

import base64
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QFileDialog, QPushButton

from habitat_gui.core.operations.scenario import load_scenario
from habitat_gui.core.simulation import Simulation
from habitat_gui.sources.simulated import SimulatedSource
from habitat_gui.ui.training import DebriefDialog
from support import (OFFSCREEN_NOISE, ScriptedPrompts, ares_source, click_scene_item,
                             make_window)

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def _statuses(window) -> list[str]:
    model = window.training.panel.model
    return [model.index(r, 2).data() for r in range(model.rowCount())]


def _advance(window, t_s: float) -> None:
    window.station.source.run_until(t_s)
    window.station.publish()


def test_dock_follows_the_trainee_and_the_debrief_exports_html(qtbot, tmp_path, monkeypatch):
    prompts = ScriptedPrompts(confirm=True, target="hab-3")
    window = make_window(qtbot, tmp_path, ares_source("seal-breach"), prompts=prompts)
    _advance(window, 320)
    assert _statuses(window) == ["pending, due D+0 00:07:01", "pending, due D+0 00:15:01",
                                 "pending, due D+0 00:20:01"]
    banner_ack = window.findChild(QPushButton, "bannerAcknowledge")
    qtbot.mouseClick(banner_ack, Qt.MouseButton.LeftButton)  # the breach alarm on top
    assert _statuses(window)[0] == "met at D+0 00:05:20"
    click_scene_item(qtbot, window.schematic, window.schematic.rooms["hab-4"])
    qtbot.mouseClick(window.findChild(QPushButton, "btn_hab-4_evacuate"),
                     Qt.MouseButton.LeftButton)
    assert _statuses(window)[1] == "met at D+0 00:05:20"
    _advance(window, 600)
    click_scene_item(qtbot, window.schematic, window.schematic.doors["hab-3/hab-4"])
    window.command_actions["seal"].trigger()
    assert _statuses(window) == ["met at D+0 00:05:20", "met at D+0 00:05:20",
                                 "met at D+0 00:10:00"]
    assert window.training.panel.summary.text().startswith("100 of 100 points")

    assert "&Training" in [a.text() for a in window.menuBar().actions()]
    window.command_actions["training_finish"].trigger()
    dialog = window.training.dialog
    assert isinstance(dialog, DebriefDialog) and dialog.isVisible()
    assert window.station.paused
    # control is back at once: the dialog says it is preparing; the worker's result follows
    assert dialog.debrief is None and not dialog.progress.isHidden()
    assert "Preparing the debrief" in dialog.view.toPlainText()
    assert not dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.sigShown, timeout=60000):
        pass
    assert dialog.progress.isHidden() and dialog.export_button.isEnabled()
    assert "Score: " in dialog.view.toPlainText()
    assert "seal interconnect=hab-3/hab-4" in dialog.view.toPlainText()
    assert dialog.view.document().toHtml().count('<img src="data:image/png;base64,') == 4
    target = tmp_path / "debrief.html"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    page = target.read_text(encoding="utf-8")
    pictures = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(pictures) == 4  # ppO2, O2, CO2, pressure
    assert all(base64.b64decode(p).startswith(b"\x89PNG") for p in pictures)
    assert "3 of 3 met" in page and "evacuate module=hab-4 to=hab-3" in page


def test_scenario_end_opens_the_debrief_once(qtbot, tmp_path):
    path = tmp_path / "drill.toml"
    path.write_text('name = "Drill"\nhabitat = "ares"\nduration_s = 120\n'
                    '[[objectives]]\nid = "seal"\ntext = "Seal Hab-4"\ncommand = "seal"\n'
                    'interconnect = "hab-3/hab-4"\n')
    source = SimulatedSource(Simulation.from_scenario(load_scenario(path)), 1.0)
    window = make_window(qtbot, tmp_path, source)
    _advance(window, 60)
    assert window.training.dialog is None and _statuses(window) == ["pending"]
    _advance(window, 120)
    dialog = window.training.dialog
    assert dialog is not None and dialog.isVisible() and window.station.paused
    with qtbot.waitSignal(dialog.sigShown, timeout=60000):
        pass
    assert "missed" in dialog.view.toPlainText()
    window.station.publish()
    assert window.training.dialog is dialog


def test_no_training_dock_without_objectives(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, ares_source("nominal-day"))
    assert window.training is None
    assert window.findChild(QDockWidget, "dock_training") is None
    assert "training_finish" not in window.command_actions
