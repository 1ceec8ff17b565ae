"""``habitat-sim run --json`` written as the run goes: the same bytes as ``json.dumps``, the
samples on disk the moment they are taken, none kept in memory."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

from habitat_gui import cli
from habitat_gui.core.operations import report, report_file
from habitat_gui.core.operations.command_bus import parse
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.simulation import Simulation


def _run(samples: report.Samples | None = None) -> dict:
    sim = Simulation.from_scenario(resolve("seal-breach"))
    return report.run(sim, 1230.0, 60.0, [(400.0, parse("seal interconnect=hab-3/hab-4"))],
                      samples=samples)


def test_the_streamed_report_is_byte_for_byte_what_json_dumps_writes(tmp_path):
    kept = _run()
    expected = json.dumps(kept, indent=1) + "\n"
    samples = report_file.SampleFile(tmp_path)
    streamed = _run(samples)
    assert samples.count == len(kept["samples"]) == 22  # 0, every 60 s, and 1230
    out = tmp_path / "report.json"
    report_file.write(out, streamed)
    samples.close()
    assert out.read_text(encoding="utf-8") == expected
    assert list(tmp_path.iterdir()) == [out]  # the samples' file is gone


def test_a_report_with_no_samples_writes_an_empty_list(tmp_path):
    samples = report_file.SampleFile(tmp_path)
    out = tmp_path / "report.json"
    report_file.write(out, {"samples": samples, "events": [], "final": {"a": 1}})
    samples.close()
    assert out.read_text() == json.dumps({"samples": [], "events": [], "final": {"a": 1}},
                                         indent=1) + "\n"


def _peak_bytes(folder: Path, sample: dict, count: int) -> int:
    samples = report_file.SampleFile(folder)
    tracemalloc.start()
    for k in range(count):
        samples.append({**sample, "t_s": float(k)})
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    samples.close()
    return peak


def test_samples_are_not_kept_in_memory(tmp_path):
    one = _run()["samples"][-1]  # a real sample: 6 modules, 6 values each
    few, many = _peak_bytes(tmp_path, one, 200), _peak_bytes(tmp_path, one, 4000)
    kept = len(json.dumps(one)) * 3800  # what the 3800 more would take, at least, if kept
    assert many - few < kept / 10  # (the file object's own bookkeeping grows a little)


def test_run_json_hands_the_report_no_samples_list(tmp_path, monkeypatch, capsys):
    written: list[dict] = []
    real_write = report_file.write
    monkeypatch.setattr(report_file, "write",
                        lambda path, result: written.append(result) or real_write(path, result))
    out = tmp_path / "run.json"
    assert cli.main(["run", "seal-breach", "--until", "600", "--sample-every", "30",
                     "--json", str(out)]) == 0
    samples = written[0]["samples"]
    assert isinstance(samples, report_file.SampleFile) and samples.count == 21
    assert [s["t_s"] for s in json.loads(out.read_text())["samples"]][-2:] == [570.0, 600.0]
    capsys.readouterr()


def test_json_into_a_folder_that_cannot_be_written_fails_before_the_run(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder\n")
    target = blocker / "sub" / "run.json"  # fails for everyone, root included
    assert cli.main(["run", "seal-breach", "--json", str(target)]) == cli.EXIT_BAD_INPUT
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing ran
    err = captured.err.strip()
    assert err.startswith("habitat-sim: ") and str(blocker / "sub") in err and "\n" not in err
