"""Run a scenario headless and report what happened (summary text and JSON)."""

from __future__ import annotations

import math
from typing import Any, Protocol
from collections.abc import Sequence

from ...contract.events import Event
from ...contract.state import ModuleState, Snapshot
from ...contract.timefmt import mission_time
from ..simulation import Simulation
from .command_base import Command

SAME_TIME_S = 1e-6  # times closer than this are one (decimal offsets added in binary)


def event_record(event: Event) -> dict[str, Any]:
    return {"t_s": event.t_s, "kind": event.kind, "source": event.source,
            "message": event.message, **event.data}


def module_sample(m: ModuleState) -> dict[str, float | int]:
    """A module's true air in a report sample (a simulated source's snapshot)."""
    truth = m.truth
    assert truth is not None, "a report samples a simulation"
    return {"pressure_kpa": round(truth.pressure_kpa, 4), "o2_pct": round(truth.o2_pct, 4),
            "ppo2_kpa": round(truth.ppo2_kpa, 4), "co2_ppm": round(truth.co2_ppm, 2),
            "temperature_c": round(m.reading.temperature_c, 3), "crew_count": m.crew_count}


def _extremes(m: ModuleState) -> dict[str, float]:
    truth = m.truth
    assert truth is not None, "a report samples a simulation"
    return {"min_ppo2_kpa": round(truth.min_ppo2_kpa, 4),
            "max_co2_ppm": round(truth.max_co2_ppm, 2),
            "min_pressure_kpa": round(truth.min_pressure_kpa, 4)}


def _sample(snap: Snapshot) -> dict[str, Any]:
    return {"t_s": snap.t_s, "modules": {m.id: module_sample(m) for m in snap.modules}}


class Samples(Protocol):
    """Where a report's samples go as they are taken: a list, or a file
    (:mod:`.report_file`) that keeps none in memory."""

    def append(self, sample: dict[str, Any], /) -> None: ...


def run(simulation: Simulation, until_s: float, sample_every_s: float = 60.0,
        actions: Sequence[tuple[float, Command]] = (), who: str = "trainee",
        samples: Samples | None = None) -> dict[str, Any]:
    """Run to ``until_s`` and return the report (see README for its fields); each of
    ``actions`` is submitted by ``who`` as an operator at its simulated time, which must lie
    from now to ``until_s`` (one exactly at ``until_s`` is submitted at the end; else
    ValueError). The samples go to ``samples`` (default: a new list), the report's
    ``"samples"``."""
    start_s = simulation.t_s
    outside = next((at_s for at_s, _ in actions
                    if not start_s - SAME_TIME_S <= at_s <= until_s + SAME_TIME_S), None)
    if outside is not None:
        raise ValueError(f"an action at {outside:g} s is outside the run "
                         f"({start_s:g} to {until_s:g} s)")
    queue = sorted(((min(max(at_s, start_s), until_s), command) for at_s, command in actions),
                   key=lambda a: a[0])
    taken: Samples = [] if samples is None else samples
    taken.append(_sample(simulation.snapshot()))
    t = start_s
    while queue or t < until_s:
        t = min(t + sample_every_s, until_s)
        due_s = t if t < until_s else math.inf  # at the end, what is left (at until_s) is due
        while queue and queue[0][0] < due_s:
            at_s, command = queue.pop(0)
            simulation.run_until(at_s)
            simulation.submit(command, who, "operator")
        simulation.run_until(t)
        taken.append(_sample(simulation.snapshot()))
    final = simulation.snapshot()
    scenario = simulation.scenario
    return {
        "habitat": final.habitat,
        "scenario": scenario.name if scenario else None,
        "seed": simulation.world.seed,
        "duration_s": final.t_s,
        "samples": taken,
        "events": [event_record(e) for e in simulation.events_since(0)],
        "alarms": simulation.alarm_board.report(),
        "crew": {c.name: {"module": c.module, "min_spo2_pct": round(c.min_spo2_pct, 3),
                          "hypoxia_s": c.hypoxia_s} for c in final.crew},
        "final": {m.id: module_sample(m) for m in final.modules},
        "extremes": {m.id: _extremes(m) for m in final.modules},
        "gas_books": _books(final),
    }


def _books(snap: Snapshot) -> dict[str, Any]:
    books = snap.gas_books
    assert books is not None, "a report samples a simulation"
    return {"initial_kg": books.initial_kg, "flows_kg": books.flows_kg, "now_kg": books.now_kg}


def summary(report: dict[str, Any]) -> str:
    """The readable summary ``habitat-sim run`` prints."""
    lines = [f"{report['scenario'] or 'free run'} on {report['habitat']}, seed {report['seed']}, "
             f"{mission_time(report['duration_s'])} simulated", "",
             f"{'module':<12}{'min ppO2 kPa':>14}{'max CO2 ppm':>13}{'min P kPa':>11}"
             f"{'final O2 %':>12}{'crew':>6}"]
    for mid, x in report["extremes"].items():
        final = report["final"][mid]
        lines.append(f"{mid:<12}{x['min_ppo2_kpa']:>14.2f}{x['max_co2_ppm']:>13.0f}"
                     f"{x['min_pressure_kpa']:>11.1f}{final['o2_pct']:>12.2f}"
                     f"{final['crew_count']:>6}")
    lines += ["", f"{'crew':<12}{'module':<12}{'min SpO2 %':>11}"]
    for name, c in report["crew"].items():
        lines.append(f"{name:<12}{c['module']:<12}{c['min_spo2_pct']:>11.1f}")
    lines += ["", "gas books, kg:"]
    books = report["gas_books"]
    for gas, initial in books["initial_kg"].items():
        flows = [f"{term} {kg[gas]:+.3f}" for term, kg in books["flows_kg"].items()
                 if abs(kg[gas]) >= 0.0005]
        lines.append(f"  {gas:<4} {initial:.3f} {', '.join(flows) or 'no flows'} "
                     f"= {books['now_kg'][gas]:.3f}")
    lines += ["", "alarms:"]
    for a in report.get("alarms", []):
        times = [f"raised {mission_time(a['raised_s'])}"]
        times += [f"{word} {mission_time(a[key])}" for word, key in (
            ("acknowledged", "acknowledged_s"), ("returned", "returned_s"),
            ("cleared", "cleared_s")) if a[key] is not None]
        if a.get("ended"):
            times.append(a["ended"])
        lines.append(f"  {a['priority'].upper():<7}{a['id']:<22}{a['message']:<38}"
                     f"{', '.join(times)}")
    lines += ["", "events:"]
    lines += [f"  {mission_time(e['t_s'])}  {e['kind']:<10} {e['message']}"
              for e in report["events"]]
    return "\n".join(lines)
