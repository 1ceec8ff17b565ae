"""OPC UA methods to plant commands: each call becomes a :class:`Command` for the object it
is called on, sent through the source's one command path (``submit``: checked, interlocked
and audited) under an :class:`Operator` named after the session's user. Roles are enforced
here first: an observer's call, or an operator's call of an instructor's method, is refused
with the reason and never reaches the plant. Outputs: Accepted (Boolean), Reason (String).

A command may carry one more text argument after its own, a command id (a station sends a
uuid): the server remembers the outcome of the last :data:`REMEMBERED` ids and answers a
repeated id (a call sent again after the link dropped) with the first outcome, without
carrying the command out again.

The control token (:mod:`.control`) gates every plant command: from a session that does not
hold it, the command and its dry run are refused with the holder named. The token's own
methods (RequestControl, ReleaseControl, TakeControl) and their dry runs are answered by it.
The instructor's drill (:mod:`.drill`: InjectFault, StartScenario) is not gated.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from asyncua import ua

from ..contract.commands import Command, parse
from ..sources.protocol import ClockControl, Operator, PlantSource
from .model import Model
from ..sources.link.schema import (CHECK, CLOCK_METHODS, CONTROL_METHODS, DEBRIEF,
                                   DRILL_METHODS, EVENTS_SINCE, HAZARD, MAX_SPEED,
                                   PLANT_METHODS, TYPES, Method)
from . import drill
from .control import ControlToken, Seat
from .security import LinkUser, session_user

log = logging.getLogger(__name__)

RANK = {"observer": 0, "operator": 1, "instructor": 2}
CORE_ROLE = {"observer": "observer", "operator": "operator", "instructor": "supervisor"}
SPECS = {m.name: m for m in (*(m for t in TYPES for m in t.methods), *PLANT_METHODS,
                             *CLOCK_METHODS, *CONTROL_METHODS, *DRILL_METHODS, CHECK,
                             HAZARD, EVENTS_SINCE, DEBRIEF)}
CONTROL = {m.command: m for m in CONTROL_METHODS}
READS = (CHECK, HAZARD, EVENTS_SINCE, DEBRIEF)  # change nothing
MAX_EVENTS = 1000  # per EventsSince call
REMEMBERED = 1000  # command ids whose outcome is kept

Callback = Callable[..., Awaitable[list[ua.Variant]]]


def _seat(user: LinkUser) -> Seat:
    return Seat(user.name or "", user.plant_role, user.session)


def role_refusal(spec: Method, user: LinkUser) -> str | None:
    """Why ``user``'s role may not call ``spec``, or None."""
    if RANK[user.plant_role] >= RANK[spec.role]:
        return None
    return f"{spec.name} needs the {spec.role} role; {user.name} is {user.plant_role}" \
        if user.plant_role != "observer" else f"the observer role is read-only ({user.name})"


def _answer(accepted: bool, reason: str) -> list[ua.Variant]:
    return [ua.Variant(accepted, ua.VariantType.Boolean),
            ua.Variant(reason, ua.VariantType.String)]


class Methods:
    """The callbacks of every method node; ``after`` runs after each accepted call (the
    server publishes at once, so the caller's next read shows the effect)."""

    def __init__(self, model: Model, source: PlantSource,
                 after: Callable[[], Awaitable[None]], control: ControlToken) -> None:
        self.model = model
        self.source = source
        self.after = after
        self.control = control
        self._callbacks: dict[str, Callback] = {name: self._callback(spec)
                                                for name, spec in SPECS.items()}
        self._outcomes: OrderedDict[str, tuple[bool, str]] = OrderedDict()

    def link(self, names: Sequence[str] | None = None) -> None:
        """Link the method nodes of the objects ``names`` (None: every method node)."""
        for method, nodes in self.model.methods.items():
            for node in nodes:
                owner = str(node.nodeid.Identifier).rsplit(".", 1)[0]
                if names is None or owner in names:
                    self.model.server.link_method(node, self._callbacks[method])

    def _callback(self, spec: Method) -> Callback:
        async def call(parent: ua.NodeId, *inputs: ua.Variant) -> list[ua.Variant]:
            accepted, reason = self.call(spec, parent, [v.Value for v in inputs])
            if accepted and spec not in READS:
                await self.after()
            return _answer(accepted, reason)
        return call

    def call(self, spec: Method, parent: ua.NodeId, inputs: list[Any]) -> tuple[bool, str]:
        user = session_user.get()
        if user is None:
            return False, "no logged-in user on this session"
        reason = role_refusal(spec, user)
        if reason is not None:
            log.info("refused %s for %s: %s", spec.name, user.name, reason)
            return False, reason
        command_id = inputs.pop() if spec not in READS and \
            len(inputs) == len(spec.inputs) + 1 else None
        if len(inputs) != len(spec.inputs) or not all(isinstance(v, str)
                                                      for v in (*inputs, command_id or "")):
            return False, (f"{spec.name} takes {len(spec.inputs)} text argument(s): "
                           f"{', '.join(n for n, _ in spec.inputs) or 'none'}"
                           f"{'' if spec in READS else ', and optionally a CommandId'}")
        if command_id is None:
            return self._carry_out(spec, parent, inputs, user)
        key = f"{user.name}\n{command_id}"
        if key not in self._outcomes:
            self._outcomes[key] = self._carry_out(spec, parent, inputs, user)
            while len(self._outcomes) > REMEMBERED:
                self._outcomes.popitem(last=False)
        return self._outcomes[key]

    def _carry_out(self, spec: Method, parent: ua.NodeId, inputs: list[Any],
                   user: LinkUser) -> tuple[bool, str]:
        args = {arg: value for (_, arg), value in zip(spec.inputs, inputs)}
        owner = self.model.objects.get(str(parent.Identifier)) \
            if parent.NamespaceIndex == self.model.idx else None
        on_plant = parent == self.model.node_id("Plant")
        if (owner is None) if spec.target else not on_plant:
            return False, f"{spec.name} is not a method of {parent.to_string()}"
        if spec in CLOCK_METHODS:
            accepted, reason = self._clock(spec, args)
            log.info("%s by %s (%s): %s", spec.name, user.name, user.plant_role, reason)
            return accepted, reason
        if spec in (CHECK, HAZARD):
            return self._dry_run(spec, args["command"], user)
        if spec == EVENTS_SINCE:
            return self._events(args["index"])
        if spec == DEBRIEF:
            return drill.debrief(self.source)
        if spec in DRILL_METHODS:
            return drill.carry_out(self.source, spec, args, user)
        if spec in CONTROL_METHODS:
            accepted, reason = self.control.carry_out(spec.command, _seat(user),
                                                      args.get("station", ""))
            log.info("%s by %s (%s): %s", spec.name, user.name, user.plant_role, reason)
            return accepted, reason
        gate = self.control.refusal(user.session)
        if gate is not None:
            log.info("refused %s for %s: %s", spec.name, user.name, gate)
            return False, gate
        if owner is not None:
            args = {spec.target: owner[1], **args}
        operator = Operator(user.name or "", CORE_ROLE[user.plant_role])
        record = self.source.submit(Command.of(spec.command, **args), operator)
        return record.outcome == "accepted", record.reason

    def _dry_run(self, spec: Method, text: str, user: LinkUser) -> tuple[bool, str]:
        """Check: (would it be accepted, why not); Hazard: (True, what to confirm or "").
        The token answers for its own commands and gates the plant's (but an observer's,
        which the plant refuses as read-only)."""
        try:
            command = parse(text)
        except ValueError as exc:
            return False, str(exc)
        control = CONTROL.get(command.name)
        if spec == HAZARD:
            hazard = self.control.hazard(command.name) if control else \
                self.source.hazard(command)
            return True, hazard or ""
        if control is not None:
            reason = role_refusal(control, user) or self.control.check(
                command.name, _seat(user), command.arguments.get("station", ""))
        else:
            reason = self.control.refusal(user.session) \
                if user.plant_role != "observer" and command.name not in drill.UNGATED \
                else None
            reason = reason or self.source.check(
                command, Operator(user.name or "", CORE_ROLE[user.plant_role]))
        return reason is None, reason or ""

    def _events(self, index: str) -> tuple[bool, str]:
        if not index.isdigit():
            return False, f"Index is {index!r}; expected a whole number, 0 or more"
        events = self.source.events_since(int(index))[:MAX_EVENTS]
        return True, json.dumps([dataclasses.asdict(e) for e in events], default=str)

    def _clock(self, spec: Method, args: dict[str, str]) -> tuple[bool, str]:
        source = self.source
        if not isinstance(source, ClockControl):
            return False, "this plant's clock is not driven by the server"
        if spec.command == "set_speed":
            try:
                speed = float(args["speed"])
            except ValueError:
                speed = math.nan
            if not 0 < speed <= MAX_SPEED:
                return False, f"Speed is {args['speed']!r}; expected a number in (0, " \
                              f"{MAX_SPEED:g}]"
            source.set_speed(speed)
            return True, f"speed {speed:g}x"
        source.set_paused(spec.command == "pause")
        return True, "paused" if source.paused else "running"
