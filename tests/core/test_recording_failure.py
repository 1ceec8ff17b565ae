"""A recording whose disk fills up or whose target cannot be written: one line, exit 2 for
``habitat-sim run --record``, the run going on unrecorded in the panel, and the file readable
up to its last commit. The full disk is SQLite's own ``database or disk is full``, from a
connection allowed only a few more pages (``PRAGMA max_page_count``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from habitat_gui import cli
from habitat_gui.core.operations.command_bus import parse
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.recording import reader, rerun
from habitat_gui.core.recording.recorder import Recorder, RecordingFailed
from habitat_gui.core.simulation import Simulation

SPARE_PAGES = 12  # what the disk has left once the recording started


def filling(simulation: Simulation, path: Path, **options) -> Recorder:
    """A recorder committing at every advance onto a disk that fills up soon."""
    recorder = Recorder(simulation, path, commit_every_s=0.0, **options)
    pages = recorder.connection.execute("PRAGMA page_count").fetchone()[0]
    recorder.connection.execute(f"PRAGMA max_page_count = {pages + SPARE_PAGES}")
    return recorder


def _run_in_slices(sim: Simulation, until_s: float) -> None:
    while sim.t_s < until_s:
        sim.run_until(sim.t_s + 60.0)


def _readable_to_its_last_commit(path: Path) -> float:
    """The end of the recording at ``path``, checked sample by sample and by a re-run."""
    with reader.Recording.open(path) as rec:
        assert not rec.closed and rec.end_t_s > 0
        samples = rec.telemetry()
        assert len(samples.t_s) == rec.end_t_s // rec.sample_s
        assert rerun.verify(rec) == []
        return rec.end_t_s


def test_a_full_disk_stops_the_recording_which_reads_up_to_its_last_commit(tmp_path):
    path = tmp_path / "full.sqlite"
    sim = Simulation.from_scenario(resolve("seal-breach"))
    recorder = filling(sim, path)
    sim.run_until(120.0)
    sim.submit(parse("evacuate module=hab-4 to=hab-3"))
    with pytest.raises(RecordingFailed) as caught:
        _run_in_slices(sim, 7200.0)
    end_s = _readable_to_its_last_commit(path)
    assert str(caught.value).startswith(f"cannot record to {path}: database or disk is full "
                                        f"(the file keeps the run to ")
    assert end_s < sim.t_s and str(caught.value).endswith(recorder.failure or "?")
    recorder.close()  # nothing more to do, and no error


def test_in_the_panel_the_run_goes_on_unrecorded(tmp_path):
    path = tmp_path / "full.sqlite"
    sim = Simulation.from_scenario(resolve("seal-breach"))
    recorder = filling(sim, path, keep_running=True)
    _run_in_slices(sim, 7200.0)
    sim.submit(parse("evacuate module=hab-4 to=hab-3"))  # not recorded, and no error
    recorder.close()
    assert sim.t_s == 7200.0 and "database or disk is full" in (recorder.failure or "")
    assert _readable_to_its_last_commit(path) < 7200.0


def test_run_record_onto_a_full_disk_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    path = tmp_path / "full.sqlite"
    monkeypatch.setattr(cli, "Recorder", filling)
    assert cli.main(["run", "seal-breach", "--record", str(path)]) == cli.EXIT_BAD_INPUT
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"habitat-sim: cannot record to {path}: database or disk is full "
                          f"(the file keeps the run to ") and "\n" not in err
    _readable_to_its_last_commit(path)


def test_run_record_to_a_target_that_cannot_be_written_is_one_line(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder\n")
    target = blocker / "sub" / "run.sqlite"  # fails for everyone, root included
    assert cli.main(["run", "seal-breach", "--until", "60", "--record", str(target)]) == \
        cli.EXIT_BAD_INPUT
    captured = capsys.readouterr()
    assert captured.err.strip() == (f"habitat-sim: cannot record to {target}: unable to open "
                                    f"database file")
    assert captured.out == ""
