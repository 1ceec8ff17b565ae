"""The recordings folder's retention: old and excess recordings removed, never one in use."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest

from habitat_gui import cli, folders, retention
from habitat_gui.app import build_source
from habitat_gui.core.recording.reader import Recording
from habitat_gui.core.recording.recorder import Recorder
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.simulation import Simulation

DAY_S = 86400.0
NOW = time.time()


def stand_in(folder: Path, name: str, size: int, age_days: float, wal_age_s: float | None = None
              ) -> Path:
    """A stand-in recording of ``size`` bytes last written ``age_days`` ago, with a ``-wal``
    written ``wal_age_s`` ago if given."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"x" * size)
    os.utime(path, (NOW - age_days * DAY_S,) * 2)
    if wal_age_s is not None:
        wal = Path(f"{path}-wal")
        wal.write_bytes(b"w" * 10)
        os.utime(wal, (NOW - wal_age_s,) * 2)
    return path


def test_prune_removes_old_then_oldest_over_the_cap_but_never_one_in_use(tmp_path, caplog):
    old = stand_in(tmp_path, "run-20260101-000000.sqlite", 1000, 40, wal_age_s=40 * DAY_S)
    replayed = stand_in(tmp_path, "run-20260102-000000.sqlite", 1000, 39)
    live_elsewhere = stand_in(tmp_path, "run-20260103-000000.sqlite", 1000, 38, wal_age_s=60)
    first, second, third = (stand_in(tmp_path, f"branch-2026111{k}-120000.sqlite", 1000, 5 - k)
                            for k in range(3))
    foreign = stand_in(tmp_path, "notes.sqlite", 5000, 100)
    with caplog.at_level(logging.INFO, logger="habitat_gui.retention"):
        removed = retention.prune(tmp_path, retention.Policy(30, 0.0041), in_use=[replayed],
                                  now=NOW)
    # 40 days old; then 5010 bytes (the -wal files count) over 4100: the oldest recent one
    assert [e.path for e in removed] == [old, first]
    assert not old.exists() and not Path(f"{old}-wal").exists() and not first.exists()
    assert all(p.exists() for p in (replayed, live_elsewhere, second, third, foreign))
    assert f"removed recording {old} (0.0 MB" in caplog.text
    assert "older than the limit" in caplog.text
    assert "over the size limit" in caplog.text
    # oldest first by the last write, the -wal's included
    assert [e.path for e in retention.entries(tmp_path)] == [replayed, second, third,
                                                            live_elsewhere]


def test_the_policy_comes_from_options_then_environment_then_defaults(monkeypatch):
    monkeypatch.delenv(retention.DAYS_ENV, raising=False)
    monkeypatch.delenv(retention.MB_ENV, raising=False)
    assert retention.policy() == retention.Policy(retention.KEEP_DAYS, retention.KEEP_MB)
    monkeypatch.setenv(retention.DAYS_ENV, "7")
    assert retention.policy(keep_mb="50") == retention.Policy(7.0, 50.0)
    assert retention.policy("2") == retention.Policy(2.0, retention.KEEP_MB)
    monkeypatch.setenv(retention.MB_ENV, "lots")
    with pytest.raises(ValueError, match="^HABITAT_PANEL_KEEP_MB is 'lots'; expected a number"):
        retention.policy()
    with pytest.raises(ValueError, match="^--keep-days is 'nan'; expected a number above 0$"):
        retention.policy("nan", "5")


def test_cli_recordings_lists_the_folder_and_prunes(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(folders.HOME_ENV, str(tmp_path))
    folder = folders.recordings_dir()
    old = stand_in(folder, "run-20260101-000000.sqlite", 300_000, 40)
    kept = stand_in(folder, "run-20261120-000000.sqlite", 200_000, 1)
    assert cli.main(["recordings"]) == 0
    out = capsys.readouterr().out
    assert old.name in out and kept.name in out
    assert out.rstrip().endswith(f"{folder}: 2 recordings, 0.5 MB; policy: keep 30 days, at "
                                 f"most 2000 MB")
    assert cli.main(["recordings", "--prune", "--keep-days", "10"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"removed {old.name} (0.3 MB)\n") and not old.exists()
    assert "1 recordings, 0.2 MB; policy: keep 10 days" in out
    assert cli.main(["recordings", "--keep-mb", "0"]) == cli.EXIT_BAD_INPUT
    assert capsys.readouterr().err.strip() == ("habitat-sim: --keep-mb is '0'; expected a "
                                               "number above 0")


def test_the_panel_prunes_when_it_starts_a_recorded_run(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(folders.HOME_ENV, str(tmp_path))
    folder = folders.recordings_dir()
    old = stand_in(folder, "run-20260101-000000.sqlite", 1000, 3)
    monkeypatch.setenv(retention.DAYS_ENV, "none")
    first = build_source(None, None, None, 1.0)
    first.close()
    assert old.exists()  # a bad limit removes nothing
    assert capsys.readouterr().err.strip() == ("habitat-panel: recordings not pruned: "
                                               "HABITAT_PANEL_KEEP_DAYS is 'none'; expected a "
                                               "number above 0")
    monkeypatch.setenv(retention.DAYS_ENV, "2")
    monkeypatch.setenv(retention.MB_ENV, "0.000001")  # a byte: all but the new one must go
    source = build_source(None, None, None, 1.0)
    source.close()
    assert [e.path for e in retention.entries(folder)] == [Path(source.recorder.path)]


def test_reading_an_old_recording_neither_renews_it_nor_marks_it_in_use(tmp_path):
    path = tmp_path / "run-20261001-000000.sqlite"
    sim = Simulation.from_scenario(resolve("seal-breach"))
    with Recorder(sim, path):
        sim.run_until(60)
    for part in tmp_path.iterdir():
        os.utime(part, (NOW - 40 * DAY_S,) * 2)
    with Recording.open(path) as rec:  # as a replay does
        assert rec.counts()["samples"] > 0
    assert Path(f"{path}-wal").exists()  # the reader leaves an empty one behind
    [entry] = retention.entries(tmp_path)
    assert NOW - entry.modified > 39 * DAY_S
    assert [e.path for e in retention.prune(tmp_path, retention.Policy(30, 2000), now=NOW)] \
        == [path]
