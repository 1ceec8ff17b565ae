"""Forecast speed and accuracy.

Targets on a 2-core machine: a 6 h forecast of the built-in colony in <= 50 ms, a 30-day
forecast in <= 2 s, and agreement with the same future run at 1 s steps within 1 %. Preparing
a forecast (cloning the simulation, on the UI thread) within one 60 Hz frame (16.7 ms), also
for a generated 50-module colony.
Run: python benchmarks/bench_forecast.py
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from habitat_gui.core import resources
from habitat_gui.core.operations.forecast import forecast
from habitat_gui.core.operations.forecast_results import QUANTITIES
from habitat_gui.core.plant.generated import grid_colony
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.simulation import Simulation


def timed(simulation: Simulation, horizon_s: float, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        forecast(simulation, horizon_s)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def clone_ms(simulation: Simulation, rounds: int = 15) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        simulation.clone()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def worst_disagreement(name: str) -> float:
    sim = Simulation.from_scenario(resolve(name))
    sim.run_until(3600)
    fast, exact = forecast(sim, 6 * 3600), forecast(sim, 6 * 3600, step_s=1.0)
    return max(float(np.max(np.abs(fast.modules[m].trajectories[q] - exact.modules[m]
                                   .trajectories[q]) / np.abs(exact.modules[m].trajectories[q])))
               for m in exact.modules for q in QUANTITIES)


def main() -> None:
    for label, name in (("built-in colony, nominal day", "nominal-day"),
                        ("built-in colony during the seal breach", "seal-breach")):
        sim = Simulation.from_scenario(resolve(name))
        sim.run_until(600)
        six_h = timed(sim, 6 * 3600, 7)
        month = timed(sim, 30 * 86400, 3)
        start = time.perf_counter()
        forecast(sim, 6 * 3600, step_s=1.0)
        one_s = time.perf_counter() - start
        print(f"{label}:\n  6 h forecast (60 s steps): {six_h * 1000:.0f} ms (median of 7; "
              f"target <= 50 ms)\n  30-day forecast: {month:.2f} s (median of 3; target <= 2 s)"
              f"\n  the same 6 h at 1 s steps: {one_s * 1000:.0f} ms (x{one_s / six_h:.1f})")
    for label, sim in (("built-in colony", Simulation.from_scenario(resolve("seal-breach"))),
                       ("generated 50-module colony", Simulation(grid_colony(50), seed=1))):
        sim.run_until(600)
        ms = clone_ms(sim)
        print(f"  preparing a forecast (clone) of the {label}: {ms:.1f} ms (median of 15; "
              f"target <= 16.7 ms: {'met' if ms <= 16.7 else 'NOT met'})")
    for name in resources.builtin("scenarios"):
        print(f"  agreement with 1 s steps over 6 h, {name}: worst "
              f"{100 * worst_disagreement(name):.3f} % (target <= 1 %)")


if __name__ == "__main__":
    main()
