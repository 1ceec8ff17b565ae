"""Physical constants and reference figures, all from ``docs/physics.md``.

Every number the simulation is held to lives here or in a habitat file; nothing else in the
core carries a magic number.
"""

from __future__ import annotations

from enum import IntEnum

R_J_PER_MOL_K = 8.314462618
ZERO_C_K = 273.15
KPA_TO_MMHG = 7.500615
SECONDS_PER_HOUR = 3600.0
SECONDS_PER_DAY = 86400.0


class Gas(IntEnum):
    """Column of each species in a module's mole vector."""

    O2 = 0
    CO2 = 1
    N2 = 2
    H2O = 3
    AR = 4


GAS_COUNT = len(Gas)
GAS_SYMBOLS = ("O2", "CO2", "N2", "H2O", "Ar")  # by column
MOLAR_MASS_KG_PER_MOL = (0.031998, 0.04401, 0.028014, 0.018015, 0.039948)

# Crew metabolism per person (BVAD). "working" is 2.5x nominal; exercise water is the
# middle of the published 0.28-0.77 kg/h range.
METABOLISM_KG_PER_H: dict[str, dict[Gas, float]] = {
    "sleep": {Gas.O2: 0.0216, Gas.CO2: 0.0273, Gas.H2O: 0.038},
    "nominal": {Gas.O2: 0.0341, Gas.CO2: 0.0432, Gas.H2O: 0.071},
    "working": {Gas.O2: 0.0341 * 2.5, Gas.CO2: 0.0432 * 2.5, Gas.H2O: 0.071 * 2.5},
    "exercise": {Gas.O2: 0.236, Gas.CO2: 0.299, Gas.H2O: 0.5},
}
ACTIVITIES = tuple(METABOLISM_KG_PER_H)
SENSIBLE_HEAT_W = {"sleep": 62.0, "nominal": 91.0, "working": 91.0 * 2.5, "exercise": 158.0}

# Electrolysis O2 generator (ISS OGA class).
GENERATOR_MAX_KG_O2_PER_DAY = 9.2
GENERATOR_SETTING_STEP_PCT = 25
GENERATOR_KWH_PER_KG_O2 = 7.75
ELECTROLYSIS_WATER_KG_PER_KG_O2 = 1.126
ELECTROLYSIS_H2_KG_PER_KG_O2 = 0.126
GENERATOR_WARMUP_MIN = 10.0  # not published: a parameter

# CO2 scrubber (CDRA class).
SCRUBBER_CAPACITY_KG_CO2_PER_H = 0.263
SCRUBBER_POWER_W = 860.0
SCRUBBER_EFFICIENCY = 0.9
SCRUBBER_PROCESS_FLOW_M3_S = 0.015

# Inter-module ventilation and pressure control.
INTERCONNECT_EXCHANGE_FLOW_M3_S = 0.06
# Hatch pressure equalisation valve (ISS MPEV class): a small orifice, ~1-2 cm effective.
PEV_ORIFICE_MM = 15.0
N2_MAKEUP_BELOW_KPA = 96.5
N2_MAKEUP_KG_PER_H = 0.78
O2_MAKEUP_BELOW_KPA = 19.4
O2_MAKEUP_KG_PER_H = 0.32

# Emergency O2: chemical candle 0.86 kg per cartridge, burns 5-20 min (15 min used).
O2_CANDLE_KG = 0.86
O2_CANDLE_BURN_S = 15 * 60.0

# Leaks: choked flow, mass flow = Cd A P psi(T), psi(T) = sqrt(gamma / (R_s T))
# (2 / (gamma + 1))^((gamma + 1) / (2 (gamma - 1))): 0.00235 s/m for air at 295 K.
AIR_SPECIFIC_GAS_CONSTANT_J_PER_KG_K = 287.05
AIR_HEAT_CAPACITY_RATIO = 1.4
DEFAULT_DISCHARGE_COEFFICIENT = 0.7
DESIGN_LEAK_FRACTION_PER_DAY = 0.0005

# Atmosphere and physiology thresholds.
NOMINAL_PRESSURE_KPA = 101.3
EVACUATION_PRESSURE_KPA = 65.3
# Humidity control adds water only where crew live and the pressure is above the evacuation
# limit (a model rule): it never humidifies an empty or a leaking, abandoned module.
HUMIDIFY_MIN_PRESSURE_KPA = EVACUATION_PRESSURE_KPA
ABSOLUTE_FLOOR_PRESSURE_KPA = 20.7
PPO2_NORMAL_KPA = 21.2
PPO2_OCCUPATIONAL_MIN_KPA = 19.8
PPO2_JUDGEMENT_KPA = 17.2
PPO2_DANGER_KPA = 16.0
PPO2_HABITABLE_MIN_KPA = 15.2
CO2_HEADACHE_PPM = 3000.0
CO2_24H_CEILING_PPM = 5300.0
CO2_UNDESIRABLE_PPM = 10000.0
CO2_EMERGENCY_PPM = 20000.0
CO2_TOXIC_PPM = 50000.0
O2_FIRE_RISK_PCT = 30.0

# Blood oxygen model (alveolar gas equation and Severinghaus curve).
WATER_VAPOUR_BODY_KPA = 6.27
ALVEOLAR_PACO2_KPA = 5.3
RESPIRATORY_QUOTIENT = 0.85
ALVEOLAR_ARTERIAL_GRADIENT_KPA = 0.9
# Hypoxic ventilatory response: breathing deepens as inspired O2 falls, lowering PACO2 linearly
# from 5.3 kPa (PIO2 >= 15.2 kPa, about 16 % O2 at sea level) to 3.4 kPa (PIO2 <= 11.2 kPa,
# about 11.8 %). The three figures are fitted so that SpO2 meets every row of the physiology
# table (docs/physics.md): 97 % at 20.9 % O2, 96 % at 19.5, 93 % at 17, 89-91 % at 15-16,
# 82-87 % at 12-13, ~67 % at 10 and < 50 % at 8. Without it the plain alveolar model gives
# 26 % SpO2 at 10 % O2.
HYPOXIC_DRIVE_START_PIO2_KPA = 15.2
HYPOXIC_DRIVE_FULL_PIO2_KPA = 11.2
HYPOXIC_PACO2_FLOOR_KPA = 3.4
SPO2_HYPOXIC_PCT = 90.0
SPO2_FAINTING_PCT = 67.0
SPO2_UNCONSCIOUS_PCT = 50.0

# Mars ambient.
MARS_PRESSURE_KPA = 0.6
MARS_TEMPERATURE_C = -63.0


def kg_per_h_to_mol_per_s(kg_per_h: float, gas: Gas) -> float:
    """Convert a mass flow of one species to a molar flow."""
    return kg_per_h / SECONDS_PER_HOUR / MOLAR_MASS_KG_PER_MOL[gas]

# Emergency O2 masks (docs/physics.md, "Emergency oxygen for people"). A continuous-flow
# reservoir (non-rebreather) mask at 10 L/min gives an inspired fraction of about 0.6
# (clinical figure: 10-15 L/min, FiO2 ~0.6-0.9; 0.6 taken, the low end). A canister of
# 0.1 kg O2 (70 L at 0 C, 101.3 kPa) lasts 7 min at that flow, the reference's emergency
# O2 mask bottle ("~7 min").
MASK_FIO2 = 0.6
MASK_FLOW_L_PER_MIN = 10.0
# Portable O2 concentrators (same section): pressure swing adsorption gives 90-95 % O2
# (93 % taken) at up to 2-3 L/min continuous flow (3 taken) through a nasal cannula, from
# cabin air and the module's power, without end. By nasal cannula the inspired fraction
# rises 0.038 per L/min of O2 into air at rest (BTS oxygen guideline 2017, after Wettstein
# et al. 2005), so the breath takes in about (1 - 0.21) / 0.038 = 20.8 L/min of gas, of
# which the cannula's flow is part: FiO2 = f + flow (purity - f) / 20.8 for cabin fraction f.
CONCENTRATOR_O2_FRACTION = 0.93
CONCENTRATOR_FLOW_L_PER_MIN = 3.0
CANNULA_INSPIRED_FLOW_L_PER_MIN = (1.0 - 0.21) / 0.038
O2_MOLAR_VOLUME_L = 22.414  # litres per mole at 0 C and 101.325 kPa
O2_CANISTER_KG = 0.1
# Blood follows a change of breathing gas with this time constant: the reference's mask
# "SpO2 recovers over ~1-2 min" is three time constants (95 %) in 90 s.
SPO2_TIME_CONSTANT_S = 30.0
# Exertion widens the alveolar-arterial gradient (diffusion limitation in hypoxia) by this
# much per unit of O2 uptake above nominal, at PIO2 <= 15.2 kPa, fading to none at the PIO2 of
# normal air (19.8 kPa): untrained people keep their SpO2 in exercise at sea level and lose
# 6 +- 1 points from rest to maximal exercise at 2150 m (Gaston et al. 2016, PLoS ONE
# 11:e0161819); resting 96 %, exercising 89 % at 2086 m (Aviat Space Environ Med 2013,
# 84:22-26). Fitted: hard exercise at 15 % O2 lowers SpO2 by about 6 points.
EXERTION_GRADIENT_KPA = 0.2
EXERTION_NORMOXIC_PIO2_KPA = 19.8
