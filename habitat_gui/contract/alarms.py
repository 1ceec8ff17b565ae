"""Alarms as the plant publishes them (ISA-18.2 states, priorities and health figures)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .timefmt import duration

PRIORITIES = ("low", "medium", "high")  # severity levels 1, 2, 3
PRIORITY_NUMBER = {"high": 1, "medium": 2, "low": 3}  # ISA-101: 1 is the most urgent

NORMAL = "NORMAL"
UNACKNOWLEDGED = "UNACKNOWLEDGED"
ACKNOWLEDGED = "ACKNOWLEDGED"
RETURNED = "RETURNED-UNACKNOWLEDGED"
SHELVED = "SHELVED"
SUPPRESSED = "SUPPRESSED-BY-DESIGN"
OUT_OF_SERVICE = "OUT-OF-SERVICE"
STATES = (UNACKNOWLEDGED, ACKNOWLEDGED, RETURNED, SHELVED, SUPPRESSED, OUT_OF_SERVICE, NORMAL)
IN_SERVICE = (UNACKNOWLEDGED, ACKNOWLEDGED, RETURNED)  # states that are shown and sound


@dataclass(frozen=True)
class AlarmState:
    """One alarm as published (immutable)."""

    id: str
    message: str
    priority: str  # low | medium | high (latched), "" while normal
    state: str
    active: bool  # the condition is abnormal now
    value: float | None
    unit: str
    limit: float | None
    target: str  # the module, unit, relay or person watched
    module: str  # the display to jump to
    raised_s: float | None
    acknowledged_s: float | None
    shelved_until_s: float | None
    cause: str
    consequence: str
    action: str
    quantity: str = ""  # what is watched: ppo2_kpa, co2_ppm, ..., generator_state
    word: str = ""  # the word shown beside its marker: LOW, HIGH, LEAK, FAILED, FUSED
    max_shelve_min: float | None = None  # the longest shelf the plant allows (None: unsaid)
    note: str = ""  # the operator's reason for shelving it or taking it out of service

    @property
    def number(self) -> int:
        """The ISA-101 priority number: 1 high, 2 medium, 3 low (0 while normal)."""
        return PRIORITY_NUMBER.get(self.priority, 0)

    @property
    def marks(self) -> bool:
        """Whether it marks its module or unit on the displays: in service and active, or
        returned and waiting for acknowledgement."""
        return self.state in IN_SERVICE and bool(self.priority)

    @property
    def text(self) -> str:
        value = "" if self.value is None else f": {self._reading(self.value)}"
        limit = "" if self.limit is None or self.value is None else \
            f" (limit {self._reading(self.limit)})"
        return f"{self.target} {self.message}{value}{limit}"

    def _reading(self, v: float) -> str:
        """A value with its unit; a time in minutes the way every duration is written."""
        if self.unit == "min":
            return duration(v * 60.0)
        if math.isinf(v):
            return "none"
        return f"{v:.0f} {self.unit}".rstrip() if abs(v) >= 100 \
            else f"{v:.1f} {self.unit}".rstrip()


@dataclass(frozen=True)
class AlarmLimit:
    """Where an alarm on a measured quantity rises: below or above ``value``, at
    ``priority``. The trends draw these, so their limits are the alarms' own."""

    quantity: str
    priority: str
    value: float
    when: str  # below | above

    @property
    def number(self) -> int:
        return PRIORITY_NUMBER[self.priority]


@dataclass(frozen=True)
class AlarmHealth:
    """ISA-18.2 alarm-system health, computed live from the alarm history."""

    t_s: float
    per_10_min: int  # alarms raised in the last 10 min
    in_flood: bool
    flood_time_s: float  # total time with more than 10 alarms in the trailing 10 min
    chattering: int  # alarms that cycled >= 3 times within a minute
    stale: int  # alarms active for more than 24 h
    active: int
    unacknowledged: int
    shelved: int
    suppressed: int
    out_of_service: int
    raised_total: int
    share_pct: tuple[float, float, float]  # low, medium, high share of occurrences
