"""Wall time of repair commands on a generated 50-module colony aged 1200 days: 20 cycles of
starting a repair and calling it off, each followed by a read of the published maintenance
report (as the maintenance view does after every command).

Run: python benchmarks/bench_repairs.py
"""

from __future__ import annotations

import time
from dataclasses import replace

from habitat_gui.core.maintenance.records import kinds
from habitat_gui.core.operations.maintenance_commands import CancelRepair, Repair
from habitat_gui.core.plant.generated import grid_colony
from habitat_gui.core.simulation import Simulation

CYCLES = 20
SERVICE_DAYS = 1200  # aged like the built-in colony: a backlog to plan


def main() -> None:
    sim = Simulation(replace(grid_colony(50), service_days=SERVICE_DAYS), seed=1)
    sim.advance(10)
    report = sim.maintenance()  # the first read works the plan out
    sensors = [c for c in report.components if c.kind == "sensor"]
    skill = kinds()["sensor"].skill
    people = [p.name for p in report.crew if p.level(skill) >= 1]
    start = time.perf_counter()
    for c, who in zip(sensors[:CYCLES], people):
        for command in (Repair(c.id, who), CancelRepair(c.id)):
            record = sim.submit(command)
            assert record.outcome == "accepted", record.reason
            sim.maintenance()
    took = time.perf_counter() - start
    print(f"{CYCLES} repair start/cancel cycles with a report read after each command: "
          f"{took:.2f} s ({1000 * took / CYCLES:.0f} ms a cycle)")


if __name__ == "__main__":
    main()
