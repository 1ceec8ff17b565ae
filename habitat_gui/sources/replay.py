"""A recording as the panel's data source: replayed by re-running it, scrubbed, branched.

:class:`ReplaySource` rebuilds the recorded simulation from the file and re-runs it
deterministically (the recorded operator commands submitted at their times), so what it
shows is exactly what happened, every value the panel can show included. Every
``CHECKPOINT_S`` of simulated time (further apart in a long recording, so that there are
at most ``MAX_CHECKPOINTS``) it keeps a clone, so going back restarts from the nearest
checkpoint instead of from the beginning. A long way forward (a seek, a branch) reports its
progress and can be cancelled. Commands are refused while replaying;
:meth:`ReplaySource.branch` turns it into a live training simulation from the moment shown,
recorded to a new file that names its parent.
"""

from __future__ import annotations

import bisect
import time
from pathlib import Path


from ..contract.commands import Command
from ..contract.events import CommandRecord
from ..core.plant.snapshot import as_read
from ..core.recording.branching import Cancelled as ReRunCancelled
from ..core.recording.branching import Progress, branch
from ..core.recording.reader import Recording
from ..core.recording.rerun import play
from ..core.simulation import Simulation
from ..core.training.debrief import DebriefTracker
from .protocol import Cancelled, Operator, RecordedHistory, ReplayMark
from .simulated import OPERATOR, SimulatedSource

CHECKPOINT_S = 600.0
MAX_CHECKPOINTS = 144  # about 0.4 MB each for the built-in colony
READ_ONLY = "this is a replay (read-only): press Branch here to act from this moment"


class ReplaySource(SimulatedSource):
    """Replays ``recording``; after :meth:`branch` it is a live, recorded simulation."""

    def __init__(self, recording: Recording, speed: float = 1.0) -> None:
        super().__init__(recording.simulation(), speed)
        self.recording = recording
        self._end_t_s = recording.end_t_s
        self.checkpoint_s = max(CHECKPOINT_S, self._end_t_s / MAX_CHECKPOINTS)
        self.commands = recording.operator_commands()
        self._branched_at_s: float | None = None
        self._next = 0  # index of the next recorded command to submit
        self._checkpoints: list[tuple[float, Simulation, int, DebriefTracker | None]] = []
        self._keep_checkpoint()

    @property
    def replaying(self) -> bool:
        return self._branched_at_s is None

    @property
    def end_t_s(self) -> float:
        return self._end_t_s

    @property
    def branched_at_s(self) -> float | None:
        """The moment the live branch took over, None while replaying."""
        return self._branched_at_s

    def recording_name(self) -> str:
        return self.recording.name

    def recording_created(self) -> str:
        return str(self.recording.meta.get("created", ""))

    def marks(self) -> list[ReplayMark]:
        """Where alarms were raised and commands given, for the timeline."""
        out = [ReplayMark(t, "alarm") for t, _, change, _, _ in self.recording.alarm_timeline()
               if change == "raised"]
        return out + [ReplayMark(c.t_s, "command") for c in self.recording.commands()]

    def close(self) -> None:
        """Finish the branch's recording, if any, and close the recording replayed."""
        super().close()
        self.recording.close()

    # ------------------------------------------------------------------ the data source
    def check(self, command: Command, operator: Operator = OPERATOR) -> str | None:
        return super().check(command, operator) if not self.replaying else READ_ONLY

    def submit(self, command: Command, operator: Operator = OPERATOR) -> CommandRecord:
        if not self.replaying:
            return super().submit(command, operator)
        return CommandRecord(0, operator.name, operator.role, self.simulation.t_s,
                             time.time(), command.name, command.arguments, "rejected",
                             READ_ONLY)

    def hazard(self, command: Command) -> str | None:
        return super().hazard(command) if not self.replaying else None

    def start_scenario(self, name: str, operator: Operator = OPERATOR) -> str | None:
        """A replay, or its branch, starts no scenario: that is a new run of its own."""
        return "a replay starts no scenario: run the scenario itself to drill on it"

    # ------------------------------------------------------------------ time
    def fast_forward(self, to_t_s: float, budget_s: float = 0.012) -> float:
        if self.replaying:
            to_t_s = min(to_t_s, self.end_t_s)  # a replay stops where the recording ends
        return super().fast_forward(to_t_s, budget_s)

    def run_until(self, t_s: float) -> None:
        if self.replaying:
            self._replay_to(t_s)
        else:
            super().run_until(t_s)

    def _replay_to(self, t_s: float, progress: Progress | None = None) -> bool:
        """Re-run to ``t_s`` (within the recording), keeping checkpoints on the way and
        telling ``progress`` at each; False if it cancelled."""
        t_s = min(t_s, self.end_t_s)
        while self.simulation.t_s < t_s:
            mark = len(self._checkpoints) * self.checkpoint_s
            self._next = play(self.simulation, self.commands, min(t_s, mark), self._next)
            if self.simulation.t_s >= mark:
                self._keep_checkpoint()
            if progress is not None and self.simulation.t_s < t_s \
                    and not progress(self.simulation.t_s):
                return False
        return True

    def _keep_checkpoint(self) -> None:
        if self.simulation.t_s >= len(self._checkpoints) * self.checkpoint_s:
            twin = self.simulation.clone()
            self._checkpoints.append((self.simulation.t_s, twin, self._next,
                                      self._training.follow(twin) if self._training else None))

    def seek(self, t_s: float, progress: Progress | None = None) -> bool:
        """Show the recording at ``t_s`` (within it): from the nearest checkpoint when
        going back or when one lies ahead on the way, else by re-running on. With
        ``progress`` (see :meth:`_replay_to`) it stops short when cancelled; returns
        whether it got there."""
        if not self.replaying:
            raise RuntimeError("a branch is live; it cannot seek")
        t_s = max(self.recording.start_t_s, min(t_s, self.end_t_s))
        times = [t for t, _, _, _ in self._checkpoints]
        k = bisect.bisect_right(times, t_s) - 1
        if t_s < self.simulation.t_s or times[k] > self.simulation.t_s:
            _, checkpoint, self._next, tracker = self._checkpoints[k]
            self.simulation = checkpoint.clone()
            self._training = tracker.follow(self.simulation) if tracker else None
        return self._replay_to(t_s, progress)

    def recorded_history(self, span_s: float) -> RecordedHistory:
        """The recorded samples of the last ``span_s`` up to the moment shown, as the
        instruments read them."""
        now = self.simulation.t_s
        telemetry = self.recording.telemetry(max(now - span_s, 0.0), now)
        return RecordedHistory(telemetry.t_s, as_read(telemetry.measured))

    # ------------------------------------------------------------------ branching
    def branch(self, path: str | Path, progress: Progress | None = None) -> None:
        """Become a live simulation from the moment shown, recorded to ``path``; the
        recorded run up to it is re-run into the new file (``progress`` as for
        :func:`~habitat_gui.core.recording.branching.branch`; raises :class:`Cancelled`)."""
        if not self.replaying:
            raise RuntimeError("already branched")
        at_s = self.simulation.t_s
        try:
            self.simulation, self.recorder = branch(self.recording, at_s, path,
                                                    progress=progress, keep_running=True)
        except ReRunCancelled as exc:
            raise Cancelled(str(exc)) from exc
        if self._training is not None:  # the debrief goes on from what was replayed
            self._training = self._training.follow(self.simulation)
        self._branched_at_s = at_s
        self._checkpoints.clear()


__all__ = ["ReplaySource", "READ_ONLY"]
