"""The world's event log record."""

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
