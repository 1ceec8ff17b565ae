"""The component model of a colony and its ageing: every component, new, and its condition
after days of operation, in closed form.

Lower-case names in ``this style`` are figures of the maintenance data file,
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

So there are more components than the gas model has units; each maps to the unit,
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
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field, replace

import numpy as np

from ..plant.habitat import Habitat
from .records import Component
from .data import builtin as data

DEFAULT_DAYS = 1200
DECAY_SALT = 0x7E57
PC_VALVES = ("n2", "o2", "relief")


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
    caused: dict[str, str] = field(default_factory=dict)  # id -> the unit failure it caused


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
