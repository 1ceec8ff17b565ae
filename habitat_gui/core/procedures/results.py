"""What carrying out a procedure came to: each step's outcome and the danger it leaves the
crew in. Plain data: the panel shows a rehearsal's without the simulation."""

from __future__ import annotations

from dataclasses import dataclass

from ...contract.timefmt import mission_time
from ..constants import SPO2_HYPOXIC_PCT
from .definition import FAILURES, Procedure
from .runner import Outcome


@dataclass(frozen=True)
class Danger:
    """The first danger to come in an occupied module after the procedure, and the
    crew's lowest SpO2 during it and over the horizon after."""

    module: str
    words: str
    in_s: float | None  # None: no danger within the horizon
    lowest_spo2_pct: float
    lowest_person: str

    @property
    def crew_in_danger(self) -> bool:
        return self.in_s is not None or self.lowest_spo2_pct < SPO2_HYPOXIC_PCT


@dataclass(frozen=True)
class CheckResult:
    procedure: Procedure
    started_s: float
    ended_s: float
    outcomes: tuple[Outcome, ...]
    danger: Danger
    horizon_s: float

    @property
    def failures(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.outcome in FAILURES)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.danger.crew_in_danger

    def text(self) -> str:
        lines = [f"{self.procedure.id}: {self.procedure.title}, from "
                 f"{mission_time(self.started_s)} to {mission_time(self.ended_s)}"]
        for o in self.outcomes:
            note = f": {o.note}" if o.note else ""
            called = "" if o.procedure == self.procedure.id else f"{o.procedure}: "
            lines.append(f"  {mission_time(o.t_s):>9}  {o.step:<10} {o.outcome:<9} "
                         f"{called}{o.text}{note}")
        d = self.danger
        lines.append(f"after it, within {self.horizon_s / 3600:g} h: " + (
            f"{d.words} in {d.module} in {mission_time(d.in_s)}" if d.in_s is not None
            else "no danger in an occupied module"))
        lines.append(f"lowest SpO2: {d.lowest_spo2_pct:.0f} % ({d.lowest_person})")
        failed = ", ".join(f"{o.procedure} step {o.step} {o.outcome}" for o in self.failures)
        lines.append("FAILED: " + failed if failed else (
            "FAILED: the crew is left in danger" if d.crew_in_danger else "passed"))
        return "\n".join(lines)

    def as_dict(self) -> dict:
        d = self.danger
        return {"procedure": self.procedure.id, "started_s": self.started_s,
                "ended_s": self.ended_s, "ok": self.ok,
                "steps": [{"procedure": o.procedure, "step": o.step, "kind": o.kind,
                           "text": o.text, "outcome": o.outcome, "note": o.note,
                           "started_s": o.started_s, "t_s": o.t_s} for o in self.outcomes],
                "danger": {"module": d.module, "what": d.words, "in_s": d.in_s,
                           "lowest_spo2_pct": round(d.lowest_spo2_pct, 2),
                           "lowest_person": d.lowest_person, "horizon_s": self.horizon_s}}
