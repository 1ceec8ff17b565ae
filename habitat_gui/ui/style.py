"""ISA-101 display conventions: calm greys, saturated colour only for abnormal states.

Also how alarm marks and values are written, so the schematic, faceplates, trends and
tables agree (times: :mod:`habitat_gui.contract.timefmt`). What is abnormal is never
decided here: the plant's alarm states say (:mod:`.marks`).
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from ..contract.alarms import AlarmLimit
from .marks import Mark

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

PRIORITY_COLOURS = {1: ALARM_HIGH, 2: ALARM_MEDIUM, 3: ALARM_LOW}
ON_OVERRIDE = QColor("#ffffff")  # letters on the override purple


def ink_on(number: int) -> QColor:
    """Letters on a priority's colour: white on the red of 1, near-black on amber and
    yellow (each at least 4.5:1, in either scheme)."""
    return QColor("#ffffff") if number == 1 else TEXT

UNITS = {"ppo2_kpa": "kPa", "o2_pct": "%", "co2_ppm": "ppm", "pressure_kpa": "kPa"}
PRIORITY_WORDS = {1: "HIGH", 2: "MEDIUM", 3: "LOW"}


def limit_lines(limits: tuple[AlarmLimit, ...], quantity: str
                ) -> list[tuple[float, str, QColor]]:
    """The alarm limits of ``quantity`` as trend lines: value, label and priority colour."""
    return [(lim.value, f"{lim.value:g} {UNITS.get(quantity, '')} {lim.number} "
                        f"{PRIORITY_WORDS[lim.number]}", PRIORITY_COLOURS[lim.number])
            for lim in limits if lim.quantity == quantity]


def normal_band(limits: tuple[AlarmLimit, ...], quantity: str) -> tuple[float, float] | None:
    """Where no alarm on ``quantity`` stands: between the least urgent limit below and the
    least urgent limit above (an open side reaches far beyond the other); None without
    limits."""
    below = [lim.value for lim in limits if lim.quantity == quantity and lim.when == "below"]
    above = [lim.value for lim in limits if lim.quantity == quantity and lim.when == "above"]
    if not below and not above:
        return None
    low = max(below) if below else 0.0
    high = min(above) if above else 10.0 * low
    return (low, high)


def mark_html(mark: Mark | None) -> str:
    """An alarm mark as rich text: the priority number on its colour, then the word."""
    if mark is None:
        return ""
    fill = PRIORITY_COLOURS[mark.number]
    ink = ink_on(mark.number).name()
    return (f"<span style='background:{fill.name()};color:{ink}'>&nbsp;{mark.number}&nbsp;"
            f"</span> <b>{mark.word}</b>")


UNIT_SHORT = {"o2_generator": "O2 GEN", "co2_scrubber": "CO2 SCRUB",
              "pressure_control": "PRESS CTL"}
