"""Immutable published state: what the panel, reports and tests read."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..maintenance import live
from .equipment import Generator, PressureControl, Scrubber
from ..maintenance.audit import Finding
from .physiology import condition
from .world import World


@dataclass(frozen=True)
class Readings:
    """What a module's instruments report (O2 % derived from the ppO2 and pressure sensors):
    all that a live plant would publish, so the panel shows these."""

    pressure_kpa: float
    ppo2_kpa: float
    o2_pct: float
    co2_ppm: float
    temperature_c: float


def as_read(measured: np.ndarray) -> dict[str, np.ndarray]:
    """The instruments' figures from raw readings ``... x (pressure kPa, ppO2 kPa, CO2 ppm)``
    (a world's ``measured``, a recording's telemetry): by quantity, with O2 % derived as in
    :class:`Readings`."""
    pressure, ppo2 = measured[..., 0], measured[..., 1]
    return {"ppo2_kpa": ppo2,
            "o2_pct": 100.0 * ppo2 / np.where(pressure > 0, pressure, np.nan),
            "co2_ppm": measured[..., 2], "pressure_kpa": pressure}


@dataclass(frozen=True)
class ModuleState:
    id: str
    name: str
    volume_m3: float
    pressure_kpa: float
    o2_pct: float
    ppo2_kpa: float
    co2_ppm: float
    temperature_c: float
    crew_count: int
    measured_pressure_kpa: float
    measured_ppo2_kpa: float
    measured_co2_ppm: float
    leak_hole_cm: float
    breach_time_s: float | None
    o2_reserve_kg: float
    reserve_time_s: float | None
    o2_candles: int
    min_ppo2_kpa: float
    max_co2_ppm: float
    min_pressure_kpa: float

    @property
    def reading(self) -> Readings:
        pressure = self.measured_pressure_kpa
        return Readings(pressure, self.measured_ppo2_kpa,
                        100.0 * self.measured_ppo2_kpa / pressure if pressure > 0 else 0.0,
                        self.measured_co2_ppm, self.temperature_c)

    def sample(self) -> dict[str, float | int]:
        """The fields of a report sample."""
        return {"pressure_kpa": round(self.pressure_kpa, 4), "o2_pct": round(self.o2_pct, 4),
                "ppo2_kpa": round(self.ppo2_kpa, 4), "co2_ppm": round(self.co2_ppm, 2),
                "temperature_c": round(self.temperature_c, 3), "crew_count": self.crew_count}


@dataclass(frozen=True)
class InterconnectState:
    id: str
    between: tuple[str, str]
    state: str
    kind: str
    crack_mm: float
    locked_for: str = ""  # the seal whose repair has it locked shut ("" = free)


@dataclass(frozen=True)
class UnitState:
    id: str
    kind: str
    module: str
    role: str
    state: str
    override: str | None
    powered: bool
    condition: float  # its worst part as last inspected (maintenance record)
    worst_part: str  # which part that is
    power_kw: float
    setting_pct: int | None = None
    n2_tank_kg: float | None = None
    o2_tank_kg: float | None = None
    locked_for: str = ""  # the component whose repair has it locked out ("" = free)


@dataclass(frozen=True)
class RelayState:
    id: str
    module: str
    position: str
    fused: bool
    override: str | None
    state: str
    locked_for: str = ""  # the relay's repair has it locked out ("" = free)


@dataclass(frozen=True)
class CrewState:
    name: str
    module: str
    activity: str
    moving_to: str | None
    arrive_at_s: float | None
    spo2_pct: float
    min_spo2_pct: float
    hypoxia_s: float
    condition: str


@dataclass(frozen=True)
class Snapshot:
    t_s: float
    seed: int
    habitat: str
    modules: tuple[ModuleState, ...]
    interconnects: tuple[InterconnectState, ...]
    units: tuple[UnitState, ...]
    relays: tuple[RelayState, ...]
    crew: tuple[CrewState, ...]
    event_count: int

    def module(self, module_id: str) -> ModuleState:
        return next(m for m in self.modules if m.id == module_id)

    def unit(self, unit_id: str) -> UnitState:
        return next(u for u in self.units if u.id == unit_id)

    def interconnect(self, link_id: str) -> InterconnectState:
        return next(i for i in self.interconnects if i.id == link_id)

    def person(self, name: str) -> CrewState:
        return next(c for c in self.crew if c.name == name)


def take(world: World) -> Snapshot:
    """Publish the world's present state."""
    if world._dirty:
        world._rebuild()
    ids = world.module_ids
    counts = [0] * len(ids)
    for p in world.crew:
        counts[p.module] += 1
    holes = [0.0] * len(ids)
    for h in world.holes:
        holes[h.module] = (holes[h.module] ** 2 + h.diameter_cm ** 2) ** 0.5
    pressure, o2, ppo2 = world.pressure_kpa.tolist(), world.o2_fraction.tolist(), \
        world.ppo2_kpa.tolist()
    co2, measured = world.co2_ppm.tolist(), world.measured.tolist()
    lows, highs = world.min_ppo2_kpa.tolist(), world.max_co2_ppm.tolist()
    low_p = world.min_pressure_kpa.tolist()
    breach = world.breach_times_s()
    modules = tuple(
        ModuleState(mid, spec.name, spec.volume_m3, pressure[i], 100.0 * o2[i], ppo2[i], co2[i],
                    spec.temperature_c, counts[i], measured[i][0], measured[i][1], measured[i][2],
                    holes[i], breach[i], world.o2_reserve_kg(i),
                    world.reserve_time_s(i), int(world.candles_left[i]), lows[i], highs[i],
                    low_p[i])
        for i, (mid, spec) in enumerate(zip(ids, world.habitat.modules)))
    links = tuple(InterconnectState(k.id, (ids[k.a], ids[k.b]), k.state, k.kind, k.crack_mm,
                                    k.locked_for)
                  for k in world.links.values())
    worst = live.worst_on_record(world)
    units = tuple(_unit(u, worst[u.id]) for u in world.units.values())
    relays = tuple(RelayState(r.id, r.module, r.position, r.fused, r.override, r.state,
                              r.locked_for)
                   for r in world.relays.values())
    spo2, low, hyp = world.crew_spo2.tolist(), world.crew_min_spo2.tolist(), \
        world.crew_hypoxia_s.tolist()
    crew = tuple(CrewState(p.name, ids[p.module], p.activity,
                           ids[p.moving_to] if p.moving_to is not None else None,
                           p.arrive_at_s if p.moving_to is not None else None,
                           spo2[k], low[k], hyp[k], condition(spo2[k]))
                 for k, p in enumerate(world.crew))
    return Snapshot(world.t_s, world.seed, world.habitat.name, modules, links, units, relays,
                    crew, len(world.events))


def _unit(u: Generator | Scrubber | PressureControl, worst: Finding) -> UnitState:
    setting = u.setting_pct if isinstance(u, Generator) else None
    n2, o2 = (u.n2_kg, u.o2_kg) if isinstance(u, PressureControl) else (None, None)
    return _unit_state(u.id, u.kind, u.module, getattr(u, "role", ""), u.state, u.override,
                       u.powered, worst.condition, worst.id, u.power_kw(), setting, n2, o2,
                       u.locked_for)


@functools.lru_cache(maxsize=4096)
def _unit_state(*fields: Any) -> UnitState:
    """One state per set of values: most units stay as they were from one snapshot to the
    next, and a frozen state costs more to make than to look up (50 modules: 2.2 -> 0.7 ms)."""
    return UnitState(*fields)


__all__ = ["Snapshot", "ModuleState", "InterconnectState", "UnitState", "RelayState",
           "CrewState", "take"]
