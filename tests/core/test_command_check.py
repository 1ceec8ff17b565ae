"""``check`` is the dry run of ``submit``: for every command the panel can offer, in every
built-in scenario at moments of its story, the plant accepts exactly what ``check`` let
through and refuses the rest with the reason ``check`` gave; and a hazardous command whose
confirmation offers Execute is accepted."""

from __future__ import annotations

import pytest

from habitat_gui.contract.commands import Command
from habitat_gui.core import resources
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.simulation import Simulation

MOMENTS_S = (0.0, 35.0, 330.0, 1900.0, 4000.0)  # starts, walks, breach, failure, later


def offered_commands(sim: Simulation) -> list[Command]:
    """Every command the panel's choices, menus and alarm views can build now."""
    snap = sim.snapshot()
    out: list[Command] = []
    for link in snap.interconnects:
        out += [Command.of(verb, interconnect=link.id)
                for verb in ("open", "close", "seal", "unseal")]
    for m in snap.modules:
        out += [Command.of("evacuate", module=m.id, to=other.id)
                for other in snap.modules if other.id != m.id]
        out += [Command.of("switch_generator", module=m.id, to=role)
                for role in ("primary", "backup")]
    for unit in (*snap.units, *snap.relays):
        states = ("primary", "backup") if unit in snap.relays else ("on", "off")
        out += [Command.of("override", unit=unit.id, state=s) for s in states]
        out.append(Command.of("release_override", unit=unit.id))
    for a in sim.alarms():
        out += [Command.of("acknowledge", alarm=a.id), Command.of("unshelve", alarm=a.id),
                Command.of("shelve", alarm=a.id, minutes="30", reason="test"),
                Command.of("out_of_service", alarm=a.id, reason="test"),
                Command.of("return_to_service", alarm=a.id)]
    return out


@pytest.mark.parametrize("scenario", sorted(resources.builtin("scenarios")))
def test_check_says_exactly_what_submit_will_do(scenario):
    sim = Simulation.from_scenario(resolve(scenario))
    walked = 0
    for at_s in MOMENTS_S:
        sim.run_until(at_s)
        for command in offered_commands(sim):
            reason = sim.check(command)
            hazard = sim.hazard(command)
            twin = sim.clone()
            record = twin.submit(command)
            assert (record.outcome == "accepted") == (reason is None), (command, reason, record)
            if reason is not None:
                assert record.reason == reason
            elif hazard:  # a confirmation offering Execute: what it confirms is done
                assert record.outcome == "accepted"
            walked += 1
    assert walked > 300


def test_sealing_a_hatch_the_crew_are_walking_through_is_refused_before_asking():
    sim = Simulation.from_scenario(resolve("hab3-generator-failure"))
    assert sim.submit(Command.of("open", interconnect="hab-2/hab-3")).outcome == "accepted"
    assert sim.submit(Command.of("evacuate", module="hab-3", to="hab-2")).outcome == "accepted"
    sim.run_until(sim.t_s + 20)
    seal = Command.of("seal", interconnect="hab-2/hab-3")
    reason = sim.check(seal)
    assert reason is not None and "passing through hab-2/hab-3" in reason
    assert sim.snapshot().interconnect("hab-2/hab-3").state == "open"  # check changed nothing


def test_check_refuses_what_is_not_a_command_and_an_observer():
    sim = Simulation.from_scenario(resolve("seal-breach"))
    assert "unknown command" in sim.check(Command.of("launch", rocket="now"))
    assert "takes interconnect=..." in sim.check(Command.of("seal", door="x"))
    assert sim.check(Command.of("close", interconnect="hab-2/hab-3"), "observer") == \
        "the observer role is read-only"
    assert sim.check(Command.of("close", interconnect="hab-2/hab-3")) is None
