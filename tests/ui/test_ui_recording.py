"""The panel's recording when things go wrong: a full disk stops it visibly and the run goes
on; a folder that cannot be written is a warning, never a failed start; a damaged recording
asked for with --replay is one line, on stderr and in a dialog."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from habitat_gui import app, desktop, folders
from habitat_gui.core.operations.command_bus import parse
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.recording.reader import Recording
from habitat_gui.core.simulation import Simulation
from habitat_gui.sources.protocol import Recording as RecordingCapability
from habitat_gui.sources.replay import ReplaySource
from habitat_gui.sources.simulated import SimulatedSource
from test_recording import _record
from test_recording_failure import filling
from support import OFFSCREEN_NOISE, make_window

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def unwritable(tmp_path: Path) -> Path:
    """A folder nobody can create anything in: read-only, or, for root (whom permissions
    do not stop), a path under a regular file."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    probe = folder / "probe"
    try:
        probe.mkdir()
    except OSError:
        return folder
    probe.rmdir()
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder\n")
    return blocker / "sub"


def _status(window) -> QLabel:
    return window.findChild(QLabel, "statusRecording")


def test_a_full_disk_stops_the_recording_visibly_and_the_run_goes_on(qtbot, tmp_path):
    path = tmp_path / "run.sqlite"
    sim = Simulation.from_scenario(resolve("seal-breach"))
    source = SimulatedSource(sim, 0.0, filling(sim, path, keep_running=True))
    assert isinstance(source, RecordingCapability) and source.recording_failure() is None
    window = make_window(qtbot, tmp_path, source=source)
    assert _status(window).text() == "REC run.sqlite"
    while source.simulation.t_s < 7200.0:
        source.fast_forward(source.simulation.t_s + 60.0, budget_s=1.0)
    window.station.publish()
    text = _status(window).text().strip()
    assert text.startswith("recording stopped: database or disk is full (the file keeps "
                           "the run to ")
    assert window.statusBar().currentMessage() == text
    assert source.submit(parse("evacuate module=hab-4 to=hab-3")).seq > 0  # audited, no error
    source.fast_forward(7800.0, budget_s=1.0)
    assert source.simulation.t_s == 7800.0  # the run goes on
    source.close()
    with Recording.open(path) as rec:
        assert 0 < rec.end_t_s < 7200.0 and not rec.closed


def test_the_panels_recorder_keeps_the_run_going(tmp_path):
    source = app.build_source(None, "seal-breach", None, 1.0)
    assert source.recorder is not None and source.recorder.keep_running
    source.close()


def test_a_data_folder_that_cannot_be_written_is_a_warning(qtbot, tmp_path, monkeypatch,
                                                           capsys):
    home = unwritable(tmp_path)
    monkeypatch.setenv(folders.HOME_ENV, str(home))
    source = app.build_source(None, "seal-breach", None, 1.0)
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"habitat-panel: not recording: {home}") and "\n" not in err
    assert source.recording_path() is None
    window = make_window(qtbot, tmp_path, source=source)
    reason = source.recording_failure() or "?"
    assert _status(window).text().strip() == f"not recorded: {reason}"
    assert reason.startswith(str(home))


def test_a_log_folder_that_cannot_be_written_is_a_warning(tmp_path, capsys):
    folder = unwritable(tmp_path) / "logs"
    handlers = desktop.Desktop(folder)
    try:
        assert handlers.problem is not None and handlers.problem.startswith(str(folder))
    finally:
        handlers.close()
    err = capsys.readouterr().err.strip()
    assert err == f"habitat-panel: no log written: {handlers.problem}"


def test_the_panel_starts_with_read_only_folders(qtbot, tmp_path, monkeypatch, capsys):
    home = unwritable(tmp_path)
    monkeypatch.setenv(folders.HOME_ENV, str(home))
    shot = tmp_path / "shot.png"
    assert app.main(["--scenario", "seal-breach", "--screenshot", str(shot),
                     "--quit-after", "60"]) == 0
    assert shot.exists()
    lines = capsys.readouterr().err.strip().splitlines()
    assert [line.split(":")[1].strip() for line in lines] == ["no log written",
                                                              "not recording"]


def test_a_damaged_recording_is_one_line_on_stderr_and_in_a_dialog(qapp, tmp_path,
                                                                  monkeypatch, capsys):
    path = _record(tmp_path / "run.sqlite", 600.0)
    damaged = tmp_path / "damaged.sqlite"
    shutil.copy(path, damaged)
    with sqlite3.connect(damaged) as db:
        db.execute("UPDATE meta SET value = '1e-6' WHERE key = 'dt_s'")
    db.close()
    shown: list[str] = []
    monkeypatch.setattr(desktop, "interactive", lambda: True)
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda parent, title, text, *a: shown.append(text)))
    assert app.main(["--replay", str(damaged)]) == 2
    line = (f"{damaged}: damaged recording (meta dt_s is '1e-6'; expected seconds from 0.1, "
            f"up to 60 s)")
    assert capsys.readouterr().err.strip() == f"habitat-panel: {line}"
    assert shown == [line]
    with Recording.open(path) as rec:  # and the one left alone replays
        ReplaySource(rec).close()


def test_a_branch_whose_disk_fills_up_says_so_and_goes_on(qtbot, tmp_path, monkeypatch):
    recording = Recording.open(_record(tmp_path / "run.sqlite", 600.0))
    source = ReplaySource(recording)
    window = make_window(qtbot, tmp_path, source=source)
    window.timeline.slider.setValue(300)
    from habitat_gui.core.recording import branching

    monkeypatch.setattr(branching, "Recorder", filling)
    monkeypatch.setattr(folders, "new_recording_path", lambda kind: tmp_path / "b.sqlite")
    window.timeline.branch()
    assert not source.replaying
    while source.simulation.t_s < 7200.0:
        source.fast_forward(source.simulation.t_s + 60.0, budget_s=1.0)
    window.station.publish()
    assert _status(window).text().strip().startswith("recording stopped: database or disk "
                                                     "is full")
    source.close()
    assert os.path.exists(tmp_path / "b.sqlite")
