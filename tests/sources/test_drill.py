"""The embedded simulation as an instructor's drill: the faults it offers, the scenarios
that run on its colony, and starting one afresh (run count, who started it, the clock and
the recording carried over)."""

from __future__ import annotations

from builders import habitat, module

from habitat_gui.contract.commands import parse
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.recording.reader import Recording
from habitat_gui.core.recording.recorder import Recorder
from habitat_gui.core.simulation import Simulation
from habitat_gui.sources.protocol import Drill, Operator
from habitat_gui.sources.replay import ReplaySource
from habitat_gui.sources.simulated import SimulatedSource

INSTRUCTOR = Operator("Irene", "supervisor")


def nominal(recorder_path=None) -> SimulatedSource:
    sim = Simulation.from_scenario(resolve("nominal-day"))
    recorder = Recorder(sim, recorder_path) if recorder_path is not None else None
    return SimulatedSource(sim, recorder=recorder)


def test_the_simulation_offers_every_fault_with_its_targets_here():
    source = nominal()
    assert isinstance(source, Drill)
    choices = {c.name: c for c in source.fault_choices()}
    generator = choices["generator_failure"]
    assert generator.target_kind == "o2_generator" and "hab-3.oga-a" in generator.targets
    assert generator.parameters == ()
    leak = choices["leak"]
    assert leak.targets == source.simulation.world.module_ids
    hole = leak.parameters[0]
    assert (hole.name, hole.default, hole.low, hole.high, hole.unit) == (
        "hole_diameter_cm", None, 0.01, 100.0, "cm")
    assert leak.summary == "a hole to Mars (choked flow)"


def test_the_scenarios_offered_are_the_built_in_ones_that_run_on_the_colony():
    choices = {c.name: c for c in nominal().scenario_choices()}
    assert {"seal-breach", "nominal-day", "hab3-generator-failure"} <= set(choices)
    breach = choices["seal-breach"]
    assert breach.title == "Seal breach in Hab-4" and breach.duration_s == 7200.0
    assert breach.description.startswith("A 3 cm breach opens in Hab-4")
    tiny = SimulatedSource(Simulation(habitat([module("a"), module("b")])))
    plain = {c.name for c in tiny.scenario_choices()}  # the rest name parts it lacks
    assert "nominal-day" in plain and "seal-breach" not in plain
    assert tiny.start_scenario("seal-breach", INSTRUCTOR).startswith(
        "unknown scenario 'seal-breach'; expected one of nominal-day")


def test_starting_a_scenario_begins_a_new_run_keeping_the_clock():
    source = nominal()
    source.set_speed(10.0)
    source.set_paused(True)
    source.run_until(600.0)
    assert source.run == 0 and source.training() is None
    assert source.start_scenario("seal-breach", INSTRUCTOR) is None
    assert source.run == 1
    assert source.simulation.scenario.name == "Seal breach in Hab-4"
    assert source.snapshot().simulation.scenario == "Seal breach in Hab-4"
    assert source.simulation.t_s == 0.0
    assert (source.speed, source.paused) == (10.0, True)
    started, = [e for e in source.events_since(0) if e.kind == "drill"]
    assert started.data == {"who": "Irene", "scenario": "seal-breach", "run": 1}
    assert started.message == "scenario seal-breach started by Irene (run 1)"
    assert source.training() is not None and source.training().objectives
    assert source.start_scenario("nominal-day", INSTRUCTOR) is None
    assert source.run == 2 and source.training() is None


def test_a_scenario_that_is_not_offered_is_refused_with_the_choices():
    source = nominal()
    reason = source.start_scenario("/etc/passwd", INSTRUCTOR)
    assert reason.startswith("unknown scenario '/etc/passwd'; expected one of ")
    assert "seal-breach" in reason
    assert source.start_scenario("seal-breach", Operator("Oscar", "observer")) == \
        "the observer role is read-only (Oscar)"
    assert source.run == 0 and source.simulation.scenario.name == "Nominal day"


def test_the_old_run_recording_is_completed_and_the_new_one_recorded_beside_it(tmp_path):
    source = nominal(tmp_path / "drill.sqlite")
    source.run_until(120.0)
    assert source.start_scenario("seal-breach", INSTRUCTOR) is None
    source.run_until(60.0)
    assert source.recording_path() == str(tmp_path / "drill-run1-seal-breach.sqlite")
    assert source.start_scenario("hab3-generator-failure", INSTRUCTOR) is None
    source.close()
    with Recording.open(tmp_path / "drill.sqlite") as first:
        assert first.closed and first.meta["scenario"] == "Nominal day"
    with Recording.open(tmp_path / "drill-run1-seal-breach.sqlite") as second:
        assert second.closed and second.meta["scenario"] == "Seal breach in Hab-4"
        assert any(e.kind == "drill" and e.data["who"] == "Irene" for e in second.events())
    assert (tmp_path / "drill-run2-hab3-generator-failure.sqlite").is_file()
    assert source.recording_failure() is None


def test_the_new_run_takes_the_instructors_faults(tmp_path):
    source = nominal()
    source.start_scenario("seal-breach", INSTRUCTOR)
    record = source.submit(parse("inject_fault fault=generator_failure target=hab-3.oga-a"),
                           INSTRUCTOR)
    assert record.outcome == "accepted", record.reason
    assert source.snapshot().unit("hab-3.oga-a").state == "FAILED"


def test_a_replay_starts_no_scenario(tmp_path):
    sim = Simulation.from_scenario(resolve("seal-breach"))
    with Recorder(sim, tmp_path / "run.sqlite"):
        sim.run_until(60)
    replay = ReplaySource(Recording.open(tmp_path / "run.sqlite"))
    assert "a replay starts no scenario" in replay.start_scenario("nominal-day", INSTRUCTOR)
    assert replay.run == 0
    replay.close()
