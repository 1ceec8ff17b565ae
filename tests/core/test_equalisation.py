"""Hatch pressure equalisation valves (PEV): the orifice flow, the closed-form time to within
the hatch's opening limit, the commands and their interlocks, and the Hab-3 drill."""

from __future__ import annotations

import json

import numpy as np
import pytest

from habitat_gui import cli
from habitat_gui.core.constants import MOLAR_MASS_KG_PER_MOL
from habitat_gui.core.operations import command_bus as cmd
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.plant.habitat import InterconnectSpec
from habitat_gui.core.simulation import Simulation

from builders import habitat, module

EVACUATE = "evacuate module=hab-3 to=hab-2"
HAB3_DIFFERENTIAL_S = 136800.0  # 38 h into hab3-generator-failure: Hab-3 4.6 kPa below Hab-2


def _rooms(low_kpa: float = 96.7, behind_m3: float = 0.0, state: str = "closed",
           **valve: float) -> Simulation:
    """Room a (with room c of ``behind_m3`` behind an open hatch) at 101.3 kPa, room b at
    ``low_kpa``, a/b between them with its PEV; sensors without noise."""
    modules = [module("a"), module("b", pressure_kpa=low_kpa)]
    links = [InterconnectSpec("a/b", ("a", "b"), state, **valve)]
    if behind_m3:
        modules.append(module("c", behind_m3))
        links.append(InterconnectSpec("a/c", ("a", "c"), "open"))
    return Simulation(habitat(modules, links))


def submit(sim: Simulation, text: str) -> cmd.CommandRecord:
    return sim.submit(cmd.parse(text), who="tester", role="operator")


def _kpa(sim: Simulation, mid: str) -> float:
    return float(sim.world.pressure_kpa[sim.world.index[mid]])


def _kg(sim: Simulation, mid: str) -> float:
    return float(sim.world.n[sim.world.index[mid]] @ np.array(MOLAR_MASS_KG_PER_MOL))


def test_an_open_valve_passes_the_orifice_flow_of_a_15_mm_hole():
    sim = _rooms()
    before = _kg(sim, "a")
    assert submit(sim, "open_equalisation interconnect=a/b").outcome == "accepted"
    sim.advance(10)
    # Cd A sqrt(2 rho dP) = 0.7 x 1.767 cm2 x sqrt(2 x 1.196 kg/m3 x 4600 Pa) = 13.0 g/s
    assert (before - _kg(sim, "a")) / 10 == pytest.approx(0.0130, rel=0.02)


def test_a_closed_valve_passes_nothing():
    sim = _rooms()
    sim.advance(600)
    assert _kpa(sim, "a") - _kpa(sim, "b") == pytest.approx(4.6, abs=1e-9)


@pytest.mark.parametrize("behind_m3", [0.0, 600.0])
def test_the_predicted_time_to_within_3_kpa_is_the_simulated_one(behind_m3):
    """Both 250 m3 alone (about 3.4 min), and with 600 m3 more behind the high side, which
    the valve must also drain (about 5.1 min)."""
    sim = _rooms(behind_m3=behind_m3)
    predicted = sim.snapshot().interconnect("a/b").equalise_s
    submit(sim, "open_equalisation interconnect=a/b")
    start = sim.t_s
    while _kpa(sim, "a") - _kpa(sim, "b") > 3.0:
        sim.advance(1)
    assert sim.t_s - start == pytest.approx(predicted, rel=0.03)
    assert predicted / 60 == pytest.approx(5.1 if behind_m3 else 3.4, abs=0.1)


def test_a_few_kpa_between_two_250_m3_modules_equalise_in_minutes_not_hours():
    sim = _rooms()
    submit(sim, "open_equalisation interconnect=a/b")
    while _kpa(sim, "a") - _kpa(sim, "b") > 0.1:
        sim.advance(10)
    assert 5 * 60 < sim.t_s < 30 * 60
    assert _kpa(sim, "b") == pytest.approx((101.3 + 96.7) / 2, abs=0.1)


def test_open_and_close_set_the_valve_and_are_audited_with_the_person():
    sim = _rooms()
    for text, open_ in (("open_equalisation interconnect=a/b", True),
                        ("close_equalisation interconnect=a/b", False)):
        record = submit(sim, text)
        assert record.outcome == "accepted" and record.who == "tester", record.reason
        assert sim.snapshot().interconnect("a/b").pev_open is open_
    assert [r.reason for r in sim.history] == ["a/b equalisation valve opened",
                                               "a/b equalisation valve closed"]
    assert sim.events_since(0)[-1].data["who"] == "tester"


@pytest.mark.parametrize("state, opened, text, reason", [
    ("sealed", False, "open_equalisation", "a/b is sealed: its equalisation valve stays shut "
                                           "until it is unsealed"),
    ("open", False, "open_equalisation", "a/b is open: the pressure is already equal across it"),
    ("closed", True, "open_equalisation", "a/b's equalisation valve is already open"),
    ("closed", False, "close_equalisation", "a/b's equalisation valve is already closed"),
    ("closed", True, "seal", "a/b's equalisation valve is open: close it first"),
])
def test_valve_interlocks_refuse_with_a_reason_and_change_nothing(state, opened, text, reason):
    sim = _rooms(state=state)
    if opened:
        assert submit(sim, "open_equalisation interconnect=a/b").outcome == "accepted"
    before = sim.snapshot().interconnect("a/b")
    record = submit(sim, f"{text} interconnect=a/b")
    assert (record.outcome, record.reason) == ("rejected", reason)
    assert sim.snapshot().interconnect("a/b") == before


def test_a_hatch_without_a_valve_says_so_and_cannot_be_opened_across_the_differential():
    sim = _rooms(pev_orifice_mm=0.0)
    assert submit(sim, "open_equalisation interconnect=a/b").reason == \
        "a/b has no equalisation valve"
    assert sim.snapshot().interconnect("a/b").equalise_s is None
    assert submit(sim, "open interconnect=a/b").reason.endswith(
        "exceeds 3 kPa: the hatch cannot be opened safely")


def test_the_hatch_refusal_names_the_valve_and_its_minutes():
    sim = _rooms(behind_m3=600.0)
    assert submit(sim, "open interconnect=a/b").reason == (
        "pressure differential 4.6 kPa across a/b exceeds 3 kPa: open the equalisation valve "
        "first (about 5 min to within 3 kPa)")
    submit(sim, "open_equalisation interconnect=a/b")
    sim.advance(120)
    assert submit(sim, "open interconnect=a/b").reason.endswith(
        "its equalisation valve is open, about 3 min to within 3 kPa")


@pytest.fixture(scope="module")
def hab3_at_the_differential() -> Simulation:
    sim = Simulation.from_scenario(resolve("hab3-generator-failure"))
    sim.run_until(HAB3_DIFFERENTIAL_S)
    return sim


def test_hab3_drill_equalise_within_the_predicted_time_then_evacuate(hab3_at_the_differential):
    sim = hab3_at_the_differential.clone()
    hatch = sim.snapshot().interconnect("hab-2/hab-3")
    assert _kpa(sim, "hab-2") - _kpa(sim, "hab-3") > 4.0
    refusal = submit(sim, EVACUATE)
    assert refusal.outcome == "rejected"
    assert "open the equalisation valve first (about 5 min to within 3 kPa)" in refusal.reason
    assert submit(sim, "open_equalisation interconnect=hab-2/hab-3").outcome == "accepted"
    start = sim.t_s
    while sim.check(cmd.parse(EVACUATE)) is not None and sim.t_s - start < 3 * hatch.equalise_s:
        sim.advance(5)
    assert sim.t_s - start == pytest.approx(hatch.equalise_s, rel=0.2)
    assert submit(sim, EVACUATE).outcome == "accepted"
    assert submit(sim, "close_equalisation interconnect=hab-2/hab-3").outcome == "accepted"


def _cli_events(tmp_path, *commands: str) -> list[dict]:
    path = tmp_path / f"drill-{len(commands)}.json"
    args = ["run", "hab3-generator-failure", "--until", str(HAB3_DIFFERENTIAL_S + 600),
            "--sample-every", "3600", "--json", str(path)]
    for command in commands:
        args += ["--command", command]
    assert cli.main(args) == 0
    return [e for e in json.loads(path.read_text())["events"]
            if e["kind"] == "command" and e["who"] == "trainee"]


def test_the_drill_plays_from_habitat_sim(tmp_path, capsys):
    t = HAB3_DIFFERENTIAL_S - resolve("hab3-generator-failure").start_s  # +S: from the start
    refused = _cli_events(tmp_path, f"+{t} {EVACUATE}")
    assert refused[0]["outcome"] == "rejected"
    assert "open the equalisation valve first" in refused[0]["reason"]
    played = _cli_events(tmp_path, f"+{t} open_equalisation interconnect=hab-2/hab-3",
                         f"+{t + 420} {EVACUATE}",
                         f"+{t + 430} close_equalisation interconnect=hab-2/hab-3")
    assert [(e["command"], e["outcome"]) for e in played] == [
        ("open_equalisation", "accepted"), ("evacuate", "accepted"),
        ("close_equalisation", "accepted")]
