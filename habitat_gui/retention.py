"""How long the recordings folder keeps the panel's recordings (about 6 MB per simulated day).

The panel records every run to ``recordings/run-...sqlite`` (branches to ``branch-...``); when
it starts a recorded run it removes the recordings last written more than ``KEEP_DAYS`` days
ago, then the oldest ones until its recordings take at most ``KEEP_MB`` MB.
``HABITAT_PANEL_KEEP_DAYS`` and ``HABITAT_PANEL_KEEP_MB`` change the two limits
(``habitat-sim recordings --prune`` takes ``--keep-days`` and ``--keep-mb`` too). A recording
in use is never removed: those named (the run just started) and any
whose write-ahead log (``-wal``) holds data written in the last ``IN_USE_S`` seconds, as another
panel's live recording is. Only the panel's own file names are touched, each removed with
its ``-wal`` and ``-shm`` files, and each removal is logged.
"""

from __future__ import annotations

import logging
import math
import os
import re
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

KEEP_DAYS = 30.0
KEEP_MB = 2000.0
DAYS_ENV = "HABITAT_PANEL_KEEP_DAYS"
MB_ENV = "HABITAT_PANEL_KEEP_MB"
IN_USE_S = 3600.0
NAME = re.compile(r"(run|branch)-\d{8}-\d{6}(-\d+)?\.sqlite")
COMPANIONS = ("-wal", "-shm")
MB = 1_000_000

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Policy:
    keep_days: float = KEEP_DAYS
    keep_mb: float = KEEP_MB

    def text(self) -> str:
        return f"keep {self.keep_days:g} days, at most {self.keep_mb:g} MB"


@dataclass(frozen=True)
class Entry:
    """One recording in the folder: its size with its companions, and when last written."""

    path: Path
    size_bytes: int
    modified: float  # wall time (epoch seconds) of the last write, a non-empty -wal included


def _limit(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value < math.inf:
        raise ValueError(f"{what} is {text!r}; expected a number above 0")
    return value


def policy(keep_days: str | None = None, keep_mb: str | None = None) -> Policy:
    """The policy from the given limits, else the environment, else the defaults;
    ValueError (one line naming the option or variable) for a limit that is no number
    above 0."""
    days = keep_days if keep_days is not None else os.environ.get(DAYS_ENV)
    mb = keep_mb if keep_mb is not None else os.environ.get(MB_ENV)
    return Policy(
        KEEP_DAYS if days is None else _limit(days, "--keep-days" if keep_days is not None
                                              else DAYS_ENV),
        KEEP_MB if mb is None else _limit(mb, "--keep-mb" if keep_mb is not None
                                          else MB_ENV))


def entries(folder: Path) -> list[Entry]:
    """The panel's recordings in ``folder``, oldest first."""
    found = []
    for path in folder.glob("*.sqlite") if folder.is_dir() else ():
        if not NAME.fullmatch(path.name):
            continue
        parts = [path, *(Path(f"{path}{suffix}") for suffix in COMPANIONS)]
        stats = {p.name[len(path.name):]: p.stat() for p in parts if p.exists()}
        if "" in stats:  # a reader leaves an empty -wal and a -shm behind: no write
            written = [s.st_mtime for k, s in stats.items() if k == "" or
                       (k == "-wal" and s.st_size > 0)]
            found.append(Entry(path, sum(s.st_size for s in stats.values()), max(written)))
    return sorted(found, key=lambda e: (e.modified, e.path.name))


def folder_bytes(folder: Path) -> int:
    """Everything in ``folder`` (recordings and anything else), in bytes."""
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) \
        if folder.is_dir() else 0


def _in_use(entry: Entry, keep: Collection[Path], now: float) -> bool:
    wal = Path(f"{entry.path}-wal")
    return entry.path.resolve() in keep or (wal.exists() and wal.stat().st_size > 0
                                            and now - wal.stat().st_mtime < IN_USE_S)


def prune(folder: Path, rule: Policy, in_use: Collection[Path] = (),
          now: float | None = None) -> list[Entry]:
    """Remove what ``rule`` does not keep (see the module's docstring); the removed."""
    now = time.time() if now is None else now
    keep = {Path(p).resolve() for p in in_use}
    listed = entries(folder)
    total = sum(e.size_bytes for e in listed)
    removed = []
    for entry in listed:  # oldest first
        too_old = now - entry.modified > rule.keep_days * 86400.0
        if not (too_old or total > rule.keep_mb * MB) or _in_use(entry, keep, now):
            continue
        try:
            for part in (entry.path, *(Path(f"{entry.path}{s}") for s in COMPANIONS)):
                part.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("cannot remove recording %s: %s", entry.path, exc.strerror or exc)
            continue
        total -= entry.size_bytes
        removed.append(entry)
        log.info("removed recording %s (%.1f MB, last written %s): %s", entry.path,
                 entry.size_bytes / MB, time.strftime("%Y-%m-%d %H:%M",
                                                      time.localtime(entry.modified)),
                 "older than the limit" if too_old else "over the size limit")
    return removed


__all__ = ["Entry", "Policy", "entries", "folder_bytes", "policy", "prune", "KEEP_DAYS",
           "KEEP_MB", "DAYS_ENV", "MB_ENV", "IN_USE_S"]
