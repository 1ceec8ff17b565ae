"""Commands on maintenance: inspect a module, send someone to repair, call a repair off."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..constants import CO2_UNDESIRABLE_PPM, PPO2_JUDGEMENT_KPA, SECONDS_PER_HOUR
from ..maintenance import fault_clearing, live
from ..maintenance.records import Component, Crewmember, kinds
from ..plant.interconnects import Link
from ..plant.world import World
from .command_base import Command, Rejected, module_index, route, walk_check


@dataclass(frozen=True)
class Inspect(Command):
    module: str
    name: ClassVar[str] = "inspect"
    summary: ClassVar[str] = "audit a module's components (or all), sensors by cross-check"

    def check(self, world: World) -> None:
        if self.module != "all":
            module_index(world, self.module)

    def apply(self, world: World) -> str:
        return live.inspect(world, self.module)


def _component(world: World, component: str) -> Component:
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

    def _plan(self, world: World) -> tuple[Component, Crewmember, list[Link]]:
        state = live.of(world)
        c = _component(world, self.component)
        member = next((p for p in state.crew if p.name == self.person), None)
        if member is None:
            raise Rejected(f"unknown crew member {self.person!r}")
        skill = kinds()[c.kind].skill
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
        for part, count in kinds()[c.kind].parts:
            if state.inventory.get(part, 0) < count:
                raise Rejected(f"no spare {part} left (needs {count}, "
                               f"{state.inventory.get(part, 0)} on hand)")
        if (busy := live.running(world, c)) is not None:
            raise Rejected(busy)
        path = route(world, person.module, world.index[c.module])
        if path is None:
            raise Rejected(f"no path for {self.person} from {world.module_ids[person.module]} "
                           f"to {c.module}")
        walk_check(world, path)
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
        if c is None or member is None or member.level(kinds()[c.kind].skill) < 1:
            return None
        hours = live.work_s(c, member) / SECONDS_PER_HOUR
        said = [warning] if (warning := fault_clearing.repair_warning(world, state, c)) else []
        if c.target in world.units:
            said.append(f"{c.target} stays offline while {self.person} works on it "
                        f"({hours:.1f} h).")
        ppo2 = world.measured_value(c.module, "o2")
        co2 = world.measured_value(c.module, "co2")
        if ppo2 < PPO2_JUDGEMENT_KPA or co2 > CO2_UNDESIRABLE_PPM:
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
