"""Commands on the alarms: acknowledge, shelve and unshelve, out of and back into service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..plant.world import World
from ...contract.alarms import PRIORITIES
from .alarm_board import AlarmBoard, AlarmInstance
from .alarm_definitions import ANALOG, MAX_SHELVE_MIN
from .command_base import Command, Rejected


def _board(world: World) -> AlarmBoard:
    if world.alarms is None:
        raise Rejected("this world has no alarm system")
    return world.alarms


def _alarm(world: World, alarm: str) -> tuple[AlarmBoard, AlarmInstance]:
    board = _board(world)
    if alarm not in board.by_id:
        raise Rejected(f"unknown alarm {alarm!r}; expected an id such as "
                       f"{', '.join(list(board.by_id)[:3])}")
    return board, board.by_id[alarm]


@dataclass(frozen=True)
class Acknowledge(Command):
    alarm: str
    name: ClassVar[str] = "acknowledge"
    summary: ClassVar[str] = "acknowledge an alarm (it clears once its condition is normal)"

    def check(self, world: World) -> None:
        board, inst = _alarm(world, self.alarm)
        state = board.shown_state(inst)
        if state not in ("UNACKNOWLEDGED", "RETURNED-UNACKNOWLEDGED"):
            raise Rejected(f"{self.alarm} is {state}: nothing to acknowledge")

    def apply(self, world: World) -> str:
        return _board(world).acknowledge(self.alarm, world.t_s)


def _reason(reason: str, verb: str) -> str:
    """ISA-18.2: an alarm leaves service only with the operator's reason on record."""
    if not reason.strip():
        raise Rejected(f"'reason' is empty; say why the alarm is {verb}")
    return reason.strip()


@dataclass(frozen=True)
class Shelve(Command):
    alarm: str
    minutes: str
    reason: str
    name: ClassVar[str] = "shelve"
    summary: ClassVar[str] = ("take an alarm out of service for a while, saying why (it returns "
                              "by itself)")

    def _minutes(self, inst: AlarmInstance) -> float:
        try:
            minutes = float(self.minutes)
        except ValueError:
            raise Rejected(f"'minutes' is {self.minutes!r}; expected a number") from None
        longest = min(inst.definition.max_shelve_min, MAX_SHELVE_MIN)
        if not 0 < minutes <= longest:
            raise Rejected(f"'minutes' is {minutes:g}; expected more than 0 and at most "
                           f"{longest:g} for {self.alarm}")
        return minutes

    def check(self, world: World) -> None:
        board, inst = _alarm(world, self.alarm)
        self._minutes(inst)
        _reason(self.reason, "shelved")
        if inst.mode:
            raise Rejected(f"{self.alarm} is {inst.mode}: return it to service first")

    def apply(self, world: World) -> str:
        board, inst = _alarm(world, self.alarm)
        return board.shelve(self.alarm, world.t_s, self._minutes(inst),
                            _reason(self.reason, "shelved"))


@dataclass(frozen=True)
class Unshelve(Command):
    alarm: str
    name: ClassVar[str] = "unshelve"
    summary: ClassVar[str] = "return a shelved alarm to service now"

    def check(self, world: World) -> None:
        _, inst = _alarm(world, self.alarm)
        if inst.mode != "SHELVED":
            raise Rejected(f"{self.alarm} is not shelved")

    def apply(self, world: World) -> str:
        return _board(world).unshelve(self.alarm, world.t_s)


@dataclass(frozen=True)
class RemoveFromService(Command):
    alarm: str
    reason: str
    name: ClassVar[str] = "out_of_service"
    summary: ClassVar[str] = ("take an alarm out of service (maintenance) until returned, "
                              "saying why")

    def check(self, world: World) -> None:
        _, inst = _alarm(world, self.alarm)
        _reason(self.reason, "taken out of service")
        if inst.mode == "OUT-OF-SERVICE":
            raise Rejected(f"{self.alarm} is already out of service")

    def apply(self, world: World) -> str:
        return _board(world).remove_from_service(self.alarm, world.t_s,
                                                 _reason(self.reason, "taken out of service"))

    def hazard(self, world: World) -> str | None:
        inst = _board(world).by_id.get(self.alarm)
        return None if inst is None else coverage(inst)


def coverage(inst: AlarmInstance) -> str:
    """What goes unwatched while ``inst`` is out of service, in words."""
    d = inst.definition
    if d.watch in ANALOG:
        levels = ", ".join(f"{PRIORITIES[level - 1].upper()} {d.when} {value:g} {d.unit}"
                           for level, value in d.limits)
        watched = f"{d.message} on {inst.target} ({d.watch}: {levels})"
    else:
        watched = (f"{inst.target} going {d.state} "
                   f"({PRIORITIES[d.limits[0][0] - 1].upper()})")
    return (f"Nothing will announce {watched} until {inst.id} is returned to "
            f"service. If it happens: {d.consequence}.")


@dataclass(frozen=True)
class ReturnToService(Command):
    alarm: str
    name: ClassVar[str] = "return_to_service"
    summary: ClassVar[str] = "return an out-of-service alarm to service"

    def check(self, world: World) -> None:
        _, inst = _alarm(world, self.alarm)
        if inst.mode != "OUT-OF-SERVICE":
            raise Rejected(f"{self.alarm} is not out of service")

    def apply(self, world: World) -> str:
        return _board(world).return_to_service(self.alarm, world.t_s)
