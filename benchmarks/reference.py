"""A fixed plain-NumPy workload timed beside each benchmark, so that its figures can be read
as ratios that hold on a busy machine (the shared machine's load changes from run to run).

The workload is 20,000 steps of a 50-module affine map n <- T (keep * n + add) over five
gases, the stepping's innermost operation; ``timed`` gives CPU and wall seconds of a call.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """CPU seconds (this process, all threads) and wall seconds of ``run()``."""
    cpu, wall = time.process_time(), time.perf_counter()
    run()
    return time.process_time() - cpu, time.perf_counter() - wall


def _workload() -> None:
    rng = np.random.default_rng(0)
    transport = np.eye(50) + rng.random((50, 50)) * 1e-4
    keep, add = 1.0 - rng.random((50, 5)) * 1e-4, rng.random((50, 5))
    n = rng.random((50, 5))
    for _ in range(20_000):
        n = transport @ (keep * n + add)


def reference_cpu_s() -> float:
    """CPU seconds of the reference workload (best of three)."""
    return min(timed(_workload)[0] for _ in range(3))


def line(label: str, cpu_s: float, wall_s: float, reference_s: float) -> str:
    """One figure: CPU and wall seconds, and the CPU time in units of the reference."""
    return (f"{label}: {cpu_s:.2f} s CPU ({cpu_s / reference_s:.1f} x reference), "
            f"{wall_s:.2f} s wall")
