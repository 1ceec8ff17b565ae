"""The base of every operator command and the checks commands share.

A command is a frozen dataclass whose fields are its arguments; :meth:`Command.check` raises
:class:`Rejected` with the reason when it may not run now, :meth:`Command.apply` carries it
out. The shared checks are interlocks on modules, hatches and lock-outs and the crew's route.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from dataclasses import dataclass
from typing import ClassVar

from ...contract.commands import Command as Request
from ..maintenance import live
from ..plant import equalisation
from ..plant.interconnects import Link
from ..plant.world import World


class Rejected(Exception):
    """A command refused by validation or an interlock; the message is the reason."""


@dataclass(frozen=True)
class Command:
    """Base of every command; fields are its arguments."""

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    least_role: ClassVar[str] = "operator"  # the least role that may send it (see ROLES)

    def args(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def text(self) -> str:
        return self.request().text()

    def request(self) -> Request:
        """This command as it crosses the seam: its name and arguments."""
        return Request.of(self.name, **self.args())

    def check(self, world: World) -> None:
        """Raise :class:`Rejected` with a reason when the command may not run now."""

    def apply(self, world: World) -> str:
        """Carry the command out; return what it did."""
        raise NotImplementedError

    def hazard(self, world: World) -> str | None:
        """What a confirmation must say before this runs, or None if it needs none."""
        return None


def module_index(world: World, module: str) -> int:
    """The index of ``module``; Rejected when the colony has no such module."""
    if module not in world.index:
        raise Rejected(f"unknown module {module!r}; expected one of {', '.join(world.module_ids)}")
    return world.index[module]


def route(world: World, start: int, goal: int) -> list[Link] | None:
    """Fewest-hatch path through interconnects that are not sealed."""
    previous: dict[int, tuple[int, Link] | None] = {start: None}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        if here == goal:
            path = []
            while previous[here] is not None:
                here, link = previous[here]  # type: ignore[misc]
                path.append(link)
            return path[::-1]
        for link in world.links.values():
            if link.state == "sealed" or here not in (link.a, link.b):
                continue
            there = link.b if here == link.a else link.a
            if there not in previous:
                previous[there] = (here, link)
                queue.append(there)
    return None


def differential_check(world: World, link: Link) -> None:
    """Interlock: a hatch is not opened across more than the automation's pressure
    differential; the reason says how long its equalisation valve takes to bring it within."""
    a, b = world.module_ids[link.a], world.module_ids[link.b]
    dp = abs(world.measured_value(a, "pressure") - world.measured_value(b, "pressure"))
    limit = world.habitat.automation.hatch_max_differential_kpa
    if dp <= limit:
        return
    if link.pev_mm <= 0:
        remedy = "the hatch cannot be opened safely"
    else:
        wait = f"{equalisation.in_words(equalisation.across(world, link))} to within {limit:g} kPa"
        remedy = (f"its equalisation valve is open, {wait}" if link.pev_open
                  else f"open the equalisation valve first ({wait})")
    raise Rejected(f"pressure differential {dp:.1f} kPa across {link.id} exceeds {limit:g} kPa: "
                   f"{remedy}")


def lock_check(world: World, target: str) -> None:
    """Interlock: a unit, relay or hatch locked out for a repair is not run or opened."""
    if (reason := live.lock_reason(world, target)) is not None:
        raise Rejected(reason)


def walk_check(world: World, path: list[Link]) -> None:
    """Interlock: people on foot open and shut every closed hatch on their way, so none of
    them may be locked out or held shut by a pressure difference."""
    for link in path:
        if link.state == "closed":
            lock_check(world, link.id)
            differential_check(world, link)
