"""What a habitat file may describe: the physical limits its cross-field checks rest on, each
with its source (docs/physics.md, "Design limits of a habitat file")."""

from __future__ import annotations

# A real colony: 500 modules is about 40 times the built-in Ares base of 6 and ten times the
# 50-module colony the benchmarks run; the cap keeps a file from describing a world that
# cannot be stepped in real time.
MAX_MODULES = 500
# "A Mars habitat module for up to 15 people" (physics.md, module volumes): the whole crew at
# the start is at most that many per module (a crowded module may hold more).
MAX_CREW_PER_MODULE = 15
# ppO2 above 50 kPa (0.5 atm) breathed for days injures the lungs (pulmonary oxygen toxicity;
# 0.5 atm is the ppO2 with no exposure limit in the NOAA Diving Manual's oxygen exposure
# table): no module may start above it, crewed or not, since crew can walk into any module.
PPO2_TOXIC_KPA = 50.0
# A crewed module starts at or above the absolute habitable figures of physics.md: ppO2 15.2
# kPa ("the absolute habitable minimum") and total pressure 20.7 kPa ("the absolute floor").
# Both are C.PPO2_HABITABLE_MIN_KPA and C.ABSOLUTE_FLOOR_PRESSURE_KPA.
# Stores: a tank holds at most its module's volume filled with the liquid, the densest way to
# store the gas: liquid O2 1141 kg/m3 at its boiling point (90.2 K), liquid N2 807 kg/m3
# (77.4 K) (NIST Chemistry WebBook, saturation properties at 101.325 kPa).
LIQUID_DENSITY_KG_PER_M3 = {"o2_tank_kg": 1141.0, "n2_tank_kg": 807.0}
# A module's position on the schematic grid, in module widths.
MAX_POSITION = 1000.0
# Sensor errors and noise in sensor units: the range the sensor_miscalibration fault takes.
MAX_SENSOR_UNITS = 1e6
