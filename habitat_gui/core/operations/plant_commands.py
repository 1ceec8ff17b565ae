"""Commands on the plant: hatches and their equalisation valves, the O2 generator switch,
evacuation, overrides, masks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from ..constants import CO2_EMERGENCY_PPM, EVACUATION_PRESSURE_KPA, PPO2_DANGER_KPA
from ..maintenance import live
from ..plant.equipment import Relay
from ..plant.interconnects import Link
from ..plant.masks import Masks
from ..plant.world import World
from .command_base import (Command, Rejected, differential_check, lock_check, module_index,
                           route, walk_check)


def _link(world: World, interconnect: str) -> Link:
    link = world.links.get(interconnect)
    if link is None:
        raise Rejected(f"unknown interconnect {interconnect!r}; expected one of "
                       f"{', '.join(world.links)}")
    return link


def _in_transit(world: World, link: Link) -> int:
    return sum(1 for p in world.crew if p.moving_to is not None and link.id in p.route)


def _occupants(world: World, i: int) -> int:
    return sum(1 for p in world.crew if p.module == i)


def _selection_check(world: World, relay: Relay, role: str) -> None:
    """Interlock: the relay may not move, nor select the ``role`` generator, while either is
    locked out for a repair."""
    lock_check(world, relay.id)
    if (generator := world.generators(relay.module).get(role)) is not None:
        lock_check(world, generator.id)


def _hatch_command(state_from: tuple[str, ...], state_to: str, verb: str):
    """Build the check/apply pair shared by open, close, seal and unseal."""

    def check(self: Any, world: World) -> None:
        link = _link(world, self.interconnect)
        if state_from == ("sealed",) and link.state != "sealed":  # unseal
            raise Rejected(f"{link.id} is not sealed (it is {link.state})")
        if link.state == state_to:
            raise Rejected(f"{link.id} is already {state_to}")
        if link.state not in state_from:
            hint = "unseal it first" if link.state == "sealed" else f"it is {link.state}"
            raise Rejected(f"{link.id} is {link.state}: {hint}")
        if state_to == "open":
            lock_check(world, link.id)
            differential_check(world, link)
        elif (moving := _in_transit(world, link)):
            raise Rejected(f"{moving} crew are passing through {link.id}")
        if state_to == "sealed" and link.pev_open:
            raise Rejected(f"{link.id}'s equalisation valve is open: close it first")

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


def _valve_command(opening: bool):
    """Build the check/apply pair of open_equalisation and close_equalisation."""
    verb = "opened" if opening else "closed"

    def check(self: Any, world: World) -> None:
        link = _link(world, self.interconnect)
        if link.pev_mm <= 0:
            raise Rejected(f"{link.id} has no equalisation valve")
        if link.pev_open == opening:
            raise Rejected(f"{link.id}'s equalisation valve is already "
                           f"{'open' if opening else 'closed'}")
        if not opening:
            return
        if link.state == "sealed":
            raise Rejected(f"{link.id} is sealed: its equalisation valve stays shut until it is "
                           "unsealed")
        if link.state == "open":
            raise Rejected(f"{link.id} is open: the pressure is already equal across it")
        lock_check(world, link.id)

    def apply(self: Any, world: World) -> str:
        link = world.links[self.interconnect]
        link.pev_open = opening
        world.mark_dirty()
        return f"{link.id} equalisation valve {verb}"

    return check, apply


@dataclass(frozen=True)
class OpenEqualisation(Command):
    interconnect: str
    name: ClassVar[str] = "open_equalisation"
    summary: ClassVar[str] = "open a shut hatch's pressure equalisation valve"
    check, apply = _valve_command(True)


@dataclass(frozen=True)
class CloseEqualisation(Command):
    interconnect: str
    name: ClassVar[str] = "close_equalisation"
    summary: ClassVar[str] = "close a hatch's pressure equalisation valve"
    check, apply = _valve_command(False)


@dataclass(frozen=True)
class SwitchGenerator(Command):
    module: str
    to: str
    name: ClassVar[str] = "switch_generator"
    summary: ClassVar[str] = "select the primary or backup O2 generator by hand"

    def check(self, world: World) -> None:
        module_index(world, self.module)
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
        start, goal = module_index(world, self.module), module_index(world, self.to)
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
        walk_check(world, path)
        ppo2 = world.measured_value(self.to, "o2")
        pressure = world.measured_value(self.to, "pressure")
        co2 = world.measured_value(self.to, "co2")
        if ppo2 < PPO2_DANGER_KPA:
            raise Rejected(f"{self.to} is unsafe: ppO2 {ppo2:.1f} kPa < {PPO2_DANGER_KPA:g} kPa")
        if pressure < EVACUATION_PRESSURE_KPA:
            raise Rejected(f"{self.to} is unsafe: pressure {pressure:.1f} kPa < "
                           f"{EVACUATION_PRESSURE_KPA:g} kPa")
        if co2 > CO2_EMERGENCY_PPM:
            raise Rejected(f"{self.to} is unsafe: CO2 {co2:.0f} ppm > {CO2_EMERGENCY_PPM:g} ppm")
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
        if start is None or goal is None or start == goal:
            return None
        path = route(world, start, goal)
        if path is None:
            return None
        names = {m.id: m.name for m in world.habitat.modules}
        leaving = _occupants(world, start)
        hatches = ", ".join(link.id for link in path)
        opens = [link.id for link in path if link.state == "closed"]
        here, passing = start, []
        for link in path[:-1]:
            here = link.b if here == link.a else link.a
            passing.append(names[world.module_ids[here]])
        return (f"Move {leaving} people from {names[self.module]} to {names[self.to]} "
                f"through hatch{'es' if len(path) > 1 else ''} {hatches}"
                + (f", passing {', '.join(passing)}" if passing else "")
                + (f"; they will open {', '.join(opens)}" if opens else "")
                + f". {names[self.to]} will then hold {leaving + _occupants(world, goal)}.")


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
            relay = world.relays[self.unit]
            if relay.fused and relay.position == self.state:  # it cannot change over itself
                raise Rejected(f"{self.unit} is fused and already selects the {self.state} "
                               f"generator: nothing to force")
            _selection_check(world, relay, self.state)
        elif self.state == "on":
            lock_check(world, self.unit)

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


def _person(world: World, person: str) -> int:
    k = world.crew_index.get(person)
    if k is None:
        raise Rejected(f"unknown person {person!r}")
    return k


@dataclass(frozen=True)
class _EmergencyO2(Command):
    """A person put on or taken off emergency O2: ``refusal`` and ``carry_out`` are the
    :class:`~..plant.masks.Masks` methods that say why not and do it."""

    person: str
    refusal: ClassVar[Callable[[Masks, World, int], str | None]]
    carry_out: ClassVar[Callable[[Masks, World, int], str]]

    def check(self, world: World) -> None:
        if (why := type(self).refusal(world.masks, world,
                                      _person(world, self.person))) is not None:
            raise Rejected(why)

    def apply(self, world: World) -> str:
        return type(self).carry_out(world.masks, world, _person(world, self.person))


@dataclass(frozen=True)
class DonMask(_EmergencyO2):
    name: ClassVar[str] = "don_mask"
    summary: ClassVar[str] = "put a person on an O2 mask from their module's locker"
    refusal = Masks.why_not_don
    carry_out = Masks.don


@dataclass(frozen=True)
class DoffMask(_EmergencyO2):
    name: ClassVar[str] = "doff_mask"
    summary: ClassVar[str] = "take a person off their O2 mask (back to cabin air)"
    refusal = Masks.why_not_doff
    carry_out = Masks.doff


@dataclass(frozen=True)
class StartConcentrator(_EmergencyO2):
    name: ClassVar[str] = "start_concentrator"
    summary: ClassVar[str] = "put a person on a portable O2 concentrator from their module's locker"
    refusal = Masks.why_not_concentrator
    carry_out = Masks.start_concentrator


@dataclass(frozen=True)
class StopConcentrator(_EmergencyO2):
    name: ClassVar[str] = "stop_concentrator"
    summary: ClassVar[str] = "take a person off their O2 concentrator (back to cabin air)"
    refusal = Masks.why_not_stop
    carry_out = Masks.stop_concentrator
