"""Repairs as real work: lock-out/tag-out, faults cleared by their cause, interruptions, the
person's routine afterwards, and the plan kept while only jobs and spare parts change."""

from __future__ import annotations

from dataclasses import replace

import pytest

from habitat_gui.core.plant import faults
from habitat_gui.core import resources
from habitat_gui.core.operations import scenario
from habitat_gui.core.maintenance.records import kinds
from habitat_gui.core.maintenance import roster
from habitat_gui.core.operations.command_bus import parse
from habitat_gui.core.constants import Gas
from habitat_gui.core.plant.habitat import load_habitat
from habitat_gui.core.simulation import Simulation


@pytest.fixture(scope="module")
def ares():
    return load_habitat(resources.builtin("habitats")["ares"])


def submit(sim: Simulation, text: str):
    return sim.submit(parse(text))


def someone(sim: Simulation, skill: str, not_in: str = "") -> str:
    """A person with ``skill`` who is free and not in module ``not_in``."""
    crew = sim.maintenance().crew
    state = sim.world.maintenance
    return next(p.name for p in crew if p.level(skill) >= 1
                and p.module != not_in and state.active(person=p.name) is None)


def start(sim: Simulation, component: str, skill: str, not_in: str = "") -> str:
    who = someone(sim, skill, not_in)
    record = submit(sim, f"repair component={component} person={who}")
    assert record.outcome == "accepted", record.reason
    return who


def person(sim: Simulation, name: str):
    return sim.world.crew[sim.world.crew_index[name]]


def logged(sim: Simulation, words: str) -> list[str]:
    return [e.message for e in sim.events_since(0) if words in e.message]


# ------------------------------------------------------------------ lock-out/tag-out
def test_automation_does_not_change_over_to_a_generator_under_repair(ares):
    sim = Simulation(ares, seed=1)
    sim.advance(10)
    start(sim, "hab-1.oga-b.stack-1", "life_support")
    assert sim.snapshot().unit("hab-1.oga-b").locked_for == "hab-1.oga-b.stack-1"
    faults.inject(sim.world, "generator_failure", "hab-1.oga-a")
    sim.advance(60)
    assert sim.world.units["hab-1.oga-b"].state == "OFF"
    assert sim.world.relays["hab-1.relay"].position == "primary"
    record = submit(sim, "override unit=hab-1.oga-b state=on")
    assert record.outcome == "rejected" and "hab-1.oga-b is locked out" in record.reason
    record = submit(sim, "switch_generator module=hab-1 to=backup")
    assert record.outcome == "rejected" and "locked out" in record.reason
    record = submit(sim, "override unit=hab-1.relay state=backup")  # would select it
    assert record.outcome == "rejected" and "hab-1.oga-b is locked out" in record.reason
    assert submit(sim, "override unit=hab-1.oga-b state=off").outcome == "accepted"
    assert submit(sim, "release_override unit=hab-1.oga-b").outcome == "accepted"
    sim.advance(60)
    assert sim.world.units["hab-1.oga-b"].state == "OFF"  # automation leaves it alone
    # the tag comes off with the job: the changeover happens then
    assert submit(sim, "cancel_repair component=hab-1.oga-b.stack-1").outcome == "accepted"
    assert sim.snapshot().unit("hab-1.oga-b").locked_for == ""
    sim.advance(1)
    assert sim.world.relays["hab-1.relay"].position == "backup"
    assert sim.world.units["hab-1.oga-b"].state == "WARMUP"


def test_a_standby_scrubber_under_repair_does_not_take_over(ares):
    sim = Simulation(ares, seed=1)
    sim.advance(10)
    start(sim, "hab-1.cdra-b.bed-1", kinds()["scrubber_bed"].skill)
    sim.world.n[sim.world.index["hab-1"], Gas.CO2] *= 12  # well above the take-over level
    sim.world.mark_dirty()
    sim.advance(120)
    assert sim.snapshot().module("hab-1").reading.co2_ppm > 4000
    assert not sim.world.units["hab-1.cdra-b"].running()
    assert sim.snapshot().unit("hab-1.cdra-b").state == "OFF"
    assert not logged(sim, "hab-1.cdra-b started")


def test_a_hatch_under_repair_cannot_be_opened(ares):
    sim = Simulation(ares, seed=1)
    sim.advance(10)
    assert submit(sim, "close interconnect=hab-2/hab-3").outcome == "accepted"
    who = start(sim, "hab-2/hab-3.seal-1", "fabrication")
    record = submit(sim, "open interconnect=hab-2/hab-3")
    assert record.outcome == "rejected"
    assert record.reason == (f"hab-2/hab-3 is locked out: {who} is repairing "
                             f"hab-2/hab-3.seal-1 (cancel the repair first)")
    assert sim.snapshot().interconnect("hab-2/hab-3").locked_for == "hab-2/hab-3.seal-1"
    record = submit(sim, "open_equalisation interconnect=hab-2/hab-3")  # nor its valve
    assert record.outcome == "rejected" and "hab-2/hab-3 is locked out" in record.reason
    record = submit(sim, "evacuate module=hab-3 to=hab-2")  # the only way is through it
    assert record.outcome == "rejected" and "hab-2/hab-3 is locked out" in record.reason
    walker = next(p.name for p in sim.maintenance().crew  # hab-4 is through that hatch
                  if p.level("electrical") >= 1 and p.module == "command")
    record = submit(sim, f"repair component=hab-4.relay person={walker}")
    assert record.outcome == "rejected" and "hab-2/hab-3 is locked out" in record.reason
    sim.run_until(sim.maintenance().repairs[0].done_t_s + 1)
    assert sim.maintenance().repairs[0].state == "done"
    assert submit(sim, "open interconnect=hab-2/hab-3").outcome == "accepted"


def test_a_relay_under_repair_does_not_change_over_until_the_work_is_done(ares):
    sim = Simulation(ares, seed=1)
    sim.advance(10)
    start(sim, "hab-1.relay", "electrical")
    assert submit(sim, "switch_generator module=hab-1 to=backup").outcome == "rejected"
    assert submit(sim, "override unit=hab-1.relay state=backup").outcome == "rejected"
    faults.inject(sim.world, "generator_failure", "hab-1.oga-a")
    sim.advance(60)
    assert sim.world.relays["hab-1.relay"].position == "primary"
    assert logged(sim, "hab-1.relay is locked out for a repair: changeover to backup did not")
    sim.run_until(sim.maintenance().repairs[0].done_t_s + 1)
    assert sim.world.relays["hab-1.relay"].position == "backup"
    assert sim.world.units["hab-1.oga-b"].state == "WARMUP"


# ------------------------------------------------------------------ faults and their causes
def test_a_wear_fault_is_cleared_only_by_repairing_the_part_that_wore_out(ares):
    worn = scenario.Scenario("worn", ares, seed=2, service_days=5000, wear_faults=True)
    sim = Simulation(ares, 2, worn, dt_s=60.0)
    sim.run_until(2 * 86400)
    first = next(e for e in sim.events_since(0) if e.data.get("wear"))
    assert first.data["fault"] == "leak"
    module = sim.world.maintenance.components[first.source].module
    other = next(c.id for c in sim.world.maintenance.components.values()
                 if c.kind == "hull_seal" and c.module == module and c.id != first.source)
    holes = [h for h in sim.world.holes if h.module == sim.world.index[module]]
    assert holes
    start(sim, other, "pressure_suits")
    sim.run_until(sim.maintenance().repairs[-1].done_t_s + 60)
    assert sim.maintenance().repairs[-1].state == "done"
    assert any(h.module == sim.world.index[module] for h in sim.world.holes)  # still leaking
    start(sim, first.source, "pressure_suits")
    sim.run_until(sim.maintenance().repairs[-1].done_t_s + 60)
    assert not any(h.module == sim.world.index[module] for h in sim.world.holes)
    assert logged(sim, f"{module} leak patched")


def test_a_fault_without_a_recorded_cause_goes_with_the_worst_part(ares):
    sim = Simulation(ares, seed=1)
    sim.advance(10)
    faults.inject(sim.world, "leak", "hab-2", {"hole_diameter_cm": 0.2})
    seals = sorted((c for c in sim.maintenance().components
                    if c.kind == "hull_seal" and c.module == "hab-2"),
                   key=lambda c: c.condition)
    start(sim, seals[1].id, "pressure_suits")
    sim.run_until(sim.maintenance().repairs[-1].done_t_s + 60)
    assert any(h.module == sim.world.index["hab-2"] for h in sim.world.holes)
    start(sim, seals[0].id, "pressure_suits")
    sim.run_until(sim.maintenance().repairs[-1].done_t_s + 60)
    assert not any(h.module == sim.world.index["hab-2"] for h in sim.world.holes)


# ------------------------------------------------------------------ interruptions
def test_an_evacuation_interrupts_the_work_at_once(ares):
    sim = Simulation(ares, seed=1)
    sim.advance(10)
    hab4 = next(p.name for p in roster.roster(ares) if p.module == "hab-4"
                and p.level("life_support") >= 1)
    assert submit(sim, f"repair component=hab-4.o2 person={hab4}").outcome == "accepted"
    sim.advance(5)
    assert person(sim, hab4).activity == "working"
    assert submit(sim, "evacuate module=hab-4 to=hab-3").outcome == "accepted"
    job = sim.maintenance().repairs[0]
    assert (job.state, job.done_t_s) == ("interrupted", sim.t_s)
    assert person(sim, hab4).activity == "nominal"
    event = next(e for e in sim.events_since(0) if "interrupted" in e.message)
    assert event.data["reason"] == f"{hab4} evacuated from hab-4"
    assert sim.world.maintenance.active(person=hab4) is None


def test_work_does_not_begin_when_the_person_is_not_there(ares):
    sim = Simulation(ares, seed=1)
    sim.advance(10)
    who = start(sim, "hab-1.oga-b.harness-1", "electrical", not_in="hab-1")
    walker = person(sim, who)
    arrive_at_s = walker.arrive_at_s
    walker.moving_to, walker.route = None, ()  # held up on the way
    parts = dict(sim.maintenance().inventory)
    sim.run_until(arrive_at_s + 5)
    job = sim.maintenance().repairs[0]
    assert job.state == "interrupted" and walker.activity == "nominal"
    assert logged(sim, f"{who} is not in hab-1")
    assert sim.maintenance().inventory["connector"] > parts["connector"]  # parts returned


def test_cancelling_on_the_way_stops_the_walk(ares):
    sim = Simulation(ares, seed=1)
    sim.advance(10)
    who = start(sim, "hab-1.oga-b.harness-1", "electrical", not_in="hab-1")
    walker = person(sim, who)
    home, arrive_at_s = walker.module, walker.arrive_at_s
    record = submit(sim, "cancel_repair component=hab-1.oga-b.harness-1")
    assert record.outcome == "accepted"
    assert walker.moving_to is None and walker.route == ()
    sim.run_until(arrive_at_s + 5)
    assert walker.module == home
    assert not logged(sim, f"{who} arrived")
    assert sim.snapshot().person(who).moving_to is None


# ------------------------------------------------------------------ after the work
def test_the_person_returns_to_their_own_activity(ares):
    electrician = next(p.name for p in roster.roster(ares) if p.level("electrical") >= 1)
    resting = replace(ares, crew=tuple(replace(c, activity="sleep") if c.name == electrician
                                       else c for c in ares.crew))
    sim = Simulation(resting, seed=1)
    sim.advance(10)
    assert submit(sim, f"repair component=hab-1.oga-b.harness-1 person={electrician}") \
        .outcome == "accepted"
    sim.run_until(sim.maintenance().repairs[0].done_t_s - 60)
    assert person(sim, electrician).activity == "working"
    sim.run_until(sim.maintenance().repairs[0].done_t_s + 1)
    assert person(sim, electrician).activity == "sleep"


def test_starting_and_cancelling_repairs_keeps_the_plan(ares):
    sim = Simulation(ares, seed=1)
    sim.advance(10)
    before = sim.maintenance()
    start(sim, "hab-1.oga-b.harness-1", "electrical")
    assert submit(sim, "cancel_repair component=hab-1.oga-b.harness-1").outcome == "accepted"
    after = sim.maintenance()
    assert after.audit is before.audit and after.training is before.training
    assert submit(sim, "inspect module=hab-1").outcome == "accepted"
    assert sim.maintenance().training is not before.training
