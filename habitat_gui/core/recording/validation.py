"""What a recording must hold to be shown and re-run, checked once when it is opened
(:meth:`~habitat_gui.core.recording.reader.Recording.open`): the tables and their columns,
the meta data within the bounds a run has, the stored files, and every row a replay reads.
A damaged or edited file is then one :class:`~.store.RecordingError`,
``FILE: damaged recording (what is wrong)``, instead of a traceback or a hang later."""

from __future__ import annotations

import json
import math
import sqlite3
from functools import cache
from typing import TYPE_CHECKING

from ..maintenance import data as maintenance_data
from ..operations.alarm_definitions import parse_alarms
from ..operations.command_base import Rejected
from ..operations.command_bus import ROLES, build
from ..operations.scenario import parse_scenario
from ..plant.habitat import Habitat, parse_habitat
from ..specfile import SpecError, TomlDocument
from .store import SCHEMA, RecordingError

if TYPE_CHECKING:
    from .reader import Recording

DT_S = (0.1, 60.0)  # the step: a run takes 1 s; coarser or finer only in tests
SAMPLE_S_MAX = 3600.0
SEED_MAX = 2**63 - 1  # the seeds a scenario file may give (scenario.py)
GRID = 1e-9  # how close to the sample grid a sample's time lies
END_SLACK_S = 1e-6  # how far past end_t_s a row's time may lie (sums of steps)
OUTCOMES = ("accepted", "rejected")


@cache
def columns() -> dict[str, list[str]]:
    """Each table's columns as :data:`~.store.SCHEMA` makes them."""
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master "
                                             "WHERE type = 'table'")]
    found = {t: [row[1] for row in db.execute(f"PRAGMA table_info({t})")] for t in tables}
    db.close()
    return found


def validate(recording: Recording) -> None:
    """RecordingError for the first thing ``recording`` holds that a replay cannot use."""
    problem = _problem(recording)
    if problem:
        raise RecordingError(recording.name, f"damaged recording ({problem})")


def _problem(rec: Recording) -> str | None:
    for check in (_columns, _meta, _names, _texts, _telemetry, _events, _commands):
        problem = check(rec)
        if problem:
            return problem
    return None


def _columns(rec: Recording) -> str | None:
    for table, expected in columns().items():
        found = [row[1] for row in rec._query(f"PRAGMA table_info({table})")]
        if found != expected:
            return (f"table {table} has columns {', '.join(found) or 'none'}; expected "
                    f"{', '.join(expected)}")
    return None


def _number(rec: Recording, key: str, low: float, high: float) -> str | None:
    text = rec.meta.get(key, "")
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (low <= value <= high and math.isfinite(value)):
        within = f"up to {high:g} s" if math.isfinite(high) else "finite"
        return f"meta {key} is {text!r}; expected seconds from {low:g}, {within}"
    return None


def _meta(rec: Recording) -> str | None:
    seed = rec.meta.get("seed", "")
    if not (seed.isascii() and seed.isdigit() and int(seed) <= SEED_MAX):
        return f"meta seed is {seed!r}; expected a whole number from 0 to {SEED_MAX}"
    problem = _number(rec, "dt_s", *DT_S) or _number(rec, "sample_s", rec.dt_s, SAMPLE_S_MAX) \
        or _number(rec, "end_t_s", 0.0, math.inf) or _whole_steps(rec)
    if not problem and rec.meta.get("start_t_s"):
        problem = _number(rec, "start_t_s", 0.0, rec.end_t_s)
    if problem or not rec.meta.get("branch_t_s"):
        return problem
    return _number(rec, "branch_t_s", rec.start_t_s, rec.end_t_s)


def _whole_steps(rec: Recording) -> str | None:
    steps = rec.sample_s / rec.dt_s
    if abs(steps - round(steps)) > GRID * steps:
        return (f"meta sample_s {rec.sample_s:g} s is not a whole number of steps "
                f"(dt_s {rec.dt_s:g} s)")
    return None


def _document(rec: Recording, key: str) -> TomlDocument | None:
    text = rec.meta.get(f"{key}_text", "")
    return TomlDocument(text, f"{key} text") if text else None


def _names(rec: Recording) -> str | None:
    """The meta's module and crew lists are lists of names."""
    for key in ("modules", "crew"):
        text = rec.meta.get(key, "[]")
        try:
            names = json.loads(text)
        except ValueError:
            names = None
        if not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
            return f"meta {key} is {text!r}; expected a JSON list of names"
    return None


def _texts(rec: Recording) -> str | None:
    """The stored files parse, and the meta names and lists match them."""
    try:
        habitat_doc, alarms_doc = _document(rec, "habitat"), _document(rec, "alarms")
        maintenance_doc = _document(rec, "maintenance")
        if alarms_doc is not None:
            parse_alarms(alarms_doc)
        if maintenance_doc is not None:
            maintenance_data.parse(maintenance_doc)
        habitat = parse_habitat(habitat_doc) if habitat_doc is not None else None
        scenario_doc = _document(rec, "scenario")
        scenario = parse_scenario(scenario_doc, habitat) \
            if scenario_doc is not None and habitat is not None else None
    except SpecError as exc:
        return f"{exc.file}, line {exc.line}: {exc.message}" if exc.line else str(exc)
    named = rec.meta.get("scenario", "")
    if scenario_doc is None and named:
        return f"meta scenario is {named!r}, but the recording holds no scenario text"
    if scenario is not None and scenario_doc is not None and \
            scenario_doc.data.get("name", named) != named:
        return f"meta scenario is {named!r}; the scenario text is {scenario.name!r}"
    return _habitat_matches(rec, habitat) if habitat is not None else None


def _habitat_matches(rec: Recording, habitat: Habitat) -> str | None:
    if rec.meta.get("habitat") != habitat.name:
        return f"meta habitat is {rec.meta.get('habitat')!r}; the habitat text {habitat.name!r}"
    if rec.modules != list(habitat.module_ids()) or rec.crew != [c.name for c in habitat.crew]:
        return "meta modules or crew do not match the habitat text"
    return None


def _telemetry(rec: Recording) -> str | None:
    """One sample per grid point after ``start_t_s`` up to ``end_t_s``, every value array of
    its size."""
    m, c, sample_s = len(rec.modules), len(rec.crew), rec.sample_s
    sizes = (("measured", 3 * m), ("true", 4 * m), ("o2_reserve_kg", m), ("spo2_pct", c))
    count, first, last, off_grid, bad_size = rec._query(
        "SELECT COUNT(*), MIN(t_s), MAX(t_s), "
        "TOTAL(typeof(t_s) != 'real' OR abs(t_s / ? - round(t_s / ?)) > ?), TOTAL("
        + " OR ".join(f"typeof({k}) != 'blob' OR length({k}) != {8 * n}" for k, n in sizes)
        + ") FROM telemetry", (sample_s, sample_s, GRID))[0]
    if off_grid:
        return (f"telemetry: {off_grid:.0f} sample(s) whose t_s is no time on the "
                f"{sample_s:g} s grid")
    if bad_size:
        return (f"telemetry: {bad_size:.0f} sample(s) whose values are not those of {m} "
                f"modules and {c} crew")
    expected = math.floor(rec.end_t_s / sample_s + GRID) \
        - math.floor(rec.start_t_s / sample_s + GRID)
    if count != expected or count and (first < rec.start_t_s + sample_s * (1 - GRID)
                                       or last > rec.end_t_s + END_SLACK_S):
        return (f"telemetry holds {count} samples"
                + (f" ({first:g} to {last:g} s)" if count else "")
                + f"; meta end_t_s {rec.end_t_s:g} s means {expected} "
                  f"(every {sample_s:g} s)")
    return None


def _times(table: str) -> str:
    """SQL: the rows of ``table`` whose t_s is no number, or earlier than the row before."""
    return (f"SELECT seq, t_s FROM (SELECT seq, t_s, typeof(t_s) AS kind, "
            f"LAG(t_s) OVER (ORDER BY seq) AS before FROM {table}) "
            f"WHERE kind NOT IN ('real', 'integer') OR t_s < before OR t_s < 0 OR t_s > ? "
            f"ORDER BY seq LIMIT 1")


def _events(rec: Recording) -> str | None:
    for seq, t in rec._query(_times("events"), (rec.end_t_s + END_SLACK_S,)):
        return f"events: row {seq} has t_s {t!r}; expected times in order within the run"
    for (seq,) in rec._query("SELECT seq FROM events WHERE NOT json_valid(data) OR "
                             "json_type(data) != 'object' ORDER BY seq LIMIT 1"):
        return f"events: row {seq} has data that is not a JSON object"
    return None


def _commands(rec: Recording) -> str | None:
    for seq, t in rec._query(_times("commands"), (rec.end_t_s + END_SLACK_S,)):
        return f"commands: row {seq} has t_s {t!r}; expected times in order within the run"
    for seq, who, role, name, args, outcome in rec._query(
            "SELECT seq, who, role, command, args, outcome FROM commands ORDER BY seq"):
        try:
            arguments = json.loads(args) if isinstance(args, str) else None
        except ValueError:
            arguments = None
        if not isinstance(arguments, dict):
            return f"commands: row {seq} has arguments {args!r}; expected a JSON object"
        if not isinstance(who, str) or role not in ROLES or outcome not in OUTCOMES:
            return (f"commands: row {seq} has who {who!r}, role {role!r}, outcome "
                    f"{outcome!r}; expected a name, one of {', '.join(ROLES)}, and "
                    f"{' or '.join(OUTCOMES)}")
        try:
            build(name if isinstance(name, str) else repr(name), arguments)
        except Rejected as exc:
            return f"commands: row {seq}: {exc}"
    return None


__all__ = ["validate", "columns", "DT_S", "SAMPLE_S_MAX", "SEED_MAX"]
