"""Where a module's crew could go: one :class:`EvacuationOption` per other module, ranked by
the plant (the panel only shows the ranking)."""

from __future__ import annotations

from dataclasses import dataclass

from .state import Readings


@dataclass(frozen=True)
class EvacuationOption:
    """One module the crew of ``source`` could move to, as the plant sees it now."""

    source: str
    target: str
    name: str  # the target's display name
    refused: str  # why the plant would refuse the evacuation now ("" when it would accept)
    hatches: tuple[str, ...]  # the interconnects walked through, in order
    opens: tuple[str, ...]  # the closed ones among them, which the crew will open
    passes: tuple[str, ...]  # the modules walked through between source and target
    reading: Readings  # the target's air as its instruments read it
    moving: int  # people who would move
    crew_after: int  # people in the target once they have arrived
    alarms: tuple[str, ...]  # the alarms marking the target, in words
    onward: int  # modules reachable from the target without passing back through the source
    recommended: bool
    why: str  # the ranking in words
    # the closed hatches on the route across more than they may be opened across, whose
    # equalisation valves must first bring the pressures together, and the PEVs to open
    equalise: tuple[str, ...] = ()
    open_valves: tuple[str, ...] = ()
    equalise_s: float = 0.0  # until the slowest of them is within its limit
    plan: str = ""  # that in words ("" when nothing waits on equalisation)

    @property
    def offered(self) -> bool:
        return not self.refused


__all__ = ["EvacuationOption"]
