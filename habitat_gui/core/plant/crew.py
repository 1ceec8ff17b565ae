"""The crew in the world: each person's place, walk and activity, their daily routines on
the agenda, and what one person's breath does to the air."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..constants import GAS_COUNT, METABOLISM_KG_PER_H, SECONDS_PER_HOUR, Gas, kg_per_h_to_mol_per_s
from ..records import FlatRecord
from .agenda import action

if TYPE_CHECKING:
    from .world import World

Schedule = tuple[tuple[float, str], ...]  # (hour of the day, activity from then), by hour


@dataclass
class Person(FlatRecord):
    name: str
    module: int
    activity: str
    schedule: Schedule = ()
    moving_to: int | None = None
    arrive_at_s: float = 0.0
    route: tuple[str, ...] = ()


def _breath_mol_s(rates_kg_per_h: dict[Gas, float]) -> np.ndarray:
    """What one person's breath puts into the air per second, per gas (O2 taken)."""
    row = np.zeros(GAS_COUNT)
    for gas, sign in ((Gas.O2, -1.0), (Gas.CO2, 1.0), (Gas.H2O, 1.0)):
        row[gas] = sign * kg_per_h_to_mol_per_s(rates_kg_per_h[gas], gas)
    return row


BREATH_MOL_S = {activity: _breath_mol_s(rates)
                for activity, rates in METABOLISM_KG_PER_H.items()}


def scheduled_activity(world: World, schedule: Schedule) -> str:
    """What a (non-empty) daily schedule has a person doing at the present hour."""
    hour = (world.t_s / SECONDS_PER_HOUR) % 24.0
    current = [a for h, a in schedule if h <= hour + 1e-9]
    return current[-1] if current else schedule[-1][1]


def resume_routine(world: World, person: Person, schedule: Schedule, activity: str) -> None:
    """The person goes back to ``schedule`` (what it has for now, its next change on the
    agenda) or, without one, to ``activity``."""
    person.schedule = schedule
    waiting = any(name == "_next_activity" and args == (person.name,)
                  for name, args in world.agenda)
    if schedule and not waiting:
        schedule_next_activity(world, person)
    else:
        person.activity = scheduled_activity(world, schedule) if schedule else activity
    world.mark_dirty()


def schedule_next_activity(world: World, person: Person) -> None:
    """The person at what their schedule has for now, and its next change on the agenda."""
    if not person.schedule:
        return
    hour = (world.t_s / SECONDS_PER_HOUR) % 24.0
    activity = scheduled_activity(world, person.schedule)
    if activity != person.activity:
        person.activity = activity
        world.mark_dirty()
    later = [h for h, _ in person.schedule if h > hour + 1e-9]
    next_hour = later[0] if later else person.schedule[0][0] + 24.0
    world.schedule(world.t_s + (next_hour - hour) * SECONDS_PER_HOUR,
                   "_next_activity", person.name)


def set_all_activities(world: World, activity: str) -> None:
    """Every person at ``activity`` from now on, schedules set aside."""
    for person in world.crew:
        person.activity, person.schedule = activity, ()
    world.mark_dirty()


@action("_next_activity")
def _next_activity(world: World, name: str) -> None:
    schedule_next_activity(world, world.crew[world.crew_index[name]])


@action("_arrive")
def _arrive(world: World, name: str) -> None:
    """A walking person arrives, unless stopped on the way or now on a later walk."""
    person = world.crew[world.crew_index[name]]
    if person.moving_to is None or world.t_s < person.arrive_at_s - 1e-9:
        return
    person.module, person.moving_to, person.route = person.moving_to, None, ()
    world.mark_dirty()
    world.log("crew", name, f"{name} arrived in {world.module_ids[person.module]}")
