"""Lock-out/tag-out of repairs: from the acceptance to the end of a job, the unit, relay or
hatch the component belongs to is locked out (``locked_for``): automation neither starts it
nor changes over to it, and commands that would run or open it are refused."""

from __future__ import annotations

from typing import Any

from ..plant.equipment import Generator, Relay
from ..plant.world import World
from .live_state import LiveMaintenance
from .records import ACTIVE_REPAIR

LOCKABLE = ("units", "relays", "links")  # what a repair locks out, by the world's mapping


def lockable(world: World, target: str) -> Any:
    """The unit, relay or interconnect ``target`` names (None for a sensor)."""
    return next((getattr(world, name)[target] for name in LOCKABLE
                 if target in getattr(world, name)), None)


def relock(world: World, state: LiveMaintenance, target: str) -> None:
    """Lock ``target`` out while a repair on it is under way; free it after the last one."""
    thing = lockable(world, target)
    if thing is None:
        return
    job = next((j for j in state.repairs if j.state in ACTIVE_REPAIR
                and state.components[j.component].target == target), None)
    locked = job.component if job is not None else ""
    if thing.locked_for == locked:
        return
    thing.locked_for = locked
    world.mark_dirty()
    if locked:
        return
    if isinstance(thing, Relay):
        thing.changeover_blocked = thing.fused
        world.update_bay(thing.module)
    elif isinstance(thing, Generator):
        world.update_bay(thing.module)
