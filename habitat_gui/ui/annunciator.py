"""Audible annunciation that escalates with priority (ISA-18.2).

A low-priority alarm chirps, a medium one sounds a two-tone, a high one a full blare. The
sound repeats until every sounding alarm is acknowledged; *silence* quiets the alarms
sounding now (a new or escalated alarm sounds again), *mute* quiets everything until
unmuted. During a flood (more than ``FLOOD_COUNT`` unacknowledged) the annunciator
summarises ("12 more alarms") once per repeat instead of sounding each alarm.

The player is injectable; :mod:`habitat_gui.ui.sound` chooses the default one (and says
when there is none).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from ..contract.alarms import UNACKNOWLEDGED, AlarmState
from .sound import SoundPlayer, default_player

FLOOD_COUNT = 10
REPEAT_S = {"high": 5.0, "medium": 10.0, "low": 20.0}


@dataclass(frozen=True)
class Announcement:
    at: float  # the annunciator's clock (wall seconds)
    sound: str
    text: str
    pending: int  # unacknowledged alarms sounding


def _key(a: AlarmState) -> tuple:
    return (a.id, a.raised_s, a.priority)


class Annunciator(QObject):
    """Decides what sounds, from the published alarms, and hands it to the player."""

    sigAnnounced = Signal(object)  # Announcement
    sigChanged = Signal()          # muted / silenced changed

    def __init__(self, player: SoundPlayer | None = None,
                 clock: Callable[[], float] = time.monotonic, parent=None) -> None:
        super().__init__(parent)
        self.player = player if player is not None else default_player()
        self.clock = clock
        self.muted = False
        self.silenced: set[tuple] = set()
        self.announced: set[tuple] = set()
        self.log: list[Announcement] = []
        self._last_at: float | None = None
        self._pending: list[AlarmState] = []

    def sounding(self, alarms: tuple[AlarmState, ...]) -> list[AlarmState]:
        """Unacknowledged alarms that are not silenced (returned ones show, silently)."""
        return [a for a in alarms if a.state == UNACKNOWLEDGED and _key(a) not in self.silenced]

    def update(self, alarms: tuple[AlarmState, ...], now: float | None = None
               ) -> Announcement | None:
        """Sound what is due now; returns what sounded, if anything."""
        now = self.clock() if now is None else now
        pending = sorted(self.sounding(alarms), key=lambda a: (a.number, -(a.raised_s or 0.0)))
        self._pending = pending
        keys = {_key(a) for a in alarms}
        self.announced &= keys
        self.silenced &= keys
        if self.muted or not pending:
            return None
        fresh = [a for a in pending if _key(a) not in self.announced]
        top = pending[0]
        flood = len(pending) > FLOOD_COUNT
        repeat_due = self._last_at is None or now - self._last_at >= REPEAT_S[top.priority]
        if flood:
            if not repeat_due:
                return None
            sound = top.priority
            text = f"{top.text}; {len(pending) - 1} more alarms"
        elif fresh:
            lead = min(fresh, key=lambda a: a.number)
            sound, text = lead.priority, lead.text
        elif repeat_due:
            sound, text = top.priority, top.text
        else:
            return None
        self.announced |= {_key(a) for a in pending}
        self._last_at = now
        announcement = Announcement(now, sound, text, len(pending))
        self.log.append(announcement)
        self.player.play(sound)
        self.sigAnnounced.emit(announcement)
        return announcement

    def on_alarms(self, alarms: tuple[AlarmState, ...], health=None) -> None:
        self.update(alarms)

    def silence(self) -> int:
        """Quiet the alarms sounding now; returns how many."""
        count = len(self._pending)
        self.silenced |= {_key(a) for a in self._pending}
        self.sigChanged.emit()
        return count

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        self.sigChanged.emit()
