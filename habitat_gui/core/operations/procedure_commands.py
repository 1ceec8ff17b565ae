"""Signing off a procedure step: the step's outcome, audited with the name of the person who
signed it, through the same path as every command (so it is logged and recorded)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..plant.world import World
from ..procedures.definition import OUTCOMES
from .command_base import Command, Rejected


@dataclass(frozen=True)
class SignStep(Command):
    procedure: str
    step: str
    outcome: str
    note: str
    name: ClassVar[str] = "sign_step"
    summary: ClassVar[str] = "sign off a procedure step (skipping one needs a reason)"

    def check(self, world: World) -> None:
        if not self.procedure.strip() or not self.step.strip():
            raise Rejected("sign_step needs the procedure and the step")
        if self.outcome not in OUTCOMES:
            raise Rejected(f"unknown outcome {self.outcome!r}; expected one of "
                           f"{', '.join(OUTCOMES)}")
        if self.outcome == "skipped" and not self.note.strip():
            raise Rejected("skipping a step needs a reason")

    def apply(self, world: World) -> str:
        note = f" ({self.note})" if self.note else ""
        return f"{self.procedure} step {self.step}: {self.outcome}{note}"
