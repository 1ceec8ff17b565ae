"""Forecast speed and accuracy.

Targets on a 2-core machine: a 6 h forecast of the built-in colony in <= 40 ms, a 30-day
forecast in <= 1.5 s (nominal and during the seal breach), and agreement with the same future
run at 1 s steps within 1 %. Preparing a forecast (cloning the simulation, on the UI thread)
within one 60 Hz frame (16.7 ms), also for a generated 50-module colony.
The CPU time is also given in units of a fixed NumPy workload timed in the same run
(``reference.py``), a figure that holds on a busy machine.
Run: python benchmarks/bench_forecast.py
"""

from __future__ import annotations

import os
import statistics
import time

import numpy as np

from habitat_gui.core import resources
from habitat_gui.core.operations.forecast import forecast
from habitat_gui.core.operations.forecast_results import QUANTITIES
from habitat_gui.core.plant.generated import grid_colony
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.simulation import Simulation
from reference import reference_cpu_s, timed


def forecast_s(simulation: Simulation, horizon_s: float, rounds: int) -> tuple[float, float]:
    """Median CPU and wall seconds of a forecast ``horizon_s`` ahead."""
    runs = [timed(lambda: forecast(simulation, horizon_s)) for _ in range(rounds)]
    return statistics.median(c for c, _ in runs), statistics.median(w for _, w in runs)


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
    reference = reference_cpu_s()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; reference "
          f"workload {reference:.3f} s CPU")
    for label, name in (("built-in colony, nominal day", "nominal-day"),
                        ("built-in colony during the seal breach", "seal-breach")):
        sim = Simulation.from_scenario(resolve(name))
        sim.run_until(600)
        (six_h, six_h_wall), (month, month_wall) = (forecast_s(sim, 6 * 3600, 7),
                                                    forecast_s(sim, 30 * 86400, 3))
        start = time.perf_counter()
        forecast(sim, 6 * 3600, step_s=1.0)
        one_s = time.perf_counter() - start
        print(f"{label}:\n  6 h forecast (60 s steps): {six_h * 1000:.0f} ms CPU "
              f"({six_h / reference:.2f} x reference), {six_h_wall * 1000:.0f} ms wall (median "
              f"of 7; target <= 40 ms)\n  30-day forecast: {month:.2f} s CPU "
              f"({month / reference:.1f} x reference), {month_wall:.2f} s wall (median of 3; "
              "target <= 1.5 s)"
              f"\n  the same 6 h at 1 s steps: {one_s * 1000:.0f} ms (x{one_s / six_h_wall:.1f})")
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
