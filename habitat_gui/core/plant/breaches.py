"""A breach to Mars in a module's hull and the choked flow through it."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..constants import AIR_SPECIFIC_GAS_CONSTANT_J_PER_KG_K, CHOKED_FLOW_S_PER_M
from ..records import FlatRecord


@dataclass
class Hole(FlatRecord):
    """A breach to Mars in one module; choked flow through ``diameter_cm``."""

    module: int
    diameter_cm: float
    growth_cm_per_s: float
    discharge_coefficient: float

    def conductance_m3_per_s(self, temperature_k: float) -> float:
        """V / tau: tau = V / (R_s T Cd A 0.00235) (docs/physics.md)."""
        area_m2 = math.pi * (self.diameter_cm / 200.0) ** 2
        return (AIR_SPECIFIC_GAS_CONSTANT_J_PER_KG_K * temperature_k
                * self.discharge_coefficient * area_m2 * CHOKED_FLOW_S_PER_M)
