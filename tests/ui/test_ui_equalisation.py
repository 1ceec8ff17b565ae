"""Hatch equalisation valves from the panel: the evacuation chooser's plan and its valve
button, the door's faceplate button, menu and shortcut, each offered from the dry run, and
PEV OPEN on the schematic."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from habitat_gui.contract.commands import Command
from habitat_gui.ui.evacuation import EvacuationDialog
from patience import PATIENCE_MS
from support import (OFFSCREEN_NOISE, RealChooser, ares_source,
                     click_scene_item, in_chooser, make_window)
from test_ui_schematic_text import VIEWS, problems

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
HAB3_DIFFERENTIAL_S = 136800.0  # Hab-3 4.6 kPa below Hab-2
PLAN = "open the PEV on hab-2/hab-3 (about 5 min to within 3 kPa)"


def _hab3_window(qtbot, tmp_path, prompts=None):
    source = ares_source("hab3-generator-failure")
    source.run_until(HAB3_DIFFERENTIAL_S)
    return make_window(qtbot, tmp_path, source=source, prompts=prompts)


def _valve(window) -> bool:
    return window.station.source.snapshot().interconnect("hab-2/hab-3").pev_open


def test_the_chooser_plans_the_equalisation_and_its_button_opens_the_valve(qtbot, tmp_path):
    window = _hab3_window(qtbot, tmp_path, RealChooser(confirm=True))
    window.station.select_module("hab-3")
    evacuate = window.command_actions["evacuate"]
    window.offer_commands()
    assert evacuate.isEnabled()  # no module accepts now, but the valve they wait on would open
    seen = in_chooser(qtbot, lambda d: qtbot.mouseClick(d.equalise, Qt.MouseButton.LeftButton))
    window._listen_to_shortcuts()
    evacuate.trigger()
    dialog = seen[0]
    assert f"<b>Hab-2</b>: equalise first: {PLAN}." in dialog.headline.text()
    assert dialog.table.item(0, 7).text() == f"EQUALISE FIRST: {PLAN}"
    assert "refused now: pressure differential 4.6 kPa" in dialog.table.item(0, 7).toolTip()
    assert not dialog.go.isEnabled()
    assert dialog.equalise.text() == "Open equalisation valve on hab-2/hab-3"
    record = window.station.source.simulation.history[-1]
    assert (record.command, record.args, record.outcome) == (
        "open_equalisation", {"interconnect": "hab-2/hab-3"}, "accepted")
    assert _valve(window)
    assert "PEV OPEN" in window.schematic.doors["hab-2/hab-3"].label.text()


def test_with_the_valve_open_the_chooser_offers_it_no_more(qtbot, tmp_path):
    window = _hab3_window(qtbot, tmp_path)
    window.station.issue(Command.of("open_equalisation", interconnect="hab-2/hab-3"))
    options = window.station.source.evacuation_options("hab-3", window.station.operator)
    dialog = EvacuationDialog(None, options, window.station.latest, None,
                              window.station.refusal)
    qtbot.addWidget(dialog)
    assert dialog.table.item(0, 7).text().startswith(
        "EQUALISE FIRST: the PEV on hab-2/hab-3 is open (about")
    assert not dialog.equalise.isVisible() and not dialog.go.isEnabled()
    dialog.reject()


def test_shortcuts_open_and_close_the_valve_of_the_selected_hatch(qtbot, tmp_path):
    window = _hab3_window(qtbot, tmp_path)
    click_scene_item(qtbot, window.schematic, window.schematic.doors["hab-2/hab-3"])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=PATIENCE_MS)
    qtbot.keyClick(window.schematic, Qt.Key.Key_O,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert _valve(window)
    window.offer_commands()
    again = window.command_actions["open_equalisation"]
    assert not again.isEnabled() and "already open" in again.toolTip()
    qtbot.keyClick(window.schematic, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert not _valve(window)
    assert [r.command for r in window.station.source.simulation.history[-2:]] == [
        "open_equalisation", "close_equalisation"]


def test_the_faceplate_offers_the_valve_only_where_the_plant_would_open_it(qtbot, tmp_path):
    window = _hab3_window(qtbot, tmp_path)
    window.station.select_module("hab-2")
    shut = window.findChild(QPushButton, "btn_hab-2/hab-3_open_equalisation")
    assert shut is not None and shut.isEnabled()
    open_hatch = window.findChild(QPushButton, "btn_command/hab-2_open_equalisation")
    assert not open_hatch.isEnabled()
    assert "the pressure is already equal across it" in open_hatch.toolTip()
    door = window.detail.doors["hab-2/hab-3"].text()
    assert "within 3 kPa in 5 min through its PEV" in door
    qtbot.mouseClick(shut, Qt.MouseButton.LeftButton)
    assert _valve(window)


@pytest.mark.parametrize("mode", VIEWS)
def test_pev_open_on_both_hab3_hatches_overlaps_no_text(qtbot, tmp_path, mode):
    window = _hab3_window(qtbot, tmp_path)
    for link in ("hab-2/hab-3", "hab-3/hab-4"):
        record = window.station.issue(Command.of("open_equalisation", interconnect=link))
        assert record is not None and record.outcome == "accepted"
    window.station.publish()
    window.schematic.resize(*VIEWS[mode])
    window.schematic.fit()
    for link in ("hab-2/hab-3", "hab-3/hab-4"):  # wrapped to the corridor in the compact view
        assert "CLOSED PEV OPEN" in " ".join(window.schematic.doors[link].label.text().split())
    assert "\n".join(problems(window.schematic)) == ""
