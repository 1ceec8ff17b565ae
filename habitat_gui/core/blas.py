"""One BLAS thread for the whole process: the simulation's matrices (at most a few hundred
modules square) are too small to gain from more, and NumPy's OpenBLAS threads spin on a
busy machine, burning several times the CPU time (6.5 times in `benchmarks/bench_sim.py`
at load 2.8) for no gain in wall time.

Pinned through threadpoolctl at run time, whatever imported NumPy first and however the
program was started (either entry point, the tests, the benchmarks, a frozen bundle). It is
pinned once and never restored: the panel's forecasts step on a worker thread while the
simulation steps on the UI thread, and OpenBLAS's thread count is one for the process, so a
limit scoped to one of them would be undone under the other's feet on its exit.
"""

from __future__ import annotations

from functools import cache

from threadpoolctl import threadpool_limits


@cache
def one_thread() -> None:
    """Limit every loaded BLAS to one thread, from now on (once; later calls do nothing)."""
    threadpool_limits(1, user_api="blas")
