"""The live state of an interconnect (hatch or airlock) between two modules."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..records import FlatRecord


@dataclass
class Link(FlatRecord):
    """An interconnect between modules ``a`` and ``b`` (indices), with its pressure
    equalisation valve (PEV) of ``pev_mm`` (0: it has none)."""

    id: str
    a: int
    b: int
    state: str
    kind: str
    exchange_flow_m3_s: float
    crack_mm: float
    pev_mm: float = 0.0
    pev_open: bool = False
    locked_for: str = ""  # the seal whose repair has it locked shut ("" = free)

    def orifice_mm(self) -> float:
        """The diameter of one hole with the area of what passes gas while the hatch is
        shut: a cracked seal and the open PEV together (0 when nothing does)."""
        return math.hypot(self.crack_mm, self.pev_mm if self.pev_open else 0.0)
