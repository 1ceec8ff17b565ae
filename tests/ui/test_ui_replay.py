"""Replay in the panel: marked as a replay, scrubbed with the timeline, read-only until
branched; and every live run recorded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from habitat_gui import folders
from habitat_gui.sources import replay
from habitat_gui.app import build_source, main
from habitat_gui.contract.commands import parse
from habitat_gui.core.recording import branching
from habitat_gui.core.recording.reader import Recording
from habitat_gui.core.recording.rerun import verify
from habitat_gui.sources.replay import READ_ONLY, ReplaySource
from habitat_gui.ui import timeline as timeline_ui
from test_recording import _damaged, _record
from support import OFFSCREEN_NOISE, make_window

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    return _record(tmp_path_factory.mktemp("replay") / "run.sqlite")


@pytest.fixture
def replay_window(qtbot, tmp_path, recorded):
    source = ReplaySource(Recording.open(recorded))
    window = make_window(qtbot, tmp_path, source=source)
    window.station.publish()
    yield window
    source.recording.close()


def _pressure(window, module: str) -> float:
    return window.station.latest.module(module).reading.pressure_kpa


def test_replay_is_marked_and_scrubbed_with_the_timeline(qtbot, replay_window):
    window = replay_window
    assert window.windowTitle().startswith("[REPLAY] ")
    banner = window.findChild(type(window.controls.clock), "replayBanner")
    assert banner.isVisible() and "REPLAY" in banner.text() and "NOT THE LIVE" in banner.text()
    slider = window.timeline.slider
    assert slider.maximum() == 2400 and len(slider.marks) >= 6  # alarms and 5 commands
    start_kpa = _pressure(window, "hab-4")
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_PageUp)  # a page is 10 simulated minutes
    qtbot.keyClick(slider, Qt.Key.Key_PageUp)
    assert window.station.latest.t_s == 1200.0
    times = window.trends.history.times()  # no gap: filled from the recording
    assert times[0] <= 10.0 and times[-1] == 1200.0 and np.diff(times).max() <= 10.0
    assert window.timeline.time.text() == "D+0 00:20:00 / D+0 00:40:00"
    assert window.controls.clock.text() == "sim D+0 00:20:00"
    assert _pressure(window, "hab-4") < start_kpa - 5  # the breach, as recorded
    assert any("arrived in hab-3" in m for m in window.log.messages())
    qtbot.keyClick(slider, Qt.Key.Key_PageDown)  # back: from a checkpoint, log rebuilt
    assert window.station.latest.t_s == 600.0
    times = [row[0] for row in window.log.model_.rows]
    assert times and max(times) <= "D+0 00:10:00"
    assert sum("acknowledge" in m for m in window.log.messages()) == 1  # not twice
    trends = window.trends.history  # the trends hold what was recorded up to the moment shown
    assert trends.times()[0] <= 10.0 and trends.times()[-1] == 600.0
    assert (trends.series("pressure_kpa", "hab-4")[-1]
            == pytest.approx(_pressure(window, "hab-4"), abs=1e-9))


def test_a_window_opened_on_a_recorded_plant_starts_with_its_history(qtbot, tmp_path,
                                                                       recorded):
    source = ReplaySource(Recording.open(recorded))  # as a station does with the server's
    try:
        assert source.seek(900.0)
        window = make_window(qtbot, tmp_path, source=source)
        times = window.trends.history.times()
        assert times[0] <= 10.0 and times[-1] == 900.0 and np.diff(times).max() <= 10.0
    finally:
        source.recording.close()


def test_views_starting_over_after_a_jump_see_the_moment_jumped_to(qtbot, replay_window):
    station = replay_window.station
    seen: list[float] = []
    station.sigRewound.connect(lambda: seen.append(station.latest.t_s))
    replay_window.timeline.slider.setValue(900)
    replay_window.timeline.slider.setValue(300)
    assert seen == [900.0, 300.0]


def test_replay_refuses_commands_until_branched(qtbot, replay_window):
    window = replay_window
    window.timeline.slider.setValue(1200)
    window.station.select_interconnect("hab-2/hab-3")
    seal = window.command_actions["seal"]
    seal.trigger()
    assert window.station.latest.interconnect("hab-2/hab-3").state == "open"
    assert READ_ONLY in window.statusBar().currentMessage()
    window.offer_commands()
    assert not seal.isEnabled() and READ_ONLY in seal.toolTip()
    window._listen_to_shortcuts()
    qtbot.mouseClick(window.timeline.branch_button, Qt.MouseButton.LeftButton)
    source = window.station.source
    assert not source.replaying and source.branched_at_s == 1200.0
    assert window.windowTitle().startswith("[BRANCH] ")
    assert "BRANCH of run.sqlite at D+0 00:20:00" in window.timeline.banner.text()
    assert window.timeline.status.text().strip().startswith("BRANCH  REC branch-")
    assert seal.isEnabled()
    seal.trigger()
    assert window.station.latest.interconnect("hab-2/hab-3").state == "sealed"
    path = source.recorder.path
    source.close()
    with Recording.open(path) as branch:
        assert branch.branch_t_s == 1200.0 and branch.meta["parent"].endswith("run.sqlite")
        assert [c.command for c in branch.commands()][-1] == "seal"
        assert verify(branch) == []


def _warnings(monkeypatch) -> list[tuple[str, str]]:
    """The QMessageBox.warning dialogs shown (title, text), none of them blocking."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda parent, title, text, *a: shown.append((title, text))))
    return shown


def test_a_branch_that_cannot_be_recorded_warns_and_the_replay_goes_on(qtbot, replay_window,
                                                                      tmp_path, monkeypatch):
    window = replay_window
    shown = _warnings(monkeypatch)
    window.timeline.slider.setValue(600)
    home = tmp_path / "home"
    home.mkdir()
    (home / "data").write_text("a file where the data folder should be\n")
    monkeypatch.setenv(folders.HOME_ENV, str(home))
    qtbot.mouseClick(window.timeline.branch_button, Qt.MouseButton.LeftButton)
    nowhere = tmp_path / "no-such-folder" / "branch.sqlite"
    monkeypatch.setattr(folders, "new_recording_path", lambda kind: nowhere)
    qtbot.mouseClick(window.timeline.branch_button, Qt.MouseButton.LeftButton)
    assert [title for title, _ in shown] == ["Branch here"] * 2
    assert shown[0][1].startswith(f"Cannot write {home / 'data' / 'recordings'}:\n")
    assert shown[1][1] == (f"Cannot write {nowhere}:\ncannot record to {nowhere}: unable to "
                           f"open database file")
    source = window.station.source
    assert source.replaying and window.timeline.branch_button.isEnabled()
    assert window.station.latest.t_s == 600.0


def test_every_live_run_is_recorded(tmp_path):
    source = build_source(None, "seal-breach", None, 0.0)
    assert Path(source.recorder.path).parent == folders.recordings_dir()
    source.run_until(400.0)
    source.close()
    with Recording.open(source.recorder.path) as rec:
        assert rec.closed and rec.end_t_s == 400.0 and rec.meta["scenario"]
        assert verify(rec) == []


def test_panel_replays_a_file_and_refuses_a_foreign_one(qtbot, tmp_path, recorded, capsys):
    shot = tmp_path / "replay.png"
    assert main(["--replay", str(recorded), "--screenshot", str(shot),
                 "--quit-after", "900"]) == 0
    assert shot.exists()
    bad = tmp_path / "notes.txt"
    bad.write_text("not a recording\n")
    assert main(["--replay", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"habitat-panel: {bad}: not a recording (file is not a database)"
    damaged = _damaged(recorded, tmp_path, "VIEW alarms")
    assert main(["--replay", str(damaged)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"habitat-panel: {damaged}: damaged recording (no such table: alarms)"


def test_replay_scores_the_moment_shown_after_scrubbing_and_branching(recorded, tmp_path):
    source = ReplaySource(Recording.open(recorded))
    source.seek(1300.0)
    forward = source.debrief().as_dict()
    source.seek(2400.0)
    source.seek(1300.0)  # back through a checkpoint
    assert source.training().t_s == 1300.0
    assert source.debrief().as_dict() == forward
    source.branch(tmp_path / "branch.sqlite")
    assert source.submit(parse("seal interconnect=hab-3/hab-4")).outcome == "accepted"
    source.run_until(2400.0)
    status = {o.id: (o.status, o.reason) for o in source.training().objectives}
    assert status["evacuate"][0] == "met"  # replayed before the branch
    # Hab-3 fell below 96.5 kPa at 00:16:06, seen while replaying: the branch's seal is late
    assert status["seal"] == ("missed", "pressure in hab-3 < 96.5 kPa at D+0 00:16:06; "
                                        "done late at D+0 00:21:40")
    source.close()  # closes the branch's recording and the replayed one's connection
    with pytest.raises(sqlite3.ProgrammingError, match="closed database"):
        source.recording.connection.execute("SELECT 1")
    with Recording.open(tmp_path / "branch.sqlite") as branch:
        assert branch.closed


def test_a_long_recording_keeps_few_checkpoints_and_a_seek_can_be_cancelled(recorded,
                                                                             monkeypatch):
    monkeypatch.setattr(replay, "MAX_CHECKPOINTS", 2)  # as a recording 144 x longer would
    source = ReplaySource(Recording.open(recorded))
    assert source.checkpoint_s == 1200.0
    told: list[float] = []
    assert not source.seek(2400.0, lambda t: told.append(t) or False)
    assert told == [1200.0] and source.simulation.t_s == 1200.0  # stopped where cancelled
    assert source.seek(2400.0)
    assert [t for t, *_ in source._checkpoints] == [0.0, 1200.0, 2400.0]
    source.seek(100.0)
    shown, at_100 = source.snapshot(), source.simulation
    source.seek(1300.0)  # forward from the 1200 s checkpoint, not by re-running from 100 s
    assert source.simulation.t_s == 1300.0 and source.simulation is not at_100
    source.seek(100.0)
    assert source.snapshot() == shown
    source.recording.close()


def _watched_dialogs(monkeypatch, cancel: bool) -> list[tuple[str, bool]]:
    """Each progress dialog's label and whether it was visible, as it is told progress."""
    seen: list[tuple[str, bool]] = []

    class Dialog(QProgressDialog):
        def setValue(self, value: int) -> None:
            super().setValue(value)
            seen.append((self.labelText(), self.isVisible()))

        def wasCanceled(self) -> bool:
            return cancel

    monkeypatch.setattr(timeline_ui, "QProgressDialog", Dialog)
    return seen


@pytest.mark.parametrize("cancel", [False, True])
def test_a_long_re_run_shows_its_progress_and_can_be_cancelled(qtbot, replay_window,
                                                               monkeypatch, cancel):
    window, source = replay_window, replay_window.station.source
    monkeypatch.setattr(timeline_ui, "PROGRESS_AFTER_MS", 0)
    seen = _watched_dialogs(monkeypatch, cancel)
    window.station.start()
    window.timeline.slider.setValue(2400)  # three checkpoints on the way
    assert source.simulation.t_s == (600.0 if cancel else 2400.0)
    assert seen[0] == ("Replaying to the moment chosen\nD+0 00:10:00 of D+0 00:40:00", True)
    assert len(seen) == (1 if cancel else 3)
    assert window.station.running and not window.timeline._busy  # the clock goes on
    assert ("cancelled" in window.statusBar().currentMessage()) == cancel
    seen.clear()
    files = set(folders.recordings_dir().glob("*"))  # the folder may not exist yet
    monkeypatch.setattr(branching, "PROGRESS_CHUNK_S", 300.0)
    qtbot.mouseClick(window.timeline.branch_button, Qt.MouseButton.LeftButton)
    assert seen[0][0].startswith("Re-running the recording into the branch\nD+0 00:05:00")
    assert source.replaying == cancel and window.station.running
    assert window.windowTitle().startswith("[REPLAY] " if cancel else "[BRANCH] ")
    if cancel:
        assert window.statusBar().currentMessage() == "Branch cancelled"
        assert set(folders.recordings_dir().glob("*")) == files  # nothing left behind
    else:
        source.close()
