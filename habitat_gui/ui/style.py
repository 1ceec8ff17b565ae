"""ISA-101 display conventions: calm greys, saturated colour only for abnormal states.

Also the one place that decides what is abnormal (from ``core.constants``) and how values
and times are written, so the schematic, faceplates, trends and tables agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

from ..core import constants as C
from ..core.plant.habitat import AutomationSpec
from ..core.plant.snapshot import ModuleState

# Calm greys for the plant; saturated colour means "abnormal" and nothing else.
BACKGROUND = QColor("#c8c8c8")
ROOM_FILL = QColor("#dcdcdc")
ROOM_EDGE = QColor("#7a7a7a")
SELECTED_EDGE = QColor("#202020")
TEXT = QColor("#1e1e1e")
TEXT_MUTED = QColor("#555555")
EQUIP_ACTIVE = QColor("#6e6e6e")   # running / on: solid mid grey
EQUIP_IDLE = QColor("#e8e8e8")     # off / standby: hollow
EQUIP_EDGE = QColor("#4a4a4a")
DOOR_OPEN = QColor("#e8e8e8")
DOOR_CLOSED = QColor("#8a8a8a")
DOOR_SEALED = QColor("#3c3c3c")
ALARM_HIGH = QColor("#d01c1c")     # priority 1: red square
ALARM_MEDIUM = QColor("#f0a000")   # priority 2: amber triangle
ALARM_LOW = QColor("#e8d84a")      # priority 3: yellow diamond
OVERRIDE = QColor("#7b3fa0")       # manual override tag (abnormal mode of operation)
SIM_BANNER = QColor("#2f2a5c")

PRIORITY_COLOURS = {1: ALARM_HIGH, 2: ALARM_MEDIUM}

# Normal bands and limits for the trends (all from constants / automation defaults).
_AUTO = AutomationSpec()
BANDS: dict[str, tuple[float, float] | None] = {
    "ppo2_kpa": (C.PPO2_OCCUPATIONAL_MIN_KPA, C.O2_FIRE_RISK_PCT / 100 * C.NOMINAL_PRESSURE_KPA),
    "o2_pct": (100 * C.PPO2_OCCUPATIONAL_MIN_KPA / C.NOMINAL_PRESSURE_KPA, C.O2_FIRE_RISK_PCT),
    "co2_ppm": (0.0, C.CO2_HEADACHE_PPM),
    "pressure_kpa": (_AUTO.n2_on_below_kpa, _AUTO.relief_above_kpa),
    "temperature_c": None,
}
LIMITS: dict[str, tuple[tuple[float, str], ...]] = {
    "ppo2_kpa": ((C.PPO2_DANGER_KPA, f"{C.PPO2_DANGER_KPA:g} kPa danger"),
                 (C.PPO2_HABITABLE_MIN_KPA, f"{C.PPO2_HABITABLE_MIN_KPA:g} kPa habitable min")),
    "o2_pct": ((C.O2_FIRE_RISK_PCT, f"{C.O2_FIRE_RISK_PCT:g} % fire risk"),),
    "co2_ppm": ((C.CO2_24H_CEILING_PPM, f"{C.CO2_24H_CEILING_PPM:g} ppm 24 h ceiling"),
                (C.CO2_UNDESIRABLE_PPM, f"{C.CO2_UNDESIRABLE_PPM:g} ppm (1 %)")),
    "pressure_kpa": ((C.EVACUATION_PRESSURE_KPA,
                      f"{C.EVACUATION_PRESSURE_KPA:g} kPa evacuation"),),
    "temperature_c": (),
}


@dataclass(frozen=True)
class Alarm:
    """An abnormal value: priority 1 (high) or 2 (medium), a word and a sentence."""

    priority: int
    word: str
    text: str


def value_alarms(m: ModuleState) -> dict[str, Alarm]:
    """Abnormal headline values of one module (as its instruments read), by quantity."""
    out: dict[str, Alarm] = {}
    r = m.reading
    if r.ppo2_kpa < C.PPO2_DANGER_KPA:
        out["ppo2_kpa"] = Alarm(1, "LOW", f"ppO2 {r.ppo2_kpa:.1f} kPa < {C.PPO2_DANGER_KPA:g}")
    elif r.ppo2_kpa < C.PPO2_JUDGEMENT_KPA:
        out["ppo2_kpa"] = Alarm(2, "LOW", f"ppO2 {r.ppo2_kpa:.1f} kPa < {C.PPO2_JUDGEMENT_KPA:g}")
    if r.o2_pct > C.O2_FIRE_RISK_PCT:
        out["o2_pct"] = Alarm(2, "HIGH", f"O2 {r.o2_pct:.1f} % > {C.O2_FIRE_RISK_PCT:g} (fire)")
    if r.co2_ppm > C.CO2_UNDESIRABLE_PPM:
        out["co2_ppm"] = Alarm(1, "HIGH", f"CO2 {r.co2_ppm:.0f} ppm > {C.CO2_UNDESIRABLE_PPM:g}")
    elif r.co2_ppm > C.CO2_24H_CEILING_PPM:
        out["co2_ppm"] = Alarm(2, "HIGH", f"CO2 {r.co2_ppm:.0f} ppm > {C.CO2_24H_CEILING_PPM:g}")
    if r.pressure_kpa < C.EVACUATION_PRESSURE_KPA:
        out["pressure_kpa"] = Alarm(1, "LOW", f"pressure {r.pressure_kpa:.1f} kPa < "
                                              f"{C.EVACUATION_PRESSURE_KPA:g}")
    if m.leak_hole_cm > 0:
        out["leak"] = Alarm(1, "LEAK", f"leak {m.leak_hole_cm:.1f} cm")
    return out


def unit_alarm(state: str, fused: bool = False) -> Alarm | None:
    if state == "FAILED":
        return Alarm(1, "FAILED", "FAILED")
    if fused:
        return Alarm(2, "FUSED", "relay fused")
    return None


def crew_alarm(condition: str) -> Alarm | None:
    if condition in ("unconscious", "fainting"):
        return Alarm(1, condition.upper(), condition)
    if condition == "hypoxic":
        return Alarm(2, "HYPOXIC", condition)
    return None


def clock(t_s: float) -> str:
    """Simulated time as ``D+1 05:33:20``."""
    t = int(t_s)
    days, rest = divmod(t, 86400)
    h, rest = divmod(rest, 3600)
    m, s = divmod(rest, 60)
    return f"D+{days} {h:02d}:{m:02d}:{s:02d}"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    seconds = max(0.0, seconds)
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    h, m = divmod(int(seconds // 60), 60)
    return f"{h} h {m:02d} min"


UNIT_SHORT = {"o2_generator": "O2 GEN", "co2_scrubber": "CO2 SCRUB", "pressure_control": "PRESS CTL"}
