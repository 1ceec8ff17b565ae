"""The control token: one station commands the plant at a time.

The server holds it: who (user and station name) and the session that asked. Operator
commands from any other session are refused with the holder named. A station asks for it
when it is free (``request_control``), hands it back (``release_control``), or an
instructor takes it over (``take_control``); the same user asking again from the same
station moves it to the asking session (a station back after a dropped link). It is freed
when the holding session closes, and when that session has sent no request for
:data:`GRACE_S` of the injectable clock (a lost link: every OPC UA client subscribed sends
Publish requests, asyncua's client also reads the server's state every second). Each change
is kept in :attr:`ControlToken.changes` (the audit, with person and station).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..sources.protocol import ControlHolder

log = logging.getLogger(__name__)

# Longer than twice a station's longest wait between reconnection attempts (10 s), so a
# station back within it finds control where it left it.
GRACE_S = 30.0
_STATION = re.compile(r"^[A-Za-z0-9_.@ -]{1,64}$")
COMMANDS = ("request_control", "release_control", "take_control")


@dataclass(frozen=True)
class Seat:
    """Who asks: the user, the role they act in, and their session."""

    user: str
    role: str
    session: int


@dataclass(frozen=True)
class ControlChange:
    """One change of the token, for the audit and the event log."""

    action: str  # one of COMMANDS, or "closed" / "lost" (freed by the server)
    user: str  # who acted ("" when the server freed it)
    station: str
    message: str


class ControlToken:
    """Who holds control, for which session; every change recorded."""

    def __init__(self, clock: Callable[[], float], grace_s: float = GRACE_S) -> None:
        self.clock = clock
        self.grace_s = grace_s
        self.holder: ControlHolder | None = None
        self.changes: list[ControlChange] = []
        self._session: int | None = None
        self._seen_s = 0.0

    # ------------------------------------------------------------ the gate
    def refusal(self, session: int) -> str | None:
        """Why ``session`` may not command the plant now, or None."""
        if self.holder is None:
            return "no station holds control: request control first"
        if self._session != session:
            return f"control is held by {self.holder}"
        return None

    def seen(self, session: int) -> None:
        """A request from ``session``: the holder's link is alive."""
        if session == self._session:
            self._seen_s = self.clock()

    # ------------------------------------------------------------ the commands
    def check(self, command: str, seat: Seat, station: str = "") -> str | None:
        """Why ``command`` (one of COMMANDS) from ``seat`` would be refused, or None."""
        holder, mine = self.holder, self._session == seat.session
        if command == "release_control":
            return None if mine else ("no station holds control" if holder is None
                                      else f"control is held by {holder}")
        if not _STATION.match(station):
            return f"Station is {station!r}; expected this station's name (1-64 letters, " \
                   "digits, spaces or _ . @ -)"
        if mine:
            return f"{holder} holds control already"
        if command == "take_control":
            return "no station holds control: request it" if holder is None else None
        if holder is not None and (holder.user, holder.station) != (seat.user, station):
            return f"control is held by {holder}"
        return None

    def hazard(self, command: str) -> str | None:
        """What taking control over must confirm: whose it is now."""
        if command == "take_control" and self.holder is not None:
            return f"Takes control from {self.holder}: their commands are refused from " \
                   "then on."
        return None

    def carry_out(self, command: str, seat: Seat, station: str = "") -> tuple[bool, str]:
        """Carry ``command`` out for ``seat``: (accepted, what was done or why not)."""
        refused = self.check(command, seat, station)
        if refused is not None:
            return False, refused
        before = self.holder
        if command == "release_control":
            message = f"{before} released control"
            self._set(None, None)
        else:
            self._set(ControlHolder(seat.user, station), seat.session)
            message = f"{self.holder} took control from {before}" if command == \
                "take_control" else f"{self.holder} holds control"
        self.changes.append(ControlChange(command, seat.user, station, message))
        return True, message

    # ------------------------------------------------------------ freed by the server
    def closed(self, session: int) -> bool:
        """``session`` closed: its control is freed (True if it held it)."""
        if session != self._session:
            return False
        self._free("closed", "its session closed")
        return True

    def expire(self) -> None:
        """Free control whose session has been silent longer than the grace period."""
        if self.holder is not None and self.clock() - self._seen_s > self.grace_s:
            self._free("lost", f"no request from its session for {self.grace_s:g} s (link "
                               "lost)")

    def _free(self, action: str, why: str) -> None:
        holder = self.holder
        assert holder is not None
        self._set(None, None)
        self.changes.append(ControlChange(action, "", holder.station,
                                          f"control of {holder} freed: {why}"))
        log.info("%s", self.changes[-1].message)

    def _set(self, holder: ControlHolder | None, session: int | None) -> None:
        self.holder, self._session, self._seen_s = holder, session, self.clock()
