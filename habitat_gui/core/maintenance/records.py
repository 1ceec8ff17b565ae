"""The records of maintenance that the audit, the plans, live maintenance and the views share:
components and findings, the audit's result, the crew, repair plans and jobs, and the report
the maintenance view shows. Plain data, on the figures of the maintenance data file
(:mod:`.data`); nothing here imports the world or the simulation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .data import Kind
from .data import builtin as data

if TYPE_CHECKING:
    from .cross_training import TrainingPlan

CLASSES = ("nominal", "degrading", "replace_now")


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
    """The audit of a fleet aged ``days``: a finding per component."""

    days: float
    seed: int
    findings: tuple[Finding, ...]  # highest priority first

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(CLASSES, 0)
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


@dataclass(frozen=True)
class Crewmember:
    name: str
    module: str
    hours_per_day: float
    skills: dict[str, int]

    def level(self, skill: str) -> int:
        return self.skills.get(skill, 0)


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


def horizon_text(plan: RepairPlan) -> str:
    """When the plan clears the backlog, in words."""
    if plan.horizon_days:
        return f"{plan.horizon_days} days"
    left = plan.backlog_by_day[-1] if plan.backlog_by_day else 0.0
    return f"not cleared in {len(plan.backlog_by_day)} days ({left:.0f} h left)"


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
