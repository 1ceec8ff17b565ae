"""What a finished repair clears. A repair clears a fault only when it removes the fault's
cause: a failure by wear, or a scenario's fault that names its ``cause``, records the
component that failed (``causes``), and the fault goes once every component recorded for it
is repaired, whatever kind of part it is (a corroded harness can be why a generator
failed); a fault without a recorded cause goes with the repair of the worst part, by true
condition, of those that cause that fault on that target (for a failed unit, its stacks or
beds)."""

from __future__ import annotations

from ..plant.equipment import OFF, Generator
from ..plant.equipment_logic import CORROSION_ACTIONS
from ..plant.world import World
from .live_state import LiveMaintenance
from .records import Component
from .wear import fault_of

UNIT_PARTS = ("generator_stack", "scrubber_bed")  # their unit fails as a whole
UNIT_FAILURE = {"o2_generator": "generator_failure", "co2_scrubber": "scrubber_failure"}
Key = tuple[str, str]  # (fault, target)


def _worst(world: World, state: LiveMaintenance, key: Key) -> str:
    """The worst part, by true condition, of those whose failure causes the fault ``key``."""
    alike = [x for x in state.now(world.t_s) if fault_of(world, x)[:2] == key]
    return min(alike, key=lambda x: (x.condition, x.id)).id


def _failure(world: World, c: Component) -> Key | None:
    """The failure of ``c``'s unit, when that unit has failed."""
    unit = world.units.get(c.target)
    if unit is None or not unit.failed:
        return None
    return UNIT_FAILURE[unit.kind], c.target


def fault_key(world: World, state: LiveMaintenance, c: Component) -> Key:
    """The fault a repair of ``c`` works on: one it is recorded as causing, else the one
    its kind causes."""
    return next((key for key, causes in state.causes.items() if c.id in causes),
                fault_of(world, c)[:2])


def fault_causes(world: World, state: LiveMaintenance, c: Component) -> tuple[str, ...]:
    """The parts whose repair clears the fault ``c``'s target has now (see module doc): the
    recorded causes, else for a failed unit its worst stack or bed; () when it has none."""
    causes = state.causes.get(fault_key(world, state, c))
    if causes is not None:
        return causes
    failure = _failure(world, c)
    if failure is None:
        return ()
    return state.causes.get(failure) or (_worst(world, state, failure),)


def removes_cause(world: World, state: LiveMaintenance, c: Component) -> Key | None:
    """The fault repairing ``c`` removes (see module doc): the one it is a recorded cause
    of, when it is the last one left, or, with none recorded, the one of its kind when it
    is the worst part; None when it removes none."""
    key = fault_key(world, state, c)
    causes = state.causes.get(key)
    if causes is not None:
        rest = tuple(x for x in causes if x != c.id)
        if rest:
            state.causes[key] = rest
        else:
            del state.causes[key]
        return key if c.id in causes and not rest else None
    return key if c.id == _worst(world, state, key) else None


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


def clear_fault(world: World, key: Key, c: Component) -> str:
    """Undo the model's fault ``key`` (fault, target) that ``c``'s repair removed; returns
    what was cleared ("" when there was nothing to clear)."""
    fault, target = key
    if fault == "relay_fused":
        relay = world.relays[target]
        if not relay.fused:
            return ""
        relay.fused, relay.changeover_blocked = False, False
        world.update_bay(relay.module)
        return f"{target} unfused"
    if fault == "wiring_corrosion":
        dropped = world.agenda.drop(
            lambda name, args: name in CORROSION_ACTIONS and args[0] == target)
        if not dropped and world.units[target].powered:
            return ""
        world.set_power(target, True)
        return f"{target} wiring restored"
    if fault in UNIT_FAILURE.values():
        unit = world.units[target]
        if not unit.failed:
            return ""
        unit.failed = False
        if isinstance(unit, Generator):
            unit.state = OFF
            world.update_bay(unit.module)
        world.mark_dirty()
        return f"{target} back in service"
    if fault == "sensor_miscalibration":
        sensor = world.sensors[target]
        if not (sensor.gain or sensor.bias or sensor.drift_per_s):
            return ""
        sensor.gain = sensor.bias = sensor.drift_per_s = 0.0
        world.sensors_changed()
        return f"{target} recalibrated"
    if fault == "seal_crack":
        link = world.links[target]
        if not link.crack_mm:
            return ""
        link.crack_mm = 0.0
        world.mark_dirty()
        return f"{target} seal crack closed"
    i = world.index[c.module]  # a leak: the module's holes
    holes = [h for h in world.holes if h.module == i]
    if not holes:
        return ""
    world.holes = [h for h in world.holes if h.module != i]
    world.mark_dirty()
    return f"{c.module} leak patched"
