"""The offline audit of an aged fleet as ``habitat-sim audit`` reports it: the audit, the
crew roster and the cross-training plan, as JSON and as text."""

from __future__ import annotations

from typing import Any

from ..plant.habitat import Habitat
from .ageing import DEFAULT_DAYS, Fleet, age
from .audit import audit
from .cross_training import TrainingPlan, cross_training
from .data import spares
from .records import Audit, Crewmember, horizon_text
from .roster import roster

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
