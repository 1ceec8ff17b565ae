"""A breach to Mars in a module's hull and the choked flow through it."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..constants import AIR_HEAT_CAPACITY_RATIO, AIR_SPECIFIC_GAS_CONSTANT_J_PER_KG_K
from ..records import FlatRecord


@dataclass
class Hole(FlatRecord):
    """A breach to Mars in one module; choked flow through ``diameter_cm``."""

    module: int
    diameter_cm: float
    growth_cm_per_s: float
    discharge_coefficient: float

    def conductance_m3_per_s(self, temperature_k: float) -> float:
        """V / tau: tau = V / (R_s T Cd A psi(T)) at the module's gas temperature
        (docs/physics.md)."""
        area_m2 = math.pi * (self.diameter_cm / 200.0) ** 2
        return (AIR_SPECIFIC_GAS_CONSTANT_J_PER_KG_K * temperature_k
                * self.discharge_coefficient * area_m2 * choked_flow_s_per_m(temperature_k))


def choked_flow_s_per_m(temperature_k: float) -> float:
    """psi(T): choked mass flow per unit area and upstream pressure, kg/(s m2 Pa) = s/m.

    psi(T) = sqrt(gamma / (R_s T)) (2 / (gamma + 1))^((gamma + 1) / (2 (gamma - 1))), about
    0.00235 s/m for air at 295 K (docs/physics.md).
    """
    gamma = AIR_HEAT_CAPACITY_RATIO
    return (math.sqrt(gamma / (AIR_SPECIFIC_GAS_CONSTANT_J_PER_KG_K * temperature_k))
            * (2.0 / (gamma + 1.0)) ** ((gamma + 1.0) / (2.0 * (gamma - 1.0))))
