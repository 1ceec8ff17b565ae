"""The simulation: a world stepped once per simulated second by a simpy process.

Scenario faults and commands, and operator commands, are applied between steps in time
order. A scenario with ``start_s`` is run to that time when the simulation is made (the
same physics, alarms included), so every user of it starts there. The whole simulation can
be cloned to run ahead without touching the original.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import simpy

from .plant import faults
from ..contract.alarms import AlarmHealth, AlarmLimit, AlarmState
from ..contract.commands import Command as Request
from ..contract.events import CommandRecord, Event
from ..contract.state import Snapshot
from .maintenance import live
from .maintenance.records import MaintenanceReport
from .operations.alarm_board import AlarmBoard
from .operations.alarm_definitions import AlarmDefinition, builtin_alarms
from .operations.command_base import Command, Rejected
from .operations.command_bus import CommandBus, build
from .operations.scenario import Scenario, ScenarioEvent
from .plant.habitat import Habitat
from .plant.snapshot import take
from .plant.stepping import Recent
from .plant.world import World


class Simulation:
    """Headless simulation of one colony; deterministic for a habitat, scenario and seed."""

    def __init__(self, habitat: Habitat, seed: int = 0, scenario: Scenario | None = None,
                 dt_s: float = 1.0,
                 alarms: tuple[AlarmDefinition, ...] | None = None) -> None:
        self.scenario = scenario
        self.world = World(habitat, seed, dt_s)
        self.world.alarms = AlarmBoard(builtin_alarms() if alarms is None else alarms,
                                       self.world)
        self.bus = CommandBus(self.world)
        self.pending: list[ScenarioEvent] = list(scenario.events) if scenario else []
        if scenario is not None and scenario.service_days is not None:
            self.world.service_days = scenario.service_days
        if scenario is not None and (scenario.wear_faults or scenario.sensor_drift):
            live.start(self.world, self.world.service_days, scenario.wear_faults,
                         scenario.sensor_drift)
        self.alarms_on = True
        self.watchers: list[Callable[[Recent], None]] = []  # called with each advance's steps
        self._start_clock()
        if scenario is not None:
            self.run_until(scenario.start_s)

    @classmethod
    def from_scenario(cls, scenario: Scenario, seed: int | None = None) -> Simulation:
        return cls(scenario.habitat, scenario.seed if seed is None else seed, scenario)

    def _start_clock(self) -> None:
        self._stop_at = self.world.t_s
        self.env = simpy.Environment(initial_time=self.world.t_s)
        self.env.process(self._tick())

    def _tick(self):
        """The clock: each wake-up runs a batch of 1 s steps up to the next scenario event or
        the end of the current run, whichever is first."""
        world = self.world
        while True:
            self._apply_scenario()
            until = self._stop_at
            if self.pending:
                until = min(until, self.pending[0].at_s)
            steps = max(int(round((until - world.t_s) / world.dt_s)), 1)
            world.run_due()  # what is due now holds for every step of this advance
            if self.alarms_on:
                self.alarm_board.observe(world)
            taken = world.advance(steps)
            if self.alarms_on:
                self.alarm_board.evaluate(world)
            recent = world.recent
            assert recent is not None  # every advance leaves its steps
            for watch in self.watchers:
                watch(recent)
            yield self.env.timeout(taken * world.dt_s)

    def _apply_scenario(self) -> None:
        while self.pending and self.pending[0].at_s <= self.world.t_s + 1e-9:
            event = self.pending.pop(0)
            if event.command is not None:
                self.bus.submit(event.command, who="scenario", role="supervisor")
            else:
                faults.inject(self.world, event.fault or "", event.target, event.params)
                if event.cause:
                    live.caused_by(self.world, event.cause, event.fault or "", event.target)

    # ----------------------------------------------------------------- public API
    @property
    def t_s(self) -> float:
        return self.world.t_s

    @property
    def start_s(self) -> float:
        """Where the run is handed over: the scenario's ``start_s``, else 0."""
        return self.scenario.start_s if self.scenario else 0.0

    def run_until(self, t_s: float) -> None:
        """Advance to simulated time ``t_s`` (whole steps)."""
        if t_s > self.env.now:
            self._stop_at = t_s
            self.env.run(until=t_s)

    def advance(self, seconds: float) -> None:
        self.run_until(self.env.now + seconds)

    def submit(self, command: Command | Request, who: str = "operator",
               role: str = "operator") -> CommandRecord:
        """The one command API: validation, interlocks, execution, audit."""
        return self.bus.submit(command, who, role)

    def check(self, command: Command | Request, role: str = "operator") -> str | None:
        """Why ``command`` would be refused now, or None: a dry run of :meth:`submit`."""
        return self.bus.check(command, role)

    def inject(self, fault: str, target: str, **params: float) -> None:
        """Inject a fault now (raises ValueError with the reason if it is not valid)."""
        faults.inject(self.world, fault, target, params)

    def hazard(self, command: Command | Request) -> str | None:
        """What a confirmation of ``command`` must say, or None if it needs none (or if it
        is not a command at all: :meth:`check` says why)."""
        if isinstance(command, Request):
            try:
                command = build(command.name, command.arguments)
            except Rejected:
                return None
        return command.hazard(self.world)

    def snapshot(self) -> Snapshot:
        """The present state as published, simulator truth included."""
        return take(self.world, self.scenario.name if self.scenario else None)

    def events_since(self, index: int) -> list[Event]:
        """Events logged after the first ``index`` ones (faults, automation, commands, crew)."""
        return self.world.events[index:]

    @property
    def alarm_board(self) -> AlarmBoard:
        """The alarms of the world, made with the simulation (and copied with its clones)."""
        board = self.world.alarms
        assert board is not None  # set in __init__, deep-copied by clone
        return board

    def alarms(self) -> tuple[AlarmState, ...]:
        """Every alarm not NORMAL or not in service, most urgent first (immutable)."""
        return self.alarm_board.states()

    def alarm_limits(self) -> tuple[AlarmLimit, ...]:
        """Where the alarms on measured quantities rise, from their definitions."""
        return self.alarm_board.limits()

    def alarm_health(self) -> AlarmHealth:
        """The ISA-18.2 health figures of the alarm system, live."""
        return self.alarm_board.health()

    def maintenance(self) -> MaintenanceReport:
        """Components, the audit on record, crew, training, spare parts and repairs, now."""
        return live.report(self.world)

    @property
    def history(self) -> list[CommandRecord]:
        """The command audit log."""
        return self.bus.history

    def _shared_memo(self) -> dict[int, object]:
        """What a clone may share instead of copying: the immutable habitat, its specs and
        the alarm definitions, and the events logged so far (a new list of the same frozen
        events)."""
        world = self.world
        habitat = world.habitat
        memo: dict[int, object] = {id(spec): spec for spec in (
            habitat, habitat.ambient, habitat.automation, *habitat.modules,
            *habitat.interconnects, *habitat.equipment, *habitat.sensors, *habitat.crew)}
        memo[id(world.events)] = list(world.events)
        definitions = self.alarm_board.definitions
        memo[id(definitions)] = definitions
        return memo

    def clone(self, step_s: float | None = None, scripted: bool = True,
              alarms: bool = True) -> Simulation:
        """An independent copy that continues exactly as this one would; with ``step_s`` it
        steps that long instead (exact updates stay stable at 10-60 s), with ``scripted``
        False the scenario's events still to come and failures by wear are dropped, and with
        ``alarms`` False its alarms are no longer evaluated. Watchers are not copied."""
        twin = object.__new__(Simulation)
        twin.scenario = self.scenario
        twin.world = copy.deepcopy(self.world, self._shared_memo())
        if step_s is not None and step_s != twin.world.dt_s:
            twin.world.dt_s = step_s
            twin.world.mark_dirty()
        twin.bus = CommandBus(twin.world)
        twin.bus.history = list(self.bus.history)
        twin.pending = list(self.pending) if scripted else []
        if not scripted:
            live.without_wear(twin.world)
        twin.alarms_on = self.alarms_on and alarms
        twin.watchers = []
        twin._start_clock()
        return twin
