"""Further figures of docs/physics.md: humidity control, electrolysis water."""

from __future__ import annotations

import numpy as np
import pytest

from habitat_gui import cli
from habitat_gui.core import resources
from habitat_gui.core.maintenance import ageing, data as maintenance_data
from habitat_gui.core.constants import MOLAR_MASS_KG_PER_MOL, Gas
from habitat_gui.core.plant.habitat import EquipmentSpec, load_habitat
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


def _generator(module_id: str, role: str = "primary") -> EquipmentSpec:
    return EquipmentSpec(f"{module_id}.oga-{role[0]}", "o2_generator", module_id, role=role)


def test_electrolysis_draws_1_126_kg_of_water_per_kg_of_o2():
    """2 H2O -> 2 H2 + O2: 36.03 / 32.00 = 1.126 kg of water per kg of O2 (docs/physics.md),
    booked through the set-point changes of the generator."""
    sim = Simulation(habitat([module("hab", water_kg=500.0)], equipment=[_generator("hab")]))
    world = sim.world
    o2_before_kg = world.n[0, Gas.O2] * MOLAR_MASS_KG_PER_MOL[Gas.O2]
    sim.advance(12 * 3600)
    made_kg = world.n[0, Gas.O2] * MOLAR_MASS_KG_PER_MOL[Gas.O2] - o2_before_kg
    gen = world.units["hab.oga-p"]
    world.water.settle()
    assert made_kg > 1.0  # it ran
    assert gen.water_used_kg == pytest.approx(1.126 * made_kg, rel=1e-6)
    module_state = sim.snapshot().module("hab")
    assert module_state.water_kg == pytest.approx(500.0 - gen.water_used_kg, rel=1e-9)
    assert module_state.water_time_s == pytest.approx(
        module_state.water_kg / (1.126 * gen.o2_mol_per_s() * MOLAR_MASS_KG_PER_MOL[Gas.O2]),
        rel=1e-6)


def test_an_empty_water_store_stops_both_generators_with_the_reason():
    sim = Simulation(habitat([module("hab", water_kg=1.0)],
                             equipment=[_generator("hab"), _generator("hab", "backup")]))
    # at full rate 9.2 kg O2 a day draws 10.36 kg of water, so 1 kg lasts at least 2.32 h
    sim.advance(2.3 * 3600)
    assert sim.snapshot().unit("hab.oga-p").state == "ON"
    sim.advance(3600)
    snap = sim.snapshot()
    assert snap.unit("hab.oga-p").state == "NO WATER"
    assert snap.unit("hab.oga-b").state != "ON"
    assert snap.module("hab").water_kg == 0.0
    # the store runs dry within a step: at most 1 s of draw (0.00012 kg) past it
    assert sim.world.units["hab.oga-p"].water_used_kg == pytest.approx(1.0, abs=1.3e-4)
    stop = next(e for e in sim.world.events if "water store empty" in e.message)
    assert 1.0 / (9.2 * 1.126 / 24.0) <= stop.t_s / 3600 < 3.0


@pytest.mark.parametrize("value, expected", [("-1", "'water_kg' is -1 kg; expected at least 0"),
                                             ('"lots"', "must be a number")])
def test_a_bad_water_store_is_named_with_its_line(tmp_path, capsys, value, expected):
    path = tmp_path / "habitat.toml"
    path.write_text(f'name = "X"\n[[modules]]\nid = "a"\nvolume_m3 = 250\nwater_kg = {value}\n')
    assert cli.main(["validate", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{path}:5: ") and expected in err, err


def test_the_built_in_habitat_keeps_water_where_it_makes_oxygen():
    ares = load_habitat(resources.builtin("habitats")["ares"])
    makers = {e.module for e in ares.equipment if e.kind == "o2_generator"}
    assert {m.id for m in ares.modules if m.water_kg} == makers


def test_aged_sensors_drift_at_industrial_rates():
    """Pressure transmitters drift ~0.1-0.25 % of range a year; a badly aged one might reach
    a few percent, not the median (docs/physics.md): the 1200-day colony's sensors."""
    ares = load_habitat(resources.builtin("habitats")["ares"])
    years = ares.service_days / 365.25
    for seed in range(5):
        errors = np.abs([c.error for c in ageing.age(ares, ares.service_days, seed).components
                         if c.kind == "sensor"])
        assert 0.001 * years <= np.median(errors) <= 0.0025 * years
        assert errors.max() < 0.03


# ANSI/ISA-71.04-2013: copper film growth per 30 days at the upper bound of each severity
# level, G1 mild, G2 moderate, G3 harsh (GX severe beyond).
ISA_COPPER_ANGSTROM_PER_30_DAYS = {"G1": 300.0, "G2": 1000.0, "G3": 2000.0}


def test_harnesses_corrode_faster_beside_the_airlock_within_one_corrosivity_class():
    """Regolith dust (perchlorate salts, Phoenix: 0.4-0.6 wt %) corrodes wiring faster in a
    module beside an airlock (docs/physics.md): the harness's dust factor is more than 1 and
    less than one ISA-71.04 class step (G1 -> G2 multiplies copper reactivity by 3.3)."""
    kind = maintenance_data.builtin().kinds["wiring_harness"]
    isa = ISA_COPPER_ANGSTROM_PER_30_DAYS
    assert 1.0 < kind.dust_factor < isa["G2"] / isa["G1"]
    ares = load_habitat(resources.builtin("habitats")["ares"])
    fleet = ageing.age(ares, ares.service_days, 0)
    dusty = ageing.dusty_modules(ares)
    assert dusty == {"command", "workshop"}  # beside the command/workshop airlock
    rates = {d: [c.rate_per_day for c in fleet.components if c.kind == "wiring_harness"
                 and c.dust == d and c.duty == 1.0] for d in (True, False)}
    ratio = np.median(rates[True]) / np.median(rates[False])
    assert ratio == pytest.approx(kind.dust_factor, rel=0.25)  # the log-normal spread aside


def test_a_harness_segment_takes_an_electrician_about_forty_minutes():
    """The Hab-3 story: one person with the skill replaces the harness in about 40 min."""
    rules = maintenance_data.builtin()
    kind = rules.kinds["wiring_harness"]
    assert kind.skill == "electrical"
    minutes = [kind.person_hours * rules.level_time_factor[level] * 60 for level in (1, 2, 3)]
    assert minutes[1] == pytest.approx(40.2)
    assert 30 <= minutes[2] < minutes[1] < minutes[0] <= 61
