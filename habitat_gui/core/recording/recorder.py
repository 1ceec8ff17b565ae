"""Writing a recording: a :class:`Recorder` attached to a simulation before it runs (at its
start: a scenario's ``start_s``, the time before it simulated) writes everything it does to
one file (:mod:`.store`). Rows are batched and committed at most once a second of wall time
(and on every command and on close), so a killed process loses at most the last second. A
write that fails (a full disk, a folder gone) stops the recording, whose file keeps the run
up to its last commit: :class:`RecordingFailed` says so."""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from ... import __version__
from ..maintenance import data as maintenance_data
from ..operations.alarm_definitions import builtin_alarms, builtin_alarms_text
from ...contract.events import CommandRecord
from ...contract.timefmt import mission_time
from ..plant.stepping import Recent
from ..simulation import Simulation
from ..training.results import SCENARIO_SUBMITTER
from .store import FORMAT, FORMAT_VERSION, SAMPLE_S, SCHEMA, to_blob, to_json

COMMIT_EVERY_S = 1.0


class RecordingFailed(OSError):
    """Writing a recording failed; the file holds the run up to its last commit."""


class Recorder:
    """Writes everything a :class:`Simulation` does to ``path`` (a new file, or
    ``":memory:"``). ``alarms_text`` is the alarm file's text when the definitions were not
    read from a file (those of a re-run); ``clock`` (monotonic seconds of wall time)
    paces the commits. When a write fails the recording stops and
    :attr:`failure` says why; the failure is raised (:class:`RecordingFailed`, from the
    simulation's advance or the command) unless ``keep_running``, when the run goes on
    unrecorded (the panel)."""

    def __init__(self, simulation: Simulation, path: str | Path, *, parent: str = "",
                 branch_t_s: float | None = None, sample_s: float = SAMPLE_S,
                 commit_every_s: float = COMMIT_EVERY_S, alarms_text: str = "",
                 keep_running: bool = False,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if simulation.t_s > simulation.start_s or any(
                r.who != SCENARIO_SUBMITTER for r in simulation.history):
            raise ValueError("a recorder must be attached before the simulation runs")
        self.simulation = simulation
        self.path = str(path)
        if self.path != ":memory:" and Path(self.path).exists():
            raise FileExistsError(f"{self.path} exists; a recording is never overwritten")
        self.sample_s = sample_s
        self.commit_every_s = commit_every_s
        self.keep_running = keep_running
        self.failure: str | None = None  # why the recording stopped early, if it did
        self.clock = clock  # monotonic seconds of wall time, for the commits
        world = simulation.world
        self._modules = list(world.module_ids)
        self._crew = [p.name for p in world.crew]
        self._hashes = [hashlib.sha256() for _ in range(8)]
        self._events_written = 0
        self._last_commit = self.clock()
        self._committed_t_s: float | None = None
        try:
            self.connection = sqlite3.connect(self.path)
        except sqlite3.Error as exc:
            raise RecordingFailed(f"cannot record to {self.path}: {exc}") from None
        with self._writing():
            db = self.connection
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(SCHEMA)
            self._write_meta(simulation, parent, branch_t_s, alarms_text)
            self._write_events()
            self._commit()
        if self.failure is not None:  # and kept running: nothing to watch
            return
        simulation.watchers.append(self._on_advance)
        simulation.bus.listeners.append(self._on_command)

    def _write_meta(self, sim: Simulation, parent: str, branch_t_s: float | None,
                    alarms_text: str) -> None:
        world, scenario = sim.world, sim.scenario
        definitions = sim.alarm_board.definitions
        if not alarms_text:
            alarms_text = builtin_alarms_text() if definitions is builtin_alarms() else \
                _file_text(definitions[0].source if definitions else "")
        meta = {"format": FORMAT, "format_version": FORMAT_VERSION,
                "program_version": __version__,
                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "habitat": world.habitat.name,
                "scenario": scenario.name if scenario else "",
                "seed": world.seed, "dt_s": world.dt_s, "sample_s": self.sample_s,
                "start_t_s": sim.t_s,
                "alarms_on": int(sim.alarms_on),
                "habitat_text": world.habitat.text,
                "scenario_text": scenario.text if scenario else "",
                "alarms_text": alarms_text,
                "maintenance_text": maintenance_data.builtin().text,
                "modules": to_json(self._modules), "crew": to_json(self._crew),
                "parent": parent, "branch_t_s": "" if branch_t_s is None else branch_t_s}
        self.connection.executemany("INSERT INTO meta VALUES (?, ?)",
                                    [(k, str(v)) for k, v in meta.items()])

    # ------------------------------------------------------------------ hooks
    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Stop the recording (see the class) when what is written in the block fails."""
        try:
            yield
        except sqlite3.Error as exc:
            self._stop(exc)

    def _stop(self, exc: sqlite3.Error) -> None:
        self._detach()
        with contextlib.suppress(sqlite3.Error):  # back to the last commit, which stays
            self.connection.rollback()
        with contextlib.suppress(sqlite3.Error):
            self.connection.close()
        self.failure = str(exc) if self._committed_t_s is None else \
            f"{exc} (the file keeps the run to {mission_time(self._committed_t_s)})"
        if not self.keep_running:
            raise RecordingFailed(f"cannot record to {self.path}: {self.failure}") from None

    def _detach(self) -> bool:
        """Stop watching the simulation; whether it was watched."""
        sim = self.simulation
        if self._on_advance not in sim.watchers:
            return False
        sim.watchers.remove(self._on_advance)
        sim.bus.listeners.remove(self._on_command)
        return True

    def _on_advance(self, recent: Recent) -> None:
        with self._writing():
            self._record(recent)

    def _record(self, recent: Recent) -> None:
        t, air = recent.t_s, recent.air
        every = (t, recent.readings, air.pressure_kpa, air.ppo2_kpa, air.co2_ppm,
                 air.o2_fraction, recent.o2_reserve_kg, recent.spo2_pct)
        for digest, values in zip(self._hashes, every):  # step after step, for each value
            digest.update(np.ascontiguousarray(values, dtype="<f8").data)
        grid = t / self.sample_s
        kept = np.flatnonzero(np.abs(grid - np.round(grid)) < 1e-9)
        if len(kept):
            true = np.stack([air.pressure_kpa[kept], air.ppo2_kpa[kept], air.co2_ppm[kept],
                             air.o2_fraction[kept] * 100.0], axis=-1)
            parts = (recent.readings[kept], true, recent.o2_reserve_kg[kept],
                     recent.spo2_pct[kept])
            self.connection.executemany(
                "INSERT INTO telemetry VALUES (?, ?, ?, ?, ?)",
                [(float(t[k]), *(to_blob(x[j]) for x in parts)) for j, k in enumerate(kept)])
        self._write_events()
        self.commit_if_due()

    def _on_command(self, record: CommandRecord) -> None:
        with self._writing():
            self.connection.execute(
                "INSERT INTO commands VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record.seq, record.who, record.role, record.t_s, record.command,
                 to_json(record.args), record.outcome, record.reason, record.wall_time))
            self._write_events()
            self._commit()  # what a re-run needs is on disk at once

    def _write_events(self) -> None:
        events = self.simulation.world.events
        new = events[self._events_written:]
        if new:
            first = self._events_written + 1
            self.connection.executemany(
                "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
                [(first + k, e.t_s, e.kind, e.source, e.message, to_json(e.data))
                 for k, e in enumerate(new)])
            self._events_written = len(events)

    # ------------------------------------------------------------------ commits
    def commit_if_due(self) -> None:
        """Commit when the last commit is ``commit_every_s`` of wall time old."""
        if self.failure is None and self.clock() - self._last_commit >= \
                self.commit_every_s:
            with self._writing():
                self._commit()

    def _commit(self, closed: bool = False) -> None:
        self.connection.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [("end_t_s", str(self.simulation.t_s)), ("steps_sha256", self._digest()),
             ("closed", str(int(closed)))])
        self.connection.commit()
        self._last_commit = self.clock()
        self._committed_t_s = self.simulation.t_s

    def _digest(self) -> str:
        """SHA-256 over the SHA-256 of each value's steps (time, readings, the true air's
        pressure, ppO2, CO2 and O2 fraction, O2 reserve, SpO2), in that order."""
        return hashlib.sha256(b"".join(h.digest() for h in self._hashes)).hexdigest()

    def flush(self) -> None:
        """Write and commit everything so far."""
        if self.failure is None:
            with self._writing():
                self._write_events()
                self._commit()

    def close(self) -> None:
        """Commit everything, mark the file closed and stop recording."""
        if self._detach():
            with self._writing():
                self._write_events()
                self._commit(closed=True)
                self.connection.close()

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _file_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""  # not from a readable file: the recording cannot be re-run
