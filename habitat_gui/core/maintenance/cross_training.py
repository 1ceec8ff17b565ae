"""Cross-training: first give every skill the audit's jobs need at least ``min_holders``
holders (no single point of failure), then add trainees to the skill whose backlog takes
longest; a trainee is level 1 after ``days`` of ``[training]`` and meanwhile keeps their own
work. The plan is compared with the repair plan without training."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .data import builtin as data
from .records import Audit, Crewmember, RepairPlan
from .repair_plan import repair_plan


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
