"""The evacuation chooser: the plant's ranking shown, the safest preselected, Enter sends it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from habitat_gui.sources.protocol import Operator
from habitat_gui.ui.evacuation import EvacuationDialog
from scripted_source import ScriptedSource
from support import (OFFSCREEN_NOISE, RealChooser, ares_source, in_chooser,
                     make_window)

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def test_shortcut_then_enter_evacuates_hab3_to_its_safe_neighbour(qtbot, tmp_path):
    source = ares_source("hab3-generator-failure")
    # at the drill's start the generator has failed; Hab-3's hatches are shut
    prompts = RealChooser(confirm=True)
    window = make_window(qtbot, tmp_path, source=source, prompts=prompts)
    window.station.select_module("hab-3")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    seen = in_chooser(qtbot, lambda d: qtbot.keyClick(d.table, Qt.Key.Key_Return))
    qtbot.keyClick(window.schematic, Qt.Key.Key_E,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = seen[0]
    assert dialog.options[0].target == "hab-2" and dialog.options[0].recommended
    assert "Recommended: <b>Hab-2</b>" in dialog.headline.text()
    hab4 = next(row for row, o in enumerate(dialog.options) if o.target == "hab-4")
    assert "dead end" in dialog.table.item(hab4, 7).text()
    assert dialog.table.item(0, 2).text() == "hab-2/hab-3"  # the door the crew will open
    assert dialog.table.item(0, 6).text() == "20"
    assert "Move 15 people from Hab-3 to Hab-2 through hatch hab-2/hab-3" in \
        prompts.confirmations[0][1]
    record = window.station.source.simulation.history[-1]
    assert (record.command, record.args, record.outcome) == \
        ("evacuate", {"module": "hab-3", "to": "hab-2"}, "accepted")
    snap = window.station.source.snapshot()
    assert sum(1 for c in snap.crew if c.moving_to == "hab-2") == 15


def test_chooser_shows_refusals_and_forecasts(qtbot):
    source = ares_source("hab3-generator-failure")
    options = source.evacuation_options("hab-3")
    dialog = EvacuationDialog(None, options, source.snapshot(), source)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "forecasting" not in dialog.table.item(0, 8).text(),
                    timeout=20000)
    assert "lowest SpO2 of those moved" in dialog.table.item(0, 8).text()
    dialog.reject()


def test_refused_targets_cannot_be_chosen_and_say_why(qtbot):
    source = ScriptedSource()
    source.refusals["evacuate module=hab-3 to=hab-2"] = "hab-2 is unsafe: ppO2 15.0 kPa"
    dialog = EvacuationDialog(None, source.evacuation_options("hab-3", Operator("tester")),
                              source.snapshot())
    qtbot.addWidget(dialog)
    row = next(r for r, o in enumerate(dialog.options) if o.target == "hab-2")
    assert dialog.table.item(row, 7).text() == "refused: hab-2 is unsafe: ppO2 15.0 kPa"
    assert dialog.table.columnCount() == 8  # no forecast column without Forecasting
    dialog.table.selectRow(row)
    assert dialog.chosen() is None or dialog.chosen().target != "hab-2"
    assert not dialog.options[-1].offered and dialog.options[0].recommended
