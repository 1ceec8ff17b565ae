"""Maintenance in the running simulation: wear, failures by wear, inspections and repairs.

The world's components (:mod:`habitat_gui.core.maintenance.audit`) start at the colony's age,
``service_days`` (the scenario's, else the habitat's, else 0: new), and keep decaying in
simulated time by the same closed form. With wear faults on (a scenario's
``wear_faults = true``) each component's failure time is drawn once from its Weibull hazard
conditional on having survived so far (seeded per component id), and the earliest one waits
on the world's agenda; when it comes, the component is at 0 and the model's fault it causes
is injected (a small leak, a cracked seal, corroded wiring, a fused relay, a miscalibrated
sensor, a failed generator or scrubber), logged as a ``fault`` event saying it was wear.
A repaired component is new again and gets a fresh draw. With sensor drift on (a scenario's
``sensor_drift = true``) each sensor's aged calibration error is put into the model sensor at
the start, so the live readings carry it; a repair recalibrates.

Repairs (the ``repair`` command): the named person walks to the module (the evacuation's
walking model), works the job's person-hours x the ``level_time_factor`` of their level in
simulated time with activity ``working`` (more O2, so SpO2 shows the cost in bad air), and at
the end the component is restored to 1. The parts are taken from the inventory when the
command is accepted.

Lock-out/tag-out: from the acceptance to the end of the job, the unit, relay or hatch the
component belongs to is locked out (``locked_for``): automation neither starts it nor changes
over to it, and commands that would run or open it are refused (see :func:`lock_reason`).

A repair clears a fault only when it removes the fault's cause: a failure by wear records the
component that wore out (``causes``), and the fault goes once every component recorded for it
is repaired; a fault without a recorded cause (a scenario's) goes with the repair of the
worst part, by true condition, of those that cause that fault on that target.

A repair ends early, logged with the reason, when it is called off (``cancel_repair``: the
walk stops where the person is) or when the person is moved away (an evacuation) or is not at
the module when the work should begin. Parts go back if the work had not begun; once begun
they are used. The person then returns to their schedule or to what they were doing before.
``inspect`` audits a module (or all) on the live world and puts the findings on record.
"""

from __future__ import annotations

import copy
import math
import zlib
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import numpy as np

from .. import constants as C
from . import audit as M
from ..plant import crew, faults
from ..plant.agenda import action
from ..plant.equipment import FAILED, OFF, Generator, PressureControl, Relay, Scrubber
from ..plant.equipment_logic import CORROSION_ACTIONS
from ..plant.world import World

WEAR_SALT = 0xFA11
LEAK_HOLE_CM = 0.3  # a worn hull seal or make-up valve: a small hole (hours of reserve)
SEAL_CRACK_MM = 0.5  # a worn door seal


@dataclass
class LiveMaintenance:
    """The world's maintenance state (plain data, cheap to copy for clones)."""

    service_days: float  # the colony's age at t = 0
    wear_faults: bool
    components: dict[str, M.Component]  # condition as of ref_t_s
    ref_t_s: dict[str, float]
    crew: tuple[M.Crewmember, ...]
    inventory: dict[str, int]
    record: dict[str, M.Finding]  # the audit on record, per component
    inspected_t_s: dict[str, float] = field(default_factory=dict)
    repairs: list[M.RepairJob] = field(default_factory=list)
    failure_at: dict[str, float] = field(default_factory=dict)
    draws: dict[str, int] = field(default_factory=dict)  # failure draws per component so far
    # person: (schedule, activity) set aside while they work
    stashed: dict[str, tuple[tuple[tuple[float, str], ...], str]] = field(default_factory=dict)
    # (fault, target): the components whose wear caused it
    causes: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    next_wear_s: float = math.inf
    record_version: int = 0  # bumped when the record changes (what the plan is made of)
    _cache: dict[str, tuple[int, Any]] = field(default_factory=dict, repr=False,
                                               compare=False)  # name: (record version, value)

    def __deepcopy__(self, memo: dict[int, Any]) -> "LiveMaintenance":
        twin = copy.copy(self)
        for name in ("components", "ref_t_s", "inventory", "record", "inspected_t_s",
                     "failure_at", "draws", "stashed", "causes", "_cache"):
            setattr(twin, name, dict(getattr(self, name)))
        twin.repairs = list(self.repairs)
        return twin

    def now(self, t_s: float) -> tuple[M.Component, ...]:
        """Every component with its true condition at ``t_s``."""
        return tuple(replace(c, condition=M.condition_at(c, (t_s - self.ref_t_s[cid])
                                                         / C.SECONDS_PER_DAY))
                     for cid, c in self.components.items())

    def active(self, person: str | None = None, component: str | None = None
               ) -> M.RepairJob | None:
        """The repair walking or working for this person or on this component."""
        for job in self.repairs:
            if job.state in M.ACTIVE_REPAIR and (
                    job.person == person or job.component == component):
                return job
        return None


def start(world: Any, service_days: float, wear_faults: bool,
          sensor_drift: bool = False) -> LiveMaintenance:
    """Put the colony's components on ``world`` as they were at t = 0, aged ``service_days``
    (they decay from there), with the crew's skills and the spare parts; with ``wear_faults``
    each component's failure time is drawn from the world's present time on; with
    ``sensor_drift`` the sensors read through their aged calibration errors."""
    habitat = world.habitat
    fleet = M.age(habitat, service_days, world.seed)
    state = LiveMaintenance(service_days, wear_faults, {c.id: c for c in fleet.components},
                   dict.fromkeys((c.id for c in fleet.components), 0.0),
                   M.roster(habitat, world.seed), M.spares(habitat),
                   {f.id: f for f in M.audit(fleet).findings})
    world.maintenance = state
    if sensor_drift:
        _drift_into_sensors(world, state)
    if wear_faults:
        for cid in state.components:
            _draw_failure(world, state, cid)
        _schedule_next(world, state)
    return state


def _drift_into_sensors(world: Any, state: LiveMaintenance) -> None:
    """Each sensor's aged calibration error becomes the model sensor's own gain: the live
    readings carry it, and the audit's cross-check finds it there (not twice)."""
    for cid, c in state.components.items():
        if c.kind == "sensor" and c.error:
            sensor = world.sensors[c.target]
            sensor.gain = (1.0 + sensor.gain) * (1.0 + c.error) - 1.0
            state.components[cid] = replace(c, error=0.0)
    world.read_present()


def of(world: Any) -> LiveMaintenance:
    """The world's maintenance state, started on first use."""
    if world.maintenance is None:
        start(world, world.service_days, False)
    return world.maintenance


# ----------------------------------------------------------------------------- wear faults
def _draw_failure(world: Any, state: LiveMaintenance, cid: str) -> None:
    """When ``cid`` fails, given that it works now: condition is the survival function
    exp(-(rate x age) ** shape), so with u uniform the cumulative hazard at failure is
    (rate x age now) ** shape - ln(1 - u)."""
    c = state.components[cid]
    k = state.draws.get(cid, 0)
    state.draws[cid] = k + 1
    rng = np.random.default_rng([world.seed, WEAR_SALT, zlib.crc32(cid.encode()), k])
    u = float(rng.random())
    now = M.condition_at(c, (world.t_s - state.ref_t_s[cid]) / C.SECONDS_PER_DAY)
    if c.rate_per_day <= 0 or now <= 0:
        return
    shape = M.data().wear_shape
    hazard_now = -math.log(now)
    hazard_then = hazard_now - math.log1p(-u)
    later_days = (hazard_then ** (1.0 / shape) - hazard_now ** (1.0 / shape)) / c.rate_per_day
    state.failure_at[cid] = world.t_s + later_days * C.SECONDS_PER_DAY


def _schedule_next(world: Any, state: LiveMaintenance) -> None:
    """Put the earliest failure on the agenda unless one as early is there already."""
    at = min(state.failure_at.values(), default=math.inf)
    if at < state.next_wear_s:
        state.next_wear_s = at
        if math.isfinite(at):
            world.schedule(at, "_wear_due", at)


def without_wear(world: Any) -> None:
    """No more failures by wear on this world (a forecast does not know when they come)."""
    state = world.maintenance
    if state is not None:
        state.wear_faults, state.failure_at, state.next_wear_s = False, {}, math.inf


def fault_of(world: Any, c: M.Component) -> tuple[str, str, dict[str, float]]:
    """The model's fault a failed component causes: (fault, target, parameters)."""
    kind = M.kinds()[c.kind]
    if kind.fault == "leak":
        return "leak", c.module, {"hole_diameter_cm": LEAK_HOLE_CM}
    if kind.fault == "seal_crack":
        return "seal_crack", c.target, {"crack_mm": SEAL_CRACK_MM}
    if kind.fault == "relay_fused" and c.target not in world.relays:
        return "wiring_corrosion", c.target, {}  # a worn unit contactor chatters
    if kind.fault == "sensor_miscalibration":  # worn further the way it drifted
        drift = c.error or world.sensors[c.target].gain  # the sensor's own with drift on
        sign = 1.0 if drift >= 0 else -1.0
        return kind.fault, c.target, {"gain": sign * M.data().sensor_full_scale_error}
    return kind.fault, c.target, {}


@action("_wear_due")
def _wear_due(world: World, at_s: float) -> None:
    """The earliest failures by wear are due: each component fails and causes its fault."""
    state = world.maintenance
    if state is None or at_s != state.next_wear_s:
        return  # superseded by an earlier failure
    due = sorted((t, cid) for cid, t in state.failure_at.items() if t <= world.t_s + 1e-9)
    for _, cid in due:
        del state.failure_at[cid]
        c = state.components[cid]
        state.components[cid] = replace(c, condition=0.0)
        state.ref_t_s[cid] = world.t_s
        fault, target, params = fault_of(world, c)
        if c.kind == "sensor":  # its error is now the model sensor's own
            state.components[cid] = replace(c, condition=0.0, error=0.0)
        world.log("fault", cid, f"{cid} wore out: {fault.replace('_', ' ')} on {target}",
                  fault=fault, wear=True, component=cid)
        state.causes[fault, target] = state.causes.get((fault, target), ()) + (cid,)
        faults.inject(world, fault, target, params)
    state.next_wear_s = math.inf
    _schedule_next(world, state)


@action("_repair_start")
def _repair_start(world: World, cid: str, started_t_s: float) -> None:
    """The walk is over: the work begins if the person is there (else the job ends)."""
    state = world.maintenance
    job = state.active(component=cid)
    if job is None or job.started_t_s != started_t_s or job.state != "walking":
        return
    person = world.crew[world.crew_index[job.person]]
    c = state.components[cid]
    if person.moving_to is not None or world.module_ids[person.module] != c.module:
        interrupt(world, job.person, f"{job.person} is not in {c.module}")
        return
    state.stashed[job.person] = (person.schedule, person.activity)
    person.activity, person.schedule = "working", ()
    world.mark_dirty()
    done = world.t_s + job.work_s
    _replace_job(state, job, replace(job, state="working", done_t_s=done))
    world.log("maintenance", job.person, f"{job.person} started repairing {cid}",
              component=cid)
    world.schedule(done, "_repair_done", cid, started_t_s)


@action("_repair_done")
def _repair_done(world: World, cid: str, started_t_s: float) -> None:
    """The work is over: the component is new and, if it was the cause, the fault goes."""
    state = world.maintenance
    job = state.active(component=cid)
    if job is None or job.started_t_s != started_t_s or job.state != "working":
        return
    c = state.components[cid]
    _end_job(world, state, job, "done")
    cause = removes_cause(world, state, c)
    state.components[cid] = replace(c, condition=1.0, error=0.0)
    state.ref_t_s[cid] = world.t_s
    cleared = clear_fault(world, c) if cause else ""
    f = state.record[cid]
    state.record[cid] = replace(f, condition=1.0, cls="nominal", p_fail=0.0, priority=0.0,
                                verified=True, note=f"repaired at {world.t_s:.0f} s")
    state.record_version += 1
    world.log("maintenance", cid, f"{job.person} repaired {cid}"
              + (f": {cleared}" if cleared else ""), component=cid, person=job.person)
    if state.wear_faults:
        state.failure_at.pop(cid, None)
        _draw_failure(world, state, cid)
        _schedule_next(world, state)


def _replace_job(state: LiveMaintenance, old: M.RepairJob, new: M.RepairJob) -> None:
    state.repairs[state.repairs.index(old)] = new


def _end_job(world: Any, state: LiveMaintenance, job: M.RepairJob, end: str) -> None:
    """Close the job as ``end`` now: before the work, the parts go back; after it began, the
    person returns to their routine. The lock-out goes with the last job on the target."""
    _replace_job(state, job, replace(job, state=end, done_t_s=world.t_s))
    person = world.crew[world.crew_index[job.person]]
    if job.state == "walking":
        for part, count in job.parts:
            state.inventory[part] = state.inventory.get(part, 0) + count
    else:
        crew.resume_routine(world, person, *state.stashed.pop(job.person))
    _relock(world, state, state.components[job.component].target)


def interrupt(world: Any, name: str, why: str) -> None:
    """End the person's repair, if they have one under way, because ``why`` (logged)."""
    state = world.maintenance
    job = state.active(person=name) if state is not None else None
    if job is None:
        return
    _end_job(world, state, job, "interrupted")
    used = "parts returned" if job.state == "walking" else "the parts are used"
    world.log("maintenance", job.component, f"repair of {job.component} interrupted: {why}; "
              f"{used}", component=job.component, person=name, reason=why)


def removes_cause(world: Any, state: LiveMaintenance, c: M.Component) -> bool:
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
    worn = {x.id: x for x in state.now(world.t_s)}
    alike = [x for x in worn.values() if fault_of(world, x)[:2] == key]
    return c.id == min(alike, key=lambda x: (x.condition, x.id)).id


LOCKABLE = ("units", "relays", "links")  # what a repair locks out, by the world's mapping


def _locked(world: Any, target: str) -> Any:
    """The unit, relay or interconnect ``target`` names (None for a sensor)."""
    return next((getattr(world, name)[target] for name in LOCKABLE
                 if target in getattr(world, name)), None)


def _relock(world: Any, state: LiveMaintenance, target: str) -> None:
    """Lock ``target`` out while a repair on it is under way; free it after the last one."""
    thing = _locked(world, target)
    if thing is None:
        return
    job = next((j for j in state.repairs if j.state in M.ACTIVE_REPAIR
                and state.components[j.component].target == target), None)
    locked = job.component if job is not None else ""
    if thing.locked_for == locked:
        return
    thing.locked_for = locked
    world.mark_dirty()
    if locked:
        return
    if isinstance(thing, Relay):
        thing.changeover_blocked = thing.fused
        world.update_bay(thing.module)
    elif isinstance(thing, Generator):
        world.update_bay(thing.module)


def lock_reason(world: Any, target: str) -> str | None:
    """Why a command may not run or open ``target``: it is locked out for a repair."""
    thing = _locked(world, target)
    if thing is None or not thing.locked_for:
        return None
    job = world.maintenance.active(component=thing.locked_for)
    return (f"{target} is locked out: {job.person} is repairing {job.component} "
            f"(cancel the repair first)")


def clear_fault(world: Any, c: M.Component) -> str:
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


def running(world: Any, c: M.Component) -> str | None:
    """Why the component cannot be worked on now (its unit runs, its hatch is open)."""
    if c.kind == "interconnect_seal" and world.links[c.target].state == "open":
        return f"{c.target} is open: close or seal it first"
    unit = world.units.get(c.target)
    if unit is None:
        return None
    if isinstance(unit, Generator):
        busy = unit.state not in (OFF, FAILED)
    elif isinstance(unit, Scrubber):
        busy = unit.running()
    else:
        assert isinstance(unit, PressureControl)
        busy = unit.state not in (OFF, FAILED)
    if busy:
        return f"{unit.id} is running: stop it first (override {unit.id} off)"
    return None


# ----------------------------------------------------------------------------- commands' work
def days_now(world: Any, state: LiveMaintenance) -> float:
    return state.service_days + world.t_s / C.SECONDS_PER_DAY


def inspect(world: Any, module: str) -> str:
    """Audit ``module`` (or ``"all"``) on the live world and put the findings on record."""
    state = of(world)
    fleet = M.Fleet(world.habitat, days_now(world, state), world.seed, state.now(world.t_s))
    found = [f for f in M.audit(fleet, world).findings if module in ("all", f.module)]
    for f in found:
        state.record[f.id] = f
    modules = world.module_ids if module == "all" else (module,)
    for m in modules:
        state.inspected_t_s[m] = world.t_s
    state.record_version += 1
    counts = {cls: sum(1 for f in found if f.cls == cls) for cls in M.CLASSES}
    return (f"inspected {module}: {len(found)} components, {counts['degrading']} degrading, "
            f"{counts['replace_now']} to replace now")


def work_s(c: M.Component, member: M.Crewmember) -> float:
    """Time at the component: the job's person-hours at the person's level."""
    kind = M.kinds()[c.kind]
    level = min(max(member.level(kind.skill), 1), 3)
    return kind.person_hours * M.data().level_time_factor[level] * C.SECONDS_PER_HOUR


def begin_repair(world: Any, c: M.Component, member: M.Crewmember, path: list) -> str:
    """Take the parts, lock the target out, send the person (the checks are the
    command's)."""
    state = of(world)
    kind = M.kinds()[c.kind]
    for part, count in kind.parts:
        state.inventory[part] -= count
    auto = world.habitat.automation
    walk = len(path) * auto.walk_s_per_module + (auto.hatch_s_per_person if path else 0.0)
    person = world.crew[world.crew_index[member.name]]
    work = work_s(c, member)
    job = M.RepairJob(c.id, member.name, world.t_s, world.t_s + walk + work, "walking",
                      kind.parts, work)
    state.repairs.append(job)
    _relock(world, state, c.target)
    if path:
        person.moving_to, person.route = world.index[c.module], tuple(k.id for k in path)
        person.arrive_at_s = world.t_s + walk
        world.schedule(person.arrive_at_s, "_arrive", member.name)
    world.schedule(world.t_s + walk, "_repair_start", c.id, job.started_t_s)
    parts = ", ".join(f"{n} {p}" for p, n in kind.parts)
    return (f"{member.name} to repair {c.id} in {c.module}: walk {walk:.0f} s, work "
            f"{work / C.SECONDS_PER_HOUR:.1f} h; took {parts}")


def cancel_repair(world: Any, cid: str) -> str:
    """Call the repair of ``cid`` off; a person on the way stops in the module they left."""
    state = of(world)
    job = state.active(component=cid)
    assert job is not None
    _end_job(world, state, job, "cancelled")
    if job.state == "walking":
        person = world.crew[world.crew_index[job.person]]
        if person.moving_to is not None:
            person.moving_to, person.route = None, ()
            world.mark_dirty()
        return (f"repair of {cid} called off; {job.person} stays in "
                f"{world.module_ids[person.module]}, parts returned")
    return f"repair of {cid} called off; the parts were already used"


def _cached(state: LiveMaintenance, name: str, build: Callable[[], Any]) -> Any:
    """``build()``, kept until the record changes (``state.record_version``)."""
    version, value = state._cache.get(name, (-1, None))
    if version != state.record_version:
        value = build()
        state._cache[name] = (state.record_version, value)
    return value


def worst_on_record(world: Any) -> dict[str, M.Finding]:
    """Per unit, relay, interconnect or sensor of the model, its part in the worst condition
    as last inspected (what the crew knows, not the truth)."""
    state = of(world)

    def build() -> dict[str, M.Finding]:
        worst: dict[str, M.Finding] = {}
        for f in state.record.values():
            if f.target not in worst or f.condition < worst[f.target].condition:
                worst[f.target] = f
        return worst

    return _cached(state, "worst", build)


def report(world: Any) -> M.MaintenanceReport:
    """The published maintenance state (the audit and the training plan are kept until the
    record changes)."""
    state = of(world)

    def build() -> tuple[M.Audit, Any]:
        findings = tuple(sorted(state.record.values(), key=lambda f: (-f.priority, f.id)))
        audit = M.Audit(days_now(world, state), world.seed, findings)
        return audit, M.cross_training(audit, state.crew)

    audit, training = _cached(state, "report", build)
    members = tuple(replace(p, module=world.module_ids[world.crew[world.crew_index[p.name]]
                                                        .module])
                    for p in state.crew)
    return M.MaintenanceReport(world.t_s, days_now(world, state), audit, members, training,
                               dict(state.inventory), tuple(state.repairs),
                               state.now(world.t_s), dict(state.inspected_t_s),
                               state.wear_faults)
