"""Recording to SQLite: crash safety, exact re-run, branching and the replay CLI."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from habitat_gui import cli
from habitat_gui.core.maintenance import data as maintenance_data
from habitat_gui.core.recording import branching, reader, rerun, store
from habitat_gui.core.recording.recorder import Recorder
from habitat_gui.core.operations.command_bus import parse
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.simulation import Simulation
from habitat_gui.core.specfile import TomlDocument

ROOT = Path(__file__).resolve().parents[2]

# A run as the panel makes it: ragged slices (fractional times), operator commands between
# advances, alarms acknowledged, a rejected command.
SESSION = ((333.5, "evacuate module=hab-4 to=hab-3"), (402.25, "acknowledge alarm=hab-4.breach"),
           (700.0, "open interconnect=hab-3/hab-4"),  # rejected: it is open already
           (1500.3, "seal interconnect=hab-3/hab-4"), (1800.7, "acknowledge alarm=hab-3.pressure"))


def _record(path: Path, until_s: float = 2400.0) -> Path:
    sim = Simulation.from_scenario(resolve("seal-breach"))
    with Recorder(sim, path):
        for t, text in SESSION:
            while sim.t_s < t:
                sim.run_until(min(sim.t_s + 37.3, t))
            sim.submit(parse(text))
        sim.run_until(until_s)
    return path


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> Path:
    return _record(tmp_path_factory.mktemp("rec") / "run.sqlite")


def test_recording_holds_telemetry_events_alarms_and_commands(recorded):
    with reader.Recording.open(recorded) as rec:
        assert rec.closed and rec.end_t_s == 2400.0 and rec.seed == 4
        assert rec.meta["scenario"] and "[[modules]]" in rec.meta["habitat_text"]
        assert [(c.command, c.outcome) for c in rec.commands()] == [
            ("evacuate", "accepted"), ("acknowledge", "accepted"), ("open", "rejected"),
            ("seal", "accepted"), ("acknowledge", "accepted")]
        assert rec.commands()[0].t_s == 334.0  # applied at the step after 333.5
        counts = rec.counts()
        assert counts["samples"] == 240  # every 10 s of 2400 s
        samples = rec.telemetry()
        assert list(samples.t_s[:3]) == [10.0, 20.0, 30.0]
        hab4 = rec.modules.index("hab-4")
        true_kpa, measured_kpa = samples.true[:, hab4, 0], samples.measured[:, hab4, 0]
        assert true_kpa[-1] < true_kpa[0] - 20  # the breach
        assert 0 < abs(measured_kpa[-1] - true_kpa[-1]) < 1  # sensor noise, not the truth
        assert samples.spo2_pct.shape == (240, len(rec.crew))
        timeline = rec.alarm_timeline()
        assert ("hab-4.breach", "raised") in [(a, c) for _, a, c, _, _ in timeline]
        assert ("hab-4.breach", "acknowledge") in [(a, c) for _, a, c, _, _ in timeline]
        assert rec.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_rerun_equals_the_recording_bit_for_bit(recorded):
    with reader.Recording.open(recorded) as rec:
        assert rerun.verify(rec) == []
        again = rerun.rerun(rec, 1501.0)  # the seal asked at 1500.3 ran at 1501
        assert [r.command for r in again.history] == ["evacuate", "acknowledge", "open", "seal"]


def test_a_changed_recording_is_found_different(recorded, tmp_path):
    changed = tmp_path / "changed.sqlite"
    shutil.copy(recorded, changed)
    with sqlite3.connect(changed) as db:
        true = np.frombuffer(db.execute("SELECT true FROM telemetry WHERE t_s = 1200")
                             .fetchone()[0]).copy()
        true[5] = np.nextafter(true[5], 100.0)  # one value of one module, one ulp
        db.execute("UPDATE telemetry SET true = ? WHERE t_s = 1200", (true.tobytes(),))
    with reader.Recording.open(changed) as rec:
        differences = rerun.verify(rec)
    assert len(differences) == 1 and differences[0].startswith("telemetry:")
    assert "D+0 00:20:00" in differences[0]


def test_branch_inherits_the_past_and_re_runs_exactly(recorded, tmp_path, monkeypatch):
    path = tmp_path / "branch.sqlite"
    monkeypatch.setattr(branching, "PROGRESS_CHUNK_S", 300.0)  # re-run in slices, told the progress
    told: list[float] = []
    with reader.Recording.open(recorded) as parent:
        sim, recorder = branching.branch(parent, 1000.0, path,
                                         progress=lambda t: told.append(t) or 1)
        assert sim.t_s == 1000.0 and told == [300.0, 600.0, 900.0]
        sim.submit(parse("close interconnect=hab-3/hab-4"), who="trainer")
        sim.run_until(1600.0)
        recorder.close()
        parent_rows = parent.rows("telemetry")
    with reader.Recording.open(path) as rec:
        assert rec.meta["parent"] == str(recorded) and rec.branch_t_s == 1000.0
        assert [(c.who, c.command) for c in rec.commands()] == [
            ("operator", "evacuate"), ("operator", "acknowledge"), ("operator", "open"),
            ("trainer", "close")]
        rows = rec.rows("telemetry")
        before = [r for r in rows if r[0] <= 1000.0]
        assert before == [r for r in parent_rows if r[0] <= 1000.0]
        assert rows[len(before):] != parent_rows[len(before):len(rows)]
        assert rerun.verify(rec) == []


def test_a_cancelled_branch_leaves_no_file(recorded, tmp_path, monkeypatch):
    path = tmp_path / "branch.sqlite"
    monkeypatch.setattr(branching, "PROGRESS_CHUNK_S", 300.0)
    with reader.Recording.open(recorded) as parent, \
            pytest.raises(branching.Cancelled, match=r"branch at D\+0 00:20:00 cancelled"):
        branching.branch(parent, 1200.0, path, progress=lambda t: t < 600.0)
    assert list(tmp_path.iterdir()) == []


KILLED = """
import sys
from habitat_gui.core.recording.recorder import Recorder
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.simulation import Simulation
from habitat_gui.core.specfile import TomlDocument
from habitat_gui.core.operations.command_bus import parse
sim = Simulation.from_scenario(resolve("seal-breach"))
Recorder(sim, sys.argv[1], commit_every_s=0.0)  # each advance on disk before it is printed
while True:
    sim.advance(5.0)
    if sim.t_s == 100.0:
        sim.submit(parse("evacuate module=hab-4 to=hab-3"))
    print(sim.t_s, flush=True)
"""


def test_recording_survives_a_killed_process(tmp_path):
    """Killed at no chosen moment (while it writes, as likely as not), the recording holds
    what the process had said it reached, and re-runs exactly."""
    path = tmp_path / "killed.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen([sys.executable, "-c", KILLED, str(path)], stdout=subprocess.PIPE,
                          text=True, env=env) as proc:
        try:
            for line in proc.stdout:
                reached = float(line)
                if reached >= 400.0:
                    break
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with reader.Recording.open(path) as rec:
        assert not rec.closed
        assert rec.end_t_s >= reached > 100.0
        assert [c.command for c in rec.commands()] == ["evacuate"]
        assert rec.telemetry().t_s[-1] >= reached - rec.sample_s
        assert rerun.verify(rec) == []  # what was kept re-runs exactly


def test_rows_are_committed_once_a_second_of_wall_time_has_passed(tmp_path):
    now = [50.0]
    path = tmp_path / "paced.sqlite"
    sim = Simulation.from_scenario(resolve("seal-breach"))

    def on_disk() -> float:  # another connection sees only what is committed
        other = sqlite3.connect(path)
        try:
            return float(dict(other.execute("SELECT key, value FROM meta"))["end_t_s"])
        finally:
            other.close()

    with Recorder(sim, path, clock=lambda: now[0]):
        sim.run_until(300.0)
        now[0] = 50.5
        sim.run_until(600.0)
        assert on_disk() == 0.0  # half a second: nothing committed since the start
        now[0] = 51.0
        sim.run_until(900.0)
        assert on_disk() == 900.0
        now[0] = 51.5
        sim.run_until(1200.0)
        assert on_disk() == 900.0


def test_replay_cli_shows_verifies_and_branches(recorded, tmp_path, capsys):
    out_json = tmp_path / "r.json"
    assert cli.main(["replay", str(recorded), "--verify", "--json", str(out_json)]) == 0
    out = capsys.readouterr().out
    assert "seed 4" in out and "evacuate module=hab-4 to=hab-3: accepted" in out
    assert "alarm timeline:" in out and "re-run: equal, bit for bit" in out
    data = json.loads(out_json.read_text())
    assert data["verify"]["equal"] and data["counts"]["commands"] == 5
    branch = tmp_path / "b.sqlite"
    assert cli.main(["replay", str(recorded), "--branch-at", "300", "--command",
                     "+40 evacuate module=hab-4 to=hab-2", "--until", "900", "--record",
                     str(branch)]) == 0
    assert "evacuate module=hab-4 to=hab-2: accepted" in capsys.readouterr().out
    with reader.Recording.open(branch) as rec:
        assert [(c.t_s, c.who) for c in rec.commands()] == [(340.0, "trainer")]


@pytest.mark.parametrize("content", [b"hello\n", b"", b"[[modules]]\nid = 'x'\n"])
def test_replay_of_a_file_that_is_no_recording_is_one_line(tmp_path, capsys, content):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(content)
    assert cli.main(["replay", str(bad)]) == cli.EXIT_BAD_INPUT
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{bad}: not a recording") and "\n" not in err


def test_replay_of_a_foreign_sqlite_file_is_one_line(tmp_path, capsys):
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE meta (key TEXT, value TEXT)")
        db.execute("INSERT INTO meta VALUES ('format', 'something-else')")
    db.close()
    assert cli.main(["replay", str(foreign), "--verify"]) == cli.EXIT_BAD_INPUT
    err = capsys.readouterr().err.strip()
    assert err == f"{foreign}: not a recording; expected a habitat-recording file"


def test_a_recording_re_runs_with_the_maintenance_data_it_was_recorded_with(tmp_path,
                                                                           monkeypatch):
    builtin = maintenance_data.builtin()
    changed = builtin.text.replace('"hull seal kit" = 40', '"hull seal kit" = 7')
    assert changed != builtin.text
    monkeypatch.setattr(maintenance_data, "_BUILTIN",
                        maintenance_data.parse(TomlDocument(changed, "changed.toml")))
    path = tmp_path / "changed.sqlite"
    sim = Simulation.from_scenario(resolve("seal-breach"))
    with Recorder(sim, path):
        sim.run_until(60.0)
    assert sim.maintenance().inventory["hull seal kit"] == 7
    monkeypatch.setattr(maintenance_data, "_BUILTIN", builtin)  # the file is back as it was
    with reader.Recording.open(path) as rec:
        assert rec.meta["maintenance_text"] == changed and rec.notes == []
        again = rec.simulation()
        assert again.maintenance().inventory["hull seal kit"] == 7
        assert maintenance_data.builtin().text == changed
        assert rerun.verify(rec) == []


def test_an_older_recording_without_maintenance_data_re_runs_with_a_note(recorded, tmp_path,
                                                                         capsys):
    old = tmp_path / "old.sqlite"
    shutil.copy(recorded, old)
    with sqlite3.connect(old) as db:
        db.execute("DELETE FROM meta WHERE key = 'maintenance_text'")
    db.close()
    with reader.Recording.open(recorded) as rec:
        assert rec.meta["maintenance_text"] == maintenance_data.builtin().text
    assert cli.main(["replay", str(old), "--verify"]) == 0
    out = capsys.readouterr().out
    assert ("  note: holds no maintenance data (an older recording): re-runs use the "
            "maintenance data in use, which may differ from the recorded run's") in out
    assert "re-run: equal, bit for bit" in out


def _damaged(recorded: Path, folder: Path, damage: str) -> Path:
    """A copy of ``recorded`` with a view or table dropped, or its middle third zeroed."""
    path = folder / f"{damage.replace(' ', '-')}.sqlite"
    shutil.copy(recorded, path)
    if damage == "zeroed":
        data = bytearray(path.read_bytes())
        third = len(data) // 3
        data[third:2 * third] = bytes(third)
        path.write_bytes(bytes(data))
    else:
        with sqlite3.connect(path) as db:
            db.execute(f"DROP {damage}")
        db.close()
    return path


@pytest.mark.parametrize("damage, reason", [
    ("VIEW alarms", "no such table: alarms"), ("TABLE telemetry", "no such table: telemetry"),
    ("TABLE commands", "no such table: commands"), ("zeroed", "*** in database main *** Page")])
def test_replay_of_a_damaged_recording_is_one_line(recorded, tmp_path, capsys, damage, reason):
    path = _damaged(recorded, tmp_path, damage)
    for extra in ([], ["--verify"], ["--debrief"]):
        assert cli.main(["replay", str(path), *extra]) == cli.EXIT_BAD_INPUT
        captured = capsys.readouterr()
        err = captured.err.strip()
        assert err.startswith(f"{path}: damaged recording ({reason}") and "\n" not in err
        assert captured.out == ""


def test_a_recording_damaged_after_opening_is_a_recording_error(recorded, tmp_path):
    path = tmp_path / "run.sqlite"
    shutil.copy(recorded, path)
    with reader.Recording.open(path) as rec:
        with sqlite3.connect(path) as db:
            db.execute("DROP TABLE events")
        db.close()
        with pytest.raises(store.RecordingError, match=r"run.sqlite: damaged recording \(no such "
                                                   r"table: main.events\)"):
            rec.alarm_timeline()


def test_damaged_contents_are_a_recording_error(recorded, tmp_path):
    path = tmp_path / "run.sqlite"
    shutil.copy(recorded, path)
    with reader.Recording.open(path) as rec:  # changed after opening (test_recording_damage:
        with sqlite3.connect(path) as db:     # when opened, it is refused)
            db.execute("UPDATE telemetry SET measured = x'0102' WHERE t_s = 600")
            db.execute("UPDATE events SET data = '{not json' WHERE seq = 1")
        db.close()
        with pytest.raises(store.RecordingError, match=r"run.sqlite: damaged recording \("
                                                   r"telemetry: .*multiple of element size"):
            rec.telemetry(0, 3600)
        with pytest.raises(store.RecordingError, match=r"damaged recording \(events: Expecting"):
            rec.events()


def test_a_branch_command_at_the_very_end_in_decimal_seconds_is_sent(recorded, capsys):
    assert cli.main(["replay", str(recorded), "--branch-at", "100.1", "--until", "700.3",
                     "--command", "+600.2 seal interconnect=hab-3/hab-4"]) == 0
    assert "seal interconnect=hab-3/hab-4: accepted" in capsys.readouterr().out


def test_run_records_and_never_overwrites(tmp_path, capsys):
    path = tmp_path / "run.sqlite"
    assert cli.main(["run", "nominal-day", "--until", "600", "--record", str(path)]) == 0
    with reader.Recording.open(path) as rec:
        assert rec.closed and rec.end_t_s == 600.0 and rec.meta["scenario"]
    assert cli.main(["run", "nominal-day", "--until", "600", "--record", str(path)]) == 2
    assert "never overwritten" in capsys.readouterr().err
    nowhere = tmp_path / "no-such-folder" / "run.sqlite"
    assert cli.main(["run", "nominal-day", "--until", "60", "--record", str(nowhere)]) == 2
    assert capsys.readouterr().err.strip() == (f"habitat-sim: cannot record to {nowhere}: "
                                               "unable to open database file")


def test_replay_debrief_and_verify_re_run_the_recording_once(recorded, tmp_path, capsys,
                                                             monkeypatch):
    runs: list[float] = []
    real_play = rerun.play
    monkeypatch.setattr(rerun, "play", lambda sim, commands, until_s, start=0: runs.append(
        until_s) or real_play(sim, commands, until_s, start))
    out = tmp_path / "both.json"
    assert cli.main(["replay", str(recorded), "--debrief", "--verify", "--json", str(out)]) == 0
    assert runs == [2400.0]
    printed = capsys.readouterr().out
    assert "score:" in printed and "re-run: equal, bit for bit" in printed
    data = json.loads(out.read_text())
    assert data["verify"]["equal"]
    assert {o["id"]: o["status"] for o in data["debrief"]["progress"]["objectives"]}[
        "evacuate"] == "met"


def test_replay_debriefs_the_recorded_run_and_a_branch(recorded, tmp_path, capsys):
    whole = tmp_path / "whole.json"
    assert cli.main(["replay", str(recorded), "--debrief", "--json", str(whole)]) == 0
    status = {o["id"]: (o["status"], o["t_s"])
              for o in json.loads(whole.read_text())["debrief"]["progress"]["objectives"]}
    assert status["evacuate"] == ("met", 334.0)  # the recorded session, as it was scored
    assert status["seal"][0] == "missed"  # sealed at 1500 s: Hab-3 was below 96.5 kPa at 973 s
    branch = tmp_path / "branch.json"
    assert cli.main(["replay", str(recorded), "--branch-at", "600", "--command",
                     "+60 seal interconnect=hab-3/hab-4", "--debrief", "--json",
                     str(branch)]) == 0
    debrief = json.loads(branch.read_text())["debrief"]
    status = {o["id"]: (o["status"], o["t_s"]) for o in debrief["progress"]["objectives"]}
    assert status["evacuate"] == ("met", 334.0)  # inherited from before the branch
    assert status["seal"] == ("met", 660.0)  # the trainer's other choice
    assert debrief["total"] > 90
    assert "score:" in capsys.readouterr().out
