"""The live maintenance state of a world: the components' condition, the audit on record,
the crew's skills, spare parts, repairs and failure draws (plain data, cheap to copy)."""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field, replace
from typing import Any

from ..constants import SECONDS_PER_DAY
from .ageing import condition_at
from .records import ACTIVE_REPAIR, Component, Crewmember, Finding, RepairJob


@dataclass
class LiveMaintenance:
    """The world's maintenance state (plain data, cheap to copy for clones)."""

    service_days: float  # the colony's age at t = 0
    wear_faults: bool
    components: dict[str, Component]  # condition as of ref_t_s
    ref_t_s: dict[str, float]
    crew: tuple[Crewmember, ...]
    inventory: dict[str, int]
    record: dict[str, Finding]  # the audit on record, per component
    inspected_t_s: dict[str, float] = field(default_factory=dict)
    repairs: list[RepairJob] = field(default_factory=list)
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

    def __deepcopy__(self, memo: dict[int, Any]) -> LiveMaintenance:
        twin = copy.copy(self)
        for name in ("components", "ref_t_s", "inventory", "record", "inspected_t_s",
                     "failure_at", "draws", "stashed", "causes", "_cache"):
            setattr(twin, name, dict(getattr(self, name)))
        twin.repairs = list(self.repairs)
        return twin

    def now(self, t_s: float) -> tuple[Component, ...]:
        """Every component with its true condition at ``t_s``."""
        return tuple(replace(c, condition=condition_at(c, (t_s - self.ref_t_s[cid])
                                                       / SECONDS_PER_DAY))
                     for cid, c in self.components.items())

    def active(self, person: str | None = None, component: str | None = None
               ) -> RepairJob | None:
        """The repair walking or working for this person or on this component."""
        for job in self.repairs:
            if job.state in ACTIVE_REPAIR and (
                    job.person == person or job.component == component):
                return job
        return None
