"""How the panel and the reports write time: one way for a duration, one for a moment of
the mission, so a room, the banner, the detail and a debrief say the same thing.

    duration(59)    -> "59 s"        duration(3600)  -> "1 h 00 min"
    duration(60)    -> "1 min"       duration(93600) -> "1 d 02 h"
    duration(3599)  -> "59 min"      duration(inf)   -> "never"
    mission_time(108001) -> "D+1 06:00:01"

A duration is cut down to what is shown (59.9 s is "59 s", 3599 s "59 min"): a time to
danger is never shown longer than it is. No number (None, NaN) is a dash.
"""

from __future__ import annotations

import math

NO_TIME = "—"
NEVER = "never"
MINUTE_S = 60
HOUR_S = 3600
DAY_S = 86400
_EPSILON_S = 1e-6  # 0.9999999 s of float arithmetic is one second


def duration(seconds: float | None) -> str:
    """A span of time: ``45 s``, ``12 min``, ``1 h 05 min``, ``2 d 03 h``; negative spans
    with a minus, ``never`` for infinity, a dash for None or NaN."""
    if seconds is None or math.isnan(seconds):
        return NO_TIME
    if math.isinf(seconds):
        return NEVER if seconds > 0 else NO_TIME
    if seconds < 0:
        return "-" + duration(-seconds)
    s = int(math.floor(seconds + _EPSILON_S))
    if s < MINUTE_S:
        return f"{s} s"
    if s < HOUR_S:
        return f"{s // MINUTE_S} min"
    if s < DAY_S:
        h, rest = divmod(s, HOUR_S)
        return f"{h} h {rest // MINUTE_S:02d} min"
    d, rest = divmod(s, DAY_S)
    return f"{d} d {rest // HOUR_S:02d} h"


def mission_time(t_s: float | None) -> str:
    """A moment of the run, simulated time since its start: ``D+1 06:00:01`` (day 1,
    06:00:01); a dash for None, NaN or infinity."""
    if t_s is None or not math.isfinite(t_s):
        return NO_TIME
    sign = "-" if t_s < 0 else "+"
    t = int(math.floor(abs(t_s) + _EPSILON_S))
    days, rest = divmod(t, DAY_S)
    h, rest = divmod(rest, HOUR_S)
    m, s = divmod(rest, MINUTE_S)
    return f"D{sign}{days} {h:02d}:{m:02d}:{s:02d}"
