"""Control panel figures: time to first shown window, and the median cost of one UI update
(snapshot -> schematic + trends + tables, painted) with 24 h of trend history held, for the
built-in colony and a generated 50-module colony. Prints figures and targets; no asserts.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_gui.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STARTUP_TARGET_S = 1.5
UPDATE_TARGET_MS = 6.0

STARTUP = """
import time, sys
t0 = float(sys.argv[1])
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from habitat_gui.app import build_source
from habitat_gui.ui.main_window import MainWindow
app = QApplication([])
source = build_source(None, None, None, 1.0)
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
window = MainWindow(source, settings=settings)
window.persist = False
window.show()
def shown():
    print(time.time() - t0)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def startup_s(bytecode: bool = True, code: str = STARTUP) -> float:
    """Wall time from launching a Python process to the first event loop turn with the
    window shown (the app's own imports and construction included); with ``bytecode`` the
    modules' compiled bytecode is cached as an installed panel has it, else every module is
    compiled from source on the way (PYTHONDONTWRITEBYTECODE without a cache)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not bytecode:
        env.update(PYTHONDONTWRITEBYTECODE="1", PYTHONPYCACHEPREFIX=tempfile.mkdtemp())
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", code, repr(time.time()),
                              str(Path(tmp) / "s.ini")], capture_output=True, text=True,
                             check=True, env=env)
    return float(out.stdout.strip().splitlines()[-1])


def update_ms(source, rounds: int = 60) -> tuple[float, float, float, float]:
    """Median ms, with 24 h of history held, of: one tick's UI update (snapshot ->
    schematic, faceplates, crew and trend tables, history; what every 50 ms tick costs),
    in CPU and in wall time; a trend redraw after a new sample (at most 4 per second); and
    that tick plus redraw plus painting the whole window (the worst frame)."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from habitat_gui.app import _dispose
    from habitat_gui.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(source, settings=QSettings(str(Path(tmp) / "s.ini"),
                                                       QSettings.Format.IniFormat),
                            speed=1.0)
        window.persist = False
        window.trends.live = False          # redraws timed explicitly below
        window.show()
        app.processEvents()
        snap = source.snapshot()
        window.trends.history.fill(snap)
        window.trends.redraw()
        app.processEvents()
        full, publish, publish_cpu, redraw = [], [], [], []
        history = window.trends.history
        for _ in range(rounds):
            for _ in range(int(history.interval_s)):
                source.step_once()        # one new trend sample per round
            t, cpu = time.perf_counter(), time.thread_time()
            window.station.publish()
            publish_cpu.append(time.thread_time() - cpu)
            t1 = time.perf_counter()
            window.trends.redraw()
            t2 = time.perf_counter()
            window.repaint()
            app.processEvents()
            full.append(time.perf_counter() - t)
            publish.append(t1 - t)
            redraw.append(t2 - t1)
        _dispose(window)  # as the panel does: the next colony is measured alone
    ms = [1000 * statistics.median(x) for x in (publish_cpu, publish, redraw, full)]
    return ms[0], ms[1], ms[2], ms[3]


def main() -> None:
    from habitat_gui.core import resources
    from habitat_gui.core.plant.habitat import load_habitat
    from habitat_gui.core.simulation import Simulation
    from habitat_gui.sources.simulated import SimulatedSource
    from habitat_gui.core.plant.generated import grid_colony

    startup_s()  # caches the bytecode, as installing does
    starts = sorted(startup_s() for _ in range(5))
    cold = sorted(startup_s(bytecode=False) for _ in range(3))
    print(f"start to first shown window: {starts[2]:.2f} s (median of 5; target <= "
          f"{STARTUP_TARGET_S} s); every module compiled from source: {cold[1]:.2f} s "
          f"(x{cold[1] / starts[2]:.2f})")
    ares = load_habitat(resources.builtin("habitats")["ares"])
    grid = grid_colony(50)
    for name, habitat in (("ares (6 modules)", ares), ("grid (50 modules)", grid)):
        source = SimulatedSource(Simulation(habitat, seed=0), 1.0)
        tick_cpu, tick, redraw, full = update_ms(source)
        print(f"{name}, 24 h history: UI update per snapshot {tick_cpu:.1f} ms CPU, "
              f"{tick:.1f} ms wall (target <= {UPDATE_TARGET_MS} ms); trend redraw "
              f"{redraw:.1f} ms (<= 4 Hz); update + redraw + full-window paint {full:.1f} ms")


if __name__ == "__main__":
    main()
