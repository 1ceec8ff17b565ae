"""Rehearsing: the rest of a procedure, from the step it stands at, carried out on a copy of
the colony as it is now, to show where it leads before it is done for real.

The copy is the forecast's (scripted faults and failures by wear still to come dropped);
its alarms run, so the procedure's alarm conditions and acknowledgements behave as they
will. The original is untouched.
"""

from __future__ import annotations

from ..simulation import Simulation
from .check import HORIZON_S, execute
from .results import CheckResult
from .runner import Run

REHEARSAL = "rehearsal"


def rehearse(simulation: Simulation, run: Run, horizon_s: float = HORIZON_S) -> CheckResult:
    """The rest of ``run`` on a copy of ``simulation``: each step's outcome, then the danger
    ``horizon_s`` past the end."""
    return execute(run.copy(), simulation.clone(scripted=False), REHEARSAL,
                   horizon_s=horizon_s)
