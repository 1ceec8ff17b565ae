"""What the audit says about the future: remaining life and the condition trend of a component.

Both start from the condition on record (what the last inspection, or the repair, found) and
the component's decay rate (:func:`~habitat_gui.core.maintenance.ageing.condition_at`): the past
runs from when the component was new to the record, the projection from the record on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from ..constants import SECONDS_PER_DAY
from .ageing import condition_at, remaining_life_days
from .records import Audit, Component, MaintenanceReport

TREND_POINTS = 120


def recorded_t_s(report: MaintenanceReport) -> dict[str, float]:
    """When each finding on record was made: its module's last inspection, or a later repair
    (simulated seconds; 0 is the audit at the start)."""
    out = {f.id: report.inspected_t_s.get(f.module, 0.0) for f in report.audit.findings}
    for job in report.repairs:
        if job.state == "done" and job.done_t_s > out.get(job.component, 0.0):
            out[job.component] = job.done_t_s
    return out


def life(audit: Audit, components: tuple[Component, ...],
         elapsed_days: Mapping[str, float] | None = None) -> dict[str, float | None]:
    """Days until each component crosses the replace-now line, from its audited condition at
    its rate, less the days since the audit (``elapsed_days``); 0 when due, None when it
    does not decay or is unknown."""
    by_id = {c.id: c for c in components}
    elapsed_days = elapsed_days or {}
    out: dict[str, float | None] = {}
    for f in audit.findings:
        c = by_id.get(f.id)
        days = None if c is None else remaining_life_days(replace(c, condition=f.condition))
        out[f.id] = None if days is None else max(days - elapsed_days.get(f.id, 0.0), 0.0)
    return out


def report_life(report: MaintenanceReport) -> dict[str, float | None]:
    """:func:`life` of a live report, as of its time."""
    elapsed = {k: (report.t_s - t) / SECONDS_PER_DAY for k, t in recorded_t_s(report).items()}
    return life(report.audit, report.components, elapsed)


@dataclass(frozen=True)
class Trend:
    """Condition over service days: ``past`` up to the record, ``projected`` after it."""

    recorded_day: float
    recorded: float
    past_days: np.ndarray
    past: np.ndarray
    projected_days: np.ndarray
    projected: np.ndarray


def trend(report: MaintenanceReport, component_id: str, ahead_days: float = 365.0,
          points: int = TREND_POINTS) -> Trend | None:
    """The condition of one component from new (or service day 0) to ``ahead_days`` past the
    report's day; a component found failed shows its wear from day 0 and then the drop to 0.
    None when the report has no such component."""
    finding = next((f for f in report.audit.findings if f.id == component_id), None)
    component = next((c for c in report.components if c.id == component_id), None)
    if finding is None or component is None:
        return None
    since = (report.t_s - recorded_t_s(report)[component_id]) / SECONDS_PER_DAY
    day = report.service_days - since
    audited = replace(component, condition=finding.condition)
    ahead = np.linspace(day, report.service_days + ahead_days, points)
    projected = np.array([condition_at(audited, d - day) for d in ahead])
    new = replace(component, condition=1.0)
    if finding.condition <= 0.0:  # found failed: its wear from service day 0, then the drop
        back = np.linspace(0.0, day, points)
        past = np.array([condition_at(new, d) for d in back])
        return Trend(day, 0.0, np.append(back, day), np.append(past, 0.0), ahead, projected)
    age = 0.0 if finding.condition >= 1.0 else \
        remaining_life_days(new, line=finding.condition) or 0.0
    first = max(day - age, 0.0)
    back = np.linspace(first, day, points)
    past = np.array([condition_at(new, d - (day - age)) for d in back])
    return Trend(day, finding.condition, back, past, ahead, projected)
