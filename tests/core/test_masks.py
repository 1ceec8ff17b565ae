"""Emergency O2 for people: lockers, the mask commands, canisters that run out, the books,
the blood's lag behind a change of breathing gas, and exertion in hypoxia."""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest

from habitat_gui.core.constants import (O2_CANISTER_KG, SPO2_HYPOXIC_PCT,
                                        SPO2_TIME_CONSTANT_S)
from habitat_gui.core.operations import command_bus as cmd
from habitat_gui.core.plant.masks import MASK_O2_KG_S
from habitat_gui.core.plant.physiology import EXERTION, spo2_pct
from habitat_gui.core.simulation import Simulation

from builders import habitat, module, people
from test_gas_books import assert_closed

PPO2_15_KPA_PCT = 100.0 * 15.0 / 101.3  # O2 % for ppO2 15 kPa at 101.3 kPa
CANISTER_S = O2_CANISTER_KG / MASK_O2_KG_S


def _room(masks: int = 2, canisters: int = 2, crew: int = 2) -> Simulation:
    """One sealed 250 m3 room at ppO2 15 kPa with a locker."""
    return Simulation(habitat([module("a", o2_pct=PPO2_15_KPA_PCT, masks=masks,
                                      o2_canisters=canisters)], crew=people(crew, "a")))


def _submit(sim: Simulation, text: str):
    return sim.submit(cmd.parse(text), who="tester", role="operator")


def test_a_canister_lasts_the_reference_seven_minutes():
    assert abs(CANISTER_S / 60 - 7.0) < 0.07  # minutes


def test_don_mask_is_accepted_audited_and_refused_with_reasons():
    sim = _room(masks=1, canisters=1)
    record = _submit(sim, "don_mask person=pa-0")
    assert record.outcome == "accepted" and record.who == "tester"
    assert sim.bus.history[-1].command.startswith("don_mask")
    assert "already on a mask" in _submit(sim, "don_mask person=pa-0").reason
    assert "no mask left in the a locker" in _submit(sim, "don_mask person=pa-1").reason
    assert "unknown person" in _submit(sim, "don_mask person=nobody").reason
    assert "is not on a mask" in _submit(sim, "doff_mask person=pa-1").reason
    assert _submit(sim, "doff_mask person=pa-0").outcome == "accepted"
    assert sim.snapshot().module("a").masks == 1  # the mask is back in the locker
    assert "no O2 canister left" in _submit(sim, "don_mask person=pa-1").reason


def test_on_a_mask_spo2_recovers_on_the_time_constant():
    sim = _room()
    sim.advance(60)
    before = sim.snapshot().person("pa-0").spo2_pct
    assert before < SPO2_HYPOXIC_PCT  # ppO2 15 kPa, at rest
    _submit(sim, "don_mask person=pa-0")
    sim.advance(SPO2_TIME_CONSTANT_S)
    after_tau = sim.snapshot().person("pa-0")
    sim.advance(2 * SPO2_TIME_CONSTANT_S)
    settled = sim.snapshot().person("pa-0").spo2_pct
    equilibrium = float(spo2_pct(np.array(0.6), np.array(101.3)))
    assert equilibrium > 98
    # one time constant: 1 - 1/e of the way; three: 95 % of the way
    assert after_tau.spo2_pct == pytest.approx(
        equilibrium - (equilibrium - before) / math.e, abs=0.3)
    assert after_tau.spo2_pct > SPO2_HYPOXIC_PCT
    assert settled == pytest.approx(equilibrium - 0.05 * (equilibrium - before), abs=0.3)
    assert sim.snapshot().person("pa-1").spo2_pct < SPO2_HYPOXIC_PCT  # not on a mask


def test_canisters_run_out_are_swapped_from_the_locker_and_then_leave_cabin_air():
    sim = _room(masks=1, canisters=2)
    _submit(sim, "don_mask person=pa-0")
    sim.advance(400)
    assert sim.snapshot().person("pa-0").mask_o2_pct == pytest.approx(
        100 * (CANISTER_S - 400) / CANISTER_S, abs=0.01)
    sim.advance(30)
    assert sim.snapshot().person("pa-0").mask_o2_pct > 95  # the second canister
    assert sim.snapshot().module("a").o2_canisters == 0
    sim.advance(CANISTER_S)
    person = sim.snapshot().person("pa-0")
    assert person.mask_o2_pct is None
    assert sim.snapshot().module("a").masks == 1
    messages = [e.message for e in sim.events_since(0)]
    assert any("canister empty, swapped" in m for m in messages)
    assert any("none left in the a locker: back on cabin air" in m for m in messages)
    sim.advance(3 * SPO2_TIME_CONSTANT_S)
    assert sim.snapshot().person("pa-0").spo2_pct < SPO2_HYPOXIC_PCT


def test_the_books_close_with_the_mask_o2_booked():
    sim = _room()
    _submit(sim, "don_mask person=pa-0")
    sim.advance(300)
    books = sim.snapshot().gas_books
    assert books is not None
    assert_closed(books)
    assert books.flows_kg["masks"]["O2"] == pytest.approx(300 * MASK_O2_KG_S, rel=1e-9)


def test_a_forecast_twin_keeps_the_mask_and_its_canister():
    sim = _room()
    _submit(sim, "don_mask person=pa-0")
    sim.advance(60)
    twin = copy.deepcopy(sim.world)
    assert twin.masks.worn[0] and twin.masks.left_kg(0, twin.t_s) == pytest.approx(
        O2_CANISTER_KG - 60 * MASK_O2_KG_S)
    sim.advance(300)
    while twin.t_s < sim.t_s:
        twin.advance(int(round(sim.t_s - twin.t_s)))
    assert twin.crew_spo2 == pytest.approx(sim.world.crew_spo2)


def test_exertion_lowers_spo2_in_hypoxia_by_the_published_points_and_not_in_normal_air():
    """Untrained people lose 6 +- 1 points from rest to hard exercise at 2150 m and keep
    their SpO2 at sea level (Gaston et al. 2016); the model at 15 % O2."""
    def spo2(o2_pct: float, activity: str) -> float:
        return float(spo2_pct(np.array(o2_pct / 100), np.array(101.3), EXERTION[activity]))

    assert spo2(15, "nominal") - spo2(15, "exercise") == pytest.approx(6.0, abs=1.0)
    assert 0.5 < spo2(15, "nominal") - spo2(15, "working") < spo2(15, "nominal") \
        - spo2(15, "exercise")
    assert spo2(20.9, "nominal") - spo2(20.9, "exercise") < 0.1
    assert spo2(15, "sleep") == spo2(15, "nominal")


def test_a_person_at_work_in_the_room_desaturates_more_than_one_at_rest():
    sim = Simulation(habitat([module("a", o2_pct=PPO2_15_KPA_PCT)],
                             crew=people(1, "a") + people(1, "a", "exercise", prefix="x")))
    sim.advance(60)
    rest, work = sim.snapshot().person("pa-0"), sim.snapshot().person("xa-0")
    assert rest.spo2_pct - work.spo2_pct == pytest.approx(6.0, abs=1.0)


# ----------------------------------------------------------------------------- concentrators
def _concentrator_room(concentrators: int = 1, crew: int = 2) -> Simulation:
    return Simulation(habitat([module("a", o2_pct=PPO2_15_KPA_PCT, masks=1, o2_canisters=1,
                                      concentrators=concentrators)], crew=people(crew, "a")))


def test_a_concentrators_cannula_follows_the_published_gain_per_litre():
    # BTS 2017: by nasal cannula FiO2 rises 0.038 per L/min of pure O2 into room air
    from habitat_gui.core.plant.masks import concentrator_fio2
    from habitat_gui.core.constants import (CONCENTRATOR_FLOW_L_PER_MIN as FLOW,
                                            CONCENTRATOR_O2_FRACTION as PURITY)
    room = concentrator_fio2(np.array(0.21))
    assert float(room) == pytest.approx(0.21 + 0.038 * FLOW * (PURITY - 0.21) / 0.79)
    assert 0.90 <= PURITY <= 0.95 and 2.0 <= FLOW <= 3.0  # "~90-95 % at a few L/min"
    assert float(concentrator_fio2(np.array(0.15))) == pytest.approx(0.2626, abs=5e-4)


def test_start_concentrator_is_accepted_audited_and_refused_with_reasons():
    sim = _concentrator_room()
    assert _submit(sim, "start_concentrator person=pa-0").outcome == "accepted"
    snap = sim.snapshot()
    assert snap.person("pa-0").on_concentrator and snap.module("a").concentrators == 0
    assert "already on a concentrator" in _submit(sim, "start_concentrator person=pa-0").reason
    assert "already on a concentrator" in _submit(sim, "don_mask person=pa-0").reason
    assert "no concentrator left in the a locker" in \
        _submit(sim, "start_concentrator person=pa-1").reason
    _submit(sim, "don_mask person=pa-1")
    assert "already on a mask" in _submit(sim, "start_concentrator person=pa-1").reason
    assert "is not on a concentrator" in _submit(sim, "stop_concentrator person=pa-1").reason
    assert _submit(sim, "stop_concentrator person=pa-0").outcome == "accepted"
    snap = sim.snapshot()
    assert not snap.person("pa-0").on_concentrator and snap.module("a").concentrators == 1


def test_on_a_concentrator_spo2_recovers_and_the_air_is_untouched():
    sim, twin = _concentrator_room(), _concentrator_room()
    for s in (sim, twin):
        s.advance(60)
    before = sim.snapshot().person("pa-0").spo2_pct
    assert before < SPO2_HYPOXIC_PCT
    _submit(sim, "start_concentrator person=pa-0")
    sim.advance(3 * SPO2_TIME_CONSTANT_S)
    twin.advance(3 * SPO2_TIME_CONSTANT_S)
    target = float(spo2_pct(np.array(0.2626), np.array(101.3)))
    assert sim.snapshot().person("pa-0").spo2_pct == pytest.approx(
        target - 0.05 * (target - before), abs=0.3)
    assert target > 95  # back within normal saturation
    assert sim.snapshot().person("pa-1").spo2_pct < SPO2_HYPOXIC_PCT
    # it separates O2 from the cabin's own air: the module's gas is as without it
    air, alone = sim.snapshot().module("a").truth, twin.snapshot().module("a").truth
    for field in ("o2_pct", "ppo2_kpa", "pressure_kpa", "co2_ppm"):
        assert getattr(air, field) == pytest.approx(getattr(alone, field), rel=1e-12)
    books = sim.snapshot().gas_books
    assert books is not None
    assert_closed(books)
    assert books.flows_kg["masks"] == twin.snapshot().gas_books.flows_kg["masks"]
