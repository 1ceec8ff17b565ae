"""Determinism, cloning, scenarios and the headless CLI."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import habitat_gui
from habitat_gui import cli
from habitat_gui.core import resources
from habitat_gui.core.operations.command_bus import parse
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.simulation import Simulation


def _report(tmp_path, name, *args):
    path = tmp_path / f"{name}-{len(args)}.json"
    assert cli.main(["run", name, "--json", str(path), *args]) == 0
    return json.loads(path.read_text())


def test_same_scenario_and_seed_give_identical_reports(tmp_path, capsys):
    args = ("--until", "3600", "--sample-every", "600")
    first = _report(tmp_path, "corroded-scrubber-wiring", *args)
    second = _report(tmp_path, "corroded-scrubber-wiring", *args)
    assert first == second
    other = _report(tmp_path, "corroded-scrubber-wiring", *args, "--seed", "99")
    assert other["events"] != first["events"]  # the corroded wiring drops out at other times


def test_report_has_the_documented_fields(tmp_path, capsys):
    report = _report(tmp_path, "crowded-hab2", "--until", "1200", "--sample-every", "300")
    assert {"habitat", "scenario", "seed", "duration_s", "samples", "events", "crew",
            "final"} <= set(report)
    assert [s["t_s"] for s in report["samples"]] == [0, 300, 600, 900, 1200]
    fields = {"pressure_kpa", "o2_pct", "ppo2_kpa", "co2_ppm", "temperature_c", "crew_count"}
    assert set(report["final"]["hab-2"]) == fields
    commands = [e for e in report["events"] if e["kind"] == "command"]
    assert [(e["command"], e["outcome"]) for e in commands] == [("evacuate", "accepted"),
                                                                ("seal", "accepted")]
    assert report["final"]["hab-2"]["crew_count"] == 20
    assert report["crew"]["Yuki"]["module"] == "hab-2"
    out = capsys.readouterr().out
    assert "min ppO2 kPa" in out and "evacuate module=hab-3 to=hab-2: accepted" in out


def test_clone_continues_exactly_like_the_original_and_is_independent():
    sim = Simulation.from_scenario(resolve("corroded-scrubber-wiring"))
    sim.advance(900)
    twin = sim.clone()
    twin.submit(parse("close interconnect=hab-2/hab-3"))
    assert sim.snapshot().interconnect("hab-2/hab-3").state == "open"
    again = sim.clone()
    sim.advance(3600)
    again.advance(3600)
    assert again.snapshot() == sim.snapshot()


@pytest.mark.parametrize("name", sorted(resources.builtin("scenarios")))
def test_every_built_in_scenario_runs_an_hour(name):
    scenario = resolve(name)
    sim = Simulation.from_scenario(scenario)
    assert sim.t_s == scenario.start_s  # handed over where the scenario starts
    sim.advance(3600)
    snap = sim.snapshot()
    assert snap.t_s == scenario.start_s + 3600
    assert all(m.truth.pressure_kpa > 0 for m in snap.modules)


def test_hab3_story_o2_falls_without_the_backup_and_recovers_when_switched():
    sim = Simulation.from_scenario(resolve("hab3-generator-failure"))
    assert sim.t_s == 38640  # D+0 10:44: the primary failed at 00:30, unnoticed
    sim.run_until(12 * 3600)  # 1 h 16 min into the drill
    snap = sim.snapshot()
    assert snap.unit("hab-3.oga-a").state == "FAILED"
    assert snap.unit("hab-3.oga-b").state == "OFF"
    assert snap.module("hab-3").truth.ppo2_kpa < 19.5
    assert any("fused" in e.message for e in sim.events_since(0))
    assert sim.submit(parse("switch_generator module=hab-3 to=backup")).outcome == "accepted"
    sim.advance(6 * 3600)
    assert sim.snapshot().module("hab-3").truth.ppo2_kpa > snap.module("hab-3").truth.ppo2_kpa


def test_seal_breach_reserve_is_about_twenty_minutes_for_the_module_alone():
    sim = Simulation.from_scenario(resolve("seal-breach"))
    sim.submit(parse("seal interconnect=hab-3/hab-4"))
    sim.advance(301)
    assert sim.snapshot().module("hab-4").breach_time_s / 60 == pytest.approx(18.5, rel=0.05)


def test_cli_list_and_errors(capsys):
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    assert "ares" in out and "hab3-generator-failure" in out
    assert cli.main(["run", "no-such-scenario"]) == 2
    assert "no such scenario" in capsys.readouterr().err


def test_core_never_imports_qt():
    code = ("import sys, habitat_gui.cli, habitat_gui.sources.simulated, "
            "habitat_gui.core.simulation, habitat_gui.core.operations.report; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', "
            "'pyqtgraph')]; print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _reachable(start: str) -> dict[str, set[str]]:
    """Our modules that ``start`` reaches by any import, also one inside a function (as a
    bundler sees them), each with the outside packages it imports."""
    root = Path(habitat_gui.__file__).parent.parent
    found: dict[str, set[str]] = {}
    todo = [start]
    while todo:
        name = todo.pop()
        base = root / name.replace(".", "/")
        path = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
        if name in found or not path.is_file():
            continue  # seen, or a name imported from a module rather than a module
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found[name] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                parent = package.rsplit(".", node.level - 1)[0] if node.level else ""
                module = ".".join(filter(None, (parent, node.module)))
                targets = [module, *(f"{module}.{alias.name}" for alias in node.names)]
            else:
                continue
            for target in targets:
                top = target.split(".")[0]
                (todo.append(target) if top == "habitat_gui" else found[name].add(top))
    return found


def test_habitat_sim_reaches_no_qt_even_inside_functions():
    """The bundle's habitat-sim is analysed statically: one lazy Qt import anywhere it reaches
    would pull Qt's libraries and plugins into it."""
    reached = _reachable("habitat_gui.cli")
    assert "habitat_gui.core.simulation" in reached and "habitat_gui.folders" in reached
    qt = {name: sorted(out & {"PySide6", "shiboken6", "pyqtgraph"})
          for name, out in reached.items()}
    assert {name: out for name, out in qt.items() if out} == {}


def test_a_run_sliced_any_way_gives_the_same_numbers():
    scenario = resolve("miscalibrated-pressure-sensor")
    whole = Simulation.from_scenario(scenario)
    whole.run_until(1800)
    whole.submit(parse("close interconnect=hab-1/command"))
    whole.run_until(7200)
    sliced = Simulation.from_scenario(scenario)
    for t in range(7, 1800, 37):
        sliced.run_until(t)
    sliced.run_until(1800)
    sliced.submit(parse("close interconnect=hab-1/command"))
    for t in range(1801, 7200, 113):
        sliced.run_until(t)
    sliced.run_until(7200)
    assert sliced.snapshot() == whole.snapshot()
    assert [e.message for e in sliced.events_since(0)] == [e.message for e in whole.events_since(0)]


def test_an_action_at_the_end_of_a_run_is_sent_and_one_outside_it_refused():
    from habitat_gui.core.operations import report
    sim = Simulation.from_scenario(resolve("seal-breach"))
    result = report.run(sim, 600.0, 300.0, [(600.0, parse("seal interconnect=hab-3/hab-4"))])
    assert [(r.t_s, r.command, r.outcome) for r in sim.history] == [(600.0, "seal", "accepted")]
    assert [s["t_s"] for s in result["samples"]] == [0, 300, 600]
    for at_s in (900.5, 599.0, float("nan")):  # after the end, before now, not a time
        with pytest.raises(ValueError, match="outside the run"):
            report.run(sim, 900.0, 300.0, [(at_s, parse("seal interconnect=x"))])
    assert sim.t_s == 600.0  # refused before running


@pytest.mark.parametrize("offset, error", [
    ("+601", "habitat-sim: --command '+601 seal interconnect=hab-3/hab-4': +601 s is after the "
             "end set by --until (600 s)"),
    ("+nan", "habitat-sim: --command: '+nan' must be +SECONDS, a number not negative"),
    ("+-5", "habitat-sim: --command: '+-5' must be +SECONDS, a number not negative"),
    ("+inf", "habitat-sim: --command: '+inf' must be +SECONDS, a number not negative")])
def test_cli_run_refuses_command_offsets_outside_the_run(offset, error, capsys):
    args = ["run", "seal-breach", "--until", "600", "--command",
            f"{offset} seal interconnect=hab-3/hab-4"]
    assert cli.main(args) == cli.EXIT_BAD_INPUT
    captured = capsys.readouterr()
    assert captured.err.strip() == error and captured.out == ""


def test_cli_run_sends_a_command_exactly_at_until(tmp_path):
    report = _report(tmp_path, "seal-breach", "--until", "600", "--command",
                     "+600 seal interconnect=hab-3/hab-4")
    assert [(e["t_s"], e["kind"]) for e in report["events"] if e["kind"] == "command"] == [
        (600.0, "command")]
