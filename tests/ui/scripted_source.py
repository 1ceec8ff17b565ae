"""A plant source scripted by the test, with no simulator behind it.

It publishes what the test gives it (a snapshot made from a habitat description, alarms,
events) and records what the panel sends; ``check`` refuses what the test says. It
implements :class:`~habitat_gui.sources.protocol.PlantSource` and no capability, so the
panel must show everything a plant publishes and hide everything else.
"""

from __future__ import annotations

import dataclasses
import time

from habitat_gui.contract.alarms import AlarmHealth, AlarmLimit, AlarmState
from habitat_gui.contract.commands import Command
from habitat_gui.contract.evacuation import EvacuationOption
from habitat_gui.contract.events import CommandRecord, Event
from habitat_gui.contract.state import (CrewState, InterconnectState, ModuleState, Readings,
                                        RelayState, Snapshot, UnitState)
from habitat_gui.core import resources
from habitat_gui.core.operations.evacuation import evacuation_options
from habitat_gui.core.plant.habitat import Habitat, load_habitat
from habitat_gui.sources.protocol import Operator

QUIET = AlarmHealth(0.0, 0, False, 0.0, 0, 0, 0, 0, 0, 0, 0, 0, (0.0, 0.0, 0.0))
UNIT_STATES = {"o2_generator": "ON", "co2_scrubber": "RUNNING", "pressure_control": "HOLDING"}


def ares() -> Habitat:
    return load_habitat(resources.builtin("habitats")["ares"])


def snapshot_of(habitat: Habitat, t_s: float = 0.0) -> Snapshot:
    """The habitat as its description says it starts: readings, units, relays, crew."""
    modules = tuple(
        ModuleState(m.id, m.name, m.volume_m3,
                    sum(1 for c in habitat.crew if c.module == m.id),
                    Readings(m.pressure_kpa, m.pressure_kpa * m.o2_pct / 100.0, m.o2_pct,
                             m.co2_ppm, m.temperature_c),
                    None, 50.0, None, m.o2_candles)
        for m in habitat.modules)
    links = tuple(InterconnectState(k.id, k.between, k.state, k.kind)
                  for k in habitat.interconnects)
    units = tuple(UnitState(e.id, e.kind, e.module, e.role,
                            UNIT_STATES.get(e.kind, "ON") if e.running else "STANDBY",
                            None, True, 1.0, f"{e.id}.part", 1.0)
                  for e in habitat.equipment)
    relays = tuple(RelayState(f"{m}.relay", m, "primary", False, None, "PRIMARY")
                   for m in sorted({e.module for e in habitat.equipment
                                    if e.kind == "o2_generator" and e.role == "backup"}))
    crew = tuple(CrewState(c.name, c.module, c.activity, None, None, 97.0, 97.0, 0.0, "normal")
                 for c in habitat.crew)
    return Snapshot(t_s, habitat.name, modules, links, units, relays, crew, 0)


def alarm(target: str, quantity: str, priority: str, word: str, module: str | None = None,
          state: str = "UNACKNOWLEDGED", value: float | None = None) -> AlarmState:
    """One published alarm on ``target`` (a module, unit, relay or person)."""
    return AlarmState(f"{target}.{quantity}", f"{quantity} {word.lower()}", priority, state,
                      True, value, "", None, target, module or target.split(".")[0], 10.0,
                      None, None, "the cause", "the consequence", "the action",
                      quantity, word)


class ScriptedSource:
    """Publishes ``state`` and ``alarm_states``; accepts every command it is sent unless
    ``refusals`` (command text -> reason) says otherwise."""

    def __init__(self, habitat: Habitat | None = None) -> None:
        self.habitat = habitat or ares()
        self.state = snapshot_of(self.habitat)
        self.alarm_states: tuple[AlarmState, ...] = ()
        self.events: list[Event] = []
        self.refusals: dict[str, str] = {}
        self.hazards: dict[str, str] = {}  # command name -> what its confirmation says
        self.sent: list[tuple[Command, Operator]] = []
        self.closed = False

    # the test's side
    def publish(self, state: Snapshot | None = None,
                alarms: tuple[AlarmState, ...] | None = None) -> None:
        if state is not None:
            self.state = state
        if alarms is not None:
            self.alarm_states = alarms

    def module(self, module_id: str, **reading: float) -> None:
        """Change what one module's instruments read."""
        modules = tuple(dataclasses.replace(m, reading=dataclasses.replace(m.reading, **reading))
                        if m.id == module_id else m for m in self.state.modules)
        self.state = dataclasses.replace(self.state, modules=modules)

    # PlantSource
    def snapshot(self) -> Snapshot:
        return dataclasses.replace(self.state, event_count=len(self.events))

    def alarms(self) -> tuple[AlarmState, ...]:
        return self.alarm_states

    def alarm_health(self) -> AlarmHealth:
        return QUIET

    def alarm_limits(self) -> tuple[AlarmLimit, ...]:
        return (AlarmLimit("ppo2_kpa", "low", 19.5, "below"),
                AlarmLimit("ppo2_kpa", "high", 16.0, "below"))

    def events_since(self, index: int) -> list[Event]:
        return self.events[index:]

    def check(self, command: Command, operator: Operator) -> str | None:
        if operator.role == "observer":
            return "the observer role is read-only"
        return self.refusals.get(command.text())

    def hazard(self, command: Command) -> str | None:
        return self.hazards.get(command.name)

    def evacuation_options(self, module_id: str,
                           operator: Operator) -> tuple[EvacuationOption, ...]:
        return evacuation_options(self.snapshot(), self.alarm_states, self.alarm_limits(),
                                  module_id, lambda command: self.check(command, operator))

    def submit(self, command: Command, operator: Operator) -> CommandRecord:
        reason = self.check(command, operator)
        self.sent.append((command, operator))
        outcome = "rejected" if reason else "accepted"
        record = CommandRecord(len(self.sent), operator.name, operator.role, self.state.t_s,
                               time.time(), command.name, command.arguments, outcome,
                               reason or "done")
        self.events.append(Event(self.state.t_s, "command", operator.name,
                                 f"{command.text()}: {outcome}: {record.reason}"))
        return record

    def close(self) -> None:
        self.closed = True
