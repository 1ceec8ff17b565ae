"""Blood oxygen from the air a person breathes (alveolar gas equation, Severinghaus curve)."""

from __future__ import annotations

import numpy as np

from ..constants import (ALVEOLAR_ARTERIAL_GRADIENT_KPA, ALVEOLAR_PACO2_KPA,
                         HYPOXIC_DRIVE_FULL_PIO2_KPA, HYPOXIC_DRIVE_START_PIO2_KPA,
                         HYPOXIC_PACO2_FLOOR_KPA, KPA_TO_MMHG, RESPIRATORY_QUOTIENT,
                         SPO2_FAINTING_PCT, SPO2_HYPOXIC_PCT, SPO2_UNCONSCIOUS_PCT,
                         WATER_VAPOUR_BODY_KPA)


def spo2_pct(o2_fraction: np.ndarray, pressure_kpa: np.ndarray) -> np.ndarray:
    """Arterial oxygen saturation (%) for inspired O2 fraction and total pressure.

    PIO2 = xO2 (P - 6.27 kPa); PAO2 = PIO2 - PACO2 / 0.85; PaO2 = PAO2 - 0.9 kPa;
    SpO2 = 1 / (23400 / (PaO2^3 + 150 PaO2) + 1), PaO2 in mmHg (docs/physics.md), with PACO2
    lowered by the hypoxic ventilatory response (see constants) so that the thresholds of
    the physiology table hold.
    """
    inspired = o2_fraction * np.maximum(pressure_kpa - WATER_VAPOUR_BODY_KPA, 0.0)
    drive = np.clip((HYPOXIC_DRIVE_START_PIO2_KPA - inspired)
                    / (HYPOXIC_DRIVE_START_PIO2_KPA - HYPOXIC_DRIVE_FULL_PIO2_KPA), 0.0, 1.0)
    paco2 = ALVEOLAR_PACO2_KPA - drive * (ALVEOLAR_PACO2_KPA - HYPOXIC_PACO2_FLOOR_KPA)
    alveolar = inspired - paco2 / RESPIRATORY_QUOTIENT
    arterial_mmhg = np.maximum(alveolar - ALVEOLAR_ARTERIAL_GRADIENT_KPA, 0.0) * KPA_TO_MMHG
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
