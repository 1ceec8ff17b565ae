"""What-if forecasts: run a copy of the simulation ahead, with or without proposed commands.

A forecast clones the present state, applies the proposed commands through the same command
path as the operator's, drops scripted faults and failures by wear still to come and the
sensors' random noise (their gain, bias and drift stay), and runs ahead with long exact steps
(60 s by default). It reports per module the true trajectories, the readings the instruments
will show on the way (what the trends continue: a drifting sensor's forecast goes on from its
reading, not from the truth), and the time until each danger threshold is crossed by the
true air; and per person the lowest SpO2.
"""

from __future__ import annotations

from dataclasses import replace
from collections.abc import Iterable

import numpy as np

from ...contract.commands import Command as Request
from ..plant import crew
from ..plant.snapshot import as_read
from ..plant.stepping import Recent
from ..simulation import Simulation
from .command_base import Command
from .forecast_results import DANGERS, QUANTITIES, Forecast, ModuleForecast

FORECAST_STEP_S = 60.0
MAX_SAMPLES = 720
BAND_ACTIVITIES = ("sleep", "working")
def forecast(simulation: Simulation, horizon_s: float,
             commands: Iterable[Command | Request | tuple[float, Command | Request]] = (),
             step_s: float = FORECAST_STEP_S, sample_s: float | None = None,
             who: str = "forecast", crew_activity: str | None = None) -> Forecast:
    """Run a copy of ``simulation`` ``horizon_s`` ahead, stepping ``step_s`` and sampling every
    ``sample_s`` (a multiple of the step; by default a minute, or the horizon over
    ``MAX_SAMPLES`` if longer). ``commands`` are submitted at once, or as
    ``(seconds from now, command)`` at that time. ``crew_activity`` puts every person at
    that activity for the whole run (for bands)."""
    if sample_s is None:
        sample_s = max(FORECAST_STEP_S, horizon_s / MAX_SAMPLES)
    sample_s = max(round(sample_s / step_s), 1) * step_s
    twin = simulation.clone(step_s=step_s, scripted=False, alarms=False)
    twin.world.expect_sensors()  # the expected future: sensor errors stay, noise does not
    if crew_activity is not None:
        crew.set_all_activities(twin.world, crew_activity)
    start = twin.t_s
    plan = sorted(((0.0, c) if isinstance(c, (Command, Request)) else c for c in commands),
                  key=lambda item: item[0])
    world = twin.world
    world.crew_min_spo2 = world.crew_spo2.copy()
    ids = world.module_ids
    steps: list[Recent] = []
    twin.watchers.append(steps.append)
    rejected = []
    while True:
        while plan and plan[0][0] <= twin.t_s - start + 1e-9:
            record = twin.submit(plan.pop(0)[1], who=who, role="supervisor")
            if record.outcome == "rejected":
                rejected.append(record.reason)
        if twin.t_s >= start + horizon_s - 1e-9:
            break
        until = start + horizon_s
        if plan:
            until = min(until, start + max(plan[0][0], twin.t_s - start + step_s))
        twin.run_until(until)
    now = _present(simulation)
    t = np.concatenate([[start], *(r.t_s for r in steps)])
    series = {q: np.concatenate([now[q][None], *(_quantity(r, q) for r in steps)])
              for q in (*QUANTITIES, "reserve")}
    read = as_read(np.concatenate([simulation.world.measured[None],
                                   *(r.readings for r in steps)]))
    elapsed = t - start
    kept = np.abs(elapsed / sample_s - np.round(elapsed / sample_s)) < 1e-9
    kept[-1] = True
    modules = {}
    crew_counts = [m.crew_count for m in simulation.snapshot().modules]
    for i, mid in enumerate(ids):
        times = {name: _first_crossing(elapsed, series[q][:, i], limit, below)
                 for name, q, limit, below in DANGERS}
        reserve = series["reserve"][:, i]
        times["time_to_reserve_exhausted_s"] = (
            _first_crossing(elapsed, reserve, 1e-9, True) if reserve[0] > 0 else None)
        modules[mid] = ModuleForecast({q: series[q][kept, i] for q in QUANTITIES},
                                      {q: read[q][kept, i] for q in QUANTITIES}, times,
                                      crew_counts[i])
    return Forecast(start, horizon_s, t[kept], modules,
                    {c.name: c.min_spo2_pct for c in twin.snapshot().crew}, tuple(rejected))


def forecast_with_band(simulation: Simulation, horizon_s: float,
                       commands: Iterable[Command | Request
                                          | tuple[float, Command | Request]] = ()) -> Forecast:
    """The forecast, with the band between the crew asleep and the crew working throughout."""
    commands = tuple(commands)
    central = forecast(simulation, horizon_s, commands)
    edges = [forecast(simulation, horizon_s, commands, crew_activity=activity)
             for activity in BAND_ACTIVITIES]
    band: dict[str, dict[str, tuple[np.ndarray, np.ndarray]]] = {}
    for mid, module in central.modules.items():
        band[mid] = {}
        for q in QUANTITIES:
            stacked = np.stack([module.readings[q],
                                *(e.modules[mid].readings[q] for e in edges)])
            band[mid][q] = (stacked.min(axis=0), stacked.max(axis=0))
    return replace(central, band=band)


def _present(sim: Simulation) -> dict[str, np.ndarray]:
    w = sim.world
    reserve = np.array([w.o2_reserve_kg(i) for i in range(len(w.module_ids))])
    return {"ppo2_kpa": w.ppo2_kpa, "o2_pct": 100.0 * w.o2_fraction, "co2_ppm": w.co2_ppm,
            "pressure_kpa": w.pressure_kpa, "reserve": reserve}


def _quantity(recent: Recent, name: str) -> np.ndarray:
    if name == "reserve":
        return recent.o2_reserve_kg
    if name == "o2_pct":
        return 100.0 * recent.air.o2_fraction
    return getattr(recent.air, name)


def _first_crossing(t: np.ndarray, values: np.ndarray, limit: float,
                    below: bool) -> float | None:
    """When ``values`` first pass ``limit`` (linear between samples), or None."""
    past = values < limit if below else values > limit
    if not past.any():
        return None
    k = int(np.argmax(past))
    if k == 0:
        return 0.0
    v0, v1 = values[k - 1], values[k]
    return float(t[k - 1] + (t[k] - t[k - 1]) * (limit - v0) / (v1 - v0))
