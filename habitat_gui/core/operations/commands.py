"""Operator commands: one path for every source (panel, scenario, CLI).

Each command passes role check -> validation -> interlocks -> execution -> audit record.
A rejected command changes nothing and says why.
"""

from __future__ import annotations

import dataclasses
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, ClassVar

from ...contract.commands import Command as Request
from ...contract.commands import parse as parse_request
from ...contract.events import CommandRecord
from .. import constants as C
from ..maintenance import audit as M
from ..maintenance import live
from ..plant.equipment import Relay
from ..plant.interconnects import Link
from ..plant.world import World

ROLES = ("operator", "supervisor", "observer")


class Rejected(Exception):
    """A command refused by validation or an interlock; the message is the reason."""


@dataclass(frozen=True)
class Command:
    """Base of every command; fields are its arguments."""

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""

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


# ----------------------------------------------------------------------------- helpers
def _link(world: World, interconnect: str) -> Link:
    link = world.links.get(interconnect)
    if link is None:
        raise Rejected(f"unknown interconnect {interconnect!r}; expected one of "
                       f"{', '.join(world.links)}")
    return link


def _module(world: World, module: str) -> int:
    if module not in world.index:
        raise Rejected(f"unknown module {module!r}; expected one of {', '.join(world.module_ids)}")
    return world.index[module]


def _in_transit(world: World, link: Link) -> int:
    return sum(1 for p in world.crew if p.moving_to is not None and link.id in p.route)


def _differential_check(world: World, link: Link) -> None:
    a, b = world.module_ids[link.a], world.module_ids[link.b]
    dp = abs(world.measured_value(a, "pressure") - world.measured_value(b, "pressure"))
    limit = world.habitat.automation.hatch_max_differential_kpa
    if dp > limit:
        raise Rejected(f"pressure differential {dp:.1f} kPa across {link.id} exceeds "
                       f"{limit:g} kPa: the hatch cannot be opened safely")


def _occupants(world: World, i: int) -> int:
    return sum(1 for p in world.crew if p.module == i)


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


def _lock_check(world: World, target: str) -> None:
    """Interlock: a unit, relay or hatch locked out for a repair is not run or opened."""
    if (reason := live.lock_reason(world, target)) is not None:
        raise Rejected(reason)


def _selection_check(world: World, relay: Relay, role: str) -> None:
    """Interlock: the relay may not move, nor select the ``role`` generator, while either is
    locked out for a repair."""
    _lock_check(world, relay.id)
    if (generator := world.generators(relay.module).get(role)) is not None:
        _lock_check(world, generator.id)


def _walk_check(world: World, path: list[Link]) -> None:
    """Interlock: people on foot open and shut every closed hatch on their way, so none of
    them may be locked out or held shut by a pressure difference."""
    for link in path:
        if link.state == "closed":
            _lock_check(world, link.id)
            _differential_check(world, link)


def _hatch_command(state_from: tuple[str, ...], state_to: str, verb: str):
    """Build the check/apply pair shared by open, close, seal and unseal."""

    def check(self: Any, world: World) -> None:
        link = _link(world, self.interconnect)
        if link.state == state_to:
            raise Rejected(f"{link.id} is already {state_to}")
        if link.state not in state_from:
            hint = "unseal it first" if link.state == "sealed" else f"it is {link.state}"
            raise Rejected(f"{link.id} is {link.state}: {hint}")
        if state_to == "open":
            _lock_check(world, link.id)
            _differential_check(world, link)
        elif (moving := _in_transit(world, link)):
            raise Rejected(f"{moving} crew are passing through {link.id}")

    def apply(self: Any, world: World) -> str:
        link = world.links[self.interconnect]
        link.state = state_to
        world.mark_dirty()
        return f"{link.id} {verb}"

    return check, apply


@dataclass(frozen=True)
class Open(Command):
    interconnect: str
    name: ClassVar[str] = "open"
    summary: ClassVar[str] = "open a closed hatch"
    check, apply = _hatch_command(("closed",), "open", "opened")


@dataclass(frozen=True)
class Close(Command):
    interconnect: str
    name: ClassVar[str] = "close"
    summary: ClassVar[str] = "close an open hatch (no flow)"
    check, apply = _hatch_command(("open",), "closed", "closed")


@dataclass(frozen=True)
class Seal(Command):
    interconnect: str
    name: ClassVar[str] = "seal"
    summary: ClassVar[str] = "close and seal a hatch pressure-tight"
    check, apply = _hatch_command(("open", "closed"), "sealed", "sealed")

    def hazard(self, world: World) -> str | None:
        link = world.links.get(self.interconnect)
        if link is None:
            return None
        a, b = _occupants(world, link.a), _occupants(world, link.b)
        if a and b:
            return (f"Seals {link.id} with {a} people in {world.module_ids[link.a]} and {b} in "
                    f"{world.module_ids[link.b]}: nobody can pass until it is unsealed.")
        return None


@dataclass(frozen=True)
class Unseal(Command):
    interconnect: str
    name: ClassVar[str] = "unseal"
    summary: ClassVar[str] = "release a sealed hatch (it stays closed)"
    check, apply = _hatch_command(("sealed",), "closed", "unsealed (closed)")


@dataclass(frozen=True)
class SwitchGenerator(Command):
    module: str
    to: str
    name: ClassVar[str] = "switch_generator"
    summary: ClassVar[str] = "select the primary or backup O2 generator by hand"

    def check(self, world: World) -> None:
        _module(world, self.module)
        relay = world.relays.get(f"{self.module}.relay")
        if relay is None:
            raise Rejected(f"{self.module} has no O2 generators")
        if self.to not in ("primary", "backup"):
            raise Rejected(f"'to' is {self.to!r}; expected primary or backup")
        target = world.generators(self.module).get(self.to)
        if target is None:
            raise Rejected(f"{self.module} has no {self.to} generator")
        if target.failed:
            raise Rejected(f"{target.id} has FAILED")
        _selection_check(world, relay, self.to)
        if relay.override is not None:
            raise Rejected(f"{relay.id} is overridden to {relay.override}; release it first")
        if relay.position == self.to:
            raise Rejected(f"{relay.id} already selects the {self.to} generator")

    def apply(self, world: World) -> str:
        relay = world.relays[f"{self.module}.relay"]
        relay.position = self.to
        world.update_bay(self.module)
        bypass = " by hand past the fused relay" if relay.fused else ""
        return f"{self.module} switched to the {self.to} generator{bypass}"


@dataclass(frozen=True)
class Evacuate(Command):
    module: str
    to: str
    name: ClassVar[str] = "evacuate"
    summary: ClassVar[str] = "move everyone in a module to another module"

    def _plan(self, world: World) -> tuple[list[Link], list[int]]:
        start, goal = _module(world, self.module), _module(world, self.to)
        if start == goal:
            raise Rejected("the target is the module being evacuated")
        people = [k for k, p in enumerate(world.crew) if p.module == start and p.moving_to is None]
        if not people:
            raise Rejected(f"nobody to evacuate in {self.module}")
        path = route(world, start, goal)
        if path is None:
            sealed = [k.id for k in world.links.values() if k.state == "sealed"]
            raise Rejected(f"no path from {self.module} to {self.to}"
                           + (f": sealed {', '.join(sealed)}" if sealed else ""))
        _walk_check(world, path)
        ppo2 = world.measured_value(self.to, "o2")
        pressure = world.measured_value(self.to, "pressure")
        co2 = world.measured_value(self.to, "co2")
        if ppo2 < C.PPO2_DANGER_KPA:
            raise Rejected(f"{self.to} is unsafe: ppO2 {ppo2:.1f} kPa < {C.PPO2_DANGER_KPA:g} kPa")
        if pressure < C.EVACUATION_PRESSURE_KPA:
            raise Rejected(f"{self.to} is unsafe: pressure {pressure:.1f} kPa < "
                           f"{C.EVACUATION_PRESSURE_KPA:g} kPa")
        if co2 > C.CO2_EMERGENCY_PPM:
            raise Rejected(f"{self.to} is unsafe: CO2 {co2:.0f} ppm > {C.CO2_EMERGENCY_PPM:g} ppm")
        return path, people

    def check(self, world: World) -> None:
        self._plan(world)

    def apply(self, world: World) -> str:
        path, people = self._plan(world)
        auto = world.habitat.automation
        for link in path:
            if link.state == "closed":
                link.state = "open"
                world.mark_dirty()
        route_ids = tuple(link.id for link in path)
        goal = world.index[self.to]
        for order, k in enumerate(people, start=1):
            person = world.crew[k]
            live.interrupt(world, person.name, f"{person.name} evacuated from {self.module}")
            person.moving_to, person.route = goal, route_ids
            person.arrive_at_s = (world.t_s + len(path) * auto.walk_s_per_module
                                  + order * auto.hatch_s_per_person)
            world.schedule(person.arrive_at_s, "_arrive", person.name)
        return (f"{len(people)} people leaving {self.module} for {self.to} via "
                f"{', '.join(route_ids)}")

    def hazard(self, world: World) -> str | None:
        start = world.index.get(self.module)
        goal = world.index.get(self.to)
        if start is None or goal is None:
            return None
        leaving = _occupants(world, start)
        return (f"Moves {leaving} people from {self.module} to {self.to}; {self.to} will hold "
                f"{leaving + _occupants(world, goal)}.")


def _unit_choices(world: World, unit: str) -> tuple[str, ...]:
    if unit in world.relays:
        return ("primary", "backup")
    if unit in world.units:
        return ("on", "off")
    raise Rejected(f"unknown unit {unit!r}")


@dataclass(frozen=True)
class Override(Command):
    unit: str
    state: str
    name: ClassVar[str] = "override"
    summary: ClassVar[str] = "force a unit ON/OFF or the relay to a position"

    def check(self, world: World) -> None:
        choices = _unit_choices(world, self.unit)
        if self.state not in choices:
            raise Rejected(f"'state' is {self.state!r}; expected {' or '.join(choices)}")
        if (world.relays.get(self.unit) or world.units[self.unit]).override == self.state:
            raise Rejected(f"{self.unit} is already forced {self.state}")
        unit = world.units.get(self.unit)
        if unit is not None and unit.failed and self.state == "on":
            raise Rejected(f"{self.unit} has FAILED: forcing it on would do nothing")
        if unit is None:
            _selection_check(world, world.relays[self.unit], self.state)
        elif self.state == "on":
            _lock_check(world, self.unit)

    def apply(self, world: World) -> str:
        target = world.relays.get(self.unit) or world.units[self.unit]
        target.override = self.state
        if self.unit in world.relays:
            world.relays[self.unit].position = self.state
        _refresh(world, self.unit)
        return f"{self.unit} forced {self.state.upper()} until released"

    def hazard(self, world: World) -> str | None:
        return f"Forces {self.unit} {self.state.upper()} against automation until released."


@dataclass(frozen=True)
class ReleaseOverride(Command):
    unit: str
    name: ClassVar[str] = "release_override"
    summary: ClassVar[str] = "hand a unit back to automation"

    def check(self, world: World) -> None:
        _unit_choices(world, self.unit)
        target = world.relays.get(self.unit) or world.units[self.unit]
        if target.override is None:
            raise Rejected(f"{self.unit} is not overridden")

    def apply(self, world: World) -> str:
        target = world.relays.get(self.unit) or world.units[self.unit]
        target.override = None
        _refresh(world, self.unit)
        return f"{self.unit} returned to automation"


def _refresh(world: World, unit_id: str) -> None:
    module = world.relays[unit_id].module if unit_id in world.relays \
        else world.units[unit_id].module
    if f"{module}.relay" in world.relays:
        world.update_bay(module)
    world.mark_dirty()


# ----------------------------------------------------------------------------- alarms
def _alarm(world: World, alarm: str):
    board = getattr(world, "alarms", None)
    if board is None:
        raise Rejected("this world has no alarm system")
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
        return world.alarms.acknowledge(self.alarm, world.t_s)


@dataclass(frozen=True)
class Shelve(Command):
    alarm: str
    minutes: str
    name: ClassVar[str] = "shelve"
    summary: ClassVar[str] = "take an alarm out of service for a while (it returns by itself)"

    def _minutes(self) -> float:
        from .alarms import MAX_SHELVE_MIN
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
        return world.alarms.shelve(self.alarm, world.t_s, self._minutes())


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
        return world.alarms.unshelve(self.alarm, world.t_s)


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
        return world.alarms.remove_from_service(self.alarm, world.t_s)

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
        return world.alarms.return_to_service(self.alarm, world.t_s)


# ----------------------------------------------------------------------------- maintenance
@dataclass(frozen=True)
class Inspect(Command):
    module: str
    name: ClassVar[str] = "inspect"
    summary: ClassVar[str] = "audit a module's components (or all), sensors by cross-check"

    def check(self, world: World) -> None:
        if self.module != "all":
            _module(world, self.module)

    def apply(self, world: World) -> str:
        return live.inspect(world, self.module)


def _component(world: World, component: str) -> M.Component:
    c = live.of(world).components.get(component)
    if c is None:
        raise Rejected(f"unknown component {component!r}; expected an id such as "
                       f"hab-3.relay, hab-3.oga-a.stack-1 or hab-3/hab-4.seal-1")
    return c


@dataclass(frozen=True)
class Repair(Command):
    component: str
    person: str
    name: ClassVar[str] = "repair"
    summary: ClassVar[str] = "send a crew member to repair a component (takes the spare parts)"

    def _plan(self, world: World) -> tuple[M.Component, M.Crewmember, list[Link]]:
        state = live.of(world)
        c = _component(world, self.component)
        member = next((p for p in state.crew if p.name == self.person), None)
        if member is None:
            raise Rejected(f"unknown crew member {self.person!r}")
        skill = M.kinds()[c.kind].skill
        if member.level(skill) < 1:
            raise Rejected(f"{self.person} lacks the {skill} skill {c.id} needs")
        if (job := state.active(person=self.person)) is not None:
            raise Rejected(f"{self.person} is busy repairing {job.component}")
        if (job := state.active(component=c.id)) is not None:
            raise Rejected(f"{c.id} is already being repaired by {job.person}")
        person = world.crew[world.crew_index[self.person]]
        if person.moving_to is not None:
            raise Rejected(f"{self.person} is in transit to "
                           f"{world.module_ids[person.moving_to]}")
        for part, count in M.kinds()[c.kind].parts:
            if state.inventory.get(part, 0) < count:
                raise Rejected(f"no spare {part} left (needs {count}, "
                               f"{state.inventory.get(part, 0)} on hand)")
        if (busy := live.running(world, c)) is not None:
            raise Rejected(busy)
        path = route(world, person.module, world.index[c.module])
        if path is None:
            raise Rejected(f"no path for {self.person} from {world.module_ids[person.module]} "
                           f"to {c.module}")
        _walk_check(world, path)
        return c, member, path

    def check(self, world: World) -> None:
        self._plan(world)

    def apply(self, world: World) -> str:
        c, member, path = self._plan(world)
        return live.begin_repair(world, c, member, path)

    def hazard(self, world: World) -> str | None:
        state = live.of(world)
        c = state.components.get(self.component)
        member = next((p for p in state.crew if p.name == self.person), None)
        if c is None or member is None or member.level(M.kinds()[c.kind].skill) < 1:
            return None
        hours = live.work_s(c, member) / C.SECONDS_PER_HOUR
        said = []
        if c.target in world.units:
            said.append(f"{c.target} stays offline while {self.person} works on it "
                        f"({hours:.1f} h).")
        ppo2 = world.measured_value(c.module, "o2")
        co2 = world.measured_value(c.module, "co2")
        if ppo2 < C.PPO2_JUDGEMENT_KPA or co2 > C.CO2_UNDESIRABLE_PPM:
            said.append(f"{self.person} works {hours:.1f} h in {c.module} where ppO2 is "
                        f"{ppo2:.1f} kPa and CO2 {co2:.0f} ppm: hard work there lowers SpO2.")
        return " ".join(said) or None


@dataclass(frozen=True)
class CancelRepair(Command):
    component: str
    name: ClassVar[str] = "cancel_repair"
    summary: ClassVar[str] = "call off a repair (parts go back while the person is walking)"

    def check(self, world: World) -> None:
        _component(world, self.component)
        if live.of(world).active(component=self.component) is None:
            raise Rejected(f"no repair of {self.component} under way")

    def apply(self, world: World) -> str:
        return live.cancel_repair(world, self.component)


COMMANDS: dict[str, type[Command]] = {c.name: c for c in (
    Open, Close, Seal, Unseal, SwitchGenerator, Evacuate, Override, ReleaseOverride,
    Acknowledge, Shelve, Unshelve, RemoveFromService, ReturnToService,
    Inspect, Repair, CancelRepair)}


def build(name: str, args: dict[str, Any]) -> Command:
    """Make a command from its name and arguments; raises Rejected when they do not fit."""
    cls = COMMANDS.get(name)
    if cls is None:
        raise Rejected(f"unknown command {name!r}; expected one of {', '.join(COMMANDS)}")
    fields = [f.name for f in dataclasses.fields(cls)]
    unknown = [k for k in args if k not in fields]
    missing = [k for k in fields if k not in args]
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
        return build(command.name, command.arguments) if isinstance(command, Request) \
            else command
