"""What a procedure is: a title, when it applies, and its steps (plain frozen data)."""

from __future__ import annotations

from dataclasses import dataclass

from ...contract.commands import Command

# What a reading condition may watch: its name, unit and the range the reading can have
# (pressures as the alarm file's 0-200 kPa; CO2 as the whole air; temperature from Mars's
# coldest night, about -150 C, to boiling; at most 15 crew in each of 500 modules; a reserve at
# most the largest module, 100,000 m3, filled with liquid O2 at 1141 kg/m3).
QUANTITIES = {
    "pressure_kpa": ("pressure", "kPa", 0.0, 200.0), "ppo2_kpa": ("ppO2", "kPa", 0.0, 200.0),
    "o2_pct": ("O2", "%", 0.0, 100.0), "co2_ppm": ("CO2", "ppm", 0.0, 1e6),
    "temperature_c": ("temperature", "°C", -150.0, 100.0),
    "crew_count": ("crew", "people", 0.0, 7500.0),
    "o2_reserve_kg": ("O2 reserve", "kg", 0.0, 1.141e8)}
# ... and across an interconnect (as the module pressures)
DIFFERENTIAL = {"differential_kpa": ("pressure differential", "kPa", 0.0, 200.0)}
MAX_WAIT_S = 86400.0  # a procedure is carried out in one sitting: no step waits over a day
KINDS = ("instruction", "check", "command", "wait", "decision", "call")
END = "end"  # a decision's target that finishes the procedure
OUTCOMES = ("done", "passed", "failed", "timed-out", "yes", "no", "called", "skipped")
FAILURES = ("failed", "timed-out")  # outcomes that fail a procedure's check


@dataclass(frozen=True)
class Reading:
    """A module's reading within a range (``above`` and/or ``below``, exclusive)."""

    module: str
    quantity: str
    above: float | None = None
    below: float | None = None

    def text(self) -> str:
        name, unit, _, _ = (QUANTITIES | DIFFERENTIAL)[self.quantity]
        if self.above is not None and self.below is not None:
            return f"{self.module} {name} between {self.above:g} and {self.below:g} {unit}"
        word, limit = ("above", self.above) if self.above is not None else ("below", self.below)
        return f"{self.module} {name} {word} {limit:g} {unit}"


@dataclass(frozen=True)
class Differential:
    """The measured pressure difference across an interconnect within a range (``above``
    and/or ``below``, exclusive): whether its hatch may be opened."""

    interconnect: str
    above: float | None = None
    below: float | None = None

    def text(self) -> str:
        return Reading(self.interconnect, "differential_kpa", self.above, self.below).text()


@dataclass(frozen=True)
class AlarmActive:
    """An alarm's condition is abnormal now."""

    alarm: str

    def text(self) -> str:
        return f"alarm {self.alarm} active"


@dataclass(frozen=True)
class StateIs:
    """A unit, relay, interconnect or an interconnect's equalisation valve is in ``state``
    (``RUNNING``, ``FUSED``, ``sealed``, ``open``)."""

    part: str  # unit | relay | interconnect | pev
    target: str
    state: str

    def text(self) -> str:
        return f"{'PEV of ' if self.part == 'pev' else ''}{self.target} {self.state}"


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]

    def text(self) -> str:
        return " and ".join(f"({c.text()})" for c in self.items)


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]

    def text(self) -> str:
        return " or ".join(f"({c.text()})" for c in self.items)


@dataclass(frozen=True)
class Not:
    item: Condition

    def text(self) -> str:
        return f"not ({self.item.text()})"


Condition = Reading | Differential | AlarmActive | StateIs | AllOf | AnyOf | Not


@dataclass(frozen=True)
class Step:
    """One step. ``kind`` says which fields matter: a check's ``condition`` is its expected
    range; a wait ends when ``condition`` holds or ``wait_s`` has passed, and fails after
    ``timeout_s``; a decision goes to ``then`` when ``condition`` holds, else to
    ``otherwise``, any other step to ``then`` (step ids, ``next`` or ``end``); a call runs
    ``procedure``."""

    id: str
    kind: str
    text: str
    line: int = 0
    condition: Condition | None = None
    command: Command | None = None
    wait_s: float | None = None
    timeout_s: float | None = None
    then: str = "next"
    otherwise: str = "next"
    procedure: str = ""

    def describe(self) -> str:
        """The step in one line: its text, and what it watches or sends."""
        if self.kind == "command" and self.command is not None:
            return f"{self.text} [{self.command.text()}]"
        if self.condition is not None:
            return f"{self.text} [{self.condition.text()}]"
        return self.text


@dataclass(frozen=True)
class Procedure:
    """A procedure: it applies while one of ``alarms`` is active or ``condition`` holds;
    ``modules`` are the module displays that offer it; ``scenarios`` the drills it is
    written for (the suite runs it against each)."""

    id: str
    title: str
    steps: tuple[Step, ...]
    alarms: tuple[str, ...] = ()
    condition: Condition | None = None
    modules: tuple[str, ...] = ()
    scenarios: tuple[str, ...] = ()
    description: str = ""
    source: str = "<memory>"
    text: str = ""  # the file it was read from, so a plant server can publish it

    def index(self, step_id: str) -> int:
        return next(i for i, s in enumerate(self.steps) if s.id == step_id)
