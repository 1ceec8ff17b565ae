"""The instructor's command: inject a fault now (``inject_fault fault=leak target=hab-3
parameters='hole_diameter_cm=2'``), checked against :data:`~..plant.faults.FAULTS` like a
scenario's faults, and sent only in the supervisor role."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from ..plant import faults
from ..plant.world import World
from .command_base import Command, Rejected


def parse_parameters(text: str) -> dict[str, float]:
    """``'hole_diameter_cm=2 growth_cm_per_h=0.5'`` as numbers; Rejected says what is wrong."""
    out: dict[str, float] = {}
    for word in text.split():
        name, sep, value = word.partition("=")
        if not sep or not name:
            raise Rejected(f"inject_fault parameter {word!r}: expected name=value")
        if name in out:
            raise Rejected(f"inject_fault parameter {name!r} is given twice")
        try:
            number = float(value)
        except ValueError:
            raise Rejected(f"inject_fault parameter {name!r} is {value!r}; expected a "
                           "number") from None
        if not math.isfinite(number):
            raise Rejected(f"inject_fault parameter {name!r} is {value}; expected a finite "
                           "number")
        out[name] = number
    return out


@dataclass(frozen=True)
class InjectFault(Command):
    fault: str
    target: str
    parameters: str = ""  # name=value pairs separated by spaces
    name: ClassVar[str] = "inject_fault"
    summary: ClassVar[str] = "inject a fault now (the instructor's drill)"
    least_role: ClassVar[str] = "supervisor"

    def _resolve(self, world: World) -> dict[str, float]:
        kind = faults.FAULTS.get(self.fault)
        if kind is None:
            raise Rejected(f"unknown fault {self.fault!r}; expected one of "
                           f"{', '.join(faults.FAULTS)}")
        targets = faults.target_ids(world, kind.target)
        if self.target not in targets:
            raise Rejected(f"fault {kind.name} needs a {kind.target} target; {self.target!r} "
                           f"is not one (expected one of {', '.join(targets) or 'none here'})")
        params = faults.resolve_params(kind, parse_parameters(self.parameters))
        if isinstance(params, str):
            raise Rejected(params)
        return params

    def check(self, world: World) -> None:
        self._resolve(world)

    def hazard(self, world: World) -> str | None:
        """Every injection is confirmed: the crew's plant is hit as by a real fault."""
        kind = faults.FAULTS.get(self.fault)
        what = f" ({kind.summary})" if kind is not None and kind.summary else ""
        return (f"Injects {self.fault} on {self.target} now{what}: the trainees' plant is "
                "hit as by a real fault, and the drill's audit names you.")

    def apply(self, world: World) -> str:
        params = self._resolve(world)
        faults.inject(world, self.fault, self.target, params)
        given = " ".join(f"{k}={v:g}" for k, v in params.items())
        return f"injected {self.fault} on {self.target}" + (f" ({given})" if given else "")
