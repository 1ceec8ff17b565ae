"""Further figures of docs/physics.md: humidity control, electrolysis water."""

from __future__ import annotations

import pytest

from habitat_gui.core.constants import Gas
from habitat_gui.core.simulation import Simulation

from builders import habitat, module, people


def _water_kpa(sim: Simulation) -> float:
    world = sim.world
    return float(world.n[0, Gas.H2O] * world.kpa_per_mol[0])


def test_humidity_control_adds_no_water_to_an_empty_leaking_module():
    """Humidity control makes up only what people lose to it: an empty module losing gas to
    Mars loses its water vapour with the rest of its air."""
    sim = Simulation(habitat([module("hab", humidity_kpa=1.2)]))
    sim.inject("leak", "hab", hole_diameter_cm=3)
    start_kpa, start_p = _water_kpa(sim), sim.world.pressure_kpa[0]
    sim.advance(15 * 60)
    # the leak takes every gas in proportion: H2O falls with the pressure
    assert _water_kpa(sim) / start_kpa == pytest.approx(sim.world.pressure_kpa[0] / start_p,
                                                        rel=1e-3)


def test_humidity_control_holds_the_set_point_where_people_live():
    sim = Simulation(habitat([module("hab", humidity_kpa=1.2)], crew=people(4, "hab")))
    sim.advance(6 * 3600)
    assert _water_kpa(sim) == pytest.approx(1.2, abs=0.1)


def test_humidity_control_stops_below_the_evacuation_limit():
    sim = Simulation(habitat([module("hab", pressure_kpa=60.0, humidity_kpa=1.2)],
                             crew=people(1, "hab", activity="sleep")))
    world = sim.world
    world.n[0, Gas.H2O] *= 0.5
    world.mark_dirty()
    start = _water_kpa(sim)
    sim.advance(3600)
    # only the sleeper's breath: 0.038 kg/h of water vapour
    added_kg = (_water_kpa(sim) - start) / world.kpa_per_mol[0] * 0.018015
    assert added_kg == pytest.approx(0.038, rel=0.05)
