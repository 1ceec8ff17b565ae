"""Branching from a recording: re-run it to any moment into a new recording that names its
parent, for the trainer to act on from there."""

from __future__ import annotations

from pathlib import Path
from collections.abc import Callable

from ...contract.timefmt import mission_time
from ..simulation import Simulation
from .reader import Recording
from .recorder import Recorder
from .rerun import play

PROGRESS_CHUNK_S = 3600.0  # simulated time between progress reports of a long re-run
Progress = Callable[[float], bool]  # told the simulated time reached; returns False to cancel


class Cancelled(Exception):
    """A long re-run was cancelled through its progress callback."""


def branch(recording: Recording, at_s: float, path: str | Path,
           simulation: Simulation | None = None, progress: Progress | None = None,
           keep_running: bool = False) -> tuple[Simulation, Recorder]:
    """Re-run ``recording`` to ``at_s`` into a new recording at ``path`` naming its parent
    and the branch time; the trainer then acts on the simulation returned, and the new
    file, holding the inherited commands too, re-runs exactly like any other. As in
    :func:`~habitat_gui.core.recording.rerun.rerun`, ``simulation`` may be a fresh one
    already watched. ``progress`` is told the time reached every ``PROGRESS_CHUNK_S``; when
    it returns False the new file is removed and :class:`Cancelled` raised. ``keep_running``
    is the :class:`Recorder`'s."""
    if not recording.start_t_s <= at_s <= recording.end_t_s + 1e-9:
        raise ValueError(f"branch time {at_s:g} s is outside the recording "
                         f"({recording.start_t_s:g} to {recording.end_t_s:g} s)")
    sim = simulation or recording.simulation()
    recorder = Recorder(sim, path, parent=recording.name, branch_t_s=at_s,
                        sample_s=recording.sample_s, alarms_text=recording.meta["alarms_text"],
                        keep_running=keep_running)
    commands, k = recording.operator_commands(), 0
    while True:
        k = play(sim, commands, min(sim.t_s + PROGRESS_CHUNK_S, at_s), k)
        if sim.t_s >= at_s:
            break
        if progress is not None and not progress(sim.t_s):
            recorder.close()
            for leftover in (str(path), f"{path}-wal", f"{path}-shm"):
                Path(leftover).unlink(missing_ok=True)
            raise Cancelled(f"branch at {mission_time(at_s)} cancelled")
    recorder.flush()
    return sim, recorder
