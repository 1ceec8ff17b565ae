"""Real-time factors of the simulation: 24 h at 1 s steps, with simpy and as a bare loop, and
how the cost grows with the colony's size.

Targets on a 2-core machine (wall time, machine quiet): the built-in colony in <= 1 s, a
generated 50-module colony in <= 1.5 s, a 200-module one in <= 6 s, the cost near linear in
modules. Baselines in the same run: a fixed NumPy workload (``reference.py``), the batches
propagated by doubling alone (the method before large colonies stepped, dense
(modules + 1)^3 matrix squarings), and BLAS left at its default threads.
Run: python benchmarks/bench_sim.py [--hours H]
"""

from __future__ import annotations

import argparse
import math
import os
from unittest import mock

from threadpoolctl import threadpool_limits

from habitat_gui.core import resources
from habitat_gui.core.plant import atmosphere
from habitat_gui.core.plant.generated import grid_colony
from habitat_gui.core.plant.habitat import Habitat, load_habitat
from habitat_gui.core.plant.world import World
from habitat_gui.core.simulation import Simulation
from reference import line, reference_cpu_s, timed


def with_simpy(habitat: Habitat, seconds: float) -> tuple[float, float]:
    sim = Simulation(habitat, seed=1)
    return timed(lambda: sim.run_until(seconds))


def bare_loop(habitat: Habitat, seconds: float) -> tuple[float, float]:
    world = World(habitat, seed=1)

    def run() -> None:
        while world.t_s < seconds:
            world.advance(int(seconds - world.t_s))
    return timed(run)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hours", type=float, default=24.0)
    hours = parser.parse_args().hours
    seconds = hours * 3600
    reference = reference_cpu_s()
    print(f"simulating {hours:g} h at 1 s steps; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores; reference workload {reference:.3f} s CPU")
    cases = [("built-in colony (ares, 6 modules)",
              load_habitat(resources.builtin("habitats")["ares"]), 1.0),
             ("generated 50-module colony", grid_colony(50), 1.5),
             ("generated 200-module colony", grid_colony(200), 6.0)]
    for label, habitat, target_per_day in cases:
        cpu, wall = with_simpy(habitat, seconds)
        target = target_per_day * hours / 24
        print(line(f"{label}, with simpy", cpu, wall, reference)
              + f"; {seconds / wall:,.0f}x real time; target <= {target:.2f} s: "
              + ("met" if wall <= target else "NOT met"))
        if len(habitat.modules) <= 50:
            print(line("  the world alone (bare loop)", *bare_loop(habitat, seconds), reference))
    print("cost against size, 6 h:")
    cpu = {m: with_simpy(grid_colony(m), 6 * 3600)[0] for m in (50, 100, 200)}
    print("  " + ", ".join(f"{m} modules {s:.2f} s CPU" for m, s in cpu.items())
          + f"; exponent 50->100 {math.log2(cpu[100] / cpu[50]):.2f}, "
          f"100->200 {math.log2(cpu[200] / cpu[100]):.2f} (1 = linear)")
    with mock.patch.object(atmosphere, "propagate", atmosphere.by_doubling):
        dense = with_simpy(grid_colony(200), 6 * 3600)[0]
    print(f"  baseline: 200 modules propagated by doubling alone {dense:.2f} s CPU "
          f"(x{dense / cpu[200]:.1f} the time)")
    with mock.patch.object(atmosphere, "propagate", atmosphere.by_doubling):
        pinned = with_simpy(grid_colony(100), 3600)
        with threadpool_limits(os.cpu_count(), user_api="blas"):
            threads = with_simpy(grid_colony(100), 3600)
    print(f"BLAS threads, 100 modules, 1 h by doubling alone: {os.cpu_count()} threads "
          f"{threads[0]:.2f} s CPU, {threads[1]:.2f} s wall; one thread (as pinned) "
          f"{pinned[0]:.2f} s CPU, {pinned[1]:.2f} s wall (x{threads[0] / pinned[0]:.1f} "
          "the CPU time with threads)")

if __name__ == "__main__":
    main()
