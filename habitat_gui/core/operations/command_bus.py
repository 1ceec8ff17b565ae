"""Operator commands: one path for every source (panel, scenario, CLI).

Each command passes role check -> validation -> interlocks -> execution -> audit record.
The role check: an observer sends nothing, and a command whose ``least_role`` is
supervisor (``inject_fault``) is refused to an operator.
A rejected command changes nothing and says why. The commands themselves are
:mod:`.plant_commands`, :mod:`.alarm_commands`, :mod:`.maintenance_commands` and
:mod:`.fault_commands`, on the base of :mod:`.command_base`.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any

from ...contract.commands import Command as Request
from ...contract.commands import parse as parse_request
from ...contract.events import CommandRecord
from ..plant.world import World
from .alarm_commands import (Acknowledge, RemoveFromService, ReturnToService, Shelve,
                             Unshelve)
from .command_base import Command, Rejected
from .fault_commands import InjectFault
from .maintenance_commands import CancelRepair, Inspect, Repair
from .plant_commands import (Close, CloseEqualisation, DoffMask, DonMask, Evacuate, Open,
                             OpenEqualisation, Override, ReleaseOverride, Seal,
                             StartConcentrator, StopConcentrator, SwitchGenerator, Unseal)
from .procedure_commands import SignStep

ROLES = ("operator", "supervisor", "observer")
RANK = {"observer": 0, "operator": 1, "supervisor": 2}  # a role may send what ranks below

COMMANDS: dict[str, type[Command]] = {c.name: c for c in (
    Open, Close, Seal, Unseal, OpenEqualisation, CloseEqualisation, SwitchGenerator, Evacuate,
    DonMask, DoffMask, StartConcentrator, StopConcentrator, Override, ReleaseOverride,
    Acknowledge, Shelve, Unshelve, RemoveFromService, ReturnToService, Inspect, Repair,
    CancelRepair, SignStep, InjectFault)}


def build(name: str, args: dict[str, Any]) -> Command:
    """Make a command from its name and arguments (those with a default may be left out);
    raises Rejected when they do not fit."""
    cls = COMMANDS.get(name)
    if cls is None:
        raise Rejected(f"unknown command {name!r}; expected one of {', '.join(COMMANDS)}")
    fields = [f.name for f in dataclasses.fields(cls)]
    unknown = [k for k in args if k not in fields]
    missing = [f.name for f in dataclasses.fields(cls)
               if f.name not in args and f.default is dataclasses.MISSING]
    if unknown or missing:
        raise Rejected(f"{name} takes {' '.join(f + '=...' for f in fields)}"
                       + (f"; unknown {', '.join(unknown)}" if unknown else "")
                       + (f"; missing {', '.join(missing)}" if missing else ""))
    bad = [k for k, v in args.items() if not isinstance(v, str)]
    if bad:
        raise Rejected(f"{name}: {', '.join(bad)} must be text")
    return cls(**args)


def parse(text: str) -> Command:
    """Parse ``'evacuate module=hab-3 to=hab-2'``; Rejected says what does not fit."""
    try:
        request = parse_request(text)
    except ValueError as exc:
        raise Rejected(str(exc)) from None
    return build(request.name, request.arguments)


class CommandBus:
    """The one path every command takes, with its audit log."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.history: list[CommandRecord] = []
        self.listeners: list[Callable[[CommandRecord], None]] = []  # told of every record

    def check(self, command: Command | Request, role: str = "operator") -> str | None:
        """Why ``command`` would be refused now, or None if it would be accepted: the checks
        :meth:`submit` makes, changing nothing."""
        try:
            self._admit(command, role).check(self.world)
        except Rejected as exc:
            return str(exc)
        return None

    def submit(self, command: Command | Request, who: str = "operator",
               role: str = "operator") -> CommandRecord:
        world = self.world
        request = command if isinstance(command, Request) else command.request()
        try:
            handler = self._admit(command, role)
            handler.check(world)
            outcome, reason = "accepted", handler.apply(world)
        except Rejected as exc:
            outcome, reason = "rejected", str(exc)
        args = request.arguments
        record = CommandRecord(len(self.history) + 1, who, role, world.t_s, time.time(),
                               request.name, args, outcome, reason)
        self.history.append(record)
        world.log("command", who, f"{request.text()}: {outcome}: {reason}",
                  command=request.name, args=args, outcome=outcome, reason=reason, who=who)
        for listen in self.listeners:
            listen(record)
        return record

    @staticmethod
    def _admit(command: Command | Request, role: str) -> Command:
        """The command's handler, once the role may send it (else Rejected)."""
        if role not in ROLES:
            raise Rejected(f"unknown role {role!r}")
        if role == "observer":
            raise Rejected("the observer role is read-only")
        handler = build(command.name, command.arguments) if isinstance(command, Request) \
            else command
        if RANK[role] < RANK[handler.least_role]:
            raise Rejected(f"{handler.name} needs the {handler.least_role} role; "
                           f"{role} may not send it")
        return handler
