"""Running a procedure automatically on a simulation: commands sent through the command
path, checks evaluated, decisions taken, waits waited out in simulated time. Then a forecast
from where the procedure leaves the colony says whether the crew is left in danger.

Used by ``habitat-sim procedure check``, by the suite (every built-in procedure against
its scenarios) and by the rehearsal, which runs the rest of a procedure on a copy.
"""

from __future__ import annotations

from ..operations.forecast import forecast
from ..operations.forecast_results import DANGER_WORDS, DANGERS
from ...contract.timefmt import mission_time
from ..simulation import Simulation
from .conditions import holds
from .definition import Procedure
from .results import CheckResult, Danger
from .runner import Run

POLL_S = 10.0  # how often a wait looks at the readings
STEP_S = 10.0  # the time each step takes when run automatically
HORIZON_S = 2 * 3600.0  # how far past the end the crew must be out of danger
CHECKER = "procedure-check"


def applies_at(procedure: Procedure, simulation: Simulation, until_s: float) -> float | None:
    """Run ``simulation`` until ``procedure`` applies (one of its alarms active, or its
    condition holding), looking every ``POLL_S``; the time, or None by ``until_s``."""
    while True:
        if applies(procedure, simulation):
            return simulation.t_s
        if simulation.t_s >= until_s:
            return None
        simulation.run_until(min(simulation.t_s + POLL_S, until_s))


def applies(procedure: Procedure, simulation: Simulation) -> bool:
    alarms = simulation.alarms()
    if any(a.id in procedure.alarms and a.active for a in alarms):
        return True
    return procedure.condition is not None and holds(procedure.condition,
                                                     simulation.snapshot(), alarms)


def execute(run: Run, simulation: Simulation, who: str = CHECKER, role: str = "supervisor",
            horizon_s: float = HORIZON_S) -> CheckResult:
    """Do the rest of ``run`` on ``simulation`` (each step signed by ``who``), then forecast
    ``horizon_s`` ahead from where it leaves the colony. The result holds the steps done
    here."""
    start, done = simulation.t_s, len(run.outcomes)
    lowest = (float("inf"), "")
    while (current := run.current) is not None:
        step = current[1]
        note = ""
        if step.kind == "command":
            assert step.command is not None
            record = simulation.submit(step.command, who, role)
            outcome = "done" if record.outcome == "accepted" else "failed"
            note = "" if outcome == "done" else record.reason
        else:
            while not (outcome := run.judge(simulation.snapshot(), simulation.alarms()).outcome):
                simulation.advance(POLL_S)
                lowest = min(lowest, _lowest(simulation))
        simulation.submit(run.sign(outcome, note), who, role)
        run.advance(outcome, simulation.t_s, note, who)
        simulation.advance(STEP_S)
        lowest = min(lowest, _lowest(simulation))
    return CheckResult(run.procedure, start, simulation.t_s, tuple(run.outcomes[done:]),
                       _danger(simulation, horizon_s, lowest), horizon_s)


def _lowest(simulation: Simulation) -> tuple[float, str]:
    crew = simulation.snapshot().crew
    return min(((c.spo2_pct, c.name) for c in crew), default=(100.0, ""))


def _danger(simulation: Simulation, horizon_s: float, lowest: tuple[float, str]) -> Danger:
    ahead = forecast(simulation, horizon_s)
    first: tuple[float, str, str] | None = None
    for mid, module in ahead.modules.items():
        if module.crew_count == 0:
            continue
        for name, *_ in DANGERS:
            t = module.times_s.get(name)
            if t is not None and (first is None or t < first[0]):
                first = (t, mid, DANGER_WORDS[name])
    spo2, person = min([lowest, *((v, n) for n, v in ahead.min_spo2_pct.items())])
    if first is None:
        return Danger("", "", None, spo2, person)
    return Danger(first[1], first[2], first[0], spo2, person)


class NeverApplies(ValueError):
    """The procedure's alarms and condition never came up in the scenario."""


def check(procedure: Procedure, library: dict[str, Procedure], simulation: Simulation,
          at_s: float | None = None, who: str = CHECKER,
          horizon_s: float = HORIZON_S) -> CheckResult:
    """Run the scenario in ``simulation`` to ``at_s`` (default: until the procedure first
    applies, NeverApplies if it does not by the scenario's end), then :func:`execute` it."""
    if at_s is not None:
        simulation.run_until(at_s)
    else:
        end = simulation.scenario.duration_s if simulation.scenario else 86400.0
        if applies_at(procedure, simulation, end) is None:
            raise NeverApplies(f"{procedure.id} never applies in "
                               f"{simulation.scenario.name if simulation.scenario else 'the run'}"
                               f" (by {mission_time(end)}); give --at")
    return execute(Run(procedure, library, simulation.t_s), simulation, who,
                   horizon_s=horizon_s)
