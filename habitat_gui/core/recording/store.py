"""How a run is stored: one SQLite file (WAL, ``synchronous=NORMAL``), written by a
:class:`~habitat_gui.core.recording.recorder.Recorder` and read by a
:class:`~habitat_gui.core.recording.reader.Recording`:

- ``meta`` (key, value): format and program version, habitat and scenario names, seed,
  ``dt_s``, ``sample_s``, the habitat, scenario, alarm and maintenance file *texts* (a
  re-run needs no outside file; one recorded before the maintenance text was kept re-runs
  with the maintenance data in use, and says so), module and crew names, the parent
  recording and branch time of a branch, ``start_t_s`` (where the run was handed over: a
  scenario's ``start_s``), ``end_t_s`` (simulated time of the last commit),
  ``steps_sha256`` and ``closed``.
- ``telemetry`` (t_s, measured, true, o2_reserve_kg, spo2_pct): one row per sample, on a
  fixed simulated-time grid of ``sample_s`` (10 s; a sample is the step that ends on the
  grid), the values as little-endian float64 arrays (exact): measured modules x (pressure
  kPa, ppO2 kPa, CO2 ppm), true modules x (pressure kPa, ppO2 kPa, CO2 ppm, O2 %), the O2
  reserve per module and SpO2 per person, in the order of ``meta.modules`` and
  ``meta.crew`` (:meth:`~habitat_gui.core.recording.reader.Recording.telemetry`
  decodes them). Every step of ares would be
  56 MB a simulated day, too much at 100,000x real time, and a row per value costs more
  than the simulation itself; a fixed grid keeps the rows the same however a run is sliced
  into advances. Every step still counts: ``steps_sha256`` hashes all values of all steps,
  so a re-run is checked bit for bit at every step, not only at the samples.
- ``events`` (seq, t_s, kind, source, message, data as JSON): the world's event log.
- ``commands`` (seq, who, role, t_s, command, args as JSON, outcome, reason, wall_time):
  every command record, written and committed the moment it is submitted.
- ``alarms`` (a view): raises and clears (alarm events) and accepted alarm commands
  (acknowledge, shelve, ...) in time order.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from ..specfile import SpecError

FORMAT = "habitat-recording"
FORMAT_VERSION = 1
SAMPLE_S = 10.0
SCENARIO_WHO = "scenario"  # who the simulation submits scenario commands as
ALARM_COMMANDS = ("acknowledge", "shelve", "unshelve", "out_of_service", "return_to_service")

SCHEMA = f"""
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


def to_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=float)


def to_blob(values: np.ndarray) -> bytes:
    return np.ascontiguousarray(values, dtype="<f8").tobytes()


class RecordingError(SpecError):
    """A file that cannot be replayed: ``str()`` is one line naming the file."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(file, 0, message)
