"""The instructor's drill over the link, against a real server and plain asyncua clients:
the drill's variables, a fault injected while a trainee holds control, the instructor's
methods refused to an operator, a scenario started (a new run published at once) and the
debrief naming the users who sent commands from their sessions."""

from __future__ import annotations

import asyncio
import json

from asyncua import Server

from habitat_gui.contract.alarms import NORMAL, STATES
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.simulation import Simulation
from habitat_gui.core.training.results import debrief_from_dict, progress_from_dict
from habitat_gui.link.model import build_model
from plantlink import Running, connect, node, take_control

GENERATOR = "hab-3.oga-a"
INJECT = ("generator_failure", GENERATOR, "")


async def _read(client, idx, *names):
    return [await node(client, idx, f"Plant.{name}").read_value() for name in names]


def _plant(running, folder, user, method, *args):
    async def call():
        async with connect(running.url, folder, user) as (client, idx):
            return await node(client, idx, "Plant").call_method(f"{idx}:{method}", *args)
    return asyncio.run(call())


def test_the_drill_and_the_training_run_are_published(running, folder):
    async def read():
        async with connect(running.url, folder, "obs") as (client, idx):
            return await _read(client, idx, "FaultChoices", "ScenarioChoices", "Run",
                               "Scenario", "Training")

    faults, scenarios, run, scenario, training = asyncio.run(read())
    faults = {f["name"]: f for f in json.loads(faults)}
    assert GENERATOR in faults["generator_failure"]["targets"]
    assert faults["leak"]["parameters"][0]["name"] == "hole_diameter_cm"
    assert "nominal-day" in {s["name"] for s in json.loads(scenarios)}
    assert (run, scenario) == (0, "Seal breach in Hab-4")
    progress = progress_from_dict(json.loads(training))
    assert progress == running.source.training()


def test_the_drill_is_the_instructors(running, folder):
    before = len(running.source.simulation.history)
    accepted, reason = _plant(running, folder, "ada", "InjectFault", *INJECT)
    assert (accepted, reason) == (False, "InjectFault needs the instructor role; ada is operator")
    accepted, reason = _plant(running, folder, "ada", "StartScenario", "nominal-day")
    assert (accepted, reason) == (False,
                                  "StartScenario needs the instructor role; ada is operator")
    accepted, reason = _plant(running, folder, "obs", "InjectFault", *INJECT)
    assert (accepted, reason) == (False, "the observer role is read-only (obs)")
    assert len(running.source.simulation.history) == before and running.source.run == 0
    text = f"inject_fault fault=generator_failure target={GENERATOR}"
    assert _plant(running, folder, "ada", "Check", text) == [
        False, "inject_fault needs the supervisor role; operator may not send it"]


def test_an_instructor_injects_a_fault_while_a_trainee_holds_control(running, folder):
    async def drill():
        async with connect(running.url, folder, "ada") as (trainee, idx):
            await take_control(trainee, idx, "console-1")
            async with connect(running.url, folder, "ins") as (instructor, _):
                plant = node(instructor, idx, "Plant")
                check = await plant.call_method(
                    f"{idx}:Check", f"inject_fault fault=generator_failure target={GENERATOR}")
                bad = await plant.call_method(f"{idx}:InjectFault", "leak", "hab-4",
                                              "hole_diameter_cm=nan")
                done = await plant.call_method(f"{idx}:InjectFault", *INJECT, "id-1")
            state = await node(trainee, idx, f"Equipment.{GENERATOR}.State").read_value()
            return check, bad, done, state

    check, bad, done, state = asyncio.run(drill())
    assert check == [True, ""]  # not gated by the token ada holds
    assert bad == [False, "inject_fault parameter 'hole_diameter_cm' is nan; expected a "
                          "finite number"]
    assert done == [True, f"injected generator_failure on {GENERATOR}"]
    assert state == "FAILED"  # published before the call returned
    record = running.source.simulation.history[-1]
    assert (record.who, record.role, record.command) == ("ins", "supervisor", "inject_fault")


def test_the_debrief_names_the_users_who_sent_commands(running, folder):
    alarm = next(a.id for a in running.source.alarms() if a.state == "UNACKNOWLEDGED")

    async def send(user, method, *args, on="Plant"):
        async with connect(running.url, folder, user) as (client, idx):
            await take_control(client, idx, f"console-{user}")
            return await node(client, idx, on).call_method(f"{idx}:{method}", *args)

    assert asyncio.run(send("ada", "Acknowledge", on=f"Alarms.{alarm}"))[0]
    assert not asyncio.run(send("bob", "Evacuate", "hab-9", on="Modules.hab-4"))[0]
    accepted, text = _plant(running, folder, "obs", "Debrief")
    assert accepted
    debrief = debrief_from_dict(json.loads(text))
    ada, bob = debrief.trainees
    assert (ada.who, ada.acknowledged, ada.rejected) == ("ada", 1, 0)
    assert (bob.who, bob.commands, bob.rejected) == ("bob", 1, 1)
    assert "  ada: " in debrief.text() and "  bob: " in debrief.text()
    assert "ins" not in {t.who for t in debrief.trainees}  # the instructor set the drill


def test_a_scenario_started_is_a_new_run_published_at_once(tmp_path, folder):
    running = Running(tmp_path)  # a server of its own: the others test the first run
    try:
        _start_a_new_run(running, folder)
    finally:
        running.close()


def _start_a_new_run(running, folder):
    breach = next(a.id for a in running.source.alarms() if a.id == "hab-4.breach")

    async def start():
        async with connect(running.url, folder, "ada") as (trainee, idx):
            await take_control(trainee, idx, "console-1")
            async with connect(running.url, folder, "ins") as (instructor, _):
                bad = await node(instructor, idx, "Plant").call_method(
                    f"{idx}:StartScenario", "no-such")
                done = await node(instructor, idx, "Plant").call_method(
                    f"{idx}:StartScenario", "nominal-day")
            values = await _read(trainee, idx, "Run", "Scenario", "Training", "EventCount")
            alarm = await node(trainee, idx, f"Alarms.{breach}.State").read_value()
            events = await node(trainee, idx, "Plant").call_method(f"{idx}:EventsSince", "0")
            return bad, done, values, alarm, events

    bad, done, (run, scenario, training, count), alarm, (_, events) = asyncio.run(start())
    assert not bad[0] and bad[1].startswith("unknown scenario 'no-such'; expected one of")
    assert done == [True, "started nominal-day (run 1)"]
    assert (run, scenario, training) == (1, "Nominal day", "")
    assert STATES[alarm] == NORMAL  # the new run's alarm board has it not
    assert count == len(running.source.events_since(0)) < 10
    first = json.loads(events)[0]
    assert first["kind"] == "drill" and first["data"]["who"] == "ins"
    assert _plant(running, folder, "obs", "Debrief") == [False, "this run is no training run"]
    assert running.source.paused is False and running.source.speed == 1.0


def test_a_plant_without_a_drill_offers_none_of_it():
    async def build(drill):
        server = Server()
        await server.init()
        sim = Simulation.from_scenario(resolve("nominal-day"))
        model = await build_model(server, sim.world.habitat, sim.snapshot(), clock=True,
                                  drill=drill, training=drill)
        names = {(await c.read_browse_name()).Name
                 for c in await model.node("Plant").get_children()}
        await server.stop()
        return names

    offered = {"InjectFault", "StartScenario", "FaultChoices", "ScenarioChoices", "Run",
               "Training", "Debrief"}
    assert offered <= asyncio.run(build(True))
    assert not offered & asyncio.run(build(False))
