"""A unit under repair on the panel: tagged REPAIR on the schematic, named on its faceplate."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from test_ui_maintenance import click_row, open_view

from habitat_gui.contract.commands import parse
from support import OFFSCREEN_NOISE, ScriptedPrompts, click_scene_item

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, r"This plugin does not support raise\(\)")


def test_a_unit_under_repair_shows_as_locked_out(qtbot, tmp_path):
    prompts = ScriptedPrompts(confirm=True)
    window, view = open_view(qtbot, tmp_path, prompts=prompts)
    window.station.preview = None
    f = next(f for f in view.report.audit.findings
             if f.id.startswith("hab-4.cdra-b.harness") and f.cls != "nominal")
    click_row(qtbot, view, f.id)
    prompts.target = view.repair_candidates(f)[0][0]
    qtbot.mouseClick(view.buttons["repair"], Qt.MouseButton.LeftButton)
    assert window.station.source.simulation.history[-1].outcome == "accepted"
    window.station.publish()
    tag = window.schematic.rooms["hab-4"].rows["hab-4.cdra-b"].tag
    assert tag.isVisible() and tag.text == "REPAIR"
    click_scene_item(qtbot, window.schematic, window.schematic.rooms["hab-4"])
    lock = window.findChild(QLabel, "value_hab-4.cdra-b_lock-out")
    assert lock.text() == f"LOCKED OUT: {f.id} under repair"
    force_on = window.findChild(QPushButton, "btn_hab-4.cdra-b_on")
    assert not force_on.isEnabled()  # offered only when the command would be taken
    assert "is locked out" in force_on.toolTip() and f.id in force_on.toolTip()
    assert window.findChild(QPushButton, "btn_hab-4.cdra-b_off").isEnabled()
    qtbot.mouseClick(view.buttons["cancel"], Qt.MouseButton.LeftButton)
    window.station.publish()
    assert not tag.isVisible() and lock.text() == "none"
    assert force_on.isEnabled() and force_on.toolTip() == ""


def test_a_generator_under_repair_cannot_be_selected_from_the_panel(qtbot, tmp_path):
    window, _ = open_view(qtbot, tmp_path)
    sim = window.station.source.simulation
    person = next(p.name for p in sim.maintenance().crew if p.level("life_support") >= 1)
    window.station.issue(parse(f"repair component=hab-1.oga-b.stack-1 person={person}"),
                         "test")
    window.station.publish()
    click_scene_item(qtbot, window.schematic, window.schematic.rooms["hab-1"])
    for name in ("btn_hab-1_switch_backup", "btn_hab-1.relay_relay_backup"):
        button = window.findChild(QPushButton, name)
        assert not button.isEnabled(), name
        assert "hab-1.oga-b.stack-1" in button.toolTip(), button.toolTip()
    primary = window.findChild(QPushButton, "btn_hab-1.relay_relay_primary")
    assert primary.isEnabled()
