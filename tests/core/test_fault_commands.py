"""The instructor's inject_fault: its effect on the world, the supervisor role it needs,
and its refusals of parameters that do not fit."""

from __future__ import annotations

import pytest

from habitat_gui.contract.commands import parse as request
from habitat_gui.core.operations import command_bus as cmd

from test_commands import colony


def test_inject_fault_fails_the_generator_and_is_audited_with_the_person():
    sim = colony()
    record = sim.submit(cmd.parse("inject_fault fault=generator_failure target=b.oga-a"),
                        who="Irene", role="supervisor")
    assert record.outcome == "accepted", record.reason
    assert record.reason == "injected generator_failure on b.oga-a"
    assert sim.world.units["b.oga-a"].failed
    assert (record.who, record.role) == ("Irene", "supervisor")
    logged = [e for e in sim.events_since(0) if e.kind == "command"][-1]
    assert logged.data["who"] == "Irene" and logged.data["command"] == "inject_fault"


def test_inject_fault_with_parameters_opens_a_leak():
    sim = colony()
    record = sim.submit(cmd.parse("inject_fault fault=leak target=a "
                                  "parameters='hole_diameter_cm=2 growth_cm_per_h=0.5'"),
                        who="Irene", role="supervisor")
    assert record.outcome == "accepted", record.reason
    assert "hole_diameter_cm=2" in record.reason
    hole, = sim.world.holes
    assert hole.diameter_cm == 2.0 and hole.module == sim.world.index["a"]
    pressure = sim.snapshot().module("a").truth.pressure_kpa
    sim.advance(120)
    assert sim.snapshot().module("a").truth.pressure_kpa < pressure


def test_an_operator_may_not_inject_a_fault():
    sim = colony()
    text = "inject_fault fault=generator_failure target=b.oga-a"
    reason = "inject_fault needs the supervisor role; operator may not send it"
    assert sim.check(cmd.parse(text), "operator") == reason
    record = sim.submit(cmd.parse(text), who="Olga", role="operator")
    assert (record.outcome, record.reason) == ("rejected", reason)
    assert not sim.world.units["b.oga-a"].failed
    assert sim.check(cmd.parse(text), "supervisor") is None
    assert "read-only" in (sim.check(cmd.parse(text), "observer") or "")


@pytest.mark.parametrize("args, reason", [
    ("fault=meteor target=a", "unknown fault 'meteor'; expected one of generator_failure"),
    ("fault=leak target=b.oga-a", "fault leak needs a module target; 'b.oga-a' is not one"),
    ("fault=leak target=a", "fault leak needs 'hole_diameter_cm' (cm)"),
    ("fault=leak target=a parameters=hole_diameter_cm=nan",
     "'hole_diameter_cm' is nan; expected a finite number"),
    ("fault=leak target=a parameters=hole_diameter_cm=inf", "expected a finite number"),
    ("fault=leak target=a parameters=hole_diameter_cm=big", "is 'big'; expected a number"),
    ("fault=leak target=a parameters=hole_diameter_cm", "expected name=value"),
    ("fault=leak target=a parameters='hole_diameter_cm=1 hole_diameter_cm=2'", "given twice"),
    ("fault=leak target=a parameters=hole_diameter_cm=500", "expected 0.01 to 100 cm"),
    ("fault=leak target=a parameters=size=2", "unknown parameter 'size' for fault leak"),
    ("fault=leak", "missing target"),
])
def test_inject_fault_refuses_what_does_not_fit_and_changes_nothing(args, reason):
    sim = colony()
    record = sim.submit(request(f"inject_fault {args}"), who="Irene", role="supervisor")
    assert record.outcome == "rejected" and reason in record.reason, record.reason
    assert not sim.world.holes and not any(getattr(u, "failed", False)
                                           for u in sim.world.units.values())
