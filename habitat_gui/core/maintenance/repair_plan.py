"""Repair planning: every non-nominal component of an audit is a job; each day, jobs in
priority order go to the person with the job's skill (level >= 1) who has most hours left
that day; a person works ``level_time_factor`` of their level times the job's person-hours,
never more than their hours a day; a job may span days."""

from __future__ import annotations

from .data import builtin as data
from .records import Assignment, Audit, Crewmember, RepairPlan


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
