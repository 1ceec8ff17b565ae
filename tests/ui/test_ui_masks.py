"""The crew roster shows who is on an O2 mask and what their canister has left."""

from __future__ import annotations

import pytest

from habitat_gui.core import resources
from habitat_gui.core.operations import command_bus as cmd
from habitat_gui.core.plant.habitat import load_habitat
from habitat_gui.core.simulation import Simulation
from habitat_gui.sources.simulated import SimulatedSource
from support import OFFSCREEN_NOISE, make_window

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def test_the_crew_table_shows_the_mask_and_its_canister(qtbot, tmp_path):
    sim = Simulation(load_habitat(resources.builtin("habitats")["ares"]))
    name = sim.snapshot().crew[0].name
    assert sim.submit(cmd.parse(f"don_mask person={name}"), who="tester").outcome == "accepted"
    sim.advance(105)  # a quarter of the 7-min canister
    window = make_window(qtbot, tmp_path, source=SimulatedSource(sim, 1.0))
    model = window.crew.model_
    texts = [model.text(row, 2) for row in range(model.rowCount())]
    assert texts[0] == "nominal, MASK (canister 75 %)"
    assert all("MASK" not in text for text in texts[1:])


def _trigger(menu, key: str) -> None:
    action = next(a for a in menu.actions() if a.objectName() == f"ctx_{key}")
    assert action.isEnabled(), action.toolTip()
    action.trigger()


def test_a_persons_menu_offers_emergency_o2_from_the_dry_run(qtbot, tmp_path):
    source = SimulatedSource(Simulation(load_habitat(resources.builtin("habitats")["ares"])),
                             1.0)
    window = make_window(qtbot, tmp_path, source=source)
    window.station.set_paused(True)
    name = window.crew.model_.rows[0].name
    menu = window.crew.menu_for(0)
    offered = {a.objectName(): a.isEnabled() for a in menu.actions()}
    assert offered == {"ctx_don_mask": True, "ctx_doff_mask": False,
                       "ctx_start_concentrator": True, "ctx_stop_concentrator": False}
    assert next(a for a in menu.actions()
                if a.objectName() == "ctx_doff_mask").toolTip() == f"{name} is not on a mask"
    _trigger(menu, "start_concentrator")
    window.station.publish()
    assert window.crew.model_.text(0, 2).endswith(", CONCENTRATOR")
    record = source.simulation.bus.history[-1]
    assert (record.command, record.args, record.outcome) == (
        "start_concentrator", {"person": name}, "accepted")
    menu = window.crew.menu_for(0)
    assert not next(a for a in menu.actions() if a.objectName() == "ctx_don_mask").isEnabled()
    _trigger(menu, "stop_concentrator")
    window.station.publish()
    assert "CONCENTRATOR" not in window.crew.model_.text(0, 2)
