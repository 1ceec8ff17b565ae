"""The live 24 h trend against a plain pyqtgraph plot on the same data, in one run.

Each widget holds 24 h of one-second samples (86,400 points a curve) and is offscreen at
1280 x 720; one update appends a point to every curve and paints until no paint is pending.
The panel's update is ``TrendHistory.record`` then ``TrendsPanel.redraw`` (its four plots,
two modules shown = 8 curves, six = 24); the plain plot is one ``pg.PlotWidget`` with peak
downsampling and clip-to-view drawing the same curves; PyDM's ``PyDMTimePlot`` too, when
PyDM is installed. Figures: median CPU ms per update, and the panel's as a ratio to the plain
plot's (target <= 0.25 at 8 and at 24 curves); and the panel's with 1 h of history, to show
that its cost is the pixels', not the history's.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_trends.py
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from habitat_gui.contract.state import Snapshot  # noqa: E402
from habitat_gui.ui.history import QUANTITIES, TrendHistory  # noqa: E402
from habitat_gui.ui.trends import PLOTTED, SERIES  # noqa: E402

SPAN_S, SIZE, ROUNDS, TARGET = 86_400, (1280, 720), 30, 0.25


class Paints(QObject):
    """Counts the paint events of every widget it is installed on."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def watch(widget: QWidget) -> Paints:
    paints = Paints()
    for w in (widget, *widget.findChildren(QWidget)):
        w.installEventFilter(paints)
    return paints


def settle(app: QApplication, paints: Paints) -> None:
    """Deliver posted events until a pass paints nothing."""
    while True:
        before = paints.count
        app.processEvents()
        if paints.count == before:
            return


STEP = 0.002 / np.sqrt(SPAN_S)  # a sample's relative step of the readings' random walk


def walk(n: int, modules: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Per quantity, ``n`` x ``modules`` readings wandering about a day's cycle."""
    base = {"ppo2_kpa": 21.0, "o2_pct": 20.9, "co2_ppm": 800.0, "pressure_kpa": 101.3,
            "temperature_c": 21.0}
    day = np.sin(np.arange(n) * 2 * np.pi / SPAN_S)[:, None]
    return {q: v * (1 + 0.01 * day + STEP * np.cumsum(rng.normal(size=(n, modules)), axis=0))
            for q, v in base.items()}


def step(value: float, rng: np.random.Generator) -> float:
    """The walk's next reading after ``value``."""
    return value * (1 + STEP * rng.normal())


def moved(snap: Snapshot, t_s: float, last: dict[str, np.ndarray],
          rng: np.random.Generator) -> Snapshot:
    """``snap`` at ``t_s`` with every module's readings the walk's next after ``last``."""
    def nudged(r, k: int):
        return dataclasses.replace(r, **{q: step(float(last[q][k]), rng) for q in QUANTITIES})
    return dataclasses.replace(snap, t_s=t_s, modules=tuple(
        dataclasses.replace(m, reading=nudged(m.reading, k)) for k, m in enumerate(snap.modules)))


def median_ms(app: QApplication, widget: QWidget, update: Callable[[int], None]) -> tuple:
    """Median CPU and wall ms of ``update(k)`` plus painting, and paints per update."""
    widget.resize(*SIZE)
    widget.show()
    paints = watch(widget)
    update(0)
    settle(app, paints)
    cpu, wall, painted = [], [], []
    for k in range(1, ROUNDS + 1):
        before = paints.count
        c, w = time.process_time(), time.perf_counter()
        update(k)
        settle(app, paints)
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
        painted.append(paints.count - before)
    widget.hide()
    return (1000 * statistics.median(cpu), 1000 * statistics.median(wall),
            statistics.median(painted))


def plain_plot(t_s: np.ndarray, values: dict[str, np.ndarray], modules: int,
               rng: np.random.Generator) -> tuple[QWidget, Callable[[int], None]]:
    """One PlotWidget, peak downsampling and clip-to-view, the panel's curves in it; an
    update appends one point to each (preallocated, as a plain program would keep them)."""
    widget = pg.PlotWidget()
    plot = widget.getPlotItem()
    plot.setDownsampling(auto=True, mode="peak")
    plot.setClipToView(True)
    plot.showGrid(x=True, y=True, alpha=0.25)
    n = len(t_s)
    x = np.concatenate([t_s / 3600.0, np.zeros(ROUNDS + 1)])
    ys = [np.concatenate([values[q][:, m], np.zeros(ROUNDS + 1)])
          for q in PLOTTED for m in range(modules)]
    curves = [plot.plot(pen=pg.mkPen(SERIES[i % len(SERIES)])) for i in range(len(ys))]

    def update(k: int) -> None:
        x[n + k] = x[n + k - 1] + 1 / 3600.0
        for y, curve in zip(ys, curves):
            y[n + k] = step(y[n + k - 1], rng)
            curve.setData(x[k:n + k + 1], y[k:n + k + 1])
    return widget, update


def pydm_plot(t_s: np.ndarray, values: dict[str, np.ndarray],
              modules: int) -> tuple[QWidget, Callable[[int], None]]:
    """PyDM's time plot with the same curves, each fed a new point per update."""
    from pydm.widgets.timeplot import PyDMTimePlot  # type: ignore[import-not-found]

    widget = PyDMTimePlot(plot_by_timestamps=True)
    widget.setTimeSpan(SPAN_S)
    widget.setBufferSize(len(t_s) + ROUNDS + 1)
    curves = []
    for q in PLOTTED:
        for m in range(modules):
            curve = widget.addYChannel(y_channel=None, color=SERIES[m % len(SERIES)])
            curve.data_buffer[0, -len(t_s):] = t_s
            curve.data_buffer[1, -len(t_s):] = values[q][:, m]
            curve.points_accumulated = len(t_s)
            curves.append(curve)

    def update(k: int) -> None:
        for curve in curves:
            curve.receiveNewValue(float(curve.data_buffer[1, -1]))
        widget.redrawPlot()
    return widget, update


def panel(t_s: np.ndarray, values: dict[str, np.ndarray], modules: int,
          rng: np.random.Generator) -> tuple[QWidget, Callable[[int], None]]:
    """The trends panel over the built-in colony's station with ``modules`` shown, its
    history loaded with the day; an update records a moved snapshot and redraws."""
    from habitat_gui.core import resources
    from habitat_gui.core.plant.habitat import load_habitat
    from habitat_gui.core.simulation import Simulation
    from habitat_gui.sources.simulated import SimulatedSource
    from habitat_gui.ui.station import Station
    from habitat_gui.ui.trends import TrendsPanel

    source = SimulatedSource(Simulation(load_habitat(resources.builtin("habitats")["ares"]),
                                        seed=0), 1.0)
    station = Station(source)
    ids = tuple(m.id for m in station.latest.modules)
    history = TrendHistory(ids, span_s=SPAN_S, interval_s=1.0)
    n = len(ids)
    history.load(t_s, {q: values[q][:, :n] for q in QUANTITIES[:-1]},
                 values["temperature_c"][-1, :n])
    widget = TrendsPanel(station, history)
    widget.live = False
    widget.set_shown(list(ids[:modules]))
    snap = station.latest

    def update(k: int) -> None:
        last = {q: history.values[(history.head - 1) % history.capacity, i]
                for i, q in enumerate(QUANTITIES)}
        history.record(moved(snap, float(t_s[-1]) + k, last, rng))
        widget.redraw()
    return widget, update


def main() -> None:
    app = QApplication.instance() or QApplication([])
    rng = np.random.default_rng(0)
    t_s = np.arange(SPAN_S, dtype=float) + 1.0
    values = walk(SPAN_S, 6, rng)
    has_pydm = importlib.util.find_spec("pydm") is not None
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {SPAN_S:,} "
          f"points a curve, {SIZE[0]}x{SIZE[1]} offscreen, median of {ROUNDS} updates")
    for modules in (2, 6):
        curves = modules * len(PLOTTED)
        plain = median_ms(app, *plain_plot(t_s, values, modules, rng))
        ours = median_ms(app, *panel(t_s, values, modules, rng))
        print(f"{curves} curves: plain pyqtgraph plot {plain[0]:.1f} ms CPU "
              f"({plain[1]:.1f} ms wall, {plain[2]:.0f} paints); trends panel {ours[0]:.1f} ms "
              f"CPU ({ours[1]:.1f} ms wall, {ours[2]:.0f} paints): x{ours[0] / plain[0]:.2f} "
              f"the plain plot (target <= {TARGET})")
        if has_pydm:
            pydm = median_ms(app, *pydm_plot(t_s, values, modules))
            print(f"  PyDMTimePlot {pydm[0]:.1f} ms CPU: the panel x{ours[0] / pydm[0]:.2f}")
    if not has_pydm:
        print("PyDM is not installed: PyDMTimePlot not measured")
    hour = median_ms(app, *panel(t_s[-3600:], {q: v[-3600:] for q, v in values.items()}, 6,
                                 rng))
    print(f"24 curves, trends panel with 1 h of history (3,600 points a curve): {hour[0]:.1f} "
          f"ms CPU; with 24 h x{ours[0] / hour[0]:.2f} that")


if __name__ == "__main__":
    main()
