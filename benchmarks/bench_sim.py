"""Real-time factors of the simulation: 24 h at 1 s steps, with simpy and as a bare loop.

Targets on a 2-core machine: the built-in colony in <= 1 s of wall time, a generated
50-module colony in <= 2 s. Run: python benchmarks/bench_sim.py [--hours H]
"""

from __future__ import annotations

import argparse
import time

from habitat_gui.core import resources
from habitat_gui.core.plant.generated import grid_colony
from habitat_gui.core.plant.habitat import Habitat, load_habitat
from habitat_gui.core.simulation import Simulation
from habitat_gui.core.plant.world import World


def with_simpy(habitat: Habitat, seconds: float) -> float:
    sim = Simulation(habitat, seed=1)
    start = time.perf_counter()
    sim.run_until(seconds)
    return time.perf_counter() - start


def bare_loop(habitat: Habitat, seconds: float) -> float:
    world = World(habitat, seed=1)
    start = time.perf_counter()
    while world.t_s < seconds:
        world.advance(int(seconds - world.t_s))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hours", type=float, default=24.0)
    hours = parser.parse_args().hours
    seconds = hours * 3600
    cases = [("built-in colony (ares, 6 modules)",
              load_habitat(resources.builtin("habitats")["ares"]),
              1.0), ("generated 50-module colony", grid_colony(50), 2.0)]
    print(f"simulating {hours:g} h at 1 s steps ({seconds:.0f} steps)")
    for label, habitat, target_per_day in cases:
        simpy_s = with_simpy(habitat, seconds)
        bare_s = bare_loop(habitat, seconds)
        target = target_per_day * hours / 24
        print(f"{label}:\n  with simpy {simpy_s:7.2f} s  real-time factor {seconds / simpy_s:9.0f}x"
              f"  ({simpy_s / seconds * 1e6:5.1f} us/step; target <= {target:.2f} s: "
              f"{'met' if simpy_s <= target else 'NOT met'})\n"
              f"  bare loop  {bare_s:7.2f} s  real-time factor {seconds / bare_s:9.0f}x"
              f"  simpy overhead x{simpy_s / bare_s:.2f}")


if __name__ == "__main__":
    main()
