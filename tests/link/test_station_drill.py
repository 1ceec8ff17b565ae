"""The drill and the training run at the station's side of the link: a real OpcUaSource
against a real plant server on a free loopback port. The station declares Drill for an
instructor only and Training for anyone, on a server that offers them; every wait is on a
condition with a generous deadline."""

from __future__ import annotations

import threading

import pytest

from habitat_gui.contract.commands import Command
from habitat_gui.sources.protocol import (ClockControl, Drill, Operator, PlantSource, Runs,
                                          Training)
from plantlink import Running
from test_station import station, take_control, wait_for

GENERATOR = "hab-3.oga-a"
INJECT = Command.of("inject_fault", fault="generator_failure", target=GENERATOR,
                    parameters="")
BREACH = "hab-4.breach"


@pytest.fixture(scope="module")
def stations(running, tmp_path_factory):
    """An instructor's, an operator's and an observer's station, by user name; the
    operator, a trainee, holds control (the drill is not gated by it)."""
    folder = tmp_path_factory.mktemp("stations")
    made = {user: station(running, folder, user, name)
            for user, name in (("ins", "I"), ("ada", "A"), ("obs", "O"))}
    take_control(made["ada"])
    yield made
    for source in made.values():
        source.close()


def test_the_drill_is_declared_for_an_instructor_and_training_for_anyone(stations):
    ins, ada, obs = stations["ins"], stations["ada"], stations["obs"]
    assert isinstance(ins, Drill) and isinstance(ins, Training)
    assert isinstance(ins, ClockControl) and isinstance(ins, PlantSource)
    assert type(ins).__name__ == "OpcUaClockDrillTrainingSource"
    assert isinstance(ada, Training) and not isinstance(ada, Drill)
    assert isinstance(obs, Training) and not isinstance(obs, Drill)


def test_the_drill_and_the_training_run_are_the_servers(running, stations):
    ins = stations["ins"]
    assert ins.fault_choices() == running.source.fault_choices()  # tuples, as served
    assert ins.scenario_choices() == running.source.scenario_choices()
    assert ins.run == 0
    assert stations["ada"].training() == running.source.training()


@pytest.mark.parametrize("text", ["{not json", '{"name": "leak"}', '[{"name": "leak"}]'])
def test_choices_the_station_cannot_read_are_not_offered(stations, caplog, text):
    ins = stations["ins"]
    values = ins.link.plant.values
    served = values["Plant.FaultChoices"]
    try:
        with ins.link.lock:
            values["Plant.FaultChoices"] = text
        assert ins.fault_choices() == ins.fault_choices() == ()
        assert [r.message.startswith("the server's Plant.FaultChoices is not offered: ")
                for r in caplog.records] == [True]  # one line, once
    finally:
        with ins.link.lock:
            values["Plant.FaultChoices"] = served
    assert ins.fault_choices()


def test_an_instructor_injects_a_fault_as_a_command(running, stations):
    ins, ada = stations["ins"], stations["ada"]
    assert ada.check(INJECT, Operator("ada")) == \
        "inject_fault needs the supervisor role; operator may not send it"
    refused = ada.submit(INJECT, Operator("ada"))
    assert (refused.outcome, refused.reason) == (
        "rejected", "InjectFault needs the instructor role; ada is operator")
    assert ins.check(INJECT, Operator("ins")) is None
    record = ins.submit(INJECT, Operator("ins"))
    assert (record.outcome, record.reason) == ("accepted", f"injected generator_failure on "
                                                           f"{GENERATOR}")
    audit = running.source.simulation.history[-1]
    assert (audit.who, audit.role, audit.command) == ("ins", "supervisor", "inject_fault")
    wait_for(lambda: ada.snapshot().unit(GENERATOR).state == "FAILED",
             "the failed generator at the trainee's station")


def test_the_debrief_is_the_servers(running, stations):
    ada = stations["ada"]
    alarm = next(a.id for a in ada.alarms() if a.state == "UNACKNOWLEDGED")
    assert ada.submit(Command.of("acknowledge", alarm=alarm), Operator("ada")).outcome == \
        "accepted"
    served = running.source.debrief()
    debrief = ada.debrief()
    assert debrief is not None and served is not None
    assert [(t.who, t.points) for t in debrief.trainees] == \
        [(t.who, t.points) for t in served.trainees] == [("ada", served.trainees[0].points)]
    made: list = []
    worker = threading.Thread(target=lambda: made.append(ada.debriefer()()))
    worker.start()
    worker.join(60)
    assert [t.who for t in made[0].trainees] == ["ada"]  # asked from another thread


def test_a_scenario_started_at_the_station_is_a_new_run_there(tmp_path):
    running = Running(tmp_path)  # a server of its own: the others test the first run
    ins, ada = station(running, tmp_path, "ins", "I"), station(running, tmp_path, "ada", "A")
    try:
        assert len(ada.events_since(0)) > 10 and BREACH in {a.id for a in ada.alarms()}
        assert isinstance(ada, Runs) and not isinstance(ada, Drill) and ada.run == 0
        assert len(ada.recorded_history(86400.0).t_s) >= 1  # the first run's history
        assert ins.start_scenario("no-such", Operator("ins")).startswith(
            "unknown scenario 'no-such'; expected one of")
        assert ins.start_scenario("nominal-day", Operator("ins")) is None
        wait_for(lambda: ins.run == 1, "the new run at the instructor's station")
        wait_for(lambda: ada.run == 1, "the new run at the trainee's station")
        assert len(ada.recorded_history(86400.0).t_s) == 0  # not the old run's
        wait_for(lambda: ada.events_since(0) == running.source.events_since(0),
                 "the new run's events, from its first, at the trainee's station")
        first = ada.events_since(0)[0]
        assert first.kind == "drill" and first.data["who"] == "ins"
        wait_for(lambda: BREACH not in {a.id for a in ada.alarms()},
                 "no alarm of the old run")
        assert ins.training() is None and ins.debrief() is None  # no training run
        assert ins.check(INJECT, Operator("ins")) is None  # the drill goes on
    finally:
        ins.close()
        ada.close()
        running.close()


PLANT_SOURCE = {*PlantSource.__annotations__, *(n for n in vars(PlantSource)
                                                if not n.startswith("_"))}


class Plain:
    """A simulated plant served as a PlantSource and nothing more."""

    def __init__(self, source: PlantSource) -> None:
        self.source = source

    def __getattr__(self, name: str):
        if name in PLANT_SOURCE:
            return getattr(self.source, name)
        raise AttributeError(name)


def test_a_server_without_a_drill_declares_none(tmp_path):
    running = Running(tmp_path, served=Plain)
    ins = station(running, tmp_path, "ins", "I")
    try:
        assert isinstance(ins, PlantSource)
        assert not isinstance(ins, (Drill, Training, ClockControl))
        assert ins.submit(INJECT, Operator("ins")).reason == \
            "the plant server offers no 'inject_fault' command"
    finally:
        ins.close()
        running.close()
