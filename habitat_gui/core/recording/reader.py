"""Reading a recording back: its meta data, telemetry, events, commands and alarm timeline,
and a fresh simulation as it started."""

from __future__ import annotations

import json
import math
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Iterator, Sequence

import numpy as np

from ..maintenance import data as maintenance_data
from ..operations.alarm_definitions import parse_alarms
from ...contract.events import CommandRecord
from ..operations.scenario import parse_scenario
from ...contract.events import Event
from ..plant.habitat import parse_habitat
from ..simulation import Simulation
from ..specfile import TomlDocument
from .store import COMPARED, FORMAT, FORMAT_VERSION, SCENARIO_WHO, RecordingError
from .validation import validate

NOT_A_RECORDING = ("file is not a database", "no such table: meta")


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
    """A recording opened for reading (read-only on disk). A damaged or edited file (a
    table or column missing, a page unreadable, meta data out of bounds, a row a replay
    cannot use: :mod:`.validation`) raises :class:`RecordingError` on opening or, for
    damage done later, on the read that meets it, never ``sqlite3.Error``."""

    def __init__(self, connection: sqlite3.Connection, name: str) -> None:
        self.connection = connection
        self.name = name
        try:
            rows = connection.execute("SELECT key, value FROM meta").fetchall()
        except sqlite3.Error as exc:  # no SQLite file, or no meta table: no recording
            what = "not a recording" if str(exc) in NOT_A_RECORDING else "damaged recording"
            raise RecordingError(name, f"{what} ({exc})") from None
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
    def open(cls, path: str | Path) -> Recording:
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
            validate(recording)
            return recording
        except RecordingError:
            connection.close()
            raise

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Recording:
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
        try:
            return int(self.meta["seed"])
        except (KeyError, ValueError):
            raise RecordingError(self.name, "damaged: meta 'seed' is missing or not a "
                                            "whole number") from None

    @property
    def dt_s(self) -> float:
        return self._number("dt_s")

    @property
    def sample_s(self) -> float:
        return self._number("sample_s")

    @property
    def start_t_s(self) -> float:
        """Where the run was handed over (a scenario's ``start_s``; 0 when not kept)."""
        return self._number("start_t_s") if self.meta.get("start_t_s") else 0.0

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
