"""The data-source seam: what the panel reads and where its commands go.

Widgets see a :class:`DataSource` only. Today it is the embedded simulator
(:class:`SimulatedSource`); a live plant over a standard protocol will be another
implementation of the same protocol.
"""

from __future__ import annotations

import time
from typing import Protocol

from .core.commands import Command, CommandRecord
from .core.simulation import Simulation
from .core.snapshot import Snapshot
from .core.world import Event


class DataSource(Protocol):
    """Published state in, commands out."""

    simulated: bool

    def snapshot(self) -> Snapshot: ...

    def submit(self, command: Command, who: str = "operator",
               role: str = "operator") -> CommandRecord: ...

    def hazard(self, command: Command) -> str | None: ...

    def events_since(self, index: int) -> list[Event]: ...


class SimulatedSource:
    """The embedded simulation as a data source, advanced in time-budgeted slices."""

    simulated = True

    def __init__(self, simulation: Simulation, speed: float = 1.0) -> None:
        self.simulation = simulation
        self.speed = speed
        self.paused = False

    def snapshot(self) -> Snapshot:
        return self.simulation.snapshot()

    def submit(self, command: Command, who: str = "operator",
               role: str = "operator") -> CommandRecord:
        return self.simulation.submit(command, who, role)

    def hazard(self, command: Command) -> str | None:
        return self.simulation.hazard(command)

    def events_since(self, index: int) -> list[Event]:
        return self.simulation.events_since(index)

    def step_once(self) -> None:
        """Advance exactly one physics step (for single-stepping while paused)."""
        self.simulation.advance(self.simulation.world.dt_s)

    def catch_up(self, wall_elapsed_s: float, budget_s: float = 0.012) -> float:
        """Advance by ``speed x wall_elapsed_s`` simulated seconds, but stop after ``budget_s``
        of wall time so the caller's frame is never blocked. ``speed`` of 0 means as fast as
        the budget allows. Returns the simulated seconds advanced."""
        if self.paused:
            return 0.0
        sim = self.simulation
        start_t, start_wall = sim.t_s, time.perf_counter()
        target = start_t + (self.speed * wall_elapsed_s if self.speed > 0 else float("inf"))
        chunk = sim.world.dt_s
        while sim.t_s + chunk <= target + 1e-9:
            sim.advance(chunk)
            elapsed = time.perf_counter() - start_wall
            if elapsed >= budget_s:
                break
            # grow the chunk while there is budget left, to amortise the clock overhead
            chunk = min(chunk * 2, max(target - sim.t_s, sim.world.dt_s), 60.0)
        return sim.t_s - start_t
