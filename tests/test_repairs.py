"""Maintenance in the live simulation: inspections, repairs as commands, wear faults."""

from __future__ import annotations

from dataclasses import replace

import pytest

from habitat_gui.core import maintenance as M
from habitat_gui.core import resources, scenario
from habitat_gui.core.commands import parse
from habitat_gui.core.constants import Gas
from habitat_gui.core.habitat import load_habitat
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


def test_repairing_the_fused_relay_lets_the_changeover_work(generator_failure):
    sim = Simulation.from_scenario(generator_failure)
    sim.run_until(2000)
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
    hours = M.KINDS["relay"].person_hours * M.LEVEL_TIME_FACTOR[level]
    assert job.done_t_s == pytest.approx(2000 + hours * 3600)
    sim.run_until(job.done_t_s - 60)
    assert sim.world.relays["hab-3.relay"].fused
    sim.run_until(job.done_t_s + 1)
    assert not sim.world.relays["hab-3.relay"].fused
    assert sim.world.relays["hab-3.relay"].position == "backup"
    assert sim.world.units["hab-3.oga-b"].state == "WARMUP"
    report = sim.maintenance()
    assert report.repairs[0].state == "done"
    assert report.inventory["relay"] == M.DEFAULT_SPARES["relay"] - 1
    assert {c.id: c for c in report.components}["hab-3.relay"].condition == pytest.approx(1.0)


def test_repair_rejections_name_the_reason(generator_failure):
    sim = Simulation.from_scenario(generator_failure)
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
    sim.world.upkeep.inventory["relay"] = 0
    electrician = person_with(sim, "electrical")
    record = submit(sim, f"repair component=hab-3.relay person={electrician}")
    assert record.outcome == "rejected" and "no spare relay" in record.reason
    assert sim.maintenance().repairs == ()


def test_inspection_puts_findings_on_record(generator_failure):
    sim = Simulation.from_scenario(generator_failure)
    sim.run_until(1900)
    assert "hab-3" not in sim.maintenance().inspected_t_s
    record = submit(sim, "inspect module=hab-3")
    assert record.outcome == "accepted", record.reason
    report = sim.maintenance()
    assert report.inspected_t_s == {"hab-3": 1900.0}
    found = {f.id: f for f in report.audit.findings}
    assert found["hab-3.relay"].cls == "replace_now" and "fused" in found["hab-3.relay"].note
    assert found["hab-3.oga-a.stack-1"].note == "unit failed"
    assert submit(sim, "inspect module=hab-9").outcome == "rejected"
