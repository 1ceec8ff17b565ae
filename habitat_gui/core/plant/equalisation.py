"""How long a hatch's pressure equalisation valve (PEV) takes to bring a differential
within a limit, in closed form from the orifice flow of :func:`.atmosphere.orifice_kg_per_s`.

Each side is the gas joined to it by open hatches, at one pressure: dP/dt = -/+ R_s mdot / C,
C = sum(V / T) over its modules. With mdot = Cd A sqrt(2 rho dP) and rho held at its start,
d(dP)/dt = -k sqrt(dP), k = R_s (1 / C_hi + 1 / C_lo) Cd A sqrt(2 rho), so sqrt(dP) falls
linearly: t = 2 (sqrt(dP0) - sqrt(dP1)) / k (docs/physics.md, Hatches).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..constants import AIR_SPECIFIC_GAS_CONSTANT_J_PER_KG_K
from .atmosphere import orifice_kg_per_s

if TYPE_CHECKING:
    from .interconnects import Link
    from .world import World


def equalisation_time_s(high_kpa: float, low_kpa: float, high_m3_per_k: float,
                        low_m3_per_k: float, high_temperature_k: float, diameter_mm: float,
                        within_kpa: float) -> float:
    """Seconds until flow through an orifice of ``diameter_mm`` brings the pressures of two
    bodies of gas (capacities C = sum(V / T), m3/K) within ``within_kpa``; 0 when they are
    already, infinite without an orifice."""
    dp0_pa, dp1_pa = (high_kpa - low_kpa) * 1000.0, within_kpa * 1000.0
    if dp0_pa <= dp1_pa:
        return 0.0
    if diameter_mm <= 0:
        return math.inf
    density = high_kpa * 1000.0 / (AIR_SPECIFIC_GAS_CONSTANT_J_PER_KG_K * high_temperature_k)
    k = (AIR_SPECIFIC_GAS_CONSTANT_J_PER_KG_K * (1.0 / high_m3_per_k + 1.0 / low_m3_per_k)
         * orifice_kg_per_s(diameter_mm, density, 1.0))
    return 2.0 * (math.sqrt(dp0_pa) - math.sqrt(dp1_pa)) / k


def in_words(t_s: float) -> str:
    """An estimate of :func:`equalisation_time_s` as said: ``about 5 min``."""
    return f"about {max(round(t_s / 60.0), 1)} min"


def across(world: World, link: Link) -> float:
    """:func:`equalisation_time_s` for ``link``'s PEV from the measured pressures, each side
    with the modules joined to it by open hatches, to the hatch's differential limit."""
    capacity = world.volume_m3 / world.temperature_k
    if world.hatches is not None:
        capacity = world.hatches.group @ capacity
    kpa = {i: world.measured_value(world.module_ids[i], "pressure") for i in (link.a, link.b)}
    hi, lo = sorted(kpa, key=kpa.__getitem__, reverse=True)
    return equalisation_time_s(kpa[hi], kpa[lo], float(capacity[hi]), float(capacity[lo]),
                               float(world.temperature_k[hi]), link.pev_mm,
                               world.habitat.automation.hatch_max_differential_kpa)
