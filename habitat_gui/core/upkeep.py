"""Maintenance in the running simulation: wear, failures by wear, inspections and repairs.

The world's components (:mod:`habitat_gui.core.maintenance`) start at the colony's age,
``service_days`` (the scenario's, else the habitat's, else 0: new), and keep decaying in
simulated time by the same closed form. With wear faults on (a scenario's
``wear_faults = true``) each component's failure time is drawn once from its Weibull hazard
conditional on having survived so far (seeded per component id), and the earliest one waits
on the world's agenda; when it comes, the component is at 0 and the model's fault it causes
is injected (a small leak, a cracked seal, corroded wiring, a fused relay, a miscalibrated
sensor, a failed generator or scrubber), logged as a ``fault`` event saying it was wear.
A repaired component is new again and gets a fresh draw.

Repairs (the ``repair`` command): the named person walks to the module (the evacuation's
walking model), works the job's person-hours x the ``level_time_factor`` of their level in
simulated time with activity ``working`` (more O2, so SpO2 shows the cost in bad air), and at
the end the component is restored to 1 and the model's fault of its target cleared. The parts
are taken from the inventory when the command is accepted. ``cancel_repair`` gives them back
while the person is still walking; once the work has begun they are used.
``inspect`` audits a module (or all) on the live world and puts the findings on record.
"""

from __future__ import annotations

import copy
import heapq
import math
import zlib
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import numpy as np

from . import constants as C
from . import maintenance as M
from .equipment import FAILED, OFF, Generator, PressureControl, Scrubber

WEAR_SALT = 0xFA11
LEAK_HOLE_CM = 0.3  # a worn hull seal or make-up valve: a small hole (hours of reserve)
SEAL_CRACK_MM = 0.5  # a worn door seal


@dataclass
class Upkeep:
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
    stashed: dict[str, tuple] = field(default_factory=dict)  # schedules set aside for work
    next_wear_s: float = math.inf
    version: int = 0  # bumped when the record, crew or inventory changes
    _cache: dict[str, tuple[int, Any]] = field(default_factory=dict, repr=False,
                                               compare=False)  # name: (version, value)

    def __deepcopy__(self, memo: dict[int, Any]) -> "Upkeep":
        twin = copy.copy(self)
        for name in ("components", "ref_t_s", "inventory", "record", "inspected_t_s",
                     "failure_at", "draws", "stashed", "_cache"):
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
            if job.state in ("walking", "working") and (
                    job.person == person or job.component == component):
                return job
        return None


def start(world: Any, service_days: float, wear_faults: bool) -> Upkeep:
    """Put the colony's components, crew and spare parts on ``world`` (at its present time)."""
    habitat = world.habitat
    fleet = M.age(habitat, service_days, world.seed)
    state = Upkeep(service_days, wear_faults, {c.id: c for c in fleet.components},
                   dict.fromkeys((c.id for c in fleet.components), 0.0),
                   M.roster(habitat, world.seed), M.spares(habitat),
                   {f.id: f for f in M.audit(fleet).findings})
    world.upkeep = state
    if wear_faults:
        for cid in state.components:
            _draw_failure(world, state, cid)
        _schedule_next(world, state)
    return state


def of(world: Any) -> Upkeep:
    """The world's maintenance state, started on first use."""
    if world.upkeep is None:
        start(world, world.service_days, False)
    return world.upkeep


# ----------------------------------------------------------------------------- wear faults
def _draw_failure(world: Any, state: Upkeep, cid: str) -> None:
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


def _schedule_next(world: Any, state: Upkeep) -> None:
    """Put the earliest failure on the agenda unless one as early is there already."""
    at = min(state.failure_at.values(), default=math.inf)
    if at < state.next_wear_s:
        state.next_wear_s = at
        if math.isfinite(at):
            world.schedule(at, "_wear_due", at)


def without_wear(world: Any) -> None:
    """No more failures by wear on this world (a forecast does not know when they come)."""
    state = world.upkeep
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
    if kind.fault == "sensor_miscalibration":
        sign = 1.0 if c.error >= 0 else -1.0
        return kind.fault, c.target, {"gain": sign * M.data().sensor_full_scale_error}
    return kind.fault, c.target, {}


class UpkeepActions:
    """Agenda actions of maintenance, mixed into :class:`habitat_gui.core.world.World`."""

    def _wear_due(self, at_s: float) -> None:
        from . import faults  # faults works on the world, which this is a part of
        state = self.upkeep
        if state is None or at_s != state.next_wear_s:
            return  # superseded by an earlier failure
        due = sorted((t, cid) for cid, t in state.failure_at.items() if t <= self.t_s + 1e-9)
        for _, cid in due:
            del state.failure_at[cid]
            c = state.components[cid]
            state.components[cid] = replace(c, condition=0.0)
            state.ref_t_s[cid] = self.t_s
            fault, target, params = fault_of(self, c)
            if c.kind == "sensor":  # its error is now the model sensor's own
                state.components[cid] = replace(c, condition=0.0, error=0.0)
            self.log("fault", cid, f"{cid} wore out: {fault.replace('_', ' ')} on {target}",
                     fault=fault, wear=True, component=cid)
            faults.inject(self, fault, target, params)
        state.next_wear_s = math.inf
        _schedule_next(self, state)

    def _repair_start(self, cid: str, started_t_s: float) -> None:
        state = self.upkeep
        job = state.active(component=cid)
        if job is None or job.started_t_s != started_t_s or job.state != "walking":
            return
        person = self.crew[self.crew_index[job.person]]
        state.stashed[job.person] = person.schedule
        person.activity, person.schedule = "working", ()
        self.mark_dirty()
        done = self.t_s + job.work_s
        _replace_job(state, job, replace(job, state="working", done_t_s=done))
        self.log("maintenance", job.person, f"{job.person} started repairing {cid}",
                 component=cid)
        self.schedule(done, "_repair_done", cid, started_t_s)

    def _repair_done(self, cid: str, started_t_s: float) -> None:
        state = self.upkeep
        job = state.active(component=cid)
        if job is None or job.started_t_s != started_t_s or job.state != "working":
            return
        person = self.crew[self.crew_index[job.person]]
        c = state.components[cid]
        left = person.moving_to is not None or self.module_ids[person.module] != c.module
        _replace_job(state, job, replace(job, state="interrupted" if left else "done",
                                         done_t_s=self.t_s))
        _back_to_routine(self, job.person)
        if left:  # evacuated, say: the work is undone and the parts are used
            state.version += 1
            self.log("maintenance", cid, f"repair of {cid} interrupted: {job.person} left "
                     f"{c.module}", component=cid, person=job.person)
            return
        state.components[cid] = replace(c, condition=1.0, error=0.0)
        state.ref_t_s[cid] = self.t_s
        cleared = clear_fault(self, c)
        f = state.record[cid]
        state.record[cid] = replace(f, condition=1.0, cls="nominal", p_fail=0.0, priority=0.0,
                                    verified=True, note=f"repaired at {self.t_s:.0f} s")
        state.version += 1
        self.log("maintenance", cid, f"{job.person} repaired {cid}"
                 + (f": {cleared}" if cleared else ""), component=cid, person=job.person)
        if state.wear_faults:
            state.failure_at.pop(cid, None)
            _draw_failure(self, state, cid)
            _schedule_next(self, state)


def _replace_job(state: Upkeep, old: M.RepairJob, new: M.RepairJob) -> None:
    state.repairs[state.repairs.index(old)] = new


def _back_to_routine(world: Any, name: str) -> None:
    """The person returns to their own schedule (or to nominal activity)."""
    person = world.crew[world.crew_index[name]]
    person.schedule = world.upkeep.stashed.pop(name, person.schedule)
    person.activity = "nominal"
    world.mark_dirty()
    waiting = any(a == "_next_activity" and args == (name,) for _, _, a, args in world.agenda)
    if person.schedule and not waiting:
        world._schedule_next_activity(person)
    elif person.schedule:
        hour = (world.t_s / C.SECONDS_PER_HOUR) % 24.0
        current = [a for h, a in person.schedule if h <= hour + 1e-9]
        person.activity = current[-1] if current else person.schedule[-1][1]


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
        before = len(world.agenda)
        world.agenda = [e for e in world.agenda if not (
            e[2] in ("corrosion_dropout", "corrosion_restore") and e[3][0] == target)]
        heapq.heapify(world.agenda)
        unit = world.units[target]
        if before == len(world.agenda) and unit.powered:
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
def days_now(world: Any, state: Upkeep) -> float:
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
    state.version += 1
    counts = {cls: sum(1 for f in found if f.cls == cls) for cls in M.CLASSES}
    return (f"inspected {module}: {len(found)} components, {counts['degrading']} degrading, "
            f"{counts['replace_now']} to replace now")


def work_s(c: M.Component, member: M.Crewmember) -> float:
    """Time at the component: the job's person-hours at the person's level."""
    kind = M.kinds()[c.kind]
    level = min(max(member.level(kind.skill), 1), 3)
    return kind.person_hours * M.data().level_time_factor[level] * C.SECONDS_PER_HOUR


def begin_repair(world: Any, c: M.Component, member: M.Crewmember, path: list) -> str:
    """Take the parts, send the person (the checks are the command's)."""
    state = of(world)
    kind = M.kinds()[c.kind]
    for part, count in kind.parts:
        state.inventory[part] -= count
    state.version += 1
    auto = world.habitat.automation
    walk = len(path) * auto.walk_s_per_module + (auto.hatch_s_per_person if path else 0.0)
    person = world.crew[world.crew_index[member.name]]
    work = work_s(c, member)
    job = M.RepairJob(c.id, member.name, world.t_s, world.t_s + walk + work, "walking",
                      kind.parts, work)
    state.repairs.append(job)
    if path:
        person.moving_to, person.route = world.index[c.module], tuple(k.id for k in path)
        person.arrive_at_s = world.t_s + walk
        world.schedule(person.arrive_at_s, "_arrive", member.name)
    world.schedule(world.t_s + walk, "_repair_start", c.id, job.started_t_s)
    parts = ", ".join(f"{n} {p}" for p, n in kind.parts)
    return (f"{member.name} to repair {c.id} in {c.module}: walk {walk:.0f} s, work "
            f"{work / C.SECONDS_PER_HOUR:.1f} h; took {parts}")


def cancel_repair(world: Any, cid: str) -> str:
    state = of(world)
    job = state.active(component=cid)
    assert job is not None
    _replace_job(state, job, replace(job, state="cancelled", done_t_s=world.t_s))
    state.version += 1
    if job.state == "walking":
        for part, count in job.parts:
            state.inventory[part] = state.inventory.get(part, 0) + count
        return f"repair of {cid} called off; {job.person} was on the way, parts returned"
    _back_to_routine(world, job.person)
    return f"repair of {cid} called off; the parts were already used"


def _cached(state: Upkeep, name: str, build: Callable[[], Any]) -> Any:
    """``build()``, kept until ``state.version`` changes."""
    version, value = state._cache.get(name, (-1, None))
    if version != state.version:
        value = build()
        state._cache[name] = (state.version, value)
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
    """The published maintenance state (the training plan is kept until something changes)."""
    state = of(world)

    def build() -> tuple[M.Audit, Any]:
        findings = tuple(sorted(state.record.values(), key=lambda f: (-f.priority, f.id)))
        audit = M.Audit(days_now(world, state), world.seed, findings)
        return audit, M.cross_training(audit, state.crew)

    audit, training = _cached(state, "report", build)
    crew = tuple(replace(p, module=world.module_ids[world.crew[world.crew_index[p.name]].module])
                 for p in state.crew)
    return M.MaintenanceReport(world.t_s, days_now(world, state), audit, crew, training,
                               dict(state.inventory), tuple(state.repairs),
                               state.now(world.t_s), dict(state.inspected_t_s),
                               state.wear_faults)
