"""Live maintenance: the components of the running simulation, inspections and repairs.

The world's components (:mod:`.ageing`) start at the colony's age, ``service_days`` (the
scenario's, else the habitat's, else 0: new), and keep decaying in simulated time by the same
closed form; failures by wear and aged sensor drift are :mod:`.wear`'s. ``inspect`` audits a
module (or all) on the live world and puts the findings on record.

Repairs (the ``repair`` command): the named person walks to the module (the evacuation's
walking model), works the job's person-hours x the ``level_time_factor`` of their level in
simulated time with activity ``working`` (more O2, so SpO2 shows the cost in bad air), and at
the end the component is restored to 1 and, if it was the cause, its fault is cleared
(:mod:`.fault_clearing`). The parts are taken from the inventory when the command is
accepted; until the job ends its target is locked out (:mod:`.lockout`).

A repair ends early, logged with the reason, when it is called off (``cancel_repair``: the
walk stops where the person is) or when the person is moved away (an evacuation) or is not at
the module when the work should begin. Parts go back if the work had not begun; once begun
they are used. The person then returns to their schedule or to what they were doing before.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any
from collections.abc import Callable

from ...contract.timefmt import mission_time
from ..constants import SECONDS_PER_DAY, SECONDS_PER_HOUR
from ..plant import crew
from ..plant.agenda import action
from ..plant.equipment import FAILED, NO_WATER, OFF, Generator, PressureControl, Scrubber
from ..plant.world import World
from . import fault_clearing, lockout, wear
from .ageing import Fleet, age
from .audit import audit
from .cross_training import cross_training
from .data import builtin as data
from .data import spares
from .records import (CLASSES, Audit, Component, Crewmember, Finding, MaintenanceReport, RepairJob,
                      kinds)
from .roster import roster
from .live_state import LiveMaintenance


def start(world: World, service_days: float, wear_faults: bool,
          sensor_drift: bool = False) -> LiveMaintenance:
    """Put the colony's components on ``world`` as they were at t = 0, aged ``service_days``
    (they decay from there), with the crew's skills and the spare parts; with ``wear_faults``
    each component's failure time is drawn from the world's present time on; with
    ``sensor_drift`` the sensors read through their aged calibration errors."""
    habitat = world.habitat
    fleet = age(habitat, service_days, world.seed)
    state = LiveMaintenance(service_days, wear_faults, {c.id: c for c in fleet.components},
                            dict.fromkeys((c.id for c in fleet.components), 0.0),
                            roster(habitat, world.seed), spares(habitat),
                            {f.id: f for f in audit(fleet).findings})
    world.maintenance = state
    if sensor_drift:
        wear.drift_into_sensors(world, state)
    if wear_faults:
        for cid in state.components:
            wear.draw_failure(world, state, cid)
        wear.schedule_next(world, state)
    return state


def of(world: World) -> LiveMaintenance:
    """The world's maintenance state, started on first use."""
    state = world.maintenance
    if state is None:
        state = start(world, world.service_days, False)
    return state


def caused_by(world: World, cid: str, fault: str, target: str) -> None:
    """The fault just injected on ``target`` is ``cid``'s failure (a scenario's ``cause``):
    ``cid`` is at 0, and its repair is what clears the fault."""
    wear.mark_cause(world, of(world), cid, fault, target)


def without_wear(world: World) -> None:
    """No more failures by wear on this world (a forecast does not know when they come)."""
    state = world.maintenance
    if state is not None:
        state.wear_faults, state.failure_at, state.next_wear_s = False, {}, math.inf


def interrupt(world: World, name: str, why: str) -> None:
    """End the person's repair, if they have one under way, because ``why`` (logged)."""
    state = world.maintenance
    if state is None or (job := state.active(person=name)) is None:
        return
    _end_job(world, state, job, "interrupted")
    used = "parts returned" if job.state == "walking" else "the parts are used"
    world.log("maintenance", job.component, f"repair of {job.component} interrupted: {why}; "
              f"{used}", component=job.component, person=name, reason=why)


def lock_reason(world: World, target: str) -> str | None:
    """Why a command may not run or open ``target``: it is locked out for a repair."""
    thing = lockout.lockable(world, target)
    if thing is None or not thing.locked_for:
        return None
    job = of(world).active(component=thing.locked_for)
    assert job is not None  # a lock-out lasts as long as its repair
    return (f"{target} is locked out: {job.person} is repairing {job.component} "
            f"(cancel the repair first)")


def running(world: World, c: Component) -> str | None:
    """Why the component cannot be worked on now (its unit runs, its hatch is open)."""
    if c.kind == "interconnect_seal" and world.links[c.target].state == "open":
        return f"{c.target} is open: close or seal it first"
    unit = world.units.get(c.target)
    if unit is None:
        return None
    if isinstance(unit, Generator):
        busy = unit.state not in (OFF, FAILED, NO_WATER)
    elif isinstance(unit, Scrubber):
        busy = unit.running()
    else:
        assert isinstance(unit, PressureControl)
        busy = unit.state not in (OFF, FAILED)
    if busy:
        return f"{unit.id} is running: stop it first (override {unit.id} off)"
    return None


def days_now(world: World, state: LiveMaintenance) -> float:
    return state.service_days + world.t_s / SECONDS_PER_DAY


def inspect(world: World, module: str) -> str:
    """Audit ``module`` (or ``"all"``) on the live world and put the findings on record;
    the result names what was found failed (a fused relay, the part that failed a unit)."""
    state = of(world)
    fleet = Fleet(world.habitat, days_now(world, state), world.seed, state.now(world.t_s))
    found = [f for f in audit(fleet, world).findings if module in ("all", f.module)]
    for f in found:
        state.record[f.id] = f
    modules = world.module_ids if module == "all" else (module,)
    for m in modules:
        state.inspected_t_s[m] = world.t_s
    state.record_version += 1
    counts = {cls: sum(1 for f in found if f.cls == cls) for cls in CLASSES}
    dead = [f"{f.id} ({f.note})" for f in found
            if f.condition == 0.0 and f.kind != "sensor" and f.note]
    return (f"inspected {module}: {len(found)} components, {counts['degrading']} degrading, "
            f"{counts['replace_now']} to replace now"
            + (f"; found {', '.join(dead)}" if dead else ""))


def work_s(c: Component, member: Crewmember) -> float:
    """Time at the component: the job's person-hours at the person's level."""
    kind = kinds()[c.kind]
    level = min(max(member.level(kind.skill), 1), 3)
    return kind.person_hours * data().level_time_factor[level] * SECONDS_PER_HOUR


def begin_repair(world: World, c: Component, member: Crewmember, path: list) -> str:
    """Take the parts, lock the target out, send the person (the checks are the
    command's)."""
    state = of(world)
    kind = kinds()[c.kind]
    for part, count in kind.parts:
        state.inventory[part] -= count
    auto = world.habitat.automation
    walk = len(path) * auto.walk_s_per_module + (auto.hatch_s_per_person if path else 0.0)
    person = world.crew[world.crew_index[member.name]]
    work = work_s(c, member)
    job = RepairJob(c.id, member.name, world.t_s, world.t_s + walk + work, "walking",
                    kind.parts, work)
    state.repairs.append(job)
    lockout.relock(world, state, c.target)
    if path:
        person.moving_to, person.route = world.index[c.module], tuple(k.id for k in path)
        person.arrive_at_s = world.t_s + walk
        world.schedule(person.arrive_at_s, "_arrive", member.name)
    world.schedule(world.t_s + walk, "_repair_start", c.id, job.started_t_s)
    parts = ", ".join(f"{n} {p}" for p, n in kind.parts)
    return (f"{member.name} to repair {c.id} in {c.module}: walk {walk:.0f} s, work "
            f"{work / SECONDS_PER_HOUR:.1f} h; took {parts}")


def cancel_repair(world: World, cid: str) -> str:
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


def _due_job(state: LiveMaintenance, cid: str, started_t_s: float,
             phase: str) -> RepairJob | None:
    """The job an agenda entry was scheduled for, if it is still that job in ``phase``
    (a cancelled or restarted repair leaves its old entries behind)."""
    job = state.active(component=cid)
    if job is None or job.started_t_s != started_t_s or job.state != phase:
        return None
    return job


@action("_repair_start")
def _repair_start(world: World, cid: str, started_t_s: float) -> None:
    """The walk is over: the work begins if the person is there (else the job ends)."""
    state = of(world)
    job = _due_job(state, cid, started_t_s, "walking")
    if job is None:
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
    state = of(world)
    job = _due_job(state, cid, started_t_s, "working")
    if job is None:
        return
    c = state.components[cid]
    _end_job(world, state, job, "done")
    key = fault_clearing.removes_cause(world, state, c)
    state.components[cid] = replace(c, condition=1.0, error=0.0)
    state.ref_t_s[cid] = world.t_s
    cleared = fault_clearing.clear_fault(world, key, c) if key else ""
    remaining = fault_clearing.fault_causes(world, state, c)
    if not cleared and remaining:
        cleared = f"{c.target} is still at fault: the cause is {', '.join(remaining)}"
    f = state.record[cid]
    state.record[cid] = replace(f, condition=1.0, cls="nominal", p_fail=0.0, priority=0.0,
                                verified=True, note=f"repaired at {mission_time(world.t_s)}")
    state.record_version += 1
    world.log("maintenance", cid, f"{job.person} repaired {cid}"
              + (f": {cleared}" if cleared else ""), component=cid, person=job.person)
    if state.wear_faults:
        state.failure_at.pop(cid, None)
        wear.draw_failure(world, state, cid)
        wear.schedule_next(world, state)


def _replace_job(state: LiveMaintenance, old: RepairJob, new: RepairJob) -> None:
    state.repairs[state.repairs.index(old)] = new


def _end_job(world: World, state: LiveMaintenance, job: RepairJob, end: str) -> None:
    """Close the job as ``end`` now: before the work, the parts go back; after it began, the
    person returns to their routine. The lock-out goes with the last job on the target."""
    _replace_job(state, job, replace(job, state=end, done_t_s=world.t_s))
    person = world.crew[world.crew_index[job.person]]
    if job.state == "walking":
        for part, count in job.parts:
            state.inventory[part] = state.inventory.get(part, 0) + count
    else:
        crew.resume_routine(world, person, *state.stashed.pop(job.person))
    lockout.relock(world, state, state.components[job.component].target)


def _cached(state: LiveMaintenance, name: str, build: Callable[[], Any]) -> Any:
    """``build()``, kept until the record changes (``state.record_version``)."""
    version, value = state._cache.get(name, (-1, None))
    if version != state.record_version:
        value = build()
        state._cache[name] = (state.record_version, value)
    return value


def worst_on_record(world: World) -> dict[str, Finding]:
    """Per unit, relay, interconnect or sensor of the model, its part in the worst condition
    as last inspected (what the crew knows, not the truth)."""
    state = of(world)

    def build() -> dict[str, Finding]:
        worst: dict[str, Finding] = {}
        for f in state.record.values():
            if f.target not in worst or f.condition < worst[f.target].condition:
                worst[f.target] = f
        return worst

    return _cached(state, "worst", build)


def report(world: World) -> MaintenanceReport:
    """The published maintenance state (the audit and the training plan are kept until the
    record changes)."""
    state = of(world)

    def build() -> tuple[Audit, Any]:
        findings = tuple(sorted(state.record.values(), key=lambda f: (-f.priority, f.id)))
        on_record = Audit(days_now(world, state), world.seed, findings)
        return on_record, cross_training(on_record, state.crew)

    on_record, training = _cached(state, "report", build)
    def where(name: str) -> str:
        return world.module_ids[world.crew[world.crew_index[name]].module]

    members = tuple(replace(p, module=where(p.name)) for p in state.crew)
    return MaintenanceReport(world.t_s, days_now(world, state), on_record, members, training,
                             dict(state.inventory), tuple(state.repairs),
                             state.now(world.t_s), dict(state.inspected_t_s),
                             state.wear_faults)
