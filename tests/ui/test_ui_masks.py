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
