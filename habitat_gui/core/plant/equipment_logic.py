"""Equipment logic of the world: each generator bay and its changeover relay, warm-ups,
power to the units and the dropouts of corroded wiring."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...contract.timefmt import duration
from .agenda import action
from .equipment import FAILED, NO_WATER, OFF, ON, WARMUP, Generator

if TYPE_CHECKING:
    from .world import World


class EquipmentLogic:
    """The world's generator bays and unit power; works on the world's equipment."""

    def __init__(self, world: World) -> None:
        self.world = world

    def generators(self, module: str) -> dict[str, Generator]:
        return {g.role: g for g in self.world.generator_units if g.module == module}

    def update_bay(self, module: str) -> None:
        """Apply the relay: changeover on failure, then start or stop each generator."""
        world = self.world
        relay = world.relays[f"{module}.relay"]
        gens = self.generators(module)
        selected = gens.get(relay.position)
        other_role = "backup" if relay.position == "primary" else "primary"
        other = gens.get(other_role)
        if (selected is not None and selected.failed and relay.override is None
                and other is not None and not other.failed and not other.locked_for):
            if relay.fused or relay.locked_for:
                if not relay.changeover_blocked:
                    relay.changeover_blocked = True
                    why = "is fused" if relay.fused else "is locked out for a repair"
                    world.log("automation", relay.id, f"{relay.id} {why}: changeover to "
                              f"{other_role} did not happen")
            else:
                relay.position = other_role
                world.log("automation", relay.id, f"{relay.id} changed over to {other_role} "
                          f"({other.id}) after {selected.id} failed")
        for role, gen in gens.items():
            wanted = (gen.override == "on" if gen.override is not None
                      else relay.position == role and gen.spec.running)
            self._drive_generator(gen, wanted)

    def _drive_generator(self, gen: Generator, wanted: bool) -> None:
        world = self.world
        previous = gen.state
        if gen.failed:
            gen.state = FAILED
        elif not wanted or not gen.powered or gen.locked_for:
            gen.state = OFF
        elif world.water.empty(gen.module):
            gen.state = NO_WATER
        elif gen.state in (OFF, NO_WATER):
            gen.state = WARMUP
            gen.warm_at_s = world.t_s + gen.spec.warmup_min * 60.0
            world.schedule(gen.warm_at_s, "_warmed", gen.id, gen.warm_at_s)
        if gen.state != previous:
            world.mark_dirty()
            if gen.state == WARMUP:
                world.log("automation", gen.id, f"{gen.id} warming up "
                          f"({duration(gen.spec.warmup_min * 60.0)})")
            elif gen.state == OFF and gen.powered:
                world.log("automation", gen.id, f"{gen.id} stopped")

    def set_power(self, unit_id: str, powered: bool) -> None:
        world = self.world
        unit = world.units[unit_id]
        if unit.powered == powered:
            return
        unit.powered = powered
        world.mark_dirty()
        world.log("fault" if not powered else "automation", unit_id,
                  f"{unit_id} {'lost power' if not powered else 'power restored'}")
        if isinstance(unit, Generator):
            self.update_bay(unit.module)


@action("_warmed")
def _warmed(world: World, unit_id: str, warm_at_s: float) -> None:
    """A generator's warm-up is over, unless it was stopped or started again meanwhile."""
    gen = world.units[unit_id]
    assert isinstance(gen, Generator)
    if gen.state == WARMUP and gen.warm_at_s == warm_at_s:
        gen.state = ON
        world.mark_dirty()
        world.log("automation", gen.id, f"{gen.id} ON at {gen.setting_pct} %")


@action("corrosion_dropout")
def corrosion_dropout(world: World, unit_id: str, mean_interval_s: float,
                      outage_s: float) -> None:
    """Corroded wiring: the unit loses power for a while, then the cycle repeats."""
    world.set_power(unit_id, False)
    world.schedule(world.t_s + outage_s * (0.5 + world.rng.random()), "corrosion_restore",
                   unit_id, mean_interval_s, outage_s)


@action("corrosion_restore")
def corrosion_restore(world: World, unit_id: str, mean_interval_s: float,
                      outage_s: float) -> None:
    world.set_power(unit_id, True)
    world.schedule(world.t_s + world.rng.exponential(mean_interval_s), "corrosion_dropout",
                   unit_id, mean_interval_s, outage_s)


CORROSION_ACTIONS = ("corrosion_dropout", "corrosion_restore")  # a corroded unit's cycle
