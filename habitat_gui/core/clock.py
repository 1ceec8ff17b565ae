"""Simulated time as the reports, the debrief and the command line write it."""


def clock(t_s: float) -> str:
    """Simulated time as ``d+hh:mm:ss``."""
    t = int(round(t_s))
    days, rest = divmod(t, 86400)
    h, rest = divmod(rest, 3600)
    m, s = divmod(rest, 60)
    return f"{days}+{h:02d}:{m:02d}:{s:02d}" if days else f"{h:02d}:{m:02d}:{s:02d}"
