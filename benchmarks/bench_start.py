"""Start to the first shown window, with the bytecode cached (as installed) and with every
module compiled from source (PYTHONDONTWRITEBYTECODE and an empty pycache prefix), beside a
baseline started the same way in the same run: an empty window after importing only the
libraries the panel cannot start without (Qt, NumPy, pyqtgraph, simpy), the floor that no
lazy import of the panel's own modules can go below.

Targets on a 2-core machine: <= 1.2 s cached, <= 2.0 s compiled from source.
Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_start.py
"""

from __future__ import annotations

import os
import resource
import statistics

from bench_gui import startup_s

CACHED_TARGET_S, COMPILED_TARGET_S = 1.2, 2.0

FLOOR = """
import time, sys
t0 = float(sys.argv[1])
import numpy, pyqtgraph, simpy
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.show()
def shown():
    print(time.time() - t0)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def started(bytecode: bool, code: str | None = None) -> tuple[float, float]:
    """Wall seconds to the first shown window, and the CPU seconds the whole process used
    (the figure that holds on a busy machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = startup_s(bytecode) if code is None else startup_s(bytecode, code)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    startup_s()  # caches the bytecode, as installing does
    startup_s(code=FLOOR)
    for label, bytecode, rounds, target in (("bytecode cached", True, 7, CACHED_TARGET_S),
                                            ("compiled from source", False, 3,
                                             COMPILED_TARGET_S)):
        panel, floor = [], []
        for _ in range(rounds):  # interleaved: both see the same load
            panel.append(started(bytecode))
            floor.append(started(bytecode, FLOOR))
        (ours, ours_cpu), (base, base_cpu) = ([statistics.median(x) for x in zip(*runs)]
                                              for runs in (panel, floor))
        print(f"start to first shown window, {label}: {ours:.2f} s (median of {rounds}; "
              f"target <= {target} s: {'met' if ours <= target else 'NOT met'}), "
              f"{ours_cpu:.2f} s CPU; baseline (the libraries alone, an empty window) "
              f"{base:.2f} s, {base_cpu:.2f} s CPU; the panel's own share {ours_cpu - base_cpu:.2f}"
              f" s CPU (x{ours_cpu / base_cpu:.2f} the baseline's CPU)")


if __name__ == "__main__":
    main()
