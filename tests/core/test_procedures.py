"""Electronic procedures: the file format and its errors, the step machine, and every
built-in procedure run automatically against the scenarios it is written for."""

from __future__ import annotations

import json

import pytest

from habitat_gui import cli
from habitat_gui.contract.commands import Command
from habitat_gui.core import resources
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.procedures import check as procedure_check
from habitat_gui.core.procedures.definition import Procedure, Step
from habitat_gui.core.procedures.loader import Colony, builtin_habitat, builtin_procedures
from habitat_gui.core.procedures.rehearsal import rehearse
from habitat_gui.core.procedures.runner import Run
from habitat_gui.core.recording import rerun
from habitat_gui.core.recording.reader import Recording
from habitat_gui.core.recording.recorder import Recorder
from habitat_gui.core.simulation import Simulation
from habitat_gui.core.training.debrief import DebriefTracker
from habitat_gui.core.training.debrief_html import debrief_html

BUILTIN = builtin_procedures()
O2_LOSS = resources.builtin("procedures")["hab3-o2-generation-loss"]
HEAD = 'title = "T"\n[applies]\nalarms = ["hab-3.ppo2"]\n[[steps]]\ntext = "S"\n'


def test_five_built_in_procedures_for_the_colony_s_emergencies():
    assert sorted(BUILTIN) == ["evacuation-with-equalisation",
                               "hab1-pressure-sensor-disagreement", "hab3-co2-scrubber-loss",
                               "hab3-o2-generation-loss", "hab4-breach", "harness-replacement"]
    kinds = {s.kind for p in BUILTIN.values() for s in p.steps}
    assert kinds >= {"instruction", "check", "command", "wait", "decision"}


@pytest.mark.parametrize("pid, scenario", [(p.id, s) for p in BUILTIN.values()
                                           for s in p.scenarios])
def test_every_built_in_procedure_works_on_the_plant(pid, scenario):
    sim = Simulation.from_scenario(resolve(scenario))
    result = procedure_check.check(BUILTIN[pid], BUILTIN, sim)
    assert result.ok, result.text()
    assert not result.danger.crew_in_danger
    signed = [r for r in sim.history if r.command == "sign_step"]
    assert [(r.args["step"], r.args["outcome"]) for r in signed] == \
        [(o.step, o.outcome) for o in result.outcomes]
    assert all(r.who == procedure_check.CHECKER and r.outcome == "accepted" for r in signed)


def test_the_o2_loss_procedure_changes_over_by_hand_past_the_fused_relay():
    sim = Simulation.from_scenario(resolve("hab3-generator-failure"))
    result = procedure_check.check(BUILTIN["hab3-o2-generation-loss"], BUILTIN, sim)
    taken = {o.step: o.outcome for o in result.outcomes}
    assert taken["relay"] == "no" and taken["by-hand"] == "done"  # the relay never did it
    assert "evacuate" not in taken  # the backup holds ppO2: the decision ends it
    assert sim.snapshot().unit("hab-3.oga-b").state == "ON"


def test_the_harness_replacement_brings_the_primary_back_and_ppo2_rises():
    sim = Simulation.from_scenario(resolve("hab3-generator-failure"))
    start = sim.t_s
    result = procedure_check.check(BUILTIN["harness-replacement"], BUILTIN, sim)
    assert result.ok, result.text()
    at = {o.step: o.t_s for o in result.outcomes}
    taken = {o.step: o.outcome for o in result.outcomes}
    assert taken["backup"] == "no" and taken["by-hand"] == "done"  # the fused relay held
    # the repair: 0.67 person-hours by Kaur (electrical 2), in Hab-3: about 40 min
    assert 38 * 60 <= at["repaired"] - at["replace"] <= 42 * 60
    job = next(j for j in sim.maintenance().repairs if j.component == "hab-3.oga-a.harness-7")
    assert (job.person, job.state) == ("Kaur", "done")
    assert sim.snapshot().unit("hab-3.oga-a").state == "ON"
    assert at["rising"] - start < 6 * 3600  # ppO2 back past 19.9 kPa within hours
    assert sim.snapshot().module("hab-3").truth.ppo2_kpa > 19.7


def test_evacuation_with_equalisation_opens_the_valve_then_evacuates_and_seals():
    sim = Simulation.from_scenario(resolve("hab3-generator-failure"))
    result = procedure_check.check(BUILTIN["evacuation-with-equalisation"], BUILTIN, sim,
                                   at_s=120000.0)  # D+1 09:20, Hab-3 4 kPa below Hab-2
    taken = {o.step: o.outcome for o in result.outcomes}
    assert taken == {"dp-ok": "no", "open-pev": "done", "equalise": "done", "evacuate": "done",
                     "empty": "done", "pev-open": "yes", "close-pev": "done", "seal": "done"}
    waited = next(o for o in result.outcomes if o.step == "equalise")
    assert 60 < waited.t_s - waited.started_s < 600  # minutes, through the 15 mm valve
    snap = sim.snapshot()
    assert snap.interconnect("hab-2/hab-3").state == "sealed"
    assert snap.module("hab-3").crew_count == 0


def test_a_broken_threshold_fails_the_check_with_the_step_named(tmp_path, capsys):
    broken = tmp_path / "hab3-o2-generation-loss.toml"
    text = O2_LOSS.read_text(encoding="utf-8")
    assert 'quantity = "ppo2_kpa", above = 19.0' in text
    broken.write_text(text.replace('quantity = "ppo2_kpa", above = 19.0',
                                   'quantity = "ppo2_kpa", above = 22.0'), encoding="utf-8")
    out = tmp_path / "result.json"
    assert cli.main(["procedure", "check", str(broken), "--json", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "FAILED: hab3-o2-generation-loss step verify failed" in printed
    result = json.loads(out.read_text(encoding="utf-8"))
    assert not result["ok"]
    assert [s["step"] for s in result["steps"] if s["outcome"] == "failed"] == ["verify"]


def test_a_rehearsal_runs_the_rest_on_a_copy_and_finds_the_danger():
    sim = Simulation.from_scenario(resolve("hab3-generator-failure"))
    run = Run(BUILTIN["hab3-o2-generation-loss"], BUILTIN, sim.t_s)
    run.advance("done", sim.t_s)  # acknowledged
    history, t_s = len(sim.history), sim.t_s
    result = rehearse(sim, run)
    assert result.ok and [o.step for o in result.outcomes][:2] == ["relay", "by-hand"]
    assert all(o.who == "rehearsal" for o in result.outcomes)
    assert (len(sim.history), sim.t_s) == (history, t_s)  # the colony itself untouched
    assert sim.snapshot().unit("hab-3.oga-b").state == "OFF"
    assert run.current is not None and run.current[1].id == "relay"
    run.advance("yes", sim.t_s)  # believing the relay brought the backup in: nobody switches
    wrong = rehearse(sim, run, horizon_s=3 * 86400.0)
    assert wrong.danger.crew_in_danger and wrong.danger.module == "hab-3"
    assert wrong.danger.words == "ppO2 < 16 kPa" and not wrong.ok
    assert "FAILED: the crew is left in danger" in wrong.text()


def test_check_at_a_time_and_never_applies(capsys):
    code = cli.main(["procedure", "check", "hab4-breach", "--scenario", "nominal-day"])
    assert code == 1
    assert "never applies in Nominal day" in capsys.readouterr().err
    assert cli.main(["procedure", "check", "hab4-breach", "--at", "400"]) == 0
    assert "from D+0 00:06:40" in capsys.readouterr().out


def test_the_cli_lists_and_validates_procedures(capsys):
    assert cli.main(["procedure", "list"]) == 0
    assert capsys.readouterr().out.count("\n") == len(BUILTIN)
    files = list(resources.builtin("procedures").values())
    assert cli.main(["validate", *map(str, files)]) == 0
    assert capsys.readouterr().out.count(": ok: procedure") == len(files)


CASES = [
    ('title = "T"\n[[steps]]\ntext = "S"\n', 1, "missing [applies]"),
    (HEAD.replace('"hab-3.ppo2"', '"hab-9.ppo2"'), 3, "unknown alarm 'hab-9.ppo2'"),
    (HEAD + 'check = { module = "hab-3", quantity = "ppo2", above = 19 }\n', 6,
     "expected one of pressure_kpa"),
    (HEAD + 'check = { module = "hab-3", quantity = "ppo2_kpa" }\n', 6, "needs 'above' or"),
    (HEAD + 'check = "ppo2 > 19"\n', 6, "must be a condition table"),
    (HEAD + 'wait_for = { alarm = "hab-3.ppo2" }\n', 6, "needs 'timeout_s'"),
    (HEAD + 'command = "launch module=hab-3"\n', 6, "unknown command 'launch'"),
    (HEAD + 'command = "evacuate module=hab-3 to=mars"\n', 6, "unknown module 'mars'"),
    (HEAD + 'command = "seal"\n', 6, "seal takes interconnect=..."),
    (HEAD + 'call = "nothing"\n', 4, "calls unknown procedure 'nothing'"),
    (HEAD + 'decide = { unit = "hab-3.oga-b", state = "ON" }\nthen = "zz"\n', 7,
     "'then' = 'zz': no such step"),
    (HEAD + 'id = "a"\n[[steps]]\ntext = "B"\ndecide = { alarm = "hab-3.ppo2" }\nelse = "a"\n',
     10, "goes back"),
    (HEAD + 'check = { unit = "hab-3.oga-b", state = "RUNING" }\n', 6, "expected one of"),
    (HEAD + 'check = { all = [{ alarm = "hab-3.ppo2" }, { relay = "x", state = "BACKUP" }] }\n',
     6, "unknown relay 'x'"),
    (HEAD + 'check = { alarm = "hab-3.ppo2" }\nwait_s = 5\n', 7, "this one has check and wait_s"),
    (HEAD + 'check = { interconnect = "hab-2/hab-9", quantity = "differential_kpa", '
            'below = 3 }\n', 6, "unknown interconnect 'hab-2/hab-9'"),
    (HEAD + 'check = { interconnect = "hab-2/hab-3", quantity = "ppo2_kpa", below = 3 }\n', 6,
     "expected one of differential_kpa"),
    (HEAD + 'check = { interconnect = "hab-2/hab-3", quantity = "differential_kpa", '
            'below = 300 }\n', 6, "'below' is 300 kPa; expected at most 200 kPa"),
    (HEAD + 'check = { pev = "hab-2/hab-3", state = "ajar" }\n', 6, "expected one of open, "
                                                                     "closed"),
]


@pytest.mark.parametrize("text, line, expected", CASES)
def test_bad_procedure_files_are_one_line_naming_the_line(tmp_path, capsys, text, line,
                                                          expected):
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    assert err.startswith(f"{path}:{line}: "), err
    assert expected in err


def _step(ident: str, kind: str = "instruction", **kw) -> Step:
    return Step(ident, kind, f"step {ident}", **kw)


def test_a_call_runs_the_other_procedure_then_goes_on():
    inner = Procedure("inner", "I", (_step("x"), _step("y")))
    outer = Procedure("outer", "O", (_step("a"), _step("b", "call", procedure="inner"),
                                     _step("c")))
    run = Run(outer, {"inner": inner, "outer": outer}, 0.0)
    visited = []
    while (current := run.current) is not None:
        visited.append(f"{current[0].id}.{current[1].id}")
        run.advance("called" if current[1].kind == "call" else "done", 1.0)
    assert visited == ["outer.a", "outer.b", "inner.x", "inner.y", "outer.c"]


def test_skipping_a_step_needs_a_reason_and_is_audited_with_the_signer():
    sim = Simulation.from_scenario(resolve("nominal-day"))
    run = Run(BUILTIN["hab4-breach"], BUILTIN, 0.0)
    refused = sim.submit(run.sign("skipped"), "Ng")
    assert refused.outcome == "rejected" and "needs a reason" in refused.reason
    record = sim.submit(run.sign("skipped", "alarm already acknowledged"), "Ng")
    assert record.outcome == "accepted" and record.who == "Ng"
    logged = sim.events_since(0)[-1]
    assert logged.kind == "command" and "skipped" in logged.message \
        and "alarm already acknowledged" in logged.message and logged.data["who"] == "Ng"
    assert sim.check(Command.of("sign_step", procedure="p", step="1", outcome="maybe",
                                note="")) is not None


def test_waits_count_down_and_time_out():
    colony = Colony.of(builtin_habitat())
    assert "hab-3" in colony.modules
    sim = Simulation.from_scenario(resolve("nominal-day"))
    breach = BUILTIN["hab4-breach"]
    run = Run(breach, BUILTIN, 0.0)
    for _ in range(2):
        run.advance("done", 0.0)
    assert run.current is not None and run.current[1].id == "empty"
    assert run.judge(sim.snapshot(), sim.alarms()).outcome == ""  # nobody moved yet
    sim.run_until(200)
    judged = run.judge(sim.snapshot(), sim.alarms())
    assert judged.outcome == "" and judged.left_s == pytest.approx(400.0)
    sim.run_until(600)
    assert run.judge(sim.snapshot(), sim.alarms()).outcome == "timed-out"


def _sign(sim: Simulation, at_s: float, step: str, outcome: str, note: str = "") -> None:
    sim.run_until(at_s)
    record = sim.submit(Command.of("sign_step", procedure="hab3-o2-generation-loss", step=step,
                                   outcome=outcome, note=note), "A. Ng")
    assert record.outcome == "accepted", record.reason


def test_the_debrief_scores_adherence_to_the_required_procedure():
    scenario = resolve("hab3-generator-failure")
    assert scenario.procedure == "hab3-o2-generation-loss"
    sim = Simulation.from_scenario(scenario)
    start = sim.t_s  # its failure alarm rose at 00:30:01, hours before: time counts from here
    tracker = DebriefTracker(sim)
    _sign(sim, start + 59, "ack", "done")
    _sign(sim, start + 119, "relay", "no")
    _sign(sim, start + 149, "warm-up", "skipped", "backup already warm")  # by-hand left out
    _sign(sim, start + 199, "verify", "passed")
    adherence = tracker.debrief().adherence
    assert adherence is not None
    assert [(s.step, s.in_order, s.took_s) for s in adherence.steps] == [
        ("ack", True, 59.0), ("relay", True, 60.0), ("warm-up", False, 30.0),
        ("verify", True, 50.0)]
    assert adherence.in_order == 3 and not adherence.finished
    assert adherence.next_step.startswith("hab3-o2-generation-loss step holding")
    debrief = tracker.debrief()
    assert "3 of 4 steps in order, 1 skipped with a reason, not finished" in debrief.text()
    assert "OUT OF ORDER  A. Ng: backup already warm" in debrief.text()
    assert "Procedure: Hab-3: loss of O2 generation" in debrief_html(debrief)
    assert debrief.as_dict()["adherence"]["steps"][2]["note"] == "backup already warm"


def test_a_scenario_names_only_a_procedure_that_exists(tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_text('name = "S"\nhabitat = "ares"\nprocedure = "hab9-fire"\n', encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"{path}:3: unknown procedure 'hab9-fire'")


def test_signed_steps_are_recorded_and_a_replay_re_runs_them(tmp_path):
    sim = Simulation.from_scenario(resolve("hab3-generator-failure"))
    with Recorder(sim, tmp_path / "run.sqlite"):
        result = procedure_check.check(BUILTIN["hab3-o2-generation-loss"], BUILTIN, sim,
                                       who="A. Ng")
    with Recording.open(tmp_path / "run.sqlite") as rec:
        signed = [(c.args["step"], c.who) for c in rec.commands() if c.command == "sign_step"]
        assert signed == [(o.step, "A. Ng") for o in result.outcomes]
        assert sum("sign_step" in e.message for e in rec.events()) == len(signed)
        assert rerun.verify(rec) == []
