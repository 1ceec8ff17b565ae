"""Alarms (ISA-18.2): definitions, lifecycle, delay and deadband, shelving, suppression by
design, out of service, health figures, the command path, the report and slicing."""

from __future__ import annotations

import json

import numpy as np
import pytest

from builders import habitat, module, people
from habitat_gui import cli
from habitat_gui.core.operations import alarm_board
from habitat_gui.core.operations import alarm_definitions
from habitat_gui.core.operations import report
from habitat_gui.core.operations.alarm_commands import (Acknowledge, RemoveFromService,
                                                        ReturnToService, Shelve, Unshelve)
from habitat_gui.contract.commands import parse as request
from habitat_gui.core.operations.command_bus import parse
from habitat_gui.core.operations.plant_commands import Seal, Unseal
from habitat_gui.core.plant.habitat import InterconnectSpec
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.simulation import Simulation
from habitat_gui.core.specfile import SpecError, TomlDocument
from habitat_gui.core.plant.atmosphere import Air
from habitat_gui.core.plant.stepping import Recent

NOMINAL = (101.3, 21.2, 800.0)  # pressure kPa, ppO2 kPa, CO2 ppm

PPO2 = '''
[[alarms]]
id = "{module}.ppo2"
watch = "ppo2_kpa"
when = "below"
limits = { low = 19.4, medium = 17.2, high = 16.0 }
deadband = 0.3
delay_s = 30
suppress_when_isolated = true
message = "ppO2 low"
cause = "c"
consequence = "q"
action = "a"
'''


def definitions(text: str = PPO2, delay_s: float | None = None):
    if delay_s is not None:
        text = text.replace("delay_s = 30", f"delay_s = {delay_s:g}")
    return alarm_definitions.parse_alarms(TomlDocument(text, "test.toml"))


class Rig:
    """A small world whose alarm board is fed constructed per-step readings."""

    def __init__(self, modules: int = 2, crew_in_b: int = 1, link: str = "open",
                 delay_s: float | None = None, text: str = PPO2) -> None:
        ids = [chr(ord("a") + k) for k in range(modules)]
        links = [InterconnectSpec(f"{ids[0]}/{ids[1]}", (ids[0], ids[1]), link)] \
            if modules > 1 else []
        crew = [p for i in ids for p in people(crew_in_b if i == "b" else 1, i)]
        self.sim = Simulation(habitat([module(i) for i in ids], links, crew=crew), 0,
                              alarms=definitions(text, delay_s))
        self.world = self.sim.world
        self.board = self.world.alarms
        self.modules = modules

    def feed(self, ppo2: list[float] | np.ndarray, module_index: int = 0) -> None:
        """Steps at 1 s, continuing the clock, with ``ppo2`` in one module."""
        ppo2 = np.asarray(ppo2, dtype=float)
        steps = len(ppo2)
        readings = np.tile(np.array(NOMINAL), (steps, self.modules, 1))
        readings[:, module_index, 1] = ppo2
        t0 = self.world.t_s
        true = readings.transpose(2, 0, 1)  # the alarms read the measured values only
        self.world.recent = Recent(t0 + np.arange(1, steps + 1), readings,
                                   np.full((steps, len(self.world.crew)), 97.0),
                                   Air(true[0], true[1] / true[0], true[1], true[2]),
                                   np.zeros((steps, self.modules)))
        self.world.t_s = t0 + steps
        self.board.observe(self.world)
        self.board.evaluate(self.world)

    def state(self, alarm: str = "a.ppo2") -> alarm_board.AlarmState:
        return self.board.state_of(alarm)


# ----------------------------------------------------------------------------- files
def test_builtin_definitions_load_and_cover_the_brief():
    defs = alarm_definitions.builtin_alarms()
    watches = {d.watch for d in defs}
    assert {"ppo2_kpa", "co2_ppm", "pressure_kpa", "breach_time_min", "spo2_pct",
            "generator_state", "scrubber_state", "relay_state"} <= watches
    ppo2 = next(d for d in defs if d.watch == "ppo2_kpa")
    assert ppo2.limits == ((1, 19.4), (2, 17.2), (3, 16.0)) and ppo2.delay_s > 0
    assert all(d.cause and d.consequence and d.action for d in defs)


@pytest.mark.parametrize("change, line, expected", [
    (('watch = "ppo2_kpa"', 'watch = "ppo3"'), 4, "expected one of ppo2_kpa"),
    (('id = "{module}.ppo2"', 'id = "{unit}.ppo2"'), 3, "must hold {module} once"),
    (("low = 19.4, medium = 17.2", "low = 17.2, medium = 19.4"), 6, "more severe in order"),
    (("deadband = 0.3", "deadband = -1"), 7, "expected at least 0"),
    (('action = "a"', 'actions = "a"'), 13, "unknown key 'actions'"),
    (('message = "ppO2 low"\n', ""), 2, "missing 'message'"),
])
def test_bad_definitions_name_file_line_and_expectation(change, line, expected):
    with pytest.raises(SpecError) as err:
        definitions(PPO2.replace(*change))
    text = str(err.value)
    assert text.startswith(f"test.toml:{line}: ") and expected in text and "\n" not in text


def test_validate_checks_alarm_files(tmp_path, capsys):
    assert cli.main(["validate", str(alarm_definitions.resources_dir() / "alarms.toml")]) == 0
    assert "alarm definitions" in capsys.readouterr().out
    bad = tmp_path / "alarms.toml"
    bad.write_text(PPO2.replace("deadband = 0.3", "deadband = -1"))
    assert cli.main(["validate", str(bad)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"{bad}:7: 'deadband' is -1 kPa; expected at least 0 kPa")


# ----------------------------------------------------------------------------- lifecycle
def test_lifecycle_latches_to_the_highest_priority_and_clears_only_when_acknowledged():
    rig = Rig()
    rig.feed([21.0] * 10)
    assert rig.state().state == alarm_board.NORMAL and rig.sim.alarms() == ()
    rig.feed([18.9] * 40)  # low: persists past the 30 s delay
    a = rig.state()
    assert (a.state, a.priority, a.raised_s) == (alarm_board.UNACKNOWLEDGED, "low", 40.0)
    rig.feed([16.9] * 40)  # medium
    assert rig.state().priority == "medium"
    rig.feed([21.0] * 10)  # normal again, not acknowledged
    a = rig.state()
    assert (a.state, a.priority, a.active) == (alarm_board.RETURNED, "medium", False)
    rig.world.t_s = 100.0
    assert rig.sim.submit(Acknowledge("a.ppo2")).outcome == "accepted"
    assert rig.state().state == alarm_board.NORMAL
    # acknowledged while active stays until normal; a worse level asks again
    rig.feed([18.9] * 40)
    rig.sim.submit(Acknowledge("a.ppo2"))
    assert rig.state().state == alarm_board.ACKNOWLEDGED
    rig.feed([18.9] * 5)
    assert rig.state().state == alarm_board.ACKNOWLEDGED
    rig.feed([15.5] * 40)
    assert (rig.state().state, rig.state().priority) == (alarm_board.UNACKNOWLEDGED, "high")
    rig.sim.submit(Acknowledge("a.ppo2"))
    rig.feed([21.0] * 5)
    assert rig.state().state == alarm_board.NORMAL
    occurrences = rig.board.report()
    assert [(o["priority"], o["raised_s"], o["returned_s"], o["cleared_s"])
            for o in occurrences] == [("medium", 40.0, 91.0, 100.0), ("high", 130.0, None, 186.0)]


def test_delay_rejects_chattering_and_the_deadband_holds_the_alarm():
    rig = Rig()
    rig.feed(np.tile([18.9] * 20 + [19.9] * 5, 8))  # below for 20 s at a time: never 30 s
    assert rig.board.report() == [] and rig.state().state == alarm_board.NORMAL
    rig.feed([18.9] * 30)
    assert rig.state().state == alarm_board.UNACKNOWLEDGED
    rig.feed([19.6] * 50)  # above the limit but inside the 0.3 kPa deadband: still active
    assert rig.state().active
    rig.feed([19.8] * 1)
    assert rig.state().state == alarm_board.RETURNED


def test_shelved_alarm_returns_to_service_when_the_shelf_expires():
    rig = Rig()
    rig.feed([18.9] * 40)
    record = rig.sim.submit(Shelve("a.ppo2", "2", "sensor a recalibrated"))
    assert record.outcome == "accepted"
    assert rig.state().state == alarm_board.SHELVED and rig.state().shelved_until_s == 40.0 + 120.0
    rig.feed([18.9] * 100)
    assert rig.state().state == alarm_board.SHELVED and not rig.sim.alarm_health().unacknowledged
    rig.feed([18.9] * 30)
    a = rig.state()
    assert a.state == alarm_board.UNACKNOWLEDGED and a.raised_s == 160.0
    assert [o.get("ended") for o in rig.board.report()] == ["shelved", None]
    # unshelving by hand, and shelving refused while shelved
    rig.sim.submit(Shelve("a.ppo2", "60", "again"))
    assert rig.sim.submit(Shelve("a.ppo2", "60", "again")).outcome == "rejected"
    assert rig.sim.submit(Unshelve("a.ppo2")).outcome == "accepted"
    assert rig.state().state == alarm_board.UNACKNOWLEDGED


def test_environment_alarms_are_suppressed_while_evacuated_and_sealed():
    rig = Rig(crew_in_b=0, link="closed")
    rig.feed([21.0] * 5, module_index=1)
    rig.sim.submit(Seal("a/b"))
    rig.feed([18.0] * 40, module_index=1)
    assert rig.state("b.ppo2").state == alarm_board.SUPPRESSED
    assert rig.sim.alarm_health().suppressed == 1 and not rig.sim.alarm_health().unacknowledged
    assert rig.state("a.ppo2").state == alarm_board.NORMAL  # a holds crew: never suppressed
    rig.sim.submit(Unseal("a/b"))
    rig.feed([18.0] * 2, module_index=1)
    a = rig.state("b.ppo2")
    assert a.state == alarm_board.UNACKNOWLEDGED and a.raised_s == 46.0


def test_a_module_with_crew_is_not_suppressed_when_sealed():
    rig = Rig(crew_in_b=2, link="sealed")
    rig.feed([18.0] * 40, module_index=1)
    assert rig.state("b.ppo2").state == alarm_board.UNACKNOWLEDGED


def test_out_of_service_until_returned():
    rig = Rig()
    rig.feed([18.9] * 40)
    assert rig.sim.submit(RemoveFromService("a.ppo2", "sensor replaced")).outcome == "accepted"
    assert rig.state().state == alarm_board.OUT_OF_SERVICE
    rig.feed([16.5] * 1000)
    assert rig.state().state == alarm_board.OUT_OF_SERVICE
    assert rig.sim.submit(ReturnToService("a.ppo2")).outcome == "accepted"
    a = rig.state()
    assert (a.state, a.priority) == (alarm_board.UNACKNOWLEDGED, "medium")


def test_alarm_commands_go_through_the_bus_and_observers_are_refused():
    rig = Rig()
    rig.feed([18.9] * 40)
    record = rig.sim.submit(Acknowledge("a.ppo2"), who="watcher", role="observer")
    assert record.outcome == "rejected" and "read-only" in record.reason
    assert rig.state().state == alarm_board.UNACKNOWLEDGED
    assert rig.sim.submit(Shelve("a.ppo2", "5", "x"), role="observer").outcome == "rejected"
    bad = [rig.sim.submit(c) for c in (Acknowledge("z.ppo2"), Shelve("a.ppo2", "soon", "x"),
                                       Shelve("a.ppo2", "9999", "x"),
                                       Shelve("a.ppo2", "5", " "), Unshelve("a.ppo2"))]
    assert all(r.outcome == "rejected" and r.reason for r in bad)
    assert rig.sim.submit(parse("acknowledge alarm=a.ppo2"), who="Ana").outcome == "accepted"
    assert rig.sim.submit(Acknowledge("a.ppo2")).reason == \
        "a.ppo2 is ACKNOWLEDGED: nothing to acknowledge"
    audit = [e for e in rig.world.events if e.kind == "command"]
    assert audit[-2].data["who"] == "Ana" and audit[-2].data["outcome"] == "accepted"


# ----------------------------------------------------------------------------- health
def test_health_figures_on_a_constructed_flood_chatter_and_stale_alarm():
    rig = Rig(modules=14, delay_s=0)
    for k in range(12):  # twelve alarms, 20 s apart: a flood from the eleventh on
        rig.feed([21.0] * 19 + [18.0], module_index=k)
    health = rig.sim.alarm_health()
    assert health.per_10_min == 12 and health.in_flood and health.raised_total == 12
    assert health.flood_time_s == 20.0  # flood from the 11th raise (t=220) to now (240)
    assert health.share_pct == (100.0, 0.0, 0.0) and health.chattering == 0
    rig.feed([18.0] * 700, module_index=0)  # a 13th at 241; then 10 min with no new alarm
    health = rig.sim.alarm_health()
    # in flood from the 11th (220) until the window holds only 10 (the 3rd leaves at 660)
    assert not health.in_flood and health.flood_time_s == pytest.approx(440.0)
    rig.feed([18.0, 21.0] * 3, module_index=12)  # three cycles in six seconds
    assert rig.sim.alarm_health().chattering == 1
    assert rig.sim.alarm_health().stale == 0
    rig.feed([18.0] * 86460, module_index=0)
    assert rig.sim.alarm_health().stale >= 1


def test_flood_time_sweep():
    assert alarm_board.flood_time_s([0.0] * 10, 100.0) == 0.0
    assert alarm_board.flood_time_s([0.0] * 11, 100.0) == 100.0
    assert alarm_board.flood_time_s([0.0] * 11, 1000.0) == 600.0


# ----------------------------------------------------------------------------- scenarios
def test_report_lists_alarm_occurrences_for_built_in_scenarios(tmp_path, capsys):
    path = tmp_path / "breach.json"
    assert cli.main(["run", "seal-breach", "--until", "1200", "--sample-every", "600",
                     "--json", str(path)]) == 0
    alarms = json.loads(path.read_text())["alarms"]
    breach = next(a for a in alarms if a["id"] == "hab-4.breach")
    assert set(breach) >= {"id", "priority", "raised_s", "acknowledged_s", "cleared_s"}
    assert breach["raised_s"] == 301.0 and breach["acknowledged_s"] is None
    assert breach["cleared_s"] is None
    assert "hab-4.breach" in capsys.readouterr().out
    # sealed off alone, Hab-4 has under 30 minutes: the breach alarm latches HIGH
    sim = Simulation.from_scenario(resolve("seal-breach"))
    sim.run_until(400)
    sim.submit(parse("seal interconnect=hab-3/hab-4"))
    out = report.run(sim, 500, 100)
    breach = next(a for a in out["alarms"] if a["id"] == "hab-4.breach")
    assert breach["priority"] == "high"
    sim = Simulation.from_scenario(resolve("hab3-generator-failure"))
    out = report.run(sim, 1900, 1900)
    found = {a["id"]: a for a in out["alarms"]}
    assert found["hab-3.oga-a.failed"]["priority"] == "high"
    assert found["hab-3.oga-a.failed"]["raised_s"] == 1801.0
    assert found["hab-3.relay.fused"]["priority"] == "medium"


def test_alarm_history_does_not_depend_on_how_a_run_is_sliced():
    scenario = resolve("seal-breach")
    whole = Simulation.from_scenario(scenario)
    whole.run_until(1000)
    whole.submit(Acknowledge("hab-4.breach"))
    whole.submit(Shelve("hab-1.pressure", "3", "drill"))
    whole.run_until(2400)
    sliced = Simulation.from_scenario(scenario)
    for t in range(7, 1000, 41):
        sliced.run_until(t)
    sliced.run_until(1000)
    sliced.submit(Acknowledge("hab-4.breach"))
    sliced.submit(Shelve("hab-1.pressure", "3", "drill"))
    for t in range(1001, 2400, 97):
        sliced.run_until(t)
    sliced.run_until(2400)
    assert len(whole.world.alarms.report()) > 10
    assert sliced.world.alarms.report() == whole.world.alarms.report()
    assert sliced.alarms() == whole.alarms()
    assert sliced.alarm_health() == whole.alarm_health()
    twin = whole.clone()
    twin.submit(Acknowledge("hab-2.pressure"))
    assert whole.world.alarms.state_of("hab-2.pressure").state == alarm_board.UNACKNOWLEDGED

    def acknowledged(sim: Simulation) -> list[float | None]:
        return [o["acknowledged_s"] for o in sim.world.alarms.report()
                if o["id"] == "hab-2.pressure"]
    assert acknowledged(twin)[-1] == 2400 and acknowledged(whole)[-1] is None


def test_alarm_raises_and_clears_are_in_the_event_log_in_time_order():
    sim = Simulation.from_scenario(resolve("seal-breach"))
    sim.run_until(1500)
    sim.submit(parse("seal interconnect=hab-3/hab-4"))
    sim.run_until(2400)
    events = sim.events_since(0)
    alarms = [e for e in events if e.kind == "alarm"]
    assert alarms[0].source == "hab-4.breach" and alarms[0].data["change"] == "raised"
    assert alarms[0].t_s == pytest.approx(301, abs=1)
    assert [e.t_s for e in events] == sorted(e.t_s for e in events)
    rig = Rig()
    rig.feed([18.9] * 40 + [21.0] * 10)
    rig.sim.submit(Acknowledge("a.ppo2"))
    rig.feed([21.0] * 5)
    changes = [(e.source, e.data["change"]) for e in rig.world.events if e.kind == "alarm"]
    assert changes == [("a.ppo2", "raised"), ("a.ppo2", "cleared")]


def test_shelving_needs_a_reason_is_audited_with_it_and_expires_after_the_duration():
    rig = Rig()
    rig.feed([18.9] * 40)
    refused = rig.sim.submit(request("shelve alarm=a.ppo2 minutes=15"))
    assert refused.outcome == "rejected" and "missing reason" in refused.reason
    assert rig.sim.check(Shelve("a.ppo2", "15", "  ")) == \
        "'reason' is empty; say why the alarm is shelved"
    text = Shelve("a.ppo2", "15", "sensor a being recalibrated").text()
    assert text == "shelve alarm=a.ppo2 minutes=15 reason='sensor a being recalibrated'"
    record = rig.sim.submit(request(text), who="Ana")
    assert record.outcome == "accepted" and record.who == "Ana"
    assert record.args == {"alarm": "a.ppo2", "minutes": "15",
                           "reason": "sensor a being recalibrated"}
    assert record.reason == "a.ppo2 shelved for 15 min, until D+0 00:15:40: " \
                            "sensor a being recalibrated"
    logged = [e for e in rig.world.events if e.kind == "command"][-1]
    assert "sensor a being recalibrated" in logged.message and "15 min" in logged.message
    state = rig.state()
    assert (state.state, state.shelved_until_s, state.note) == \
        (alarm_board.SHELVED, 40.0 + 900.0, "sensor a being recalibrated")
    rig.feed([18.9] * 899)
    assert rig.state().state == alarm_board.SHELVED
    rig.feed([18.9] * 2)
    assert (rig.state().state, rig.state().note) == (alarm_board.UNACKNOWLEDGED, "")


def test_a_definition_bounds_how_long_its_alarm_may_be_shelved():
    text = PPO2.replace("delay_s = 30", "delay_s = 30\nmax_shelve_min = 60")
    rig = Rig(text=text)
    rig.feed([18.9] * 40)
    assert rig.state().max_shelve_min == 60.0
    assert rig.sim.check(Shelve("a.ppo2", "61", "long job")) == \
        "'minutes' is 61; expected more than 0 and at most 60 for a.ppo2"
    assert rig.sim.check(Shelve("a.ppo2", "60", "long job")) is None
    with pytest.raises(SpecError, match="'max_shelve_min' is 800 min; expected at most 720"):
        definitions(PPO2.replace("delay_s = 30", "delay_s = 30\nmax_shelve_min = 800"))
    assert next(d for d in alarm_definitions.builtin_alarms()
                if d.watch == "breach_time_min").max_shelve_min == 60.0


def test_out_of_service_needs_a_reason_and_its_confirmation_says_what_goes_unwatched():
    rig = Rig()
    rig.feed([18.9] * 40)
    assert "say why" in rig.sim.check(RemoveFromService("a.ppo2", ""))
    hazard = rig.sim.hazard(RemoveFromService("a.ppo2", "sensor swap"))
    assert hazard.startswith("Nothing will announce ppO2 low on a (ppo2_kpa: LOW below 19.4 "
                             "kPa, MEDIUM below 17.2 kPa, HIGH below 16 kPa) until a.ppo2 is")
    assert "If it happens: q." in hazard
    record = rig.sim.submit(RemoveFromService("a.ppo2", "sensor swap"))
    assert record.reason == "a.ppo2 taken out of service: sensor swap"
    assert rig.state().note == "sensor swap"
