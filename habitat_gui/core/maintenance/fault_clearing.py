"""What a finished repair clears. A repair clears a fault only when it removes the fault's
cause: a failure by wear records the component that wore out (``causes``), and the fault goes
once every component recorded for it is repaired; a fault without a recorded cause (a
scenario's) goes with the repair of the worst part, by true condition, of those that cause
that fault on that target."""

from __future__ import annotations

from ..plant.equipment import OFF, Generator
from ..plant.equipment_logic import CORROSION_ACTIONS
from ..plant.world import World
from .live_state import LiveMaintenance
from .records import Component
from .wear import fault_of


UNIT_PARTS = ("generator_stack", "scrubber_bed")  # their unit fails as a whole


def _worst_alike(world: World, state: LiveMaintenance, c: Component) -> str:
    """The worst part, by true condition, of those causing the same fault as ``c``."""
    key = fault_of(world, c)[:2]
    alike = [x for x in state.now(world.t_s) if fault_of(world, x)[:2] == key]
    return min(alike, key=lambda x: (x.condition, x.id)).id


def fault_causes(world: World, state: LiveMaintenance, c: Component) -> tuple[str, ...]:
    """The parts whose repair clears the fault ``c``'s target has now (see module doc): the
    recorded causes, else for a failed unit its worst part; () when it has no such fault."""
    causes = state.causes.get(fault_of(world, c)[:2])
    if causes is not None:
        return causes
    unit = world.units.get(c.target)
    if c.kind in UNIT_PARTS and unit is not None and unit.failed:
        return (_worst_alike(world, state, c),)
    return ()


def removes_cause(world: World, state: LiveMaintenance, c: Component) -> bool:
    """Whether repairing ``c`` removes the cause of its target's fault (see module doc):
    it is a recorded cause and the last one left, or, with none recorded, the worst part."""
    key = fault_of(world, c)[:2]
    causes = state.causes.get(key)
    if causes is not None:
        rest = tuple(x for x in causes if x != c.id)
        if rest:
            state.causes[key] = rest
        else:
            del state.causes[key]
        return c.id in causes and not rest
    return c.id == _worst_alike(world, state, c)


def repair_warning(world: World, state: LiveMaintenance, c: Component) -> str | None:
    """What a confirmation must say when repairing ``c`` will not clear its target's fault:
    it is not the cause, or other causes remain; None otherwise."""
    causes = fault_causes(world, state, c)
    if not causes or causes == (c.id,):
        return None
    rest = [x for x in causes if x != c.id]
    if c.id in causes:
        return (f"Repairing {c.id} alone will not clear {c.target}'s fault: "
                f"{', '.join(rest)} must be repaired too.")
    return (f"Repairing {c.id} will not clear {c.target}'s fault: the cause is "
            f"{', '.join(causes)}.")


def clear_fault(world: World, c: Component) -> str:
    """Undo the model's fault of the component's target; returns what was cleared."""
    target = c.target
    if c.kind == "relay" and target in world.relays:
        relay = world.relays[target]
        if not relay.fused:
            return ""
        relay.fused, relay.changeover_blocked = False, False
        world.update_bay(relay.module)
        return f"{target} unfused"
    if c.kind in ("wiring_harness", "relay"):
        dropped = world.agenda.drop(
            lambda name, args: name in CORROSION_ACTIONS and args[0] == target)
        unit = world.units[target]
        if not dropped and unit.powered:
            return ""
        world.set_power(target, True)
        return f"{target} wiring restored"
    if c.kind in ("generator_stack", "scrubber_bed"):
        unit = world.units[target]
        if not unit.failed:
            return ""
        unit.failed = False
        if isinstance(unit, Generator):
            unit.state = OFF
            world.update_bay(unit.module)
        world.mark_dirty()
        return f"{target} back in service"
    if c.kind == "sensor":
        sensor = world.sensors[target]
        if not (sensor.gain or sensor.bias or sensor.drift_per_s):
            return ""
        sensor.gain = sensor.bias = sensor.drift_per_s = 0.0
        world.sensors_changed()
        return f"{target} recalibrated"
    if c.kind == "interconnect_seal":
        link = world.links[target]
        if not link.crack_mm:
            return ""
        link.crack_mm = 0.0
        world.mark_dirty()
        return f"{target} seal crack closed"
    i = world.index[c.module]  # hull seal or make-up valve: the module's holes
    holes = [h for h in world.holes if h.module == i]
    if not holes:
        return ""
    world.holes = [h for h in world.holes if h.module != i]
    world.mark_dirty()
    return f"{c.module} leak patched"
