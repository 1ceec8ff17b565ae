"""Conditions evaluated on what a plant source publishes: a snapshot and its alarms, the
same data the panel shows, so the panel and the checker judge a step alike."""

from __future__ import annotations

from collections.abc import Iterable

from ...contract.alarms import AlarmState
from ...contract.state import Snapshot
from .definition import (AlarmActive, AllOf, AnyOf, Condition, Differential, Not, Reading,
                         StateIs)


def value(reading: Reading, snapshot: Snapshot) -> float:
    """The present value of what ``reading`` watches, as the instruments report it."""
    module = snapshot.module(reading.module)
    if reading.quantity == "crew_count":
        return float(module.crew_count)
    if reading.quantity == "o2_reserve_kg":
        return module.o2_reserve_kg
    return float(getattr(module.reading, reading.quantity))


def differential(condition: Differential, snapshot: Snapshot) -> float:
    """The measured pressure difference across the watched interconnect, kPa."""
    a, b = (snapshot.module(m).reading.pressure_kpa
            for m in snapshot.interconnect(condition.interconnect).between)
    return abs(a - b)


def holds(condition: Condition, snapshot: Snapshot,
          alarms: Iterable[AlarmState]) -> bool:
    """Whether ``condition`` holds for this snapshot and these alarm states."""
    alarms = tuple(alarms)
    if isinstance(condition, (Reading, Differential)):
        v = value(condition, snapshot) if isinstance(condition, Reading) \
            else differential(condition, snapshot)
        return ((condition.above is None or v > condition.above)
                and (condition.below is None or v < condition.below))
    if isinstance(condition, AlarmActive):
        return any(a.id == condition.alarm and a.active for a in alarms)
    if isinstance(condition, StateIs):
        return _state(condition, snapshot) == condition.state
    if isinstance(condition, AllOf):
        return all(holds(c, snapshot, alarms) for c in condition.items)
    if isinstance(condition, AnyOf):
        return any(holds(c, snapshot, alarms) for c in condition.items)
    return not holds(condition.item, snapshot, alarms)


def observed(condition: Condition, snapshot: Snapshot) -> str:
    """What the watched values read now (``hab-3 ppO2 18.4 kPa``), for the step's line."""
    if isinstance(condition, Reading):
        return f"{condition.module} {condition.quantity} {value(condition, snapshot):.4g}"
    if isinstance(condition, Differential):
        return f"{condition.interconnect} differential {differential(condition, snapshot):.2f} kPa"
    if isinstance(condition, StateIs):
        return f"{condition.target} {_state(condition, snapshot)}"
    if isinstance(condition, (AllOf, AnyOf)):
        return ", ".join(filter(None, (observed(c, snapshot) for c in condition.items)))
    if isinstance(condition, Not):
        return observed(condition.item, snapshot)
    return ""


def _state(condition: StateIs, snapshot: Snapshot) -> str:
    if condition.part == "unit":
        return snapshot.unit(condition.target).state
    if condition.part == "relay":
        return snapshot.relay(condition.target).state
    link = snapshot.interconnect(condition.target)
    if condition.part == "pev":
        return "open" if link.pev_open else "closed"
    return link.state
