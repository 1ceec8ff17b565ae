"""Commands on the alarms: acknowledge, shelve and unshelve, out of and back into service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..plant.world import World
from .alarm_board import MAX_SHELVE_MIN, AlarmBoard, AlarmInstance
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


@dataclass(frozen=True)
class Shelve(Command):
    alarm: str
    minutes: str
    name: ClassVar[str] = "shelve"
    summary: ClassVar[str] = "take an alarm out of service for a while (it returns by itself)"

    def _minutes(self) -> float:
        try:
            minutes = float(self.minutes)
        except ValueError:
            raise Rejected(f"'minutes' is {self.minutes!r}; expected a number") from None
        if not 0 < minutes <= MAX_SHELVE_MIN:
            raise Rejected(f"'minutes' is {minutes:g}; expected more than 0 and at most "
                           f"{MAX_SHELVE_MIN:g}")
        return minutes

    def check(self, world: World) -> None:
        board, inst = _alarm(world, self.alarm)
        self._minutes()
        if inst.mode:
            raise Rejected(f"{self.alarm} is {inst.mode}: return it to service first")

    def apply(self, world: World) -> str:
        return _board(world).shelve(self.alarm, world.t_s, self._minutes())


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
    name: ClassVar[str] = "out_of_service"
    summary: ClassVar[str] = "take an alarm out of service (maintenance) until returned"

    def check(self, world: World) -> None:
        _, inst = _alarm(world, self.alarm)
        if inst.mode == "OUT-OF-SERVICE":
            raise Rejected(f"{self.alarm} is already out of service")

    def apply(self, world: World) -> str:
        return _board(world).remove_from_service(self.alarm, world.t_s)

    def hazard(self, world: World) -> str | None:
        return f"{self.alarm} will not sound or show until it is returned to service."


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
