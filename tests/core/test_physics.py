"""The simulation against the sanity figures of docs/physics.md."""

from __future__ import annotations

import math

import numpy as np
import pytest

from habitat_gui.core import constants
from habitat_gui.core.plant.habitat import EquipmentSpec, InterconnectSpec
from habitat_gui.core.plant.physiology import spo2_pct
from habitat_gui.core.simulation import Simulation
from habitat_gui.core.plant.breaches import Hole
from habitat_gui.core.plant.world import World

from builders import habitat, module, people


def _run_until(world: World, condition, limit_s: float) -> float:
    while world.t_s < limit_s:
        world.step()
        if condition(world):
            return world.t_s
    raise AssertionError(f"condition not reached within {limit_s} s")


def test_fifteen_people_take_about_39_hours_to_bring_o2_from_21_to_15_percent():
    world = World(habitat([module("hab", o2_pct=21.0, co2_ppm=0.0)], crew=people(15, "hab")),
                  dt_s=10.0)
    t = _run_until(world, lambda w: w.o2_fraction[0] <= 0.15, 60 * 3600)
    assert t / 3600 == pytest.approx(39.0, rel=0.04)


def test_fifteen_people_bring_co2_to_one_percent_in_about_7_hours():
    world = World(habitat([module("hab", o2_pct=21.0, co2_ppm=0.0)], crew=people(15, "hab")),
                  dt_s=10.0)
    t = _run_until(world, lambda w: w.co2_ppm[0] >= 10000, 12 * 3600)
    assert t / 3600 == pytest.approx(7.0, rel=0.04)


def test_breathing_alone_never_drops_o2_in_minutes():
    world = World(habitat([module("hab")], crew=people(15, "hab", "exercise")))
    start = world.ppo2_kpa[0]
    for _ in range(600):
        world.step()
    assert start - world.ppo2_kpa[0] < 0.6


@pytest.mark.parametrize("hole_cm, minutes", [(1, 167), (2, 42), (3, 18.5), (5, 6.7)])
def test_choked_leak_reserve_time_to_evacuation_limit(hole_cm, minutes):
    sim = Simulation(habitat([module("hab", temperature_c=21.85)]))
    sim.inject("leak", "hab", hole_diameter_cm=hole_cm)
    predicted = sim.snapshot().module("hab").breach_time_s
    t = _run_until(sim.world, lambda w: w.pressure_kpa[0] <= constants.EVACUATION_PRESSURE_KPA,
                   4 * 3600)
    assert t / 60 == pytest.approx(minutes, rel=0.03)
    assert predicted / 60 == pytest.approx(minutes, rel=0.03)


@pytest.mark.parametrize("temperature_c, minutes", [(22.0, 18.6), (0.0, 19.3)])
def test_choked_leak_runs_at_the_modules_own_temperature(temperature_c, minutes):
    """3 cm hole, 250 m3, to 65.3 kPa: ~18.6 min at 22 C, ~19.3 min at 0 C; tau grows as
    1 / sqrt(T) (docs/physics.md, choked leak at other temperatures)."""
    sim = Simulation(habitat([module("hab", temperature_c=temperature_c)]))
    sim.inject("leak", "hab", hole_diameter_cm=3)
    predicted = sim.snapshot().module("hab").breach_time_s
    t = _run_until(sim.world, lambda w: w.pressure_kpa[0] <= constants.EVACUATION_PRESSURE_KPA,
                   3600)
    assert t / 60 == pytest.approx(minutes, rel=0.01)  # N2 make-up slows it by ~0.1 min
    assert predicted / 60 == pytest.approx(minutes, abs=0.05)


def test_leak_keeps_o2_percent_but_lowers_ppo2():
    sim = Simulation(habitat([module("hab")]))
    before = sim.snapshot().module("hab")
    sim.inject("leak", "hab", hole_diameter_cm=3)
    sim.advance(600)
    after = sim.snapshot().module("hab")
    assert after.truth.o2_pct == pytest.approx(before.truth.o2_pct, rel=0.01)
    assert after.truth.ppo2_kpa < 0.8 * before.truth.ppo2_kpa


def _two_rooms(state: str, **kw) -> World:
    return World(habitat([module("a", pressure_kpa=101.3, o2_pct=21.0),
                          module("b", pressure_kpa=90.0, o2_pct=15.0, co2_ppm=5000.0)],
                         [InterconnectSpec("a/b", ("a", "b"), state, **kw)]))


def test_open_hatch_equalises_pressure_within_a_step_and_conserves_gas():
    world = _two_rooms("open")
    total = world.n.sum(axis=0).copy()
    world.step()
    assert world.pressure_kpa[0] == pytest.approx(world.pressure_kpa[1], abs=1e-9)
    np.testing.assert_allclose(world.n.sum(axis=0), total, rtol=1e-12)
    assert world.o2_fraction[0] - world.o2_fraction[1] > 0.05  # composition mixes slowly


def test_open_hatch_mixes_composition_with_the_exchange_time_constant():
    world = _two_rooms("open", exchange_flow_m3_s=0.06)
    world.dt_s = 1.0
    world.step()
    gap0 = world.o2_fraction[0] - world.o2_fraction[1]
    for _ in range(3600):
        world.step()
    gap = world.o2_fraction[0] - world.o2_fraction[1]
    # two 250 m3 rooms exchanging 0.06 m3/s: the difference decays with tau = V / (2 Q)
    assert gap / gap0 == pytest.approx(math.exp(-3600 * 2 * 0.06 / 250.0), rel=0.02)


@pytest.mark.parametrize("state", ["closed", "sealed"])
def test_shut_hatch_exchanges_nothing(state):
    world = _two_rooms(state)
    before = world.n.copy()
    for _ in range(600):
        world.step()
    np.testing.assert_allclose(world.n[:, :3], before[:, :3], rtol=1e-12)


def test_cracked_seal_leaks_a_little_between_shut_modules():
    world = _two_rooms("sealed", seal_crack_mm=2.0)
    for _ in range(600):
        world.step()
    gap = world.pressure_kpa[0] - world.pressure_kpa[1]
    # a 2 mm crack under 11 kPa passes ~0.36 g/s: about 0.14 kPa of gap in ten minutes
    assert 0 < gap < 101.3 - 90.0 - 0.1


def test_nitrogen_make_up_holds_pressure_while_o2_is_diluted():
    pcs = EquipmentSpec("hab.pcs", "pressure_control", "hab", n2_tank_kg=200.0, o2_tank_kg=0.0)
    world = World(habitat([module("hab")], equipment=[pcs]), dt_s=10.0)
    world.holes.append(Hole(0, 0.10, 0.0, 0.7))  # 1 mm: about 11 kg of air a day
    world.mark_dirty()
    start_pct = world.o2_fraction[0]
    while world.t_s < 72 * 3600:
        world.step()
    assert world.pressure_kpa[0] > constants.N2_MAKEUP_BELOW_KPA - 1.0
    assert world.o2_fraction[0] < start_pct - 0.01


@pytest.mark.parametrize("o2_pct, low, high", [
    (20.9, 96, 98), (19.5, 95, 97), (19, 92, 97), (17, 92, 94), (16, 89, 91), (15, 89, 91),
    (13, 82, 87), (12, 82, 87), (10, 64, 70),
])
def test_spo2_meets_every_row_of_the_physiology_table(o2_pct, low, high):
    """Published resting SpO2 at sea level: 97 / 96 / 93 %, 89-91 % at 15-16 % O2, 82-87 % at
    12-14 % O2 and ~67 % at 10 % O2 (docs/physics.md, physiology thresholds)."""
    value = float(spo2_pct(np.array(o2_pct / 100), np.array(101.3)))
    assert low <= value <= high


def test_spo2_falls_monotonically_as_inspired_oxygen_falls():
    values = spo2_pct(np.linspace(0.21, 0.06, 200), np.full(200, 101.3))
    assert np.all(np.diff(values) < 0)


def test_spo2_is_below_50_percent_at_8_percent_o2():
    assert float(spo2_pct(np.array(0.08), np.array(101.3))) < 50


def test_generator_makes_its_rated_oxygen():
    gen = EquipmentSpec("hab.oga-a", "o2_generator", "hab", warmup_min=0.0)
    world = World(habitat([module("hab")], equipment=[gen], generator_adjust_every_s=1e9))
    world.step()
    before = world.n[0, constants.Gas.O2]
    for _ in range(3600):
        world.step()
    kg = (world.n[0, constants.Gas.O2] - before) * constants.MOLAR_MASS_KG_PER_MOL[constants.Gas.O2]
    assert kg == pytest.approx(9.2 / 24, rel=1e-3)


def test_long_steps_agree_with_one_second_steps():
    def run(dt):
        w = World(habitat([module("a"), module("b", o2_pct=18.0)],
                          [InterconnectSpec("a/b", ("a", "b"), "open")],
                          crew=people(10, "a")), dt_s=dt)
        while w.t_s < 6 * 3600:
            w.step()
        return w.ppo2_kpa.copy()

    np.testing.assert_allclose(run(60.0), run(1.0), rtol=0.002)


def test_breach_reserve_counts_the_gas_of_modules_joined_by_open_hatches():
    linked = Simulation(habitat([module("a"), module("b", 750.0)],
                                [InterconnectSpec("a/b", ("a", "b"), "open")]))
    linked.inject("leak", "a", hole_diameter_cm=3)
    predicted = linked.snapshot().module("b").breach_time_s
    # four times the volume behind the same hole: four times the 18.5 min
    assert predicted / 60 == pytest.approx(4 * 18.5, rel=0.03)
    t = _run_until(linked.world, lambda w: w.pressure_kpa[0] <= constants.EVACUATION_PRESSURE_KPA,
                   3 * 3600)
    assert t == pytest.approx(predicted, rel=0.02)
