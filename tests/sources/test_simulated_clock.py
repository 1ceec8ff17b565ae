"""The embedded simulation's clock: whole steps, owed time carried, never spinning."""

from __future__ import annotations

from habitat_gui.core import resources
from habitat_gui.core.plant.habitat import load_habitat
from habitat_gui.core.simulation import Simulation
from habitat_gui.sources.simulated import SimulatedSource

AMPLE_BUDGET_S = 60.0  # never the limit here: the steps asked for are few


def ares() -> SimulatedSource:
    return SimulatedSource(Simulation(load_habitat(resources.builtin("habitats")["ares"])))


def test_a_target_a_rounding_short_of_a_step_is_that_step():
    source = ares()
    # before, this asked for no step on every round until the budget ran out
    assert source.fast_forward(1.0 - 1e-12, AMPLE_BUDGET_S) == 1.0
    assert source.fast_forward(1.5, AMPLE_BUDGET_S) == 0.0  # short of the next step


def test_catching_up_on_a_wall_clock_of_fifth_seconds_keeps_pace():
    """The server's ticks: the wall time between two readings of a clock moving by 0.2 s
    is 0.2 give or take a rounding; the time owed sums to just short of a step, which was
    advanced late and, with the backlog at its cap, lost."""
    source = ares()
    readings = [0.0]
    for _ in range(1000):
        readings.append(readings[-1] + 0.2)
    for before, after in zip(readings, readings[1:]):
        source.catch_up(after - before, AMPLE_BUDGET_S)
    assert source.simulation.t_s == 200.0
