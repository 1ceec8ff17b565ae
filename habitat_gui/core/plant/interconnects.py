"""The live state of an interconnect (hatch or airlock) between two modules."""

from __future__ import annotations

from dataclasses import dataclass

from ..records import FlatRecord


@dataclass
class Link(FlatRecord):
    """An interconnect between modules ``a`` and ``b`` (indices)."""

    id: str
    a: int
    b: int
    state: str
    kind: str
    exchange_flow_m3_s: float
    crack_mm: float
    locked_for: str = ""  # the seal whose repair has it locked shut ("" = free)
