"""Blood oxygen from the air a person breathes (alveolar gas equation, Severinghaus curve)."""

from __future__ import annotations

import numpy as np

from ..constants import (ALVEOLAR_ARTERIAL_GRADIENT_KPA, ALVEOLAR_PACO2_KPA,
                         EXERTION_GRADIENT_KPA, EXERTION_NORMOXIC_PIO2_KPA,
                         HYPOXIC_DRIVE_FULL_PIO2_KPA, HYPOXIC_DRIVE_START_PIO2_KPA,
                         HYPOXIC_PACO2_FLOOR_KPA, KPA_TO_MMHG, METABOLISM_KG_PER_H,
                         RESPIRATORY_QUOTIENT, SPO2_FAINTING_PCT, SPO2_HYPOXIC_PCT,
                         SPO2_UNCONSCIOUS_PCT, WATER_VAPOUR_BODY_KPA, Gas)

_NOMINAL_O2 = METABOLISM_KG_PER_H["nominal"][Gas.O2]
# Per activity: O2 uptake above nominal, in multiples of nominal (none at or below it).
EXERTION = {a: max(r[Gas.O2] / _NOMINAL_O2 - 1.0, 0.0) for a, r in METABOLISM_KG_PER_H.items()}


def spo2_pct(o2_fraction: np.ndarray, pressure_kpa: np.ndarray,
             exertion: np.ndarray | float = 0.0) -> np.ndarray:
    """Arterial oxygen saturation (%) for inspired O2 fraction and total pressure, and the
    breather's ``exertion`` (:data:`EXERTION`).

    PIO2 = xO2 (P - 6.27 kPa); PAO2 = PIO2 - PACO2 / 0.85; PaO2 = PAO2 - 0.9 kPa;
    SpO2 = 1 / (23400 / (PaO2^3 + 150 PaO2) + 1), PaO2 in mmHg (docs/physics.md), with PACO2
    lowered by the hypoxic ventilatory response (see constants) so that the thresholds of
    the physiology table hold. Exertion widens the gradient in hypoxia by
    ``EXERTION_GRADIENT_KPA`` per unit, fully at PIO2 <= 15.2 kPa and not at all in normal air
    (published exercise hypoxia data, see constants).
    """
    inspired = o2_fraction * np.maximum(pressure_kpa - WATER_VAPOUR_BODY_KPA, 0.0)
    drive = np.clip((HYPOXIC_DRIVE_START_PIO2_KPA - inspired)
                    / (HYPOXIC_DRIVE_START_PIO2_KPA - HYPOXIC_DRIVE_FULL_PIO2_KPA), 0.0, 1.0)
    paco2 = ALVEOLAR_PACO2_KPA - drive * (ALVEOLAR_PACO2_KPA - HYPOXIC_PACO2_FLOOR_KPA)
    alveolar = inspired - paco2 / RESPIRATORY_QUOTIENT
    hypoxic = np.clip((EXERTION_NORMOXIC_PIO2_KPA - inspired)
                      / (EXERTION_NORMOXIC_PIO2_KPA - HYPOXIC_DRIVE_START_PIO2_KPA), 0.0, 1.0)
    gradient = ALVEOLAR_ARTERIAL_GRADIENT_KPA + EXERTION_GRADIENT_KPA * exertion * hypoxic
    arterial_mmhg = np.maximum(alveolar - gradient, 0.0) * KPA_TO_MMHG
    return 100.0 / (23400.0 / (arterial_mmhg**3 + 150.0 * arterial_mmhg + 1e-12) + 1.0)


def condition(spo2: float) -> str:
    """A word for a person's state from their SpO2."""
    if spo2 < SPO2_UNCONSCIOUS_PCT:
        return "unconscious"
    if spo2 < SPO2_FAINTING_PCT:
        return "fainting"
    if spo2 < SPO2_HYPOXIC_PCT:
        return "hypoxic"
    return "well"
