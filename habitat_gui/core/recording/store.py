"""Recording a run to SQLite, reading it back, re-running it exactly and branching from it.

A :class:`Recorder` attached to a :class:`Simulation` before it runs writes one SQLite file
(WAL, ``synchronous=NORMAL``):

- ``meta`` (key, value): format and program version, habitat and scenario names, seed,
  ``dt_s``, ``sample_s``, the habitat, scenario, alarm and maintenance file *texts* (a
  re-run needs no outside file; one recorded before the maintenance text was kept re-runs
  with the maintenance data in use, and says so), module and crew names, the parent
  recording and branch time of a branch, ``end_t_s`` (simulated time of the last commit),
  ``steps_sha256`` and ``closed``.
- ``telemetry`` (t_s, measured, true, o2_reserve_kg, spo2_pct): one row per sample, on a
  fixed simulated-time grid of ``sample_s`` (10 s; a sample is the step that ends on the
  grid), the values as little-endian float64 arrays (exact): measured modules x (pressure
  kPa, ppO2 kPa, CO2 ppm), true modules x (pressure kPa, ppO2 kPa, CO2 ppm, O2 %), the O2
  reserve per module and SpO2 per person, in the order of ``meta.modules`` and
  ``meta.crew`` (:meth:`Recording.telemetry` decodes them). Every step of ares would be
  56 MB a simulated day, too much at 100,000x real time, and a row per value costs more
  than the simulation itself; a fixed grid keeps the rows the same however a run is sliced
  into advances. Every step still counts: ``steps_sha256`` hashes all values of all steps,
  so a re-run is checked bit for bit at every step, not only at the samples.
- ``events`` (seq, t_s, kind, source, message, data as JSON): the world's event log.
- ``commands`` (seq, who, role, t_s, command, args as JSON, outcome, reason, wall_time):
  every command record, written and committed the moment it is submitted.
- ``alarms`` (a view): raises and clears (alarm events) and accepted alarm commands
  (acknowledge, shelve, ...) in time order.

Rows are batched and committed at most once a second of wall time (and on every command and
on close), so a killed process loses at most the last second.

A re-run (:func:`rerun`) rebuilds the simulation from the stored texts and seed and submits
the recorded operator commands again at their recorded times (scenario commands come from
the scenario text); :func:`verify` compares its recording with the file's, and
:func:`branch` re-runs to any moment into a new recording that names its parent.
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from ... import __version__
from ..maintenance import data as maintenance_data
from ..operations.alarms import builtin_alarms, builtin_alarms_text, parse_alarms
from ..operations.commands import CommandRecord, build
from ..plant.habitat import parse_habitat
from ..operations.report import clock
from ..operations.scenario import parse_scenario
from ..simulation import Simulation
from ..specfile import SpecError, TomlDocument
from ..plant.events import Event
from ..plant.stepping import Recent

FORMAT = "habitat-recording"
FORMAT_VERSION = 1
SAMPLE_S = 10.0
COMMIT_EVERY_S = 1.0
SCENARIO_WHO = "scenario"  # who the simulation submits scenario commands as
PROGRESS_CHUNK_S = 3600.0  # simulated time between progress reports of a long re-run
Progress = Callable[[float], bool]  # told the simulated time reached; returns False to cancel
ALARM_COMMANDS = ("acknowledge", "shelve", "unshelve", "out_of_service", "return_to_service")

_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE telemetry (t_s REAL PRIMARY KEY, measured BLOB, true BLOB,
    o2_reserve_kg BLOB, spo2_pct BLOB);
CREATE TABLE events (seq INTEGER PRIMARY KEY, t_s REAL, kind TEXT, source TEXT,
    message TEXT, data TEXT);
CREATE TABLE commands (seq INTEGER PRIMARY KEY, who TEXT, role TEXT, t_s REAL,
    command TEXT, args TEXT, outcome TEXT, reason TEXT, wall_time REAL);
CREATE VIEW alarms AS
    SELECT t_s, json_extract(data, '$.alarm') AS alarm, json_extract(data, '$.change')
           AS change, json_extract(data, '$.priority') AS priority, message
    FROM events WHERE kind = 'alarm'
    UNION ALL
    SELECT t_s, json_extract(args, '$.alarm'), command, NULL, who || ': ' || reason
    FROM commands WHERE outcome = 'accepted'
          AND command IN ({", ".join(f"'{c}'" for c in ALARM_COMMANDS)})
    ORDER BY 1;
"""
# what a re-run must reproduce exactly, table by table (wall_time excepted)
TIME_COLUMN = {"telemetry": 0, "events": 1, "commands": 3}
COMPARED = {
    "telemetry": "t_s, measured, true, o2_reserve_kg, spo2_pct",
    "events": "seq, t_s, kind, source, message, data",
    "commands": "seq, who, role, t_s, command, args, outcome, reason",
}


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=float)


def _blob(values: np.ndarray) -> bytes:
    return np.ascontiguousarray(values, dtype="<f8").tobytes()


class RecordingError(SpecError):
    """A file that cannot be replayed: ``str()`` is one line naming the file."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(file, 0, message)


# ----------------------------------------------------------------------------- writing
class Recorder:
    """Writes everything a :class:`Simulation` does to ``path`` (a new file, or
    ``":memory:"``). ``alarms_text`` is the alarm file's text when the definitions were not
    read from a file (those of a re-run)."""

    def __init__(self, simulation: Simulation, path: str | Path, *, parent: str = "",
                 branch_t_s: float | None = None, sample_s: float = SAMPLE_S,
                 commit_every_s: float = COMMIT_EVERY_S, alarms_text: str = "") -> None:
        if simulation.t_s > 0 or simulation.history:
            raise ValueError("a recorder must be attached before the simulation runs")
        self.simulation = simulation
        self.path = str(path)
        if self.path != ":memory:" and Path(self.path).exists():
            raise FileExistsError(f"{self.path} exists; a recording is never overwritten")
        self.sample_s = sample_s
        self.commit_every_s = commit_every_s
        try:
            self.connection = sqlite3.connect(self.path)
            db = self.connection
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise OSError(f"cannot record to {self.path}: {exc}") from None
        world = simulation.world
        self._modules = list(world.module_ids)
        self._crew = [p.name for p in world.crew]
        self._hashes = [hashlib.sha256() for _ in range(8)]
        self._events_written = 0
        self._last_commit = time.monotonic()
        self._write_meta(simulation, parent, branch_t_s, alarms_text)
        self._write_events()
        self._commit()
        simulation.watchers.append(self._on_advance)
        simulation.bus.listeners.append(self._on_command)

    def _write_meta(self, sim: Simulation, parent: str, branch_t_s: float | None,
                    alarms_text: str) -> None:
        world, scenario = sim.world, sim.scenario
        definitions = world.alarms.definitions
        if not alarms_text:
            alarms_text = builtin_alarms_text() if definitions is builtin_alarms() else \
                _file_text(definitions[0].source if definitions else "")
        meta = {"format": FORMAT, "format_version": FORMAT_VERSION,
                "program_version": __version__,
                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "habitat": world.habitat.name,
                "scenario": scenario.name if scenario else "",
                "seed": world.seed, "dt_s": world.dt_s, "sample_s": self.sample_s,
                "alarms_on": int(sim.alarms_on),
                "habitat_text": world.habitat.text,
                "scenario_text": scenario.text if scenario else "",
                "alarms_text": alarms_text,
                "maintenance_text": maintenance_data.builtin().text,
                "modules": _json(self._modules), "crew": _json(self._crew),
                "parent": parent, "branch_t_s": "" if branch_t_s is None else branch_t_s}
        self.connection.executemany("INSERT INTO meta VALUES (?, ?)",
                                    [(k, str(v)) for k, v in meta.items()])

    # ------------------------------------------------------------------ hooks
    def _on_advance(self, recent: Recent) -> None:
        t, air = recent.t_s, recent.air
        every = (t, recent.readings, air.pressure_kpa, air.ppo2_kpa, air.co2_ppm,
                 air.o2_fraction, recent.o2_reserve_kg, recent.spo2_pct)
        for digest, values in zip(self._hashes, every):  # step after step, for each value
            digest.update(np.ascontiguousarray(values, dtype="<f8"))
        grid = t / self.sample_s
        kept = np.flatnonzero(np.abs(grid - np.round(grid)) < 1e-9)
        if len(kept):
            true = np.stack([air.pressure_kpa[kept], air.ppo2_kpa[kept], air.co2_ppm[kept],
                             air.o2_fraction[kept] * 100.0], axis=-1)
            parts = (recent.readings[kept], true, recent.o2_reserve_kg[kept],
                     recent.spo2_pct[kept])
            self.connection.executemany(
                "INSERT INTO telemetry VALUES (?, ?, ?, ?, ?)",
                [(float(t[k]), *(_blob(x[j]) for x in parts)) for j, k in enumerate(kept)])
        self._write_events()
        self.commit_if_due()

    def _on_command(self, record: CommandRecord) -> None:
        self.connection.execute(
            "INSERT INTO commands VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record.seq, record.who, record.role, record.t_s, record.command,
             _json(record.args), record.outcome, record.reason, record.wall_time))
        self._write_events()
        self._commit()  # what a re-run needs is on disk at once

    def _write_events(self) -> None:
        events = self.simulation.world.events
        new = events[self._events_written:]
        if new:
            first = self._events_written + 1
            self.connection.executemany(
                "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
                [(first + k, e.t_s, e.kind, e.source, e.message, _json(e.data))
                 for k, e in enumerate(new)])
            self._events_written = len(events)

    # ------------------------------------------------------------------ commits
    def commit_if_due(self) -> None:
        """Commit when the last commit is ``commit_every_s`` of wall time old."""
        if time.monotonic() - self._last_commit >= self.commit_every_s:
            self._commit()

    def _commit(self, closed: bool = False) -> None:
        self.connection.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [("end_t_s", str(self.simulation.t_s)), ("steps_sha256", self._digest()),
             ("closed", str(int(closed)))])
        self.connection.commit()
        self._last_commit = time.monotonic()

    def _digest(self) -> str:
        """SHA-256 over the SHA-256 of each value's steps (time, readings, the true air's
        pressure, ppO2, CO2 and O2 fraction, O2 reserve, SpO2), in that order."""
        return hashlib.sha256(b"".join(h.digest() for h in self._hashes)).hexdigest()

    def flush(self) -> None:
        """Write and commit everything so far."""
        self._write_events()
        self._commit()

    def close(self) -> None:
        """Commit everything, mark the file closed and stop recording."""
        sim = self.simulation
        if self._on_advance in sim.watchers:
            sim.watchers.remove(self._on_advance)
            sim.bus.listeners.remove(self._on_command)
            self._write_events()
            self._commit(closed=True)
            self.connection.close()

    def __enter__(self) -> "Recorder":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _file_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""  # not from a readable file: the recording cannot be re-run


# ----------------------------------------------------------------------------- reading
@dataclass(frozen=True)
class Telemetry:
    """Recorded samples: ``t_s`` (samples) and per sample the measured modules x
    (pressure kPa, ppO2 kPa, CO2 ppm), the true modules x (pressure kPa, ppO2 kPa, CO2 ppm,
    O2 %), the O2 reserve (kg) per module and the SpO2 (%) per person."""

    t_s: np.ndarray
    measured: np.ndarray
    true: np.ndarray
    o2_reserve_kg: np.ndarray
    spo2_pct: np.ndarray


class Recording:
    """A recording opened for reading (read-only on disk). A damaged file (a table missing,
    a page unreadable) raises :class:`RecordingError` on opening or, for damage found
    later, on the read that meets it, never ``sqlite3.Error``."""

    def __init__(self, connection: sqlite3.Connection, name: str) -> None:
        self.connection = connection
        self.name = name
        try:
            rows = connection.execute("SELECT key, value FROM meta").fetchall()
        except sqlite3.Error as exc:
            raise RecordingError(name, f"not a recording ({exc})") from None
        self.meta: dict[str, str] = dict(rows)
        if self.meta.get("format") != FORMAT:
            raise RecordingError(name, f"not a recording; expected a {FORMAT} file")
        version = self.meta.get("format_version", "")
        if not version.isdigit() or int(version) > FORMAT_VERSION:
            raise RecordingError(name, f"recording format {version!r}; this program reads "
                                       f"up to {FORMAT_VERSION}")
        for table in (*COMPARED, "alarms"):  # each table and the view is there and readable
            self._query(f"SELECT * FROM {table} LIMIT 0")

    def _query(self, sql: str, parameters: Sequence[Any] = ()) -> list[tuple]:
        """The rows of ``sql``; RecordingError naming the file if it is damaged."""
        try:
            return self.connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            raise RecordingError(self.name, f"damaged recording ({exc})") from None

    @contextmanager
    def _decoding(self, what: str) -> Iterator[None]:
        """RecordingError naming the file for content that does not decode."""
        try:
            yield
        except (ValueError, TypeError) as exc:  # json, and blobs of the wrong size
            raise RecordingError(self.name, f"damaged recording ({what}: {exc})") from None

    @classmethod
    def open(cls, path: str | Path) -> "Recording":
        path = Path(path)
        if not path.is_file():
            raise RecordingError(str(path), "no such recording file")
        try:
            connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise RecordingError(str(path), f"cannot open ({exc})") from None
        try:
            recording = cls(connection, str(path))
            check = recording._query("PRAGMA quick_check(1)")[0][0]
            if check != "ok":
                raise RecordingError(str(path), f"damaged recording ({' '.join(check.split())})")
            return recording
        except RecordingError:
            connection.close()
            raise

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> "Recording":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ meta
    def _number(self, key: str) -> float:
        try:
            return float(self.meta[key])
        except (KeyError, ValueError):
            raise RecordingError(self.name, f"damaged: meta {key!r} is missing or not a "
                                            f"number") from None

    @property
    def seed(self) -> int:
        return int(self._number("seed"))

    @property
    def dt_s(self) -> float:
        return self._number("dt_s")

    @property
    def sample_s(self) -> float:
        return self._number("sample_s")

    @property
    def end_t_s(self) -> float:
        return self._number("end_t_s")

    @property
    def branch_t_s(self) -> float | None:
        return self._number("branch_t_s") if self.meta.get("branch_t_s") else None

    @property
    def closed(self) -> bool:
        return self.meta.get("closed") == "1"

    # ------------------------------------------------------------------ content
    def rows(self, table: str) -> list[tuple]:
        """The rows of a compared table in their natural order (for verification)."""
        order = "t_s" if table == "telemetry" else "seq"
        return self._query(f"SELECT {COMPARED[table]} FROM {table} ORDER BY {order}")

    def count(self, sql: str) -> int:
        return int(self._query(sql)[0][0])

    def counts(self) -> dict[str, int]:
        return {"samples": self.count("SELECT COUNT(*) FROM telemetry"),
                "events": self.count("SELECT COUNT(*) FROM events"),
                "alarm_transitions": self.count("SELECT COUNT(*) FROM alarms"),
                "commands": self.count("SELECT COUNT(*) FROM commands")}

    def commands(self) -> list[CommandRecord]:
        rows = self._query(
            "SELECT seq, who, role, t_s, wall_time, command, args, outcome, reason "
            "FROM commands ORDER BY seq")
        with self._decoding("commands"):
            return [CommandRecord(seq, who, role, t, wall, command, json.loads(args), outcome,
                                  reason)
                    for seq, who, role, t, wall, command, args, outcome, reason in rows]

    def events(self) -> list[Event]:
        rows = self._query("SELECT t_s, kind, source, message, data FROM events ORDER BY seq")
        with self._decoding("events"):
            return [Event(t, kind, source, message, json.loads(data))
                    for t, kind, source, message, data in rows]

    def alarm_timeline(self) -> list[tuple[float, str, str, str, str]]:
        """(t_s, alarm, change, priority, message) for every raise, clear and alarm
        command accepted, in time order."""
        return [(t, alarm, change, priority or "", message) for t, alarm, change, priority,
                message in self._query("SELECT * FROM alarms")]

    @property
    def modules(self) -> list[str]:
        with self._decoding("meta 'modules'"):
            return json.loads(self.meta.get("modules", "[]"))

    @property
    def crew(self) -> list[str]:
        with self._decoding("meta 'crew'"):
            return json.loads(self.meta.get("crew", "[]"))

    def telemetry(self, from_s: float = 0.0, to_s: float = math.inf) -> Telemetry:
        """The samples with ``from_s <= t_s <= to_s``, decoded."""
        rows = self._query(
            "SELECT t_s, measured, true, o2_reserve_kg, spo2_pct FROM telemetry "
            "WHERE t_s >= ? AND t_s <= ? ORDER BY t_s", (from_s, min(to_s, 1e300)))
        m, c = len(self.modules), len(self.crew)

        def column(k: int, shape: tuple[int, ...]) -> np.ndarray:
            data = b"".join(row[k] for row in rows)
            return np.frombuffer(data, dtype="<f8").reshape(len(rows), *shape)
        with self._decoding("telemetry"):
            return Telemetry(np.array([row[0] for row in rows], dtype=float),
                             column(1, (m, 3)), column(2, (m, 4)), column(3, (m,)),
                             column(4, (c,)))

    def _document(self, key: str) -> TomlDocument | None:
        text = self.meta.get(f"{key}_text", "")
        return TomlDocument(text, f"{self.name}[{key}]") if text else None

    @property
    def notes(self) -> list[str]:
        """What a re-run cannot take from the file (an older recording)."""
        if "maintenance_text" in self.meta:
            return []
        return ["holds no maintenance data (an older recording): re-runs use the maintenance "
                "data in use, which may differ from the recorded run's"]

    def simulation(self) -> Simulation:
        """A fresh simulation as the recording started: from the stored texts and seed. The
        recorded maintenance data becomes the process's (:func:`maintenance_data.use`)."""
        habitat_doc, alarms_doc = self._document("habitat"), self._document("alarms")
        if habitat_doc is None or alarms_doc is None:
            raise RecordingError(self.name, "holds no habitat or alarm file, so it cannot be "
                                            "re-run (was the habitat built in memory?)")
        maintenance_doc = self._document("maintenance")
        if maintenance_doc is not None and \
                maintenance_doc.text != maintenance_data.builtin().text:
            maintenance_data.use(maintenance_data.parse(maintenance_doc))
        habitat = parse_habitat(habitat_doc)
        scenario_doc = self._document("scenario")
        scenario = parse_scenario(scenario_doc, habitat) if scenario_doc else None
        sim = Simulation(habitat, self.seed, scenario, self.dt_s, parse_alarms(alarms_doc))
        sim.alarms_on = self.meta.get("alarms_on", "1") == "1"
        return sim

    def operator_commands(self) -> list[CommandRecord]:
        """The commands a re-run submits (the scenario's own come from its text)."""
        return [r for r in self.commands() if r.who != SCENARIO_WHO]


# ----------------------------------------------------------------------------- re-running
def play(simulation: Simulation, commands: Sequence[CommandRecord], until_s: float,
         start: int = 0) -> int:
    """Run ``simulation`` to ``until_s``, submitting ``commands[start:]`` due by then at
    their recorded times (who and role as recorded). Returns the index of the next one."""
    k = start
    while k < len(commands) and commands[k].t_s <= until_s + 1e-9:
        record = commands[k]
        simulation.run_until(record.t_s)
        simulation.submit(build(record.command, record.args), record.who, record.role)
        k += 1
    simulation.run_until(until_s)
    return k


def rerun(recording: Recording, until_s: float | None = None,
          simulation: Simulation | None = None) -> Simulation:
    """The recorded run again, to ``until_s`` (default: where the recording ends); in
    ``simulation`` if given (a fresh ``recording.simulation()`` something already watches)."""
    sim = simulation or recording.simulation()
    play(sim, recording.operator_commands(),
         recording.end_t_s if until_s is None else until_s)
    return sim


def verify(recording: Recording, simulation: Simulation | None = None) -> list[str]:
    """Re-run the recording with a recorder of its own and compare the two: telemetry,
    events and commands row by row and every step by its hash. Empty when equal. As in
    :func:`rerun`, ``simulation`` may be a fresh one already watched (a debrief)."""
    sim = simulation or recording.simulation()
    recorder = Recorder(sim, ":memory:", sample_s=recording.sample_s,
                        alarms_text=recording.meta["alarms_text"])
    play(sim, recording.operator_commands(), recording.end_t_s)
    recorder.flush()
    again = Recording(recorder.connection, "re-run")
    differences = []
    for table in COMPARED:
        ours, theirs = recording.rows(table), again.rows(table)
        if ours != theirs:
            k = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b),
                     min(len(ours), len(theirs)))
            row = ours[k] if k < len(ours) else theirs[k]
            differences.append(f"{table}: {len(ours)} rows recorded, {len(theirs)} re-run; "
                               f"first difference at row {k + 1}, "
                               f"t = {clock(row[TIME_COLUMN[table]])}")
    for key in ("end_t_s", "steps_sha256"):
        if recording.meta.get(key) != again.meta.get(key):
            differences.append(f"{key}: recorded {recording.meta.get(key)}, "
                               f"re-run {again.meta.get(key)}")
    recorder.close()
    return differences


class Cancelled(Exception):
    """A long re-run was cancelled through its progress callback."""


def branch(recording: Recording, at_s: float, path: str | Path,
           simulation: Simulation | None = None,
           progress: Progress | None = None) -> tuple[Simulation, Recorder]:
    """Re-run ``recording`` to ``at_s`` into a new recording at ``path`` naming its parent
    and the branch time; the trainer then acts on the simulation returned, and the new
    file, holding the inherited commands too, re-runs exactly like any other. As in
    :func:`rerun`, ``simulation`` may be a fresh one already watched. ``progress`` is told
    the time reached every ``PROGRESS_CHUNK_S``; when it returns False the new file is
    removed and :class:`Cancelled` raised."""
    if not 0.0 <= at_s <= recording.end_t_s + 1e-9:
        raise ValueError(f"branch time {at_s:g} s is outside the recording "
                         f"(0 to {recording.end_t_s:g} s)")
    sim = simulation or recording.simulation()
    recorder = Recorder(sim, path, parent=recording.name, branch_t_s=at_s,
                        sample_s=recording.sample_s, alarms_text=recording.meta["alarms_text"])
    commands, k = recording.operator_commands(), 0
    while True:
        k = play(sim, commands, min(sim.t_s + PROGRESS_CHUNK_S, at_s), k)
        if sim.t_s >= at_s:
            break
        if progress is not None and not progress(sim.t_s):
            recorder.close()
            for leftover in (str(path), f"{path}-wal", f"{path}-shm"):
                Path(leftover).unlink(missing_ok=True)
            raise Cancelled(f"branch at {clock(at_s)} cancelled")
    recorder.flush()
    return sim, recorder


# ----------------------------------------------------------------------------- summary
def summary(recording: Recording) -> str:
    """What ``habitat-sim replay FILE`` prints."""
    meta = recording.meta
    counts = recording.counts()
    lines = [f"recording {recording.name}",
             f"  {meta.get('scenario') or 'free run'} on {meta.get('habitat')}, "
             f"seed {recording.seed}, step {recording.dt_s:g} s, "
             f"program {meta.get('program_version')}",
             f"  0 to {clock(recording.end_t_s)} simulated"
             + ("" if recording.closed else " (not closed: the run ended abruptly; "
                                             "this is its last commit)")]
    if meta.get("parent"):
        lines.append(f"  branched from {meta['parent']} at {clock(recording.branch_t_s or 0)}")
    lines += [f"  note: {note}" for note in recording.notes]
    lines.append(f"  {counts['samples']} telemetry samples (every {recording.sample_s:g} s), "
                 f"{counts['events']} events, {counts['alarm_transitions']} alarm "
                 f"transitions, {counts['commands']} commands")
    lines += ["", "commands:"]
    lines += [f"  {clock(r.t_s)}  #{r.seq:<3} {r.who} ({r.role}): {r.command} "
              + " ".join(f"{k}={v}" for k, v in r.args.items())
              + f": {r.outcome}: {r.reason}" for r in recording.commands()]
    lines += ["", "alarm timeline:"]
    lines += [f"  {clock(t)}  {change:<17} {priority.upper():<7}{alarm:<22} {message}"
              for t, alarm, change, priority, message in recording.alarm_timeline()]
    return "\n".join(lines)


def as_json(recording: Recording) -> dict[str, Any]:
    """The JSON form of :func:`summary`."""
    meta = recording.meta
    return {"file": recording.name, "habitat": meta.get("habitat"),
            "scenario": meta.get("scenario") or None, "seed": recording.seed,
            "dt_s": recording.dt_s, "sample_s": recording.sample_s,
            "duration_s": recording.end_t_s, "closed": recording.closed,
            "parent": meta.get("parent") or None, "branch_t_s": recording.branch_t_s,
            "notes": recording.notes, "counts": recording.counts(),
            "commands": [{"seq": r.seq, "who": r.who, "role": r.role, "t_s": r.t_s,
                          "command": r.command, "args": r.args, "outcome": r.outcome,
                          "reason": r.reason, "wall_time": r.wall_time}
                         for r in recording.commands()],
            "alarms": [{"t_s": t, "alarm": alarm, "change": change,
                        "priority": priority or None, "message": message}
                       for t, alarm, change, priority, message in
                       recording.alarm_timeline()]}


__all__ = ["Cancelled", "Progress", "Recorder", "Recording", "RecordingError", "Telemetry",
           "as_json", "branch", "play", "rerun", "summary", "verify"]
