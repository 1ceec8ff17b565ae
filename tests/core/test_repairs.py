"""Maintenance in the live simulation: inspections, repairs as commands, wear faults."""

from __future__ import annotations

import dataclasses
import json

import pytest

from habitat_gui import cli
from habitat_gui.core.maintenance import data as maintenance_data
from habitat_gui.core.maintenance.records import kinds
from habitat_gui.core.maintenance import ageing, roster, wear
from habitat_gui.core import resources
from habitat_gui.core.operations import scenario
from habitat_gui.core.operations.command_bus import parse
from habitat_gui.core import constants
from habitat_gui.core.constants import Gas
from habitat_gui.core.plant.habitat import load_habitat
from habitat_gui.core.simulation import Simulation


@pytest.fixture(scope="module")
def ares():
    return load_habitat(resources.builtin("habitats")["ares"])


@pytest.fixture(scope="module")
def generator_failure():
    return scenario.resolve("hab3-generator-failure")


def submit(sim: Simulation, text: str):
    return sim.submit(parse(text))


def person_with(sim: Simulation, skill: str, module: str | None = None) -> str:
    return next(p.name for p in sim.maintenance().crew
                if p.level(skill) >= 1 and module in (None, p.module))


def person_without(sim: Simulation, skill: str) -> str:
    return next(p.name for p in sim.maintenance().crew if p.level(skill) == 0)


def from_its_beginning(story):
    """The scenario run from t = 0 instead of its drill's start (the generator still runs)."""
    return dataclasses.replace(story, start_s=0.0)


def test_repairing_the_fused_relay_lets_the_changeover_work(generator_failure):
    sim = Simulation.from_scenario(generator_failure)
    start = sim.t_s  # the drill's start: the primary failed hours ago
    assert sim.world.relays["hab-3.relay"].fused
    assert sim.world.units["hab-3.oga-b"].state == "OFF"  # the changeover never happened
    who = person_with(sim, "electrical", "hab-3")
    record = submit(sim, f"repair component=hab-3.relay person={who}")
    assert record.outcome == "accepted", record.reason
    job = sim.maintenance().repairs[0]
    assert (job.component, job.person, job.state) == ("hab-3.relay", who, "walking")
    sim.advance(1)  # already there: the work starts at once
    job = sim.maintenance().repairs[0]
    assert job.state == "working"
    level = sim.maintenance().crew[[p.name for p in sim.maintenance().crew].index(who)] \
        .level("electrical")
    hours = kinds()["relay"].person_hours * maintenance_data.builtin().level_time_factor[level]
    assert job.done_t_s == pytest.approx(start + hours * 3600)
    sim.run_until(job.done_t_s - 60)
    assert sim.world.relays["hab-3.relay"].fused
    sim.run_until(job.done_t_s + 1)
    assert not sim.world.relays["hab-3.relay"].fused
    assert sim.world.relays["hab-3.relay"].position == "backup"
    assert sim.world.units["hab-3.oga-b"].state == "WARMUP"
    report = sim.maintenance()
    assert report.repairs[0].state == "done"
    assert report.inventory["relay"] == maintenance_data.builtin().spares["relay"] - 1
    assert {c.id: c for c in report.components}["hab-3.relay"].condition == pytest.approx(1.0)


def test_repair_rejections_name_the_reason(generator_failure):
    sim = Simulation.from_scenario(from_its_beginning(generator_failure))
    sim.run_until(60)
    unskilled = person_without(sim, "electrical")
    record = submit(sim, f"repair component=hab-3.relay person={unskilled}")
    assert record.outcome == "rejected" and "lacks the electrical skill" in record.reason
    assert submit(sim, "repair component=hab-9.relay person=Kaur").reason.startswith(
        "unknown component")
    assert "unknown crew member" in submit(sim, "repair component=hab-3.relay person=Nobody") \
        .reason
    # the primary generator runs: its stack cannot be worked on
    fixer = person_with(sim, "life_support")
    record = submit(sim, f"repair component=hab-3.oga-a.stack-1 person={fixer}")
    assert record.outcome == "rejected" and "hab-3.oga-a is running" in record.reason
    # an open hatch's seal cannot be worked on
    fabricator = person_with(sim, "fabrication")
    record = submit(sim, f"repair component=hab-1/command.seal-1 person={fabricator}")
    assert record.outcome == "rejected" and "is open" in record.reason
    # no spare parts
    sim.world.maintenance.inventory["relay"] = 0
    electrician = person_with(sim, "electrical")
    record = submit(sim, f"repair component=hab-3.relay person={electrician}")
    assert record.outcome == "rejected" and "no spare relay" in record.reason
    assert sim.maintenance().repairs == ()


def test_inspection_puts_findings_on_record(generator_failure):
    sim = Simulation.from_scenario(generator_failure)
    assert "hab-3" not in sim.maintenance().inspected_t_s
    record = submit(sim, "inspect module=hab-3")
    assert record.outcome == "accepted", record.reason
    report = sim.maintenance()
    assert report.inspected_t_s == {"hab-3": generator_failure.start_s}
    found = {f.id: f for f in report.audit.findings}
    assert found["hab-3.relay"].cls == "replace_now" and "fused" in found["hab-3.relay"].note
    assert submit(sim, "inspect module=hab-9").outcome == "rejected"


HARNESS = "hab-3.oga-a.harness-7"  # the scenario's cause: the unit's most corroded segment


def test_the_scenario_fails_the_generator_through_its_corroded_harness(generator_failure):
    event = next(e for e in generator_failure.events if e.fault == "generator_failure")
    assert (event.target, event.cause) == ("hab-3.oga-a", HARNESS)
    fleet = ageing.age(generator_failure.habitat, 1200, generator_failure.seed)
    harnesses = [c for c in fleet.components if c.target == "hab-3.oga-a"
                 and c.kind == "wiring_harness"]
    assert min(harnesses, key=lambda c: c.condition).id == HARNESS
    sim = Simulation.from_scenario(generator_failure)
    assert sim.world.units["hab-3.oga-a"].failed
    truth = {c.id: c.condition for c in sim.maintenance().components}
    assert truth[HARNESS] == 0.0 and truth["hab-3.oga-a.stack-1"] > 0.3


def test_inspection_names_the_harness_and_a_repair_of_another_part_warns(generator_failure):
    sim = Simulation.from_scenario(generator_failure)
    submit(sim, "inspect module=hab-3")
    parts = {f.id: f for f in sim.maintenance().audit.findings if f.target == "hab-3.oga-a"}
    assert len(parts) == 8 + 4 + 1  # harness segments, stacks, the contactor
    assert parts[HARNESS].note == "failed: the cause of hab-3.oga-a's fault"
    assert (parts[HARNESS].condition, parts[HARNESS].cls) == (0.0, "replace_now")
    for f in parts.values():
        if f.id != HARNESS:
            assert f.note == f"on failed hab-3.oga-a, not the cause (the cause is {HARNESS})"
            assert f.condition > 0 and f.priority < parts[HARNESS].priority
    fixer = person_with(sim, "life_support")
    stack = "hab-3.oga-a.stack-1"  # the worst stack: the cause were none named
    assert sim.hazard(parse(f"repair component={stack} person={fixer}")).startswith(
        f"Repairing {stack} will not clear hab-3.oga-a's fault: the cause is {HARNESS}.")
    assert "will not clear" not in (sim.hazard(parse(f"repair component={HARNESS} person=Kaur"))
                                    or "")
    assert submit(sim, f"repair component={stack} person={fixer}").outcome == "accepted"
    sim.run_until(sim.maintenance().repairs[-1].done_t_s + 1)
    done = [e.message for e in sim.events_since(0) if e.kind == "maintenance"][-1]
    assert done.endswith(f"repaired {stack}: hab-3.oga-a is still at fault: the cause is "
                         f"{HARNESS}")
    assert sim.world.units["hab-3.oga-a"].failed


def test_replacing_the_harness_takes_40_min_and_brings_the_generator_back(generator_failure):
    sim = Simulation.from_scenario(generator_failure)
    electricians = [p for p in sim.maintenance().crew if p.level("electrical") >= 1
                    and p.module == "hab-3"]
    assert [(p.name, p.level("electrical")) for p in electricians] == [("Kaur", 2)]
    start = sim.t_s
    record = submit(sim, f"repair component={HARNESS} person=Kaur")
    assert record.outcome == "accepted", record.reason
    job = sim.maintenance().repairs[0]
    # 0.67 person-hours at level 2 (time factor 1.0), Kaur already in Hab-3: no walk
    assert job.done_t_s - start == pytest.approx(0.67 * 3600) == pytest.approx(40.2 * 60)
    sim.run_until(job.done_t_s - 60)
    assert sim.world.units["hab-3.oga-a"].failed
    sim.run_until(job.done_t_s + 1)
    assert not sim.world.units["hab-3.oga-a"].failed
    done = [e.message for e in sim.events_since(0) if e.kind == "maintenance"][-1]
    assert done == f"Kaur repaired {HARNESS}: hab-3.oga-a back in service"
    # the relay is fused at the primary, so the repaired primary warms up and runs
    assert sim.world.units["hab-3.oga-a"].state == "WARMUP"
    sim.advance(11 * 60)
    assert sim.world.units["hab-3.oga-a"].state == "ON"
    # one generator at full rate against fifteen people's uptake: O2 climbs, slowly
    before = sim.snapshot().module("hab-3").truth.ppo2_kpa
    sim.advance(3 * 3600)
    assert sim.snapshot().module("hab-3").truth.ppo2_kpa > before + 0.1


def test_a_failure_with_no_named_cause_goes_with_the_worst_stack(generator_failure):
    unnamed = dataclasses.replace(generator_failure, events=tuple(
        dataclasses.replace(e, cause="") for e in generator_failure.events))
    sim = Simulation.from_scenario(unnamed)
    submit(sim, "inspect module=hab-3")
    stacks = {f.id: f for f in sim.maintenance().audit.findings
              if f.target == "hab-3.oga-a" and f.kind == "generator_stack"}
    cause = "hab-3.oga-a.stack-1"  # the worst stack by true condition
    assert stacks[cause].note == "failed: the cause of hab-3.oga-a's fault"
    assert (stacks[cause].condition, stacks[cause].cls) == (0.0, "replace_now")
    others = [f for f in stacks.values() if f.id != cause]
    assert len(others) == 3
    for f in others:
        assert f.note == f"on failed hab-3.oga-a, not the cause (the cause is {cause})"
        assert f.condition > 0 and f.priority < stacks[cause].priority
    fixer = person_with(sim, "life_support")
    warning = sim.hazard(parse(f"repair component=hab-3.oga-a.stack-4 person={fixer}"))
    assert warning.startswith("Repairing hab-3.oga-a.stack-4 will not clear hab-3.oga-a's "
                              f"fault: the cause is {cause}.")
    assert "will not clear" not in sim.hazard(
        parse(f"repair component={cause} person={fixer}"))
    assert submit(sim, f"repair component=hab-3.oga-a.stack-4 person={fixer}").outcome \
        == "accepted"
    sim.run_until(sim.maintenance().repairs[-1].done_t_s + 1)
    done = [e.message for e in sim.events_since(0) if e.kind == "maintenance"][-1]
    assert done.endswith(f"repaired hab-3.oga-a.stack-4: hab-3.oga-a is still at fault: "
                         f"the cause is {cause}")
    assert sim.world.units["hab-3.oga-a"].failed
    assert submit(sim, f"repair component={cause} person={fixer}").outcome == "accepted"
    sim.run_until(sim.maintenance().repairs[-1].done_t_s + 1)
    assert not sim.world.units["hab-3.oga-a"].failed


def old_colony(habitat, service_days: float, seed: int = 2) -> Simulation:
    """A colony of this age with wear faults on, stepped a minute at a time (fast)."""
    worn = scenario.Scenario("worn", habitat, seed=seed, service_days=service_days,
                             wear_faults=True)
    return Simulation(habitat, seed, worn, dt_s=60.0)


def wear_events(sim: Simulation):
    return [(e.t_s, e.source, e.data["fault"]) for e in sim.events_since(0)
            if e.kind == "fault" and e.data.get("wear")]


def test_a_very_old_colony_fails_by_wear_a_new_one_does_not(ares):
    old = old_colony(ares, 5000)
    old.run_until(2 * 86400)
    events = wear_events(old)
    assert len(events) >= 2
    first_t, first_component, fault = events[0]
    assert fault == "leak" and first_component.startswith("command.hull-seal")
    assert old.world.holes and old.world.holes[0].module == old.world.index["command"]
    report = {c.id: c for c in old.maintenance().components}
    assert report[first_component].condition == 0.0
    new = old_colony(ares, 0)
    assert min(new.world.maintenance.failure_at.values()) > 7 * 86400
    new.run_until(2 * 86400)
    assert wear_events(new) == []
    # without wear faults the same old colony only decays
    quiet = Simulation(ares, 2, scenario.Scenario("q", ares, seed=2, service_days=5000),
                       dt_s=60.0)
    quiet.run_until(2 * 86400)
    assert wear_events(quiet) == [] and not quiet.world.holes
    assert quiet.maintenance().audit.counts["replace_now"] > 300


def test_wear_faults_are_seeded(ares):
    first, again, other = old_colony(ares, 3000), old_colony(ares, 3000), \
        old_colony(ares, 3000, seed=5)
    assert first.world.maintenance.failure_at == again.world.maintenance.failure_at
    assert first.world.maintenance.failure_at != other.world.maintenance.failure_at
    for sim in (first, again):
        sim.run_until(3 * 86400)
    assert wear_events(first) == wear_events(again) != []


def test_a_repaired_component_is_new_and_gets_a_fresh_failure_time(ares):
    sim = old_colony(ares, 5000)
    sim.run_until(2 * 86400)
    _, component, _ = wear_events(sim)[0]  # a hull seal of command: a leak
    state = sim.world.maintenance
    suit = next(p.name for p in state.crew if p.level("pressure_suits") >= 1
                and state.active(person=p.name) is None)
    record = submit(sim, f"repair component={component} person={suit}")
    assert record.outcome == "accepted", record.reason
    job = sim.maintenance().repairs[0]
    sim.run_until(job.done_t_s + 60)
    assert not any(h.module == sim.world.index["command"] for h in sim.world.holes)
    assert state.failure_at[component] > sim.t_s + 365 * 86400  # new again: years to go


def test_working_walks_there_and_breathes_harder(ares):
    sim = Simulation(ares, seed=1)
    sim.advance(10)
    state = roster.roster(ares)
    electrician = next(p for p in state if p.level("electrical") >= 1 and p.module != "hab-1")
    i = sim.world.index["hab-1"]
    before = sim.world.crew_o2_mol_s[i]
    assert submit(sim, "override unit=hab-1.oga-b state=off").outcome == "accepted"
    record = submit(sim, f"repair component=hab-1.oga-b.harness-1 person={electrician.name}")
    assert record.outcome == "accepted", record.reason
    walk = sim.world.crew[sim.world.crew_index[electrician.name]].arrive_at_s - sim.t_s
    assert walk > 0
    busy = submit(sim, f"repair component=hab-1.relay person={electrician.name}")
    assert busy.outcome == "rejected" and "is busy repairing" in busy.reason
    sim.advance(walk + 1)
    person = sim.world.crew[sim.world.crew_index[electrician.name]]
    assert sim.world.module_ids[person.module] == "hab-1" and person.activity == "working"
    sim.advance(1)
    working = constants.kg_per_h_to_mol_per_s(constants.METABOLISM_KG_PER_H["working"][Gas.O2],
                                              Gas.O2)
    assert sim.world.crew_o2_mol_s[i] - before == pytest.approx(working)  # one more, working
    job = sim.maintenance().repairs[0]
    sim.run_until(job.done_t_s + 1)
    assert person.activity == "nominal" and sim.maintenance().repairs[0].state == "done"
    used = dict(kinds()["wiring_harness"].parts)
    inventory = sim.maintenance().inventory
    spares = maintenance_data.builtin().spares
    assert inventory["connector"] == spares["connector"] - used["connector"]


def test_cancel_returns_the_parts_only_before_the_work_starts(ares):
    sim = Simulation(ares, seed=1)
    sim.advance(10)
    fabricator = next(p.name for p in roster.roster(ares) if p.level("fabrication") >= 1
                      and p.module != "hab-2")
    assert submit(sim, "close interconnect=hab-2/hab-3").outcome == "accepted"
    gaskets = sim.maintenance().inventory["hatch gasket"]
    assert submit(sim, f"repair component=hab-2/hab-3.seal-1 person={fabricator}") \
        .outcome == "accepted"
    assert sim.maintenance().inventory["hatch gasket"] == gaskets - 1
    in_transit = submit(sim, f"repair component=hab-2/hab-3.seal-2 person={fabricator}")
    assert in_transit.outcome == "rejected"
    record = submit(sim, "cancel_repair component=hab-2/hab-3.seal-1")
    assert record.outcome == "accepted" and "parts returned" in record.reason
    assert sim.maintenance().inventory["hatch gasket"] == gaskets
    assert sim.maintenance().repairs[0].state == "cancelled"
    assert submit(sim, "cancel_repair component=hab-2/hab-3.seal-1").outcome == "rejected"


def test_hazards_warn_of_an_offline_unit_and_bad_air(generator_failure):
    sim = Simulation.from_scenario(generator_failure)  # the primary failed hours ago
    electrician = person_with(sim, "electrical")
    life_support = person_with(sim, "life_support")
    text = sim.hazard(parse(f"repair component=hab-3.oga-a.stack-1 person={life_support}"))
    assert text and "hab-3.oga-a stays offline" in text
    sim.world.n[sim.world.index["hab-3"], Gas.O2] *= 0.7  # bad air in Hab-3
    sim.world.mark_dirty()
    sim.advance(1)
    text = sim.hazard(parse(f"repair component=hab-3.relay person={electrician}"))
    assert text and "lowers SpO2" in text and "hab-3" in text
    assert sim.hazard(parse(f"repair component=hab-1.relay person={electrician}")) is None


def test_a_forecast_does_not_know_when_wear_strikes(ares):
    sim = old_colony(ares, 5000)
    ahead = sim.clone(scripted=False)
    ahead.run_until(2 * 86400)
    assert wear_events(ahead) == [] and sim.world.maintenance.failure_at
    sim.run_until(2 * 86400)
    assert wear_events(sim)


def test_leaving_the_module_interrupts_the_work(ares):
    sim = Simulation(ares, seed=1)
    sim.advance(10)
    hab4 = next(p.name for p in roster.roster(ares) if p.module == "hab-4"
                and p.level("life_support") >= 1)
    record = submit(sim, f"repair component=hab-4.o2 person={hab4}")
    assert record.outcome == "accepted", record.reason
    sim.advance(5)
    assert submit(sim, "evacuate module=hab-4 to=hab-3").outcome == "accepted"
    sim.run_until(sim.maintenance().repairs[0].done_t_s + 1)
    job = sim.maintenance().repairs[0]
    assert job.state == "interrupted"
    assert sim.world.crew[sim.world.crew_index[hab4]].activity == "nominal"
    assert any("interrupted" in e.message for e in sim.events_since(0))


def test_a_unit_shows_its_worst_part_on_record_until_repaired(generator_failure):
    sim = Simulation.from_scenario(generator_failure)
    sim.run_until(2000)  # hab-3.oga-a has failed: its parts can be worked on
    record = sim.maintenance().audit.findings
    parts = sorted((f for f in record if f.target == "hab-3.oga-a"), key=lambda f: f.condition)
    unit = {u.id: u for u in sim.snapshot().units}["hab-3.oga-a"]
    assert (unit.condition, unit.worst_part) == (parts[0].condition, parts[0].id)
    skill = kinds()[parts[0].kind].skill
    record = submit(sim, f"repair component={parts[0].id} person={person_with(sim, skill)}")
    assert record.outcome == "accepted", record.reason
    sim.run_until(sim.maintenance().repairs[0].done_t_s + 1)
    unit = {u.id: u for u in sim.snapshot().units}["hab-3.oga-a"]
    assert (unit.condition, unit.worst_part) == (parts[1].condition, parts[1].id)


def test_the_worn_colony_scenario_fails_by_wear_alone():
    worn = scenario.resolve("worn-colony")
    assert not worn.events
    sim = Simulation.from_scenario(worn)
    sim.run_until(51 * 3600)
    wear = [e for e in sim.world.events if e.kind == "fault" and "wore out" in e.message]
    assert [e.message.split()[0] for e in wear] == ["command.hull-seal-07"]
    assert sim.snapshot().module("command").truth.leak_hole_cm > 0


def test_a_clone_keeps_its_own_record(generator_failure):
    sim = Simulation.from_scenario(generator_failure)
    sim.run_until(2000)  # hab-3.oga-a has failed; the record does not know yet
    before = {u.id: u.condition for u in sim.snapshot().units}["hab-3.oga-a"]
    twin = sim.clone()
    assert submit(sim, "inspect module=hab-3").outcome == "accepted"
    assert submit(twin, "inspect module=hab-1").outcome == "accepted"
    assert {u.id: u.condition for u in twin.snapshot().units}["hab-3.oga-a"] == before > 0
    assert {u.id: u.condition for u in sim.snapshot().units}["hab-3.oga-a"] == 0.0


def test_sensor_drift_reads_live_the_audit_finds_it_and_a_repair_recalibrates():
    worn = scenario.resolve("worn-colony")
    assert worn.sensor_drift
    sim = Simulation.from_scenario(worn)
    aged = ageing.age(worn.habitat, sim.world.service_days, worn.seed).components
    worn_sensor = next(c for c in aged if c.id == "command.pressure")
    error = worn_sensor.error
    # 1200 days at industrial drift (0.1-0.25 % of range a year): about half a percent low
    assert -0.008 < error < -0.004
    start = sim.snapshot().module("command")  # read through it from the start
    assert start.reading.pressure_kpa == pytest.approx(start.truth.pressure_kpa * (1 + error))
    sim.run_until(600)
    module = sim.snapshot().module("command")
    assert module.reading.pressure_kpa == pytest.approx(module.truth.pressure_kpa * (1 + error),
                                                         abs=0.3)
    assert sim.world.alarms.state_of("command.pressure").state == "NORMAL"  # 0.5 kPa low
    assert submit(sim, "inspect module=all").outcome == "accepted"
    finding = next(f for f in sim.maintenance().audit.findings if f.id == "command.pressure")
    assert finding.verified and finding.cls == "degrading"  # found by cross-check, not read
    assert finding.condition == pytest.approx(worn_sensor.condition, abs=0.1)
    person = person_with(sim, kinds()["sensor"].skill, "command")
    assert submit(sim, f"repair component=command.pressure person={person}").outcome == \
        "accepted"
    sim.run_until(sim.maintenance().repairs[0].done_t_s + 60)
    module = sim.snapshot().module("command")
    assert module.reading.pressure_kpa == pytest.approx(module.truth.pressure_kpa, abs=0.3)
    plain = Simulation.from_scenario(dataclasses.replace(worn, sensor_drift=False))
    plain.run_until(600)
    module = plain.snapshot().module("command")
    assert module.reading.pressure_kpa == pytest.approx(module.truth.pressure_kpa, abs=0.3)


def test_a_drifted_sensor_wears_out_the_way_it_drifted():
    sim = Simulation.from_scenario(scenario.resolve("worn-colony"))
    worn = sim.world.maintenance.components["command.pressure"]
    assert worn.error == 0 and sim.world.sensors["command.pressure"].gain < -0.004  # moved in
    assert wear.fault_of(sim.world, worn) == (
        "sensor_miscalibration", "command.pressure",
        {"gain": -maintenance_data.builtin().sensor_full_scale_error})  # 1 % low, not 1 % high


DRILL = ["+200 acknowledge alarm=hab-3.oga-a.failed",
         "+240 switch_generator module=hab-3 to=backup", "+300 inspect module=hab-3",
         f"+360 repair component={HARNESS} person=Kaur",
         "+3000 switch_generator module=hab-3 to=primary"]


def test_habitat_sim_plays_the_drill_inspect_replace_the_harness_and_o2_climbs(
        generator_failure, tmp_path, capsys):
    start = generator_failure.start_s
    out = tmp_path / "drill.json"
    argv = ["run", "hab3-generator-failure", "--until", f"{start + 6 * 3600:g}",
            "--sample-every", "600", "--json", str(out), "--debrief"]
    for text in DRILL:
        argv += ["--command", text]
    assert cli.main(argv) == 0
    printed = capsys.readouterr().out
    report = json.loads(out.read_text())
    said = {e["message"].split(":")[0]: e for e in report["events"] if e["kind"] == "command"}
    inspection = said["inspect module=hab-3"]
    assert inspection["t_s"] == start + 300
    assert f"found {HARNESS} (failed: the cause of hab-3.oga-a's fault)" in inspection["message"]
    done = next(e for e in report["events"] if e["kind"] == "maintenance"
                and e["message"].startswith("Kaur repaired"))
    assert done["message"] == f"Kaur repaired {HARNESS}: hab-3.oga-a back in service"
    assert done["t_s"] - (start + 360) == pytest.approx(40.2 * 60)  # about forty minutes
    assert f"Kaur repaired {HARNESS}: hab-3.oga-a back in service" in printed
    assert "repair         35/35" in printed
    # the primary runs again from start + 3000 s + its 10 min warm-up: O2 climbs
    ppo2 = {s["t_s"]: s["modules"]["hab-3"]["ppo2_kpa"] for s in report["samples"]}
    back = start + 3000 + 600
    later = [v for t, v in ppo2.items() if t > back + 3600]
    assert later and min(later) > ppo2[start + 3600] and ppo2[max(ppo2)] > ppo2[start + 3600] + 0.2
    assert report["final"]["hab-3"]["ppo2_kpa"] == ppo2[max(ppo2)]
