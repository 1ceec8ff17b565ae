"""Maintenance audit and crew cross-training: see decay before it fails.

Lower-case names in ``this style`` below are figures of the maintenance data file,
``resources/maintenance.toml`` (:mod:`habitat_gui.core.maintenance.data`).

Every component the colony has gets a condition between 1 (new) and 0 (failed):

* hull seals: the panel seams of each module (``hull_panel_m3`` of volume per panel),
* interconnect seals: each door face of a hatch or of an airlock (``seal_faces``),
* wiring harnesses: ``harness_segments_per_unit`` segments per equipment unit,
* relays: the changeover relay of each generator bay and the power contactor of each unit,
* sensors (their calibration), one per sensor of the model,
* generator stacks (``stacks_per_generator`` electrolysis stacks per generator),
* scrubber beds (``beds_per_scrubber`` sorbent beds per scrubber),
* valves of pressure control (N2 make-up, O2 make-up, relief).

So the audit counts more components than the gas model has units; each maps to the unit,
interconnect, relay or sensor of the model it belongs to (``target``).

Decay (closed form, no gas physics is stepped): after ``days`` of operation

    condition = exp(-(rate x days) ** wear_shape)
    rate = (calendar rate + duty x use rate of the kind) x environment x variation

``duty`` is the fraction of time the component works (a primary generator all the time, a
backup hardly, a standby scrubber part of the time); ``environment`` is ``dust_factor`` of
the kind for modules beside an airlock (regolith dust: wiring corrodes and seals wear faster);
``variation`` is log-normal, drawn per component from ``numpy.random.default_rng([seed,
DECAY_SALT, crc32(component id)])``, so the same habitat, days and seed give the same fleet
and adding a component leaves the others' draws alone.

Audit (:func:`audit`): per component its condition, class (nominal >= ``nominal_above``,
degrading, replace now < ``replace_below``), the fault of the model it would cause if it
failed, person-hours, spare parts and skill to fix it (``[kinds.*]``), and

    priority = criticality x probability of failure,  p = 1 - condition ** pfail_exponent

(p is the chance it fails before the next audit; 0 when new, 1 when failed, about 0.66 at
the degrading line 0.7 and 0.94 at the replace-now line 0.4).

Sensors read through their own error, so their calibration is not read off: it is estimated
by cross-check (see :func:`cross_check`): modules joined by open interconnects share their air,
so within such a group of at least ``CROSS_CHECK_MIN_GROUP`` modules each pressure and ppO2
reading is compared with the group's median; CO2 differs between rooms, so it is compared
with a wider tolerance. In a smaller group the module's pressure and ppO2 are checked against
each other (implied O2 % against the habitat's O2 %), which cannot tell which of the two is
wrong, so both are charged; CO2 there cannot be verified and is classed by its service age
(``verified`` false). Relays are found fused by a changeover test, wiring by the dropouts it
causes, failed generators and scrubbers and cracked seals by inspection (:func:`inspect`).

Crew skills: those of ``skill_weights`` with levels 0-3, and hours a day for maintenance
beside their own work, as the habitat file gives them (``skills``,
``maintenance_hours_per_day`` of each ``[[crew]]``); where it does not, they are drawn from
the seed (:func:`crew_skills`): a main skill (weights ``skill_weights``) at level 1-3
(``main_level_weights``), sometimes a second one at level 1, and hours from
``maintenance_hours_choices``.

Repair plan (:func:`repair_plan`): every non-nominal component is a job; each day, jobs in
priority order go to the person with the job's skill (level >= 1) who has most hours left
that day; a person works ``level_time_factor`` of their level times the job's person-hours,
never more than their hours a day; a job may span days. Cross-training
(:func:`cross_training`) first gives every skill the jobs need at least ``min_holders``
holders (no single point of failure), then adds trainees to the skill whose backlog takes
longest; a trainee is level 1 after ``days`` of ``[training]`` and meanwhile keeps their own
work.

The live colony (:mod:`habitat_gui.core.maintenance.live`) keeps decaying these components in
simulated time, may let them fail by wear, and repairs them by command.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..plant.equipment_logic import CORROSION_ACTIONS
from ..plant.habitat import SENSOR_QUANTITIES, Habitat
from .data import Kind
from .data import builtin as data

CLASSES = ("nominal", "degrading", "replace_now")
DEFAULT_DAYS = 1200
DECAY_SALT = 0x7E57
CREW_SALT = 0xC4E3
PC_VALVES = ("n2", "o2", "relief")


def kinds() -> dict[str, Kind]:
    """The component kinds of the maintenance data file."""
    return data().kinds


@dataclass(frozen=True)
class Component:
    id: str
    module: str
    kind: str
    target: str  # the unit, interconnect, relay or sensor of the model it belongs to
    duty: float
    dust: bool
    condition: float = 1.0
    error: float = 0.0  # sensors: relative reading error (signed)
    rate_per_day: float = 0.0  # decay rate: condition = exp(-(rate x age) ** wear shape)


def _wear_age(condition: float) -> float:
    """rate x age at which a component has this condition (the inverse of the decay)."""
    if condition >= 1.0:
        return 0.0
    if condition <= 0.0:
        return math.inf
    return (-math.log(condition)) ** (1.0 / data().wear_shape)


def condition_at(component: Component, days: float) -> float:
    """Condition ``days`` from now (the closed form continued from the present condition,
    so a repaired component decays again from new)."""
    x = _wear_age(component.condition)
    if math.isinf(x):
        return 0.0
    return math.exp(-(x + component.rate_per_day * max(days, 0.0)) ** data().wear_shape)


def remaining_life_days(component: Component, line: float | None = None) -> float | None:
    """Days until the condition falls below ``line`` (default the replace-now line; 0 < line
    < 1), 0 when it is already below, None when it does not decay."""
    x = _wear_age(component.condition)
    line = data().replace_below if line is None else line
    target = (-math.log(line)) ** (1.0 / data().wear_shape)
    if x >= target:
        return 0.0
    if component.rate_per_day <= 0:
        return None
    return (target - x) / component.rate_per_day


@dataclass(frozen=True)
class Fleet:
    """Every component and its true condition after ``days`` of operation."""

    habitat: Habitat
    days: float
    seed: int
    components: tuple[Component, ...]
    found: dict[str, str] = field(default_factory=dict)  # id -> what inspection found


def dusty_modules(habitat: Habitat) -> frozenset[str]:
    """Modules beside an airlock interconnect: regolith dust comes in with every EVA."""
    return frozenset(m for i in habitat.interconnects if i.kind == "airlock" for m in i.between)


def components(habitat: Habitat) -> tuple[Component, ...]:
    """The components of a habitat, new, in a fixed order."""
    dusty = dusty_modules(habitat)
    out: list[Component] = []
    d = data()

    def add(cid: str, module: str, kind: str, target: str, duty: float = d.fixed_duty) -> None:
        out.append(Component(cid, module, kind, target, duty, module in dusty))

    for m in habitat.modules:
        for k in range(max(1, math.ceil(m.volume_m3 / d.hull_panel_m3))):
            add(f"{m.id}.hull-seal-{k + 1:02d}", m.id, "hull_seal", m.id)
    for i in habitat.interconnects:
        for k in range(d.seal_faces[i.kind]):
            side = i.between[k % 2]
            add(f"{i.id}.seal-{k + 1}", side, "interconnect_seal", i.id)
    bays = sorted({e.module for e in habitat.equipment if e.kind == "o2_generator"},
                  key=habitat.module_ids().index)
    for module in bays:
        add(f"{module}.relay", module, "relay", f"{module}.relay", d.changeover_relay_duty)
    for e in habitat.equipment:
        duty = d.duty[(e.kind, e.role if e.kind != "pressure_control" else "")]
        for k in range(d.harness_segments_per_unit):
            add(f"{e.id}.harness-{k + 1}", e.module, "wiring_harness", e.id, duty)
        add(f"{e.id}.contactor", e.module, "relay", e.id, duty)
        if e.kind == "o2_generator":
            for k in range(d.stacks_per_generator):
                add(f"{e.id}.stack-{k + 1}", e.module, "generator_stack", e.id, duty)
        elif e.kind == "co2_scrubber":
            for k in range(d.beds_per_scrubber):
                add(f"{e.id}.bed-{k + 1}", e.module, "scrubber_bed", e.id, duty)
        else:
            for valve in PC_VALVES:
                add(f"{e.id}.{valve}-valve", e.module, "valve", e.id, duty)
    for s in habitat.sensors:
        add(s.id, s.module, "sensor", s.id)
    return tuple(out)


def age(habitat: Habitat, days: float = DEFAULT_DAYS, seed: int = 0) -> Fleet:
    """Every component after ``days`` of operation, in closed form; seeded, deterministic."""
    aged = []
    d = data()
    for c in components(habitat):
        rng = np.random.default_rng([seed, DECAY_SALT, zlib.crc32(c.id.encode())])
        zk, sk = float(rng.standard_normal()), (-1.0 if rng.random() < 0.5 else 1.0)
        kind = d.kinds[c.kind]
        rate = (kind.calendar_rate_per_day + c.duty * kind.use_rate_per_day) \
            * (kind.dust_factor if c.dust else 1.0) * math.exp(kind.variation * zk)
        condition = math.exp(-(rate * max(days, 0.0)) ** d.wear_shape)
        error = sk * (1.0 - condition) * d.sensor_full_scale_error if c.kind == "sensor" else 0.0
        aged.append(replace(c, condition=condition, error=error, rate_per_day=rate))
    return Fleet(habitat, days, seed, tuple(aged))


def inspect(fleet: Fleet, world: Any) -> Fleet:
    """What inspection finds in a running world (:class:`~habitat_gui.core.plant.world.World`):
    a fused relay fails its changeover test, a failed generator or scrubber is dead, a cracked
    seal is worn by the crack, a unit whose wiring drops out has a corroded harness. Sensors
    are left to the cross-check of :func:`audit`, which reads the world's measurements."""
    dropping = {args[0] for name, args in world.agenda if name in CORROSION_ACTIONS}
    dropping |= {u.id for u in world.units.values() if not u.powered}
    found: dict[str, str] = dict(fleet.found)
    out = []
    for c in fleet.components:
        condition = c.condition
        if c.kind == "relay" and c.target in world.relays and world.relays[c.target].fused:
            condition, found[c.id] = 0.0, "fused: failed the changeover test"
        elif c.kind in ("generator_stack", "scrubber_bed") and world.units[c.target].failed:
            condition, found[c.id] = 0.0, "unit failed"
        elif c.kind == "interconnect_seal" and world.links[c.target].crack_mm > 0:
            condition = min(condition, data().replace_below / 2)
            found[c.id] = f"cracked ({world.links[c.target].crack_mm:g} mm)"
        elif (c.kind == "wiring_harness" and c.target in dropping
              and c.id.endswith(".harness-1")):
            condition, found[c.id] = 0.0, "corroded: the unit drops out"
        out.append(replace(c, condition=condition))
    return replace(fleet, components=tuple(out), found=found)


# ------------------------------------------------------------------ sensor cross-check
CROSS_CHECK_MIN_GROUP = 3
CROSS_CHECK_TOLERANCE = (0.005, 0.01, 0.35)  # relative deviation explained by the air itself


def open_groups(habitat: Habitat, world: Any = None) -> list[list[str]]:
    """Modules joined by open interconnects (they share their air), in module order."""
    ids = list(habitat.module_ids())
    parent = {m: m for m in ids}

    def root(m: str) -> str:
        while parent[m] != m:
            m = parent[m]
        return m

    for i in habitat.interconnects:
        state = world.links[i.id].state if world is not None else i.state
        if state == "open":
            parent[root(i.between[0])] = root(i.between[1])
    groups: dict[str, list[str]] = {}
    for m in ids:
        groups.setdefault(root(m), []).append(m)
    return list(groups.values())


def cross_check(fleet: Fleet, world: Any = None) -> dict[str, tuple[float, bool]]:
    """Estimated calibration condition of each sensor and whether it could be verified.

    Readings are the world's measurements when given (else the habitat's nominal air), each
    further off by the sensor's aged error (0 once a scenario's sensor drift put it into the
    world's sensor); the audit never looks at the error itself."""
    habitat = fleet.habitat
    ids = habitat.module_ids()
    if world is not None:
        truth = np.array(world.measured, dtype=float)
    else:
        truth = np.array([[m.pressure_kpa, m.pressure_kpa * m.o2_pct / 100.0, m.co2_ppm]
                          for m in habitat.modules])
    error = np.zeros_like(truth)
    aged = {c.id: c for c in fleet.components if c.kind == "sensor"}
    for c in aged.values():
        module, quantity = c.id.rsplit(".", 1)
        error[ids.index(module), SENSOR_QUANTITIES.index(quantity)] = c.error
    reading = truth * (1.0 + error)
    o2_pct = np.array([m.o2_pct for m in habitat.modules]) / 100.0
    out: dict[str, tuple[float, bool]] = {}

    def estimate(deviation: float, tolerance: float) -> float:
        excess = max(abs(deviation) - tolerance, 0.0)
        return float(np.clip(1.0 - excess / data().sensor_full_scale_error, 0.0, 1.0))

    for group in open_groups(habitat, world):
        rows = [ids.index(m) for m in group]
        for q, quantity in enumerate(SENSOR_QUANTITIES):
            if len(rows) >= CROSS_CHECK_MIN_GROUP:
                median = float(np.median(reading[rows, q]))
                for r in rows:
                    deviation = reading[r, q] / median - 1.0 if median else 0.0
                    out[f"{ids[r]}.{quantity}"] = (estimate(deviation,
                                                            CROSS_CHECK_TOLERANCE[q]), True)
            else:
                for r in rows:
                    sid = f"{ids[r]}.{quantity}"
                    if quantity == "co2":
                        out[sid] = (aged[sid].condition if sid in aged else 1.0, False)
                        continue
                    implied = reading[r, 1] / reading[r, 0] if reading[r, 0] else 0.0
                    deviation = implied / o2_pct[r] - 1.0 if o2_pct[r] else 0.0
                    out[sid] = (estimate(deviation, CROSS_CHECK_TOLERANCE[1]), True)
    return out


# ------------------------------------------------------------------ audit
@dataclass(frozen=True)
class Finding:
    id: str
    module: str
    kind: str
    target: str
    condition: float
    cls: str
    fault: str
    person_hours: float
    parts: tuple[tuple[str, int], ...]
    skill: str
    p_fail: float
    priority: float
    verified: bool = True
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "module": self.module, "kind": self.kind, "target": self.target,
                "condition": round(self.condition, 4), "class": self.cls, "fault": self.fault,
                "person_hours": self.person_hours, "skill": self.skill,
                "parts": [{"part": p, "count": n} for p, n in self.parts],
                "p_fail": round(self.p_fail, 4), "priority": round(self.priority, 4),
                "verified": self.verified, "note": self.note}


@dataclass(frozen=True)
class Audit:
    days: float
    seed: int
    findings: tuple[Finding, ...]  # highest priority first

    @property
    def counts(self) -> dict[str, int]:
        counts = {c: 0 for c in CLASSES}
        for f in self.findings:
            counts[f.cls] += 1
        return counts

    def jobs(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.cls != "nominal")

    @property
    def backlog_person_hours(self) -> float:
        return round(sum(f.person_hours for f in self.jobs()), 2)

    def parts_needed(self) -> dict[str, int]:
        need: dict[str, int] = {}
        for f in self.jobs():
            for part, n in f.parts:
                need[part] = need.get(part, 0) + n
        return need


def condition_class(condition: float) -> str:
    if condition >= data().nominal_above:
        return "nominal"
    return "degrading" if condition >= data().replace_below else "replace_now"


def p_fail(condition: float) -> float:
    return 1.0 - max(min(condition, 1.0), 0.0) ** data().pfail_exponent


def audit(fleet: Fleet, world: Any = None) -> Audit:
    """Inspect every component; sensors by cross-check (with ``world``, of its readings)."""
    if world is not None:
        fleet = inspect(fleet, world)
    sensors = cross_check(fleet, world)
    findings = []
    for c in fleet.components:
        kind = kinds()[c.kind]
        condition, verified, note = c.condition, True, fleet.found.get(c.id, "")
        if c.kind == "sensor":
            condition, verified = sensors.get(c.id, (c.condition, False))
            note = "cross-checked" if verified else "not verifiable: classed by service age"
        p = p_fail(condition)
        findings.append(Finding(c.id, c.module, c.kind, c.target, condition,
                                condition_class(condition), kind.fault, kind.person_hours,
                                kind.parts, kind.skill, p, kind.criticality * p, verified, note))
    findings.sort(key=lambda f: (-f.priority, f.id))
    return Audit(fleet.days, fleet.seed, tuple(findings))


# ------------------------------------------------------------------ crew and plans
@dataclass(frozen=True)
class Crewmember:
    name: str
    module: str
    hours_per_day: float
    skills: dict[str, int]

    def level(self, skill: str) -> int:
        return self.skills.get(skill, 0)


def crew_skills(habitat: Habitat, seed: int = 0) -> tuple[Crewmember, ...]:
    """Skills and maintenance hours of each person, drawn from the seed (see module doc)."""
    rng = np.random.default_rng([seed, CREW_SALT])
    d = data()
    out = []
    for person in habitat.crew:
        main = d.skills[int(rng.choice(len(d.skills), p=d.skill_weights))]
        skills = {main: int(rng.choice((1, 2, 3), p=d.main_level_weights))}
        second = d.skills[int(rng.choice(len(d.skills), p=d.skill_weights))]
        if rng.random() < d.second_skill_chance and second != main:
            skills[second] = 1
        choices = d.maintenance_hours_choices
        hours = float(choices[int(rng.integers(len(choices)))])
        out.append(Crewmember(person.name, person.module, hours, skills))
    return tuple(out)


def roster(habitat: Habitat, seed: int = 0) -> tuple[Crewmember, ...]:
    """The crew's skills and maintenance hours: the habitat file's where it gives them, else
    drawn from the seed (:func:`crew_skills`)."""
    out = []
    for spec, drawn in zip(habitat.crew, crew_skills(habitat, seed)):
        skills = dict(spec.skills) if spec.skills is not None else drawn.skills
        hours = (spec.maintenance_hours_per_day if spec.maintenance_hours_per_day is not None
                 else drawn.hours_per_day)
        out.append(Crewmember(spec.name, spec.module, hours,
                              {s: n for s, n in skills.items() if n > 0}))
    return tuple(out)


@dataclass(frozen=True)
class Assignment:
    day: int
    person: str
    job: str
    hours: float


@dataclass(frozen=True)
class RepairPlan:
    assignments: tuple[Assignment, ...]
    backlog_by_day: tuple[float, ...]  # job person-hours left at the end of each day
    horizon_days: int | None  # the day the backlog is cleared, None if not within the plan
    unstaffed: tuple[str, ...]  # jobs nobody has the skill for

    def as_dict(self) -> dict[str, Any]:
        return {"horizon_days": self.horizon_days,
                "backlog_by_day": [round(b, 1) for b in self.backlog_by_day],
                "unstaffed": list(self.unstaffed),
                "assignments": [{"day": a.day, "person": a.person, "job": a.job,
                                 "hours": a.hours} for a in self.assignments]}


def repair_plan(audit_: Audit, crew: tuple[Crewmember, ...], days: int | None = None,
                trained: dict[tuple[str, str], int] | None = None) -> RepairPlan:
    """Assign the audit's jobs day by day (see module doc) over ``days`` (the data file's
    plan days by default). ``trained`` maps (person, skill) to the day from which that
    person holds the skill at level 1."""
    days = data().plan_days if days is None else days
    factors = data().level_time_factor
    trained = trained or {}
    jobs = list(audit_.jobs())
    left = {j.id: j.person_hours for j in jobs}
    owner: dict[str, str] = {}
    people = {p.name: p for p in crew}

    def level(person: Crewmember, skill: str, day: int) -> int:
        lvl = person.level(skill)
        if lvl == 0 and trained.get((person.name, skill), days + 1) <= day:
            return 1
        return lvl

    assignments: list[Assignment] = []
    backlog: list[float] = []
    for day in range(1, days + 1):
        free = {p.name: p.hours_per_day for p in crew}
        for job in jobs:
            if left[job.id] <= 1e-9:
                continue
            who = owner.get(job.id)
            if who is None or free[who] <= 1e-9:
                able = [p for p in crew if level(p, job.skill, day) >= 1 and free[p.name] > 1e-9]
                if not able:
                    continue
                best = max(able, key=lambda p: (free[p.name], level(p, job.skill, day), p.name))
                who = owner[job.id] = best.name
            factor = factors[min(level(people[who], job.skill, day), 3)]
            hours = min(free[who], left[job.id] * factor)
            free[who] -= hours
            left[job.id] -= hours / factor
            assignments.append(Assignment(day, who, job.id, round(hours, 4)))
        backlog.append(max(sum(left.values()), 0.0))
    horizon = next((d + 1 for d, b in enumerate(backlog) if b <= 1e-6), None)
    unstaffed = tuple(j.id for j in jobs
                      if not any(level(p, j.skill, days) >= 1 for p in crew))
    return RepairPlan(tuple(assignments), tuple(backlog), horizon, unstaffed)


def single_points(crew: tuple[Crewmember, ...], skills: set[str],
                  trained: dict[tuple[str, str], int] | None = None) -> list[str]:
    """Skills the jobs need that fewer than the data file's ``min_holders`` people hold."""
    trained = trained or {}
    return sorted(s for s in skills
                  if sum(1 for p in crew if p.level(s) >= 1 or (p.name, s) in trained)
                  < data().min_holders)


@dataclass(frozen=True)
class TrainingPlan:
    trainings: tuple[tuple[str, str, int], ...]  # person, skill, day level 1 is reached
    without: RepairPlan
    with_training: RepairPlan
    single_points_before: tuple[str, ...]
    single_points_after: tuple[str, ...]

    def as_list(self) -> list[dict[str, Any]]:
        return [{"person": p, "learns": s, "level": 1, "ready_day": d}
                for p, s, d in self.trainings]


def _skill_days(audit_: Audit, crew: tuple[Crewmember, ...], trained: set[tuple[str, str]]
                ) -> dict[str, float]:
    """Days each needed skill's jobs take with all its holders on them."""
    need: dict[str, float] = {}
    for j in audit_.jobs():
        need[j.skill] = need.get(j.skill, 0.0) + j.person_hours
    out = {}
    for skill, hours in need.items():
        capacity = sum(p.hours_per_day / data().level_time_factor[max(p.level(skill), 1)]
                       for p in crew if p.level(skill) >= 1 or (p.name, skill) in trained)
        out[skill] = hours / capacity if capacity else math.inf
    return out


def cross_training(audit_: Audit, crew: tuple[Crewmember, ...], days: int | None = None,
                   max_trainees: int | None = None) -> TrainingPlan:
    """Who learns what (see module doc), and the backlog with and without it."""
    days = data().plan_days if days is None else days
    max_trainees = data().max_trainees if max_trainees is None else max_trainees
    needed = {j.skill for j in audit_.jobs()}
    chosen: set[tuple[str, str]] = set()
    order: list[tuple[str, str]] = []
    busy: set[str] = set()

    def candidate(skill: str) -> Crewmember | None:
        pool = [p for p in crew if p.level(skill) == 0 and p.name not in busy]
        if not pool:
            return None
        spans = _skill_days(audit_, crew, chosen)
        # the least needed elsewhere: whose own skills have the shortest backlog, most hours
        return min(pool, key=lambda p: (max((spans.get(s, 0.0) for s in p.skills),
                                            default=0.0), -p.hours_per_day, p.name))

    def enrol(skill: str) -> bool:
        """Put the best free candidate on ``skill``; False when there is none."""
        person = candidate(skill)
        if person is None:
            return False
        chosen.add((person.name, skill))
        order.append((person.name, skill))
        busy.add(person.name)
        return True

    for skill in single_points(crew, needed):
        while skill in single_points(crew, needed, dict.fromkeys(chosen, 0)) \
                and len(order) < max_trainees:
            if not enrol(skill):
                break
    while len(order) < max_trainees:
        spans = _skill_days(audit_, crew, chosen)
        if not spans:
            break
        skill = max(sorted(spans), key=lambda s: spans[s])
        if spans[skill] <= data().training_days:
            break  # training would finish after the backlog is gone
        if not enrol(skill):
            break
    trained = {key: data().training_days + 1 for key in order}
    return TrainingPlan(
        tuple((p, s, data().training_days + 1) for p, s in order),
        repair_plan(audit_, crew, days), repair_plan(audit_, crew, days, trained),
        tuple(single_points(crew, needed)), tuple(single_points(crew, needed, trained)))


# ------------------------------------------------------------------ the live colony
REPAIR_STATES = ("walking", "working", "done", "cancelled", "interrupted")
ACTIVE_REPAIR = ("walking", "working")  # states that hold a person, the parts and a lock-out


@dataclass(frozen=True)
class RepairJob:
    """One repair in the running simulation (see :mod:`habitat_gui.core.maintenance.live`)."""

    component: str
    person: str
    started_t_s: float  # when the command was accepted (the parts were taken then)
    done_t_s: float  # when the work ends (or ended)
    state: str  # one of REPAIR_STATES
    parts: tuple[tuple[str, int], ...] = ()
    work_s: float = 0.0  # time at the component, after the walk


@dataclass(frozen=True)
class MaintenanceReport:
    """What the maintenance view shows: the colony's age, the audit on record (each module as
    last inspected), crew, cross-training, spare parts on hand and the repairs."""

    t_s: float
    service_days: float  # age of the colony now
    audit: Audit
    crew: tuple[Crewmember, ...]
    training: TrainingPlan
    inventory: dict[str, int]
    repairs: tuple[RepairJob, ...]
    components: tuple[Component, ...] = ()  # true state now (condition_at / remaining_life_days)
    inspected_t_s: dict[str, float] = field(default_factory=dict)  # module -> last inspection
    wear_faults: bool = False  # whether components fail by wear in this run


# ------------------------------------------------------------------ report
TOP = 10


def report(habitat: Habitat, days: float = DEFAULT_DAYS, seed: int = 0,
           world: Any = None) -> tuple[Audit, tuple[Crewmember, ...], TrainingPlan]:
    """Audit after ``days`` of service, the crew roster and the cross-training plan."""
    return assess(age(habitat, days, seed), world)


def assess(fleet: Fleet, world: Any = None
           ) -> tuple[Audit, tuple[Crewmember, ...], TrainingPlan]:
    """The audit of an aged fleet, the crew roster and the cross-training plan."""
    result = audit(fleet, world)
    crew = roster(fleet.habitat, fleet.seed)
    return result, crew, cross_training(result, crew)


def spares(habitat: Habitat) -> dict[str, int]:
    """Spare parts on hand at the start: the data file's, as the habitat's ``[spares]`` sets."""
    return {**data().spares, **habitat.spares}


def as_json(habitat: Habitat, result: Audit, crew: tuple[Crewmember, ...],
            plan: TrainingPlan) -> dict[str, Any]:
    return {"habitat": habitat.name, "days": result.days, "seed": result.seed,
            "counts": result.counts, "backlog_person_hours": result.backlog_person_hours,
            "parts": result.parts_needed(), "spares": spares(habitat),
            "components": [f.as_dict() for f in result.findings],
            "crew": [{"name": p.name, "module": p.module, "hours_per_day": p.hours_per_day,
                      "skills": dict(p.skills)} for p in crew],
            "plan": plan.as_list(),
            "single_points_before": list(plan.single_points_before),
            "single_points_after": list(plan.single_points_after),
            "without_training": plan.without.as_dict(),
            "with_training": plan.with_training.as_dict()}


def horizon_text(plan: RepairPlan) -> str:
    """When the plan clears the backlog, in words."""
    if plan.horizon_days:
        return f"{plan.horizon_days} days"
    left = plan.backlog_by_day[-1] if plan.backlog_by_day else 0.0
    return f"not cleared in {len(plan.backlog_by_day)} days ({left:.0f} h left)"


def summary(habitat: Habitat, result: Audit, plan: TrainingPlan) -> str:
    counts, stock = result.counts, spares(habitat)
    lines = [f"{habitat.name}: maintenance audit after {result.days:g} days (seed {result.seed})",
             f"components {len(result.findings)}: nominal {counts['nominal']}, degrading "
             f"{counts['degrading']}, replace now {counts['replace_now']}",
             f"backlog {result.backlog_person_hours:.0f} person-hours",
             "spare parts short: " + (", ".join(
                 f"{part} {need - stock.get(part, 0)}" for part, need in sorted(
                     result.parts_needed().items()) if need > stock.get(part, 0)) or "none"),
             "",
             f"top {TOP} priorities:"]
    for f in result.findings[:TOP]:
        lines.append(f"  {f.priority:5.2f}  {f.id:<28} {f.cls:<12} condition {f.condition:4.2f}"
                     f"  -> {f.fault}, {f.person_hours:g} h {f.skill}"
                     + (f" ({f.note})" if f.note and f.note != "cross-checked" else ""))
    lines += ["", "cross-training:"]
    if not plan.trainings:
        lines.append("  none needed")
    for person, skill, day in plan.trainings:
        lines.append(f"  {person} learns {skill} (level 1 from day {day})")
    lines.append(f"single points of failure: {', '.join(plan.single_points_before) or 'none'}"
                 f" -> {', '.join(plan.single_points_after) or 'none'}")
    lines.append(f"backlog cleared: without training {horizon_text(plan.without)}, with training "
                 f"{horizon_text(plan.with_training)}")
    ends = range(6, len(plan.without.backlog_by_day), 7)  # the last day of each week
    lines.append("backlog by week (h):  " + " ".join(f"w{k // 7 + 1}".rjust(5) for k in ends))
    for name, p in (("without training", plan.without), ("with training", plan.with_training)):
        lines.append(f"  {name:<19}" + " ".join(f"{p.backlog_by_day[k]:5.0f}" for k in ends))
    return "\n".join(lines)
