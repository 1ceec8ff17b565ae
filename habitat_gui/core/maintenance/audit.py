"""The maintenance audit: each component's condition, class and priority.

Lower-case names in ``this style`` below are figures of the maintenance data file,
``resources/maintenance.toml`` (:mod:`habitat_gui.core.maintenance.data`). The components
and their ageing are :mod:`.ageing`'s; what inspection finds, sensors by cross-check,
:mod:`.inspection`'s; the records (the :class:`~.records.Audit` and its findings among
them) :mod:`.records`'s.

Audit (:func:`audit`): per component its condition, class (nominal >= ``nominal_above``,
degrading, replace now < ``replace_below``), the fault of the model it would cause if it
failed, person-hours, spare parts and skill to fix it (``[kinds.*]``), and

    priority = criticality x probability of failure,  p = 1 - condition ** pfail_exponent

(p is the chance it fails before the next audit; 0 when new, 1 when failed, about 0.66 at
the degrading line 0.7 and 0.94 at the replace-now line 0.4). Criticality is the kind's;
a part inspection finds to have failed its unit (a corroded harness that failed a
generator) ranks with that unit's failure, and its fault is that failure.

The crew's skills are :mod:`.roster`'s, the repair plan :mod:`.repair_plan`'s, the
cross-training plan :mod:`.cross_training`'s; the live colony
(:mod:`habitat_gui.core.maintenance.live`) keeps decaying the components in simulated time,
may let them fail by wear, and repairs them by command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .data import builtin as data
from .inspection import cross_check, inspect
from .records import Audit, Finding, kinds

if TYPE_CHECKING:
    from .ageing import Fleet


def condition_class(condition: float) -> str:
    if condition >= data().nominal_above:
        return "nominal"
    return "degrading" if condition >= data().replace_below else "replace_now"


def p_fail(condition: float) -> float:
    return 1.0 - max(min(condition, 1.0), 0.0) ** data().pfail_exponent


def criticality(fault: str) -> float:
    """How bad the fault is: the highest criticality of the kinds whose failure causes it
    (a harness found to have failed a generator ranks with the generator's failure)."""
    return max(k.criticality for k in kinds().values() if k.fault == fault)


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
        fault = fleet.caused.get(c.id, kind.fault)
        weight = max(kind.criticality, criticality(fault)) if c.id in fleet.caused \
            else kind.criticality
        findings.append(Finding(c.id, c.module, c.kind, c.target, condition,
                                condition_class(condition), fault, kind.person_hours,
                                kind.parts, kind.skill, p, weight * p, verified, note))
    findings.sort(key=lambda f: (-f.priority, f.id))
    return Audit(fleet.days, fleet.seed, tuple(findings))
