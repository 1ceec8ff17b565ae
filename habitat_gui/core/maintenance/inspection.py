"""What inspection finds: the state of a running world's equipment, and the calibration of
the sensors, estimated by cross-check since they read through their own error.

Cross-check (:func:`cross_check`): modules joined by open interconnects share their air, so
within such a group of at least ``CROSS_CHECK_MIN_GROUP`` modules each pressure and ppO2
reading is compared with the group's median; CO2 differs between rooms, so it is compared
with a wider tolerance. In a smaller group the module's pressure and ppO2 are checked against
each other (implied O2 % against the habitat's O2 %), which cannot tell which of the two is
wrong, so both are charged; CO2 there cannot be verified and is classed by its service age
(``verified`` false). Relays are found fused by a changeover test, wiring by the dropouts it
causes, failed generators and scrubbers and cracked seals by inspection (:func:`inspect`).
"""

from __future__ import annotations

import statistics
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from ..plant.equipment_logic import CORROSION_ACTIONS
from ..plant.habitat import SENSOR_QUANTITIES, Habitat
from .data import builtin as data
from .fault_clearing import UNIT_FAILURE, fault_causes

if TYPE_CHECKING:
    from .ageing import Fleet


def inspect(fleet: Fleet, world: Any) -> Fleet:
    """What inspection finds in a running world (:class:`~habitat_gui.core.plant.world.World`):
    a fused relay fails its changeover test, the part that failed a generator or scrubber
    (a stack or bed, or the corroded harness a scenario names as the cause) is dead (its
    other parts keep their condition, named as not the cause), a cracked
    seal is worn by the crack, a unit whose wiring drops out has a corroded harness. Sensors
    are left to the cross-check of the audit, which reads the world's measurements."""
    dropping = {args[0] for name, args in world.agenda if name in CORROSION_ACTIONS}
    dropping |= {u.id for u in world.units.values() if not u.powered}
    found: dict[str, str] = dict(fleet.found)
    caused: dict[str, str] = dict(fleet.caused)
    out = []
    for c in fleet.components:
        condition = c.condition
        if c.kind == "relay" and c.target in world.relays and world.relays[c.target].fused:
            condition, found[c.id] = 0.0, "fused: failed the changeover test"
        elif c.target in world.units and world.units[c.target].failed:
            causes = fault_causes(world, world.maintenance, c)
            if c.id in causes:
                condition, found[c.id] = 0.0, f"failed: the cause of {c.target}'s fault"
                caused[c.id] = UNIT_FAILURE[world.units[c.target].kind]
            else:
                found[c.id] = (f"on failed {c.target}, not the cause "
                               f"(the cause is {', '.join(causes)})")
        elif c.kind == "interconnect_seal" and world.links[c.target].crack_mm > 0:
            condition = min(condition, data().replace_below / 2)
            found[c.id] = f"cracked ({world.links[c.target].crack_mm:g} mm)"
        elif (c.kind == "wiring_harness" and c.target in dropping
              and c.id.endswith(".harness-1")):
            condition, found[c.id] = 0.0, "corroded: the unit drops out"
        out.append(replace(c, condition=condition))
    return replace(fleet, components=tuple(out), found=found, caused=caused)


CROSS_CHECK_MIN_GROUP = 3
# Relative deviation explained by the air itself: pressure is equal across open hatches, so
# 0.05 % (a tenth of the ~0.5 % a pressure transmitter drifts in 1200 days); ppO2 and CO2
# differ between rooms.
CROSS_CHECK_TOLERANCE = (0.0005, 0.01, 0.35)


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

    Readings are the world's measurements averaged over their noise when given (else the
    habitat's nominal air), each further off by the sensor's aged error (0 once a scenario's
    sensor drift put it into the world's sensor); the audit never looks at the error itself."""
    habitat = fleet.habitat
    ids = habitat.module_ids()
    if world is not None:
        truth = world.mean_readings()
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
                # not np.median: its first call imports numpy.ma (10 ms more to start)
                median = statistics.median(reading[rows, q].tolist())
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
