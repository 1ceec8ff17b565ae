"""The published state back from the server's variables: a :class:`Snapshot` and the
:class:`AlarmState` list assembled from the latest value of each node (by its node id
string, ``Modules.hab-3.PressureKpa``), the inverse of the server's publishing
(``schema.Field.path``: NaN and "" back to None, enumerations back to their words)."""

from __future__ import annotations

import dataclasses
import functools
import math
import types
import typing
from collections.abc import Mapping
from typing import Any

from ...contract.alarms import NORMAL, AlarmState
from ...contract.state import (CrewState, InterconnectState, LinkState, ModuleState,
                               RelayState, SimulationInfo, Snapshot,
                               UnitState)
from .schema import (ALARM, CREW_MEMBER, ENUMS, EQUIPMENT, INTERCONNECT, MODULE, RELAY,
                     UNIT_TYPES, Field, ObjectType)

Values = Mapping[str, Any]


def _optional(hint: Any) -> bool:
    return isinstance(hint, types.UnionType) and type(None) in typing.get_args(hint)


def _plain(value: Any, f: Field, hint: Any) -> Any:
    """A published value as the contract holds it."""
    if f.kind in ENUMS:
        words = ENUMS[f.kind]
        return words[value] if isinstance(value, int) and 0 <= value < len(words) else ""
    if _optional(hint) and (value == "" or value is None
                            or (isinstance(value, float) and math.isnan(value))):
        return None
    if isinstance(value, float) and int in typing.get_args(hint):  # a whole number (Double)
        return round(value)
    return value


@functools.cache
def _paths(otype: ObjectType) -> dict[str, Field]:
    return {f.path: f for f in otype.all_fields()}


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def build(cls: type, name: str, ident: str, otype: ObjectType, values: Values,
          prefix: str = "") -> Any:
    """An instance of contract dataclass ``cls`` from object ``name``'s variables; ``ident``
    fills its id (or a person's name), a nested dataclass (a module's readings) is built
    from the fields under its attribute, a pair (an interconnect's ``between``) from
    ``.0`` and ``.1``; a field the server does not publish keeps its default."""
    fields, hints = _paths(otype), _hints(cls)
    kwargs: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        path, hint = prefix + field.name, hints[field.name]
        inner = next((a for a in typing.get_args(hint) if dataclasses.is_dataclass(a)), hint)
        if not prefix and field.name in ("id", "name") and path not in fields:
            kwargs[field.name] = ident
        elif path in fields:
            kwargs[field.name] = _plain(values.get(f"{name}.{fields[path].name}"),
                                        fields[path], hint)
        elif f"{path}.0" in fields:
            kwargs[field.name] = tuple(values.get(f"{name}.{fields[f'{path}.{i}'].name}")
                                       for i in (0, 1))
        elif dataclasses.is_dataclass(inner) and isinstance(inner, type):
            kwargs[field.name] = build(inner, name, ident, otype, values, f"{path}.")
    return cls(**kwargs)


def _truth(module: ModuleState) -> ModuleState:
    """A module without a truth when the server publishes none (not a simulation)."""
    truth = module.truth
    if truth is None or all(math.isnan(v) for v in dataclasses.astuple(truth)):
        return dataclasses.replace(module, truth=None)
    return module


def snapshot(values: Values, objects: Mapping[str, tuple[str, ...]],
             link: LinkState | None) -> Snapshot:
    """The plant as last published; ``objects`` lists each folder's object ids in order
    (a unit's type follows from its published Kind)."""
    simulated = bool(values.get("Plant.Simulated"))
    return Snapshot(
        t_s=float(values.get("Plant.SimulationTimeS", 0.0)),
        habitat=str(values.get("Plant.HabitatName", "")),
        modules=tuple(_truth(build(ModuleState, f"Modules.{i}", i, MODULE, values))
                      for i in objects.get("Modules", ())),
        interconnects=tuple(_crack(build(InterconnectState, f"Interconnects.{i}", i,
                                         INTERCONNECT, values), simulated)
                            for i in objects.get("Interconnects", ())),
        units=tuple(build(UnitState, f"Equipment.{i}", i, UNIT_TYPES.get(
            str(values.get(f"Equipment.{i}.Kind")), EQUIPMENT), values)
            for i in objects.get("Equipment", ())),
        relays=tuple(build(RelayState, f"Relays.{i}", i, RELAY, values)
                     for i in objects.get("Relays", ())),
        crew=tuple(build(CrewState, f"Crew.{i}", i, CREW_MEMBER, values)
                   for i in objects.get("Crew", ())),
        event_count=int(values.get("Plant.EventCount", 0)),
        simulation=SimulationInfo(int(values.get("Plant.Seed", 0)),
                                  str(values.get("Plant.Scenario", "")) or None)
        if simulated else None,
        link=link)


def _crack(link: InterconnectState, simulated: bool) -> InterconnectState:
    return link if simulated else dataclasses.replace(link, crack_mm=None)


def alarms(values: Values, ids: tuple[str, ...]) -> tuple[AlarmState, ...]:
    """The alarms that are not NORMAL (the server publishes one NORMAL when it clears)."""
    built = (build(AlarmState, f"Alarms.{i}", i, ALARM, values) for i in ids)
    return tuple(a for a in built if a.state != NORMAL)
