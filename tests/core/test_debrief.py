"""Training debrief: scripted good and bad responses against the scenarios' objectives."""

from __future__ import annotations

import dataclasses
import json

import pytest

from habitat_gui import cli
from habitat_gui.core.operations import report
from habitat_gui.core.operations.command_bus import parse
from habitat_gui.core.training.debrief import DebriefTracker
from habitat_gui.core.training.results import (debrief_from_dict, displaced_text,
                                               progress_from_dict)
from habitat_gui.core.operations.scenario import load_scenario, resolve
from habitat_gui.core.simulation import Simulation

GOOD_BREACH = [(310, "acknowledge alarm=hab-4.breach"), (400, "evacuate module=hab-4 to=hab-3"),
               (640, "seal interconnect=hab-3/hab-4")]


def trained(name: str, script: list[tuple[float, str]], until_s: float, scenario=None):
    """Run ``name`` with the trainee's ``script``; return the simulation and its tracker."""
    sim = Simulation.from_scenario(scenario or resolve(name))
    tracker = DebriefTracker(sim)
    report.run(sim, until_s, 300.0, [(t, parse(text)) for t, text in script])
    return sim, tracker


def statuses(debrief) -> dict[str, str]:
    return {o.id: o.status for o in debrief.progress.objectives}


def test_good_breach_response_meets_every_objective_and_scores_high():
    _, tracker = trained("seal-breach", GOOD_BREACH, 1800)
    d = tracker.debrief()
    assert statuses(d) == {"acknowledge": "met", "evacuate": "met", "seal": "met"}
    assert [o.t_s for o in d.progress.objectives] == [310, 400, 640]
    assert d.total >= 95
    assert d.wrong == () and d.exposure.hypoxic_person_min == 0
    assert d.first_ack_s == pytest.approx(9.0)
    assert sorted(d.displaced) == [(n, "hab-4", "hab-3")
                                   for n in ("Berg", "Castillo", "Garcia", "Oyelaran")]
    assert [c.note for c in d.commands] == ["meets acknowledge", "meets evacuate", "meets seal"]


def test_late_and_wrong_breach_response_scores_low_and_names_what_was_missed():
    script = [(900, "evacuate module=hab-4 to=hab-9"), (905, "open interconnect=hab-3/hab-4"),
              (1000, "seal interconnect=hab-3/hab-4")]
    _, tracker = trained("seal-breach", script, 3600)
    d = tracker.debrief()
    assert statuses(d) == {"acknowledge": "missed", "evacuate": "missed", "seal": "missed"}
    reasons = {o.id: o.reason for o in d.progress.objectives}
    assert reasons["acknowledge"] == "not done within 2 min of hab-4.breach"
    assert reasons["evacuate"].startswith("not done within 10 min of hab-4.breach")
    assert reasons["seal"].startswith("pressure in hab-3 < 96.5 kPa at D+0 00:1")
    assert reasons["seal"].endswith("done late at D+0 00:16:40")
    assert [(c.text, c.reason.split(";")[0]) for c in d.wrong] == [
        ("evacuate module=hab-4 to=hab-9", "unknown module 'hab-9'"),
        ("open interconnect=hab-3/hab-4", "hab-3/hab-4 is already open")]
    parts = {p.name: p.points for p in d.score}
    assert parts["objectives"] == 0 and parts["acknowledgement"] == 0
    assert parts["discipline"] == 6.0  # two rejected commands
    assert d.total < 10
    text = d.text()
    assert "missed: not done within 2 min of hab-4.breach" in text
    assert "REJECTED: unknown module 'hab-9'" in text


def test_exposure_without_evacuation_matches_the_crew_physiology():
    sim, tracker = trained("seal-breach", [], 5400)
    e = tracker.debrief().exposure
    hypoxia_s = sim.world.crew_hypoxia_s
    assert e.hypoxic_person_min == pytest.approx(hypoxia_s.sum() / 60.0, abs=0.01)
    assert e.people_exposed == int((hypoxia_s > 0).sum()) == len(sim.world.crew)
    assert e.lowest_spo2_pct == pytest.approx(sim.world.crew_min_spo2.min(), abs=0.01)
    assert e.lowest_spo2_pct < 90 and e.lowest_who in {p.name for p in sim.world.crew}
    assert {p.name: p.points for p in tracker.debrief().score}["crew"] == 0
    assert tracker.debrief().total == 0  # doing nothing earns no discipline either


def test_undoing_an_objective_loses_it_and_counts_as_wrong():
    _, tracker = trained("seal-breach", [*GOOD_BREACH, (700, "unseal interconnect=hab-3/hab-4")],
                         900)
    d = tracker.debrief()
    seal = next(o for o in d.progress.objectives if o.id == "seal")
    assert (seal.status, seal.reason) == ("undone", "by unseal interconnect=hab-3/hab-4 at "
                                                    "D+0 00:11:40")
    assert [(c.text, c.note) for c in d.wrong] == [("unseal interconnect=hab-3/hab-4",
                                                    "undoes seal")]
    assert {p.name: p.points for p in d.score}["discipline"] == 5.0


def low_ppo2_raised_s(sim: Simulation) -> float:
    """When Hab-3's low-ppO2 alarm rose, the drill's incident (about 3 min in)."""
    sim.run_until(max(sim.t_s, sim.scenario.start_s + 240))
    return next(o.raised_s for o in sim.alarm_board.occurrences if o.id == "hab-3.ppo2")


def test_progress_is_live_and_generator_failure_response_scores_high():
    sim = Simulation.from_scenario(resolve("hab3-generator-failure"))
    start = sim.t_s
    tracker = DebriefTracker(sim)
    sim.submit(parse("acknowledge alarm=hab-3.relay.fused"), "trainee")  # no objective's
    sim.run_until(start + 120)  # before the incident: nothing is due yet
    progress = tracker.progress()
    assert {(o.status, o.deadline_s) for o in progress.objectives} == {("pending", None)}
    raised = low_ppo2_raised_s(sim)
    assert start + 60 < raised < start + 300  # the alarm chirps within the first minutes
    progress = tracker.progress()
    assert [o.deadline_s - start for o in progress.objectives] == \
        [raised - start + w for w in (300, 900, 1200, 1500)]
    assert max(o.deadline_s for o in progress.objectives) <= start + 1800  # first half hour
    for text in ("acknowledge alarm=hab-3.oga-a.failed", "acknowledge alarm=hab-3.ppo2",
                 "switch_generator module=hab-3 to=backup", "inspect module=hab-3"):
        assert sim.submit(parse(text), "trainee").outcome == "accepted"
    progress = tracker.progress()
    assert [o.status for o in progress.objectives] == ["met", "met", "met", "pending"]
    assert progress.met_points == 65 and progress.total_points == 100
    sim.run_until(start + 600)
    assert sim.submit(parse("repair component=hab-3.oga-a.harness-7 person=Kaur"),
                      "trainee").outcome == "accepted"
    sim.run_until(start + 600 + 0.67 * 3600 + 60)
    assert not sim.world.units["hab-3.oga-a"].failed
    d = tracker.debrief()
    assert statuses(d) == dict.fromkeys(("acknowledge", "switch", "inspect", "repair"), "met")
    assert d.total >= 95 and d.displaced == ()


def test_scripted_scenario_commands_never_meet_an_objective(tmp_path):
    path = tmp_path / "drill.toml"
    path.write_text('name = "Drill"\nhabitat = "ares"\nduration_s = 600\n'
                    '[[events]]\nat_s = 10\ncommand = "seal"\ninterconnect = "hab-3/hab-4"\n'
                    '[[objectives]]\nid = "seal"\ntext = "Seal Hab-4"\ncommand = "seal"\n'
                    'interconnect = "*hab-4*"\nwithin_s = 60\n')
    _, tracker = trained("", [], 600, load_scenario(path))
    result = tracker.debrief().progress.objectives[0]
    assert (result.status, result.reason) == ("missed", "not done by the end of the run")


def test_cli_run_debrief_prints_and_writes_the_debrief(tmp_path, capsys):
    out = tmp_path / "run.json"
    args = ["run", "seal-breach", "--until", "1200", "--debrief", "--json", str(out)]
    for t, text in GOOD_BREACH:
        args += ["--command", f"+{t} {text}"]
    assert cli.main(args) == 0
    printed = capsys.readouterr().out
    data = json.loads(out.read_text())["debrief"]
    assert f"score: {data['total']:g}/100" in printed and data["total"] >= 95
    assert [o["status"] for o in data["progress"]["objectives"]] == ["met"] * 3
    assert [c["who"] for c in data["commands"]] == ["trainee"] * 3
    assert cli.main(["run", "seal-breach", "--command", "+x seal"]) == 2


def test_an_alarm_shelved_before_acknowledgement_scores_nothing_for_acknowledgement():
    script = [(310, "shelve alarm=hab-4.breach minutes=60 reason=drill"), *GOOD_BREACH[1:]]
    _, tracker = trained("seal-breach", script, 1800)
    d = tracker.debrief()
    assert [(o.id, o.acknowledged_s is None) for o in tracker.simulation.world.alarms.occurrences
            ] == [("hab-4.breach", True)]
    assert (d.alarms_raised, d.alarms_acknowledged) == (1, 0)
    assert {p.name: p.points for p in d.score}["acknowledgement"] == 0


def test_acknowledgement_counts_only_the_alarms_the_trainee_could_act_on():
    """The fused relay (00:00:01) and the failed generator (00:30:01) stand unanswered when
    the drill starts (the scenario's setting); the incident is the low-ppO2 alarm, about
    3 min in, acknowledged 80 s after it rose."""
    sim = Simulation.from_scenario(resolve("hab3-generator-failure"))
    start = sim.t_s
    tracker = DebriefTracker(sim)
    raised = low_ppo2_raised_s(sim)
    sim.run_until(raised + 80)
    assert sim.submit(parse("acknowledge alarm=hab-3.ppo2"), "trainee").outcome == "accepted"
    sim.run_until(start + 1800)
    d = tracker.debrief()
    assert [(o.id, o.raised_s < start, o.acknowledged_s)
            for o in sim.alarm_board.occurrences] == \
        [("hab-3.relay.fused", True, None), ("hab-3.oga-a.failed", True, None),
         ("hab-3.ppo2", False, raised + 80)]
    part = {p.name: p for p in d.score}["acknowledgement"]
    assert part.points == round(10 * (1 - 80 / 600), 1)  # what stood before costs nothing
    assert part.detail.startswith("1 alarm from the incident on")
    assert d.alarms_raised == 3 and d.alarms_acknowledged == 1  # the figures still say all
    # the first acknowledgement counts from the first alarm, or the start if it stood before
    assert (d.first_ack_s, d.mean_ack_s) == (raised + 80 - start, 80.0)


def test_an_unacknowledged_alarm_whose_time_has_not_run_out_is_not_counted():
    sim = Simulation.from_scenario(resolve("hab3-generator-failure"))
    tracker = DebriefTracker(sim)
    raised = low_ppo2_raised_s(sim)
    sim.run_until(raised + 300)  # the low-ppO2 alarm stands, unacknowledged, for 5 min
    assert {p.name: p.points for p in tracker.debrief().score}["acknowledgement"] == 10.0
    sim.run_until(raised + 600)
    assert {p.name: p.points for p in tracker.debrief().score}["acknowledgement"] == 0.0


def test_the_displaced_are_said_once_per_move():
    assert displaced_text(()) == "nobody"
    assert displaced_text((("Ana", "hab-3", "hab-2"),)) == "1 person, hab-3 -> hab-2"
    moves = tuple((f"p{k}", "hab-3", "hab-2") for k in range(15))
    assert displaced_text(moves) == "15 people, hab-3 -> hab-2"
    assert displaced_text(moves + (("Bo", "hab-1", "command"),) * 2) == \
        "17 people: 15 hab-3 -> hab-2, 2 hab-1 -> command"


def test_two_trainees_are_scored_separately_by_name_and_the_instructor_is_not_one():
    sim = Simulation.from_scenario(resolve("seal-breach"))
    tracker = DebriefTracker(sim)
    for t, who, role, text in [
            (305, "Irene", "supervisor", "inject_fault fault=generator_failure target=hab-3.oga-a"),
            (310, "Ada", "operator", "acknowledge alarm=hab-4.breach"),
            (330, "Bob", "operator", "open interconnect=hab-9/hab-4"),
            (400, "Bob", "operator", "evacuate module=hab-4 to=hab-3"),
            (640, "Ada", "operator", "seal interconnect=hab-3/hab-4")]:
        sim.run_until(t)
        sim.submit(parse(text), who=who, role=role)
    sim.run_until(1800)
    d = tracker.debrief()
    ada, bob = d.trainees
    assert (ada.who, ada.commands, ada.rejected, ada.undid, ada.objectives,
            ada.acknowledged) == ("Ada", 2, 0, 0, ("acknowledge", "seal"), 1)
    assert (bob.who, bob.commands, bob.rejected, bob.objectives, bob.acknowledged) == (
        "Bob", 2, 1, ("evacuate",), 0)
    points = {o.id: o.points for o in d.progress.objectives}
    assert ada.points == points["acknowledge"] + points["seal"]
    assert bob.points == points["evacuate"] - 2.0  # REJECTED_PENALTY
    assert [c.who for c in d.wrong] == ["Bob"]  # the instructor's fault is not wrong
    assert d.commands[0].who == "Irene"  # but listed, with the instructor's name
    text = d.text()
    assert "commands: 4 by the trainees, 1 wrong" in text
    section = text.split("trainees:\n", 1)[1]
    assert section.startswith(f"  Ada: {ada.points:g} points; 2 commands, 0 rejected, "
                              "0 undoing; met acknowledge, seal; 1 alarms acknowledged\n"
                              f"  Bob: {bob.points:g} points; 2 commands, 1 rejected")
    assert "Irene:" not in section


def test_an_undoing_trainee_loses_the_undo_penalty_and_never_goes_below_zero():
    script = [(310, "acknowledge alarm=hab-4.breach"), (640, "seal interconnect=hab-3/hab-4"),
              (700, "unseal interconnect=hab-3/hab-4")]
    _, tracker = trained("seal-breach", script, 1800)
    trainee, = tracker.debrief().trainees
    assert (trainee.undid, trainee.objectives) == (1, ("acknowledge",))
    points = {o.id: o.points for o in tracker.debrief().progress.objectives}
    assert trainee.points == max(0.0, points["acknowledge"] - 5.0)


def test_progress_and_debrief_come_back_from_their_json_form():
    _, tracker = trained("seal-breach", GOOD_BREACH + [(700, "open interconnect=zz")], 1800)
    d = tracker.debrief()
    assert d.trainees
    back = debrief_from_dict(json.loads(json.dumps(d.as_dict())))
    assert back == d and back.text() == d.text()
    progress = tracker.progress()
    assert progress_from_dict(json.loads(json.dumps(dataclasses.asdict(progress)))) == progress


def test_a_debrief_with_adherence_comes_back_from_its_json_form():
    sim = Simulation.from_scenario(resolve("hab3-generator-failure"))
    tracker = DebriefTracker(sim)
    sim.run_until(sim.t_s + 600)
    sim.submit(parse("sign_step procedure=hab3-o2-generation-loss step=ack outcome=done "
                     "note=''"), who="Ada")
    d = tracker.debrief()
    assert d.adherence is not None and d.adherence.steps
    assert debrief_from_dict(json.loads(json.dumps(d.as_dict()))) == d
