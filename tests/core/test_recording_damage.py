"""A damaged or edited recording is one line, ``FILE: damaged recording (...)``, exit 2, in
every command that reads one: never a traceback, never a hang."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from habitat_gui import cli
from habitat_gui.core.operations.command_bus import parse
from habitat_gui.core.operations.scenario import parse_scenario, resolve
from habitat_gui.core.plant.habitat import parse_habitat
from habitat_gui.core.recording import reader, rerun, store
from habitat_gui.core.recording.recorder import Recorder
from habitat_gui.core.simulation import Simulation
from habitat_gui.core.specfile import TomlDocument

READERS = ([], ["--verify"], ["--debrief"], ["--branch-at", "100"])


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> Path:
    """Seal breach with commands, 900 s."""
    path = tmp_path_factory.mktemp("damage") / "run.sqlite"
    sim = Simulation.from_scenario(resolve("seal-breach"))
    with Recorder(sim, path):
        sim.run_until(300.0)
        sim.submit(parse("evacuate module=hab-4 to=hab-3"))
        sim.run_until(400.0)
        sim.submit(parse("seal interconnect=hab-3/hab-4"))
        sim.run_until(900.0)
    return path


def _edited(recorded: Path, folder: Path, *sql: str) -> Path:
    path = folder / "edited.sqlite"
    shutil.copy(recorded, path)
    with sqlite3.connect(path) as db:
        for statement in sql:
            db.execute(statement)
    db.close()
    return path


def _meta(key: str, value: str) -> str:
    return f"UPDATE meta SET value = '{value}' WHERE key = '{key}'"


EDITS = {
    "dt_s zero": (_meta("dt_s", "0"), "meta dt_s is '0'; expected seconds from 0.1, up to 60"),
    "dt_s tiny": (_meta("dt_s", "1e-6"), "meta dt_s is '1e-6'"),
    "dt_s nan": (_meta("dt_s", "nan"), "meta dt_s is 'nan'"),
    "sample_s off the steps": (_meta("sample_s", "2.5"), "meta sample_s 2.5 s is not a whole"),
    "end_t_s huge": (_meta("end_t_s", "1e12"), "telemetry holds 90 samples (10 to 900 s); "
                                               "meta end_t_s 1e+12 s means 100000000000"),
    "end_t_s infinite": (_meta("end_t_s", "inf"), "meta end_t_s is 'inf'; expected seconds "
                                                  "from 0, finite"),
    "end_t_s short": (_meta("end_t_s", "400.0"), "telemetry holds 90 samples"),
    "seed infinite": (_meta("seed", "inf"), "meta seed is 'inf'; expected a whole number"),
    "seed negative": (_meta("seed", "-3"), "meta seed is '-3'"),
    "seed missing": ("DELETE FROM meta WHERE key = 'seed'", "meta seed is ''"),
    "branch time outside": (_meta("branch_t_s", "5000"), "meta branch_t_s is '5000'"),
    "unknown scenario": (_meta("scenario", "no-such-drill"),
                         "meta scenario is 'no-such-drill'; the scenario text is 'Seal "
                         "breach in Hab-4'"),
    "scenario text missing": (_meta("scenario_text", ""),
                              "meta scenario is 'Seal breach in Hab-4', but the recording "
                              "holds no scenario text"),
    "garbage habitat text": (_meta("habitat_text", "[[[ not toml"),
                             "habitat text, line 1: not valid TOML"),
    "habitat text of another shape": (_meta("habitat_text", "name = 1"),
                                      "habitat text, line 1:"),
    "garbage alarm text": (_meta("alarms_text", "alarms = 3"), "alarms text"),
    "modules not a list": (_meta("modules", "{}"), "meta modules is '{}'; expected a JSON list"),
    "unknown command name": ("UPDATE commands SET command = 'frobnicate' WHERE seq = 1",
                             "commands: row 1: unknown command 'frobnicate'"),
    "arguments a list": ("UPDATE commands SET args = '[\"hab-4\"]' WHERE seq = 1",
                         "commands: row 1 has arguments '[\"hab-4\"]'; expected a JSON object"),
    "arguments not JSON": ("UPDATE commands SET args = '{oops' WHERE seq = 1",
                           "commands: row 1 has arguments '{oops'"),
    "arguments that do not fit": ("UPDATE commands SET args = '{\"module\": \"hab-4\"}' "
                                  "WHERE seq = 1", "commands: row 1: evacuate takes"),
    "command t_s NULL": ("UPDATE commands SET t_s = NULL WHERE seq = 2",
                         "commands: row 2 has t_s None; expected times in order"),
    "command t_s text": ("UPDATE commands SET t_s = 'soon' WHERE seq = 2",
                         "commands: row 2 has t_s 'soon'"),
    "commands out of order": ("UPDATE commands SET t_s = 100 WHERE seq = 2",
                              "commands: row 2 has t_s 100.0"),
    "command after the end": ("UPDATE commands SET t_s = 5000 WHERE seq = 2",
                              "commands: row 2 has t_s 5000.0"),
    "unknown role": ("UPDATE commands SET role = 'captain' WHERE seq = 1",
                     "commands: row 1 has who 'operator', role 'captain'"),
    "event t_s text": ("UPDATE events SET t_s = 'x' WHERE seq = 3", "events: row 3 has t_s 'x'"),
    "events out of order": ("UPDATE events SET t_s = 0.5 WHERE seq = (SELECT MAX(seq) "
                            "FROM events)", "events: row"),
    "event data not an object": ("UPDATE events SET data = '[1]' WHERE seq = 1",
                                 "events: row 1 has data that is not a JSON object"),
    "telemetry t_s NULL": ("UPDATE telemetry SET t_s = NULL WHERE t_s = 600",
                           "telemetry: 1 sample(s) whose t_s is no time on the 10 s grid"),
    "telemetry t_s text": ("UPDATE telemetry SET t_s = 'noon' WHERE t_s = 600",
                           "telemetry: 1 sample(s) whose t_s"),
    "telemetry off the grid": ("UPDATE telemetry SET t_s = 605 WHERE t_s = 600",
                               "telemetry: 1 sample(s) whose t_s"),
    "telemetry row missing": ("DELETE FROM telemetry WHERE t_s = 600",
                              "telemetry holds 89 samples"),
    "telemetry values short": ("UPDATE telemetry SET spo2_pct = x'00' WHERE t_s = 600",
                               "telemetry: 1 sample(s) whose values are not those of 6 modules"),
    "extra column": ("ALTER TABLE commands ADD COLUMN note TEXT",
                     "table commands has columns seq, who, role, t_s, command, args, outcome, "
                     "reason, wall_time, note; expected"),
    "missing column": ("ALTER TABLE commands DROP COLUMN wall_time",
                       "table commands has columns seq, who, role, t_s, command, args, "
                       "outcome, reason; expected"),
    "missing table": ("DROP TABLE events", "no such table: events"),
}


@pytest.mark.parametrize("edit", EDITS)
def test_an_edited_recording_is_one_line_in_every_command_that_reads_it(recorded, tmp_path,
                                                                        capsys, edit):
    sql, reason = EDITS[edit]
    path = _edited(recorded, tmp_path, sql)
    for extra in READERS:
        assert cli.main(["replay", str(path), *extra]) == cli.EXIT_BAD_INPUT, extra
        captured = capsys.readouterr()
        err = captured.err.strip()
        assert err.startswith(f"{path}: damaged recording ("), err
        assert reason in err and "\n" not in err and err.endswith(")")
        assert captured.out == ""


def test_the_untouched_recording_passes_every_check(recorded, capsys):
    for extra in READERS:
        assert cli.main(["replay", str(recorded), *extra]) == 0
    assert "re-run: equal, bit for bit" in capsys.readouterr().out


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_a_truncated_recording_is_one_line(recorded, tmp_path, capsys, cut):
    path = tmp_path / "cut.sqlite"
    data = recorded.read_bytes()
    path.write_bytes(data[:int(len(data) * cut)])
    assert cli.main(["replay", str(path), "--verify"]) == cli.EXIT_BAD_INPUT
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{path}: damaged recording (") and "\n" not in err


def test_opening_names_the_file_and_what_is_wrong(recorded, tmp_path):
    path = _edited(recorded, tmp_path, _meta("dt_s", "0"))
    with pytest.raises(store.RecordingError) as caught:
        reader.Recording.open(path)
    assert str(caught.value) == (f"{path}: damaged recording (meta dt_s is '0'; expected "
                                 f"seconds from 0.1, up to 60 s)")


def test_verify_compares_the_stored_habitat_with_the_re_runs(recorded):
    with reader.Recording.open(recorded) as rec:
        assert rerun.verify(rec) == []
        edited = rec.meta["habitat_text"].replace("[[modules]]", "# edited\n[[modules]]", 1)
        other = Simulation(parse_habitat(TomlDocument(edited, "edited")), rec.seed,
                           parse_scenario(TomlDocument(rec.meta["scenario_text"], "s"),
                                          resolve("seal-breach").habitat))
        assert rerun.verify(rec, other) == [
            "habitat: the re-run's habitat file is not the recorded one"]
