"""What the displays mark as abnormal: the plant's alarm states, and nothing else.

:class:`Marks` indexes the published alarms once per tick by what they watch (a module's
quantity, a unit, a relay, a person), so the overview, the faceplates and the tables show
the same priority number, shape and word for the same alarm. The panel has no limits of
its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..contract.alarms import ACKNOWLEDGED, AlarmState

# A module's headline lines and the quantities (alarm watches) each one shows.
OXYGEN = ("ppo2_kpa",)
CARBON_DIOXIDE = ("co2_ppm",)
PRESSURE = ("pressure_kpa",)
BREACH = ("breach_time_min",)


@dataclass(frozen=True)
class Mark:
    """One alarm as a display marks it: priority number (1 high .. 3 low), word and text."""

    number: int
    word: str
    text: str
    unacknowledged: bool

    @property
    def label(self) -> str:
        """``[1] LOW``: the number and word, for text-only places (tables, faceplates)."""
        return f"[{self.number}] {self.word}"


def _mark(alarm: AlarmState) -> Mark:
    return Mark(alarm.number, alarm.word, alarm.text, alarm.state != ACKNOWLEDGED)


class Marks:
    """The alarms that mark something now, by what they watch; the most urgent wins."""

    def __init__(self, alarms: tuple[AlarmState, ...] = ()) -> None:
        self._by_target: dict[str, list[AlarmState]] = {}
        self._by_module: dict[str, list[AlarmState]] = {}
        for a in alarms:
            if a.marks:
                self._by_target.setdefault(a.target, []).append(a)
                self._by_module.setdefault(a.module, []).append(a)

    @staticmethod
    def _worst(alarms: list[AlarmState]) -> Mark | None:
        return _mark(min(alarms, key=lambda a: a.number)) if alarms else None

    def quantity(self, module_id: str, quantities: tuple[str, ...]) -> Mark | None:
        """The mark of a module's value line: its alarms on any of ``quantities``."""
        return self._worst([a for a in self._by_target.get(module_id, ())
                            if a.quantity in quantities])

    def target(self, target: str) -> Mark | None:
        """The mark of a unit, relay or person (or a module as a whole)."""
        return self._worst(self._by_target.get(target, []))

    def module(self, module_id: str) -> Mark | None:
        """The most urgent alarm shown on a module's display (its units and crew too)."""
        return self._worst(self._by_module.get(module_id, []))

    def count(self, module_id: str) -> int:
        return len(self._by_module.get(module_id, ()))

    def severity(self, module_id: str) -> int:
        """How much is wrong in a module: 10 per high, 3 per medium, 1 per low alarm."""
        return sum({1: 10, 2: 3, 3: 1}.get(a.number, 0)
                   for a in self._by_module.get(module_id, ()))
