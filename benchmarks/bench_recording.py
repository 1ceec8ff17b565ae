"""What recording costs: 24 h of the built-in colony (ares) at 1 s steps, with and without
a recorder, sliced as the panel slices a run at maximum speed (600 s at a time), and the
time to verify the recording by re-running it. Run: python benchmarks/bench_recording.py
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from habitat_gui.core import resources
from habitat_gui.core.plant.habitat import load_habitat
from habitat_gui.core.recording.reader import Recording
from habitat_gui.core.recording.recorder import Recorder
from habitat_gui.core.recording.rerun import verify
from habitat_gui.core.simulation import Simulation

SLICE_S = 600.0


def run(seconds: float, path: Path | None) -> float:
    sim = Simulation(load_habitat(resources.builtin("habitats")["ares"]), seed=1)
    start = time.perf_counter()
    recorder = Recorder(sim, path) if path else None
    while sim.t_s < seconds:
        sim.run_until(min(sim.t_s + SLICE_S, seconds))
    if recorder is not None:
        recorder.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hours", type=float, default=24.0)
    seconds = parser.parse_args().hours * 3600
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        bare, recorded = [], []
        for k in range(3):  # interleaved, best of three: the machine may be busy
            bare.append(run(seconds, None))
            recorded.append(run(seconds, path if k == 0 else Path(folder) / f"{k}.sqlite"))
        bare, recorded = min(bare), min(recorded)
        size_mb = path.stat().st_size / 1e6
        with Recording.open(path) as rec:
            start = time.perf_counter()
            equal = not verify(rec)
            verify_s = time.perf_counter() - start
    print(f"ares, {seconds / 3600:g} h at 1 s steps, {SLICE_S:g} s slices:")
    print(f"  without recorder {bare:6.2f} s")
    print(f"  with recorder    {recorded:6.2f} s  (x{recorded / bare:.2f}; file {size_mb:.1f} MB)")
    print(f"  verify (re-run and compare) {verify_s:.2f} s: {'equal' if equal else 'DIFFERENT'}")


if __name__ == "__main__":
    main()
