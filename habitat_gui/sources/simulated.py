"""The embedded simulation as a plant source, advanced in time-budgeted slices.

It implements :class:`~.protocol.PlantSource` and the capabilities a simulation has: clock
control, forecasts, recording, training, maintenance, procedures and their rehearsal, and
the instructor's drill (faults to inject, built-in scenarios to start afresh).
Commands arrive as data (:class:`~habitat_gui.contract.commands.Command`) and take the
core's one command path.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path

from ..contract.alarms import AlarmHealth, AlarmLimit, AlarmState
from ..contract.commands import Command
from ..contract.drill import FaultChoice, FaultParameter, ScenarioChoice
from ..contract.evacuation import EvacuationOption
from ..contract.events import CommandRecord, Event
from ..contract.state import Snapshot
from ..core.maintenance.records import MaintenanceReport
from ..core.operations.evacuation import evacuation_options
from ..core.operations.forecast_results import Forecast
from ..core.operations.scenario import Scenario, resolve
from ..core.plant.faults import FAULTS, target_ids
from ..core import resources
from ..core.procedures.definition import Procedure
from ..core.procedures.loader import builtin_procedures
from ..core.procedures.rehearsal import rehearse
from ..core.procedures.results import CheckResult
from ..core.procedures.runner import Run
from ..core.recording.recorder import Recorder
from ..core.simulation import Simulation
from ..core.specfile import SpecError
from ..core.training.debrief import DebriefTracker
from ..core.training.results import Debrief, Progress
from .protocol import Operator

OPERATOR = Operator("operator")


class SimulatedSource:
    """The embedded simulation as a plant source."""

    MAX_BACKLOG_WALL_S = 1.0  # wall time owed at most: a slow machine drops, never snowballs

    def __init__(self, simulation: Simulation, speed: float = 1.0,
                 recorder: Recorder | None = None, unrecorded: str | None = None) -> None:
        self.simulation = simulation
        self.habitat = simulation.world.habitat
        self._speed = speed
        self._paused = False
        self.recorder = recorder  # where the run is recorded, if it is
        self._unrecorded = unrecorded  # why it is not, when it was to be
        self._owed_s = 0.0
        self._training = _tracker(simulation)
        self._procedures: dict[str, Procedure] | None = None
        self._run = 0
        self._stem = Path(recorder.path).stem if recorder is not None else ""  # the first's
        self._scenarios: dict[str, Scenario] | None = None

    # ------------------------------------------------------------------ PlantSource
    def close(self) -> None:
        """Finish the recording, if any."""
        if self.recorder is not None:
            self.recorder.close()

    def snapshot(self) -> Snapshot:
        return self.simulation.snapshot()

    def alarms(self) -> tuple[AlarmState, ...]:
        return self.simulation.alarms()

    def alarm_health(self) -> AlarmHealth:
        return self.simulation.alarm_health()

    def alarm_limits(self) -> tuple[AlarmLimit, ...]:
        return self.simulation.alarm_limits()

    def events_since(self, index: int) -> list[Event]:
        return self.simulation.events_since(index)

    def check(self, command: Command, operator: Operator = OPERATOR) -> str | None:
        return self.simulation.check(command, operator.role)

    def hazard(self, command: Command) -> str | None:
        return self.simulation.hazard(command)

    def submit(self, command: Command, operator: Operator = OPERATOR) -> CommandRecord:
        return self.simulation.submit(command, operator.name, operator.role)

    def evacuation_options(self, module_id: str,
                           operator: Operator = OPERATOR) -> tuple[EvacuationOption, ...]:
        return evacuation_options(self.snapshot(), self.alarms(), self.alarm_limits(),
                                  module_id, lambda command: self.check(command, operator))

    # ------------------------------------------------------------------ Recording
    def recording_path(self) -> str | None:
        return self.recorder.path if self.recorder is not None else None

    def recording_failure(self) -> str | None:
        return self.recorder.failure if self.recorder is not None else self._unrecorded

    # ------------------------------------------------------------------ Training
    def training(self) -> Progress | None:
        """The objectives' live status, or None when this is not a training run."""
        return self._training.progress() if self._training else None

    def debrief(self) -> Debrief | None:
        """The debrief of the training run as if it ended now, or None."""
        return self._training.debrief() if self._training else None

    def debriefer(self) -> Callable[[], Debrief | None]:
        """The debrief as of now, made when called (on any thread) from a clone of the run,
        so the run may go on meanwhile."""
        if self._training is None:
            return lambda: None
        return self._training.follow(self.simulation.clone()).debrief

    # ------------------------------------------------------------------ Drill
    @property
    def run(self) -> int:
        """0 for the run the source was made with, one more at each scenario started."""
        return self._run

    def fault_choices(self) -> tuple[FaultChoice, ...]:
        """Every fault kind with the ids it may name in this colony now."""
        world = self.simulation.world
        return tuple(FaultChoice(
            kind.name, kind.target, target_ids(world, kind.target),
            tuple(FaultParameter(p.name, p.default, p.low, p.high, p.unit) for p in kind.params),
            kind.summary) for kind in FAULTS.values())

    def scenario_choices(self) -> tuple[ScenarioChoice, ...]:
        return tuple(ScenarioChoice(name, s.name, s.description, s.duration_s)
                     for name, s in self._builtin_scenarios().items())

    def _builtin_scenarios(self) -> dict[str, Scenario]:
        """The built-in scenarios that load on this colony (read once; the others, which
        name parts it does not have, are left out)."""
        if self._scenarios is None:
            self._scenarios = {}
            for name in resources.builtin("scenarios"):
                try:
                    self._scenarios[name] = resolve(name, self.habitat)
                except (SpecError, ValueError, KeyError):
                    continue
        return self._scenarios

    def start_scenario(self, name: str, operator: Operator = OPERATOR) -> str | None:
        """Start the built-in scenario ``name`` afresh on this colony: a new simulation (the
        speed and the pause kept), its start logged with who started it; the old run's
        recording completed and the new run recorded beside it. None, or why not."""
        if operator.role == "observer":
            return f"the observer role is read-only ({operator.name})"
        scenarios = self._builtin_scenarios()
        scenario = scenarios.get(name)
        if scenario is None:
            return (f"unknown scenario {name!r}; expected one of {', '.join(scenarios)}"
                    if scenarios else "no built-in scenario runs on this colony")
        simulation = Simulation.from_scenario(scenario)
        self._run += 1
        simulation.world.log("drill", operator.name,
                             f"scenario {name} started by {operator.name} (run {self._run})",
                             who=operator.name, scenario=name, run=self._run)
        self._record(simulation, name)
        self.simulation = simulation
        self._training = _tracker(simulation)
        self._owed_s = 0.0
        return None

    def _record(self, simulation: Simulation, scenario: str) -> None:
        """Complete the recording of the run that ends and record ``simulation`` beside it
        (``<old stem>-run<N>-<scenario>.sqlite``), the same way; a failure leaves the new run
        unrecorded, saying why."""
        old = self.recorder
        if old is None:
            return
        old.close()
        self.recorder = None
        path = old.path if old.path == ":memory:" else \
            str(Path(old.path).with_name(f"{self._stem}-run{self._run}-{scenario}.sqlite"))
        try:
            self.recorder = Recorder(simulation, path, sample_s=old.sample_s,
                                     commit_every_s=old.commit_every_s,
                                     keep_running=old.keep_running, clock=old.clock)
            self._unrecorded = None
        except OSError as exc:
            self._unrecorded = str(exc)

    # ------------------------------------------------------------------ Maintenance
    def maintenance(self) -> MaintenanceReport:
        return self.simulation.maintenance()

    # ------------------------------------------------------------------ Procedures
    def procedures(self) -> dict[str, Procedure]:
        """The built-in procedures, read and checked against this colony once (none when
        they name parts this colony does not have)."""
        if self._procedures is None:
            try:
                self._procedures = builtin_procedures(self.habitat)
            except SpecError:
                self._procedures = {}
        return self._procedures

    def rehearsal(self, run: Run) -> Callable[[], CheckResult]:
        """The rest of ``run`` on a copy taken now, carried out when called."""
        twin, rest = self.simulation.clone(), run.copy()
        return lambda: rehearse(twin, rest)

    # ------------------------------------------------------------------ Forecasting
    def forecaster(self, horizon_s: float, commands: tuple[Command, ...] = (),
                   band: bool = False) -> Callable[[], Forecast]:
        """A forecast of the present ``horizon_s`` ahead (with ``commands`` submitted first,
        and with its band if asked), prepared now and run when called: the call may happen
        on another thread."""
        from ..core.operations.forecast import forecast, forecast_with_band  # not to start

        twin = self.simulation.clone()
        run = forecast_with_band if band else forecast
        return lambda: run(twin, horizon_s, commands)

    # ------------------------------------------------------------------ ClockControl
    @property
    def speed(self) -> float:
        return self._speed

    def set_speed(self, speed: float) -> None:
        self._speed = speed

    @property
    def paused(self) -> bool:
        return self._paused

    def set_paused(self, paused: bool) -> None:
        self._paused = paused

    def step_once(self) -> None:
        """Advance exactly one physics step (for single-stepping while paused)."""
        self.run_until(self.simulation.t_s + self.simulation.world.dt_s)

    def catch_up(self, wall_elapsed_s: float, budget_s: float = 0.012) -> float:
        """Advance by ``speed x wall_elapsed_s`` simulated seconds (``speed`` 0: as fast as the
        budget allows), within ``budget_s`` of wall time. Time short of a whole step, or left
        over when the budget ran out, is carried to the next call. Returns seconds advanced."""
        if self.recorder is not None:
            self.recorder.commit_if_due()  # also while paused: a crash loses at most 1 s
        if self._paused:
            self._owed_s = 0.0
            return 0.0
        if self._speed <= 0:
            return self.fast_forward(float("inf"), budget_s)
        limit = self._speed * self.MAX_BACKLOG_WALL_S
        self._owed_s = min(self._owed_s + self._speed * wall_elapsed_s, limit)
        advanced = self.fast_forward(self.simulation.t_s + self._owed_s, budget_s)
        self._owed_s = max(self._owed_s - advanced, 0.0)
        return advanced

    def fast_forward(self, to_t_s: float, budget_s: float = 0.012) -> float:
        """Advance toward ``to_t_s`` in whole steps, as far as ``budget_s`` of wall time
        allows. Returns the simulated seconds advanced."""
        sim = self.simulation
        dt = sim.world.dt_s
        start_t, start_wall = sim.t_s, time.perf_counter()
        # the last whole step (a target within 1e-9 s of one counts as it: owed time summed
        # from wall ticks falls just short of a step)
        end_t = to_t_s if math.isinf(to_t_s) else \
            start_t + dt * math.floor((to_t_s - start_t) / dt + 1e-9)
        chunk = dt
        while sim.t_s + dt <= end_t + 1e-9:
            self.run_until(min(sim.t_s + chunk, end_t))
            if time.perf_counter() - start_wall >= budget_s:
                break
            chunk = min(chunk * 2, 600.0)  # grow while there is budget, to amortise the clock
        return sim.t_s - start_t

    def run_until(self, t_s: float) -> None:
        """Advance the simulation to ``t_s``."""
        self.simulation.run_until(t_s)


def _tracker(simulation: Simulation) -> DebriefTracker | None:
    """A debrief tracker when the simulation is a training run (objectives or a procedure)."""
    scenario = simulation.scenario
    return (DebriefTracker(simulation)
            if scenario and (scenario.objectives or scenario.procedure) else None)


__all__ = ["SimulatedSource", "OPERATOR"]
