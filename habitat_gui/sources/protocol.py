"""What a plant source is, and the optional capabilities it may declare.

:class:`PlantSource` is all the panel needs of a plant: its description, the published
state, alarms and events, and one command path with a dry run (``check``). Everything else
a source can do is a capability protocol of its own; the panel asks ``isinstance(source,
Capability)`` and shows only what the source offers. The embedded simulator and a replayed
recording implement them here; a live plant link implements :class:`PlantSource` alone or
with the capabilities its server offers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable
from collections.abc import Callable

import numpy as np

from ..contract.alarms import AlarmHealth, AlarmLimit, AlarmState
from ..contract.commands import Command
from ..contract.drill import FaultChoice, ScenarioChoice
from ..contract.evacuation import EvacuationOption
from ..contract.events import CommandRecord, Event
from ..contract.state import Snapshot
from ..core.maintenance.records import MaintenanceReport
from ..core.operations.forecast_results import Forecast
from ..core.plant.habitat import Habitat
from ..core.procedures.definition import Procedure
from ..core.procedures.results import CheckResult
from ..core.procedures.runner import Run
from ..core.training.results import Debrief, Progress


@dataclass(frozen=True)
class Operator:
    """Who sends a command, and in which role (operator, supervisor or observer)."""

    name: str
    role: str = "operator"


@runtime_checkable
class PlantSource(Protocol):
    """Published state in, commands out."""

    habitat: Habitat  # the plant's description: modules, layout, links, set points

    def snapshot(self) -> Snapshot: ...

    def alarms(self) -> tuple[AlarmState, ...]: ...

    def alarm_health(self) -> AlarmHealth: ...

    def alarm_limits(self) -> tuple[AlarmLimit, ...]:
        """Where the alarms on measured quantities rise (the same for every module)."""
        ...

    def events_since(self, index: int) -> list[Event]: ...

    def check(self, command: Command, operator: Operator) -> str | None:
        """Why ``command`` would be refused now, or None if it would be accepted."""
        ...

    def hazard(self, command: Command) -> str | None:
        """What a confirmation of ``command`` must say, or None if it needs none."""
        ...

    def evacuation_options(self, module_id: str,
                           operator: Operator) -> tuple[EvacuationOption, ...]:
        """Every other module as a place for ``module_id``'s crew, ranked by the plant: the
        safest first (recommended when it would be accepted), refused ones with the reason."""
        ...

    def submit(self, command: Command, operator: Operator) -> CommandRecord: ...

    def close(self) -> None: ...


MAX_SPEED = 1000.0  # the fastest a clock is asked to run, in simulated seconds per second


@runtime_checkable
class ClockControl(Protocol):
    """A plant whose clock the station drives: speed, pause, single step, and the
    station's ticks that advance it."""

    @property
    def speed(self) -> float: ...

    def set_speed(self, speed: float) -> None:
        """Simulated seconds per wall second; 0 runs as fast as the budget allows."""
        ...

    @property
    def paused(self) -> bool: ...

    def set_paused(self, paused: bool) -> None: ...

    def step_once(self) -> None: ...

    def catch_up(self, wall_elapsed_s: float, budget_s: float) -> float: ...

    def fast_forward(self, to_t_s: float, budget_s: float) -> float: ...


@dataclass(frozen=True)
class ControlHolder:
    """Who commands the plant: a user at a named station."""

    user: str
    station: str

    def __str__(self) -> str:
        return f"{self.user} at station {self.station}"


@runtime_checkable
class ControlToken(Protocol):
    """A plant that one station commands at a time: the one holding its control token.
    A station asks for it (``request_control station=NAME``), hands it back
    (``release_control``) or, an instructor, takes it over (``take_control station=NAME``),
    each a command with its dry run and confirmation; the plant refuses every other command
    from a station that does not hold it, saying who does. A source without this
    capability is commanded by its one station."""

    @property
    def station(self) -> str:
        """This station's name, as the plant's audit and the other stations see it."""
        ...

    def control_holder(self) -> ControlHolder | None:
        """Who holds control now (None: nobody)."""
        ...

    def holds_control(self) -> bool:
        """Whether this station holds it."""
        ...


@runtime_checkable
class Forecasting(Protocol):
    """A plant with a model that can run ahead of the present."""

    def forecaster(self, horizon_s: float, commands: tuple[Command, ...] = (),
                   band: bool = False) -> Callable[[], Forecast]:
        """A forecast of the present ``horizon_s`` ahead (``commands`` submitted first),
        prepared now and run when called, possibly on another thread."""
        ...


@dataclass(frozen=True)
class RecordedHistory:
    """Recorded samples as the instruments read them: times, and per quantity (ppo2_kpa,
    o2_pct, co2_ppm, pressure_kpa) an array of samples x modules."""

    t_s: np.ndarray
    values: dict[str, np.ndarray]


@runtime_checkable
class Recording(Protocol):
    """A plant whose run is recorded."""

    def recording_path(self) -> str | None:
        """Where the run is recorded, or None when it is not."""
        ...

    def recording_failure(self) -> str | None:
        """Why the run is not recorded although it was to be (the folder cannot be
        written), or why its recording stopped (a full disk); None while all is well."""
        ...


@runtime_checkable
class History(Protocol):
    """A plant that can hand the panel the history it recorded."""

    def recorded_history(self, span_s: float) -> RecordedHistory: ...


@dataclass(frozen=True)
class ReplayMark:
    t_s: float
    kind: str  # alarm | command


class Cancelled(Exception):
    """A long re-run (a seek, a branch) was cancelled by its progress callback."""


@runtime_checkable
class Replay(Protocol):
    """A recorded run shown again, scrubbed, and branched into a live simulation."""

    @property
    def replaying(self) -> bool: ...

    @property
    def end_t_s(self) -> float: ...

    @property
    def branched_at_s(self) -> float | None: ...

    def recording_name(self) -> str: ...

    def recording_created(self) -> str: ...

    def marks(self) -> list[ReplayMark]: ...

    def seek(self, t_s: float, progress: Callable[[float], bool] | None = None) -> bool: ...

    def branch(self, path: str, progress: Callable[[float], bool] | None = None) -> None:
        """Become a live simulation from the moment shown (raises Cancelled)."""
        ...


@runtime_checkable
class Training(Protocol):
    """A training run: objectives tracked live, and a debrief."""

    def training(self) -> Progress | None: ...

    def debrief(self) -> Debrief | None: ...

    def debriefer(self) -> Callable[[], Debrief | None]:
        """The debrief of the run as it stands now, prepared now (a copy taken at once) and
        made when called, possibly on another thread."""
        ...


@runtime_checkable
class Runs(Protocol):
    """A plant on which a drill may start another run (a trainee's station sees it too)."""

    @property
    def run(self) -> int:
        """Which run this is: 0 at the start, another at each scenario started (and, over
        a link, at each restart of the server)."""
        ...


@runtime_checkable
class Drill(Runs, Protocol):
    """An instructor's drill: faults to inject (the command ``inject_fault``, which only the
    supervisor role may send) and scenarios to start on this plant."""

    def fault_choices(self) -> tuple[FaultChoice, ...]: ...

    def scenario_choices(self) -> tuple[ScenarioChoice, ...]: ...

    def start_scenario(self, name: str, operator: Operator) -> str | None:
        """Start the scenario ``name`` afresh (a new run); None when started, else why not."""
        ...


@runtime_checkable
class Maintenance(Protocol):
    """A plant that reports its components, the audit on record, crew and repairs."""

    def maintenance(self) -> MaintenanceReport: ...


@runtime_checkable
class Procedures(Protocol):
    """A plant with electronic procedures written for it (see docs/procedures.md)."""

    def procedures(self) -> dict[str, Procedure]:
        """The procedures by id, each checked against this plant."""
        ...


@runtime_checkable
class Rehearsal(Protocol):
    """A plant with a model on which the rest of a procedure can be tried first."""

    def rehearsal(self, run: Run) -> Callable[[], CheckResult]:
        """The rest of ``run`` on a copy of the plant as it is now, prepared now and run when
        called (possibly on another thread)."""
        ...
