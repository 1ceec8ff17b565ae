"""Publishing a world's present state as the contract's :class:`Snapshot`, simulator truth
included (the true air, holes and cracks, the seed)."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ...contract.state import (CrewState, InterconnectState, ModuleState, ModuleTruth, Readings,
                               RelayState, SimulationInfo, Snapshot, UnitState)
from ..maintenance import live
from ..maintenance.records import Finding
from . import equalisation
from .equipment import AnyUnit, Generator, PressureControl
from .physiology import condition
from .world import World


def as_read(measured: np.ndarray) -> dict[str, np.ndarray]:
    """The instruments' figures from raw readings ``... x (pressure kPa, ppO2 kPa, CO2 ppm)``
    (a world's ``measured``, a recording's telemetry): by quantity, with O2 % derived as in
    :class:`Readings`."""
    pressure, ppo2 = measured[..., 0], measured[..., 1]
    return {"ppo2_kpa": ppo2,
            "o2_pct": 100.0 * ppo2 / np.where(pressure > 0, pressure, np.nan),
            "co2_ppm": measured[..., 2], "pressure_kpa": pressure}


def take(world: World, scenario: str | None = None) -> Snapshot:
    """Publish the world's present state (of ``scenario``, if it runs one)."""
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
    temperature = [spec.temperature_c for spec in world.habitat.modules]
    modules = tuple(
        ModuleState(mid, spec.name, spec.volume_m3, counts[i],
                    _readings(measured[i][0], measured[i][1], measured[i][2], temperature[i]),
                    breach[i], world.o2_reserve_kg(i), world.reserve_time_s(i),
                    int(world.candles_left[i]),
                    ModuleTruth(pressure[i], 100.0 * o2[i], ppo2[i], co2[i], holes[i], lows[i],
                                highs[i], low_p[i]),
                    world.water.left_kg(i), world.water.time_to_empty_s(i),
                    int(world.masks.masks_left[i]), int(world.masks.canisters_left[i]),
                    int(world.masks.concentrators_left[i]))
        for i, (mid, spec) in enumerate(zip(ids, world.habitat.modules)))
    links = tuple(InterconnectState(k.id, (ids[k.a], ids[k.b]), k.state, k.kind, k.locked_for,
                                    k.crack_mm, k.pev_open,
                                    equalisation.across(world, k)
                                    if k.state == "closed" and k.pev_mm > 0 else None,
                                    world.habitat.automation.hatch_max_differential_kpa)
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
                           spo2[k], low[k], hyp[k], condition(spo2[k]),
                           world.masks.left_pct(k, world.t_s),
                           bool(world.masks.on_concentrator[k]))
                 for k, p in enumerate(world.crew))
    return Snapshot(world.t_s, world.habitat.name, modules, links, units, relays, crew,
                    len(world.events), SimulationInfo(world.seed, scenario),
                    world.books.publish(world.n))


def _readings(pressure_kpa: float, ppo2_kpa: float, co2_ppm: float,
              temperature_c: float) -> Readings:
    """What the instruments read, O2 % derived as :func:`as_read` derives it."""
    o2_pct = 100.0 * ppo2_kpa / pressure_kpa if pressure_kpa > 0 else 0.0
    return Readings(pressure_kpa, ppo2_kpa, o2_pct, co2_ppm, temperature_c)


def _unit(u: AnyUnit, worst: Finding) -> UnitState:
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


__all__ = ["as_read", "take"]
