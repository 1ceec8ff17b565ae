"""What happened: events for the log, and the audit record of every command."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Event:
    """Something that happened, for the log and the report."""

    t_s: float
    kind: str  # fault | automation | command | crew | alarm | maintenance
    source: str
    message: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CommandRecord:
    """The audit record of one submitted command."""

    seq: int
    who: str
    role: str
    t_s: float
    wall_time: float
    command: str
    args: dict[str, str]
    outcome: str  # accepted | rejected
    reason: str
