"""The trends' crosshair: a vertical line through every plot at the time under the mouse,
and a readout of that time and of the value of each pen drawn there."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, Qt
from PySide6.QtWidgets import QLabel

from ..contract.timefmt import mission_time

if TYPE_CHECKING:
    from .trends import TrendsPanel

SHORT = {"ppo2_kpa": ("ppO2", "kPa", 1), "o2_pct": ("O2", "%", 1), "co2_ppm": ("CO2", "ppm", 0),
         "pressure_kpa": ("P", "kPa", 1), "temperature_c": ("T", "°C", 1)}


def _at(times: np.ndarray, values: np.ndarray, t_s: float) -> float | None:
    """The sample nearest ``t_s`` within the series, None outside it."""
    if not len(times) or t_s < times[0] - 1e-9 or t_s > times[-1] + 1e-9:
        return None
    k = int(np.clip(np.searchsorted(times, t_s), 1, len(times) - 1)) if len(times) > 1 else 0
    if len(times) > 1 and abs(times[k - 1] - t_s) <= abs(times[k] - t_s):
        k -= 1
    return float(values[k])


def readout(panel: TrendsPanel, x_hours: float) -> str:
    """The time at ``x_hours`` and, per plotted quantity, each shown module's value then:
    recorded, or forecast (marked so) beyond the present."""
    t_s = x_hours * 3600.0
    times = panel.history.times()
    future = panel.forecast is not None and len(times) and t_s > times[-1] + 1e-9
    parts = [mission_time(t_s) + ("  (forecast)" if future else "")]
    for q in panel.plots:
        name, unit, digits = SHORT[q]
        cells = []
        for mid in panel.shown_modules():
            if future:
                module = panel.forecast.modules.get(mid)
                value = None if module is None or q not in module.readings else \
                    _at(panel.forecast.t_s, module.readings[q], t_s)
            else:
                value = _at(times, panel.history.series(q, mid), t_s)
            if value is not None:
                cells.append(f"{mid} {value:.{digits}f}")
        if cells:
            parts.append(f"{name} {unit}: " + ", ".join(cells))
    return "   ".join(parts)


class TrendCursor(QObject):
    """Follows the mouse over the plots: the line on every plot, the readout in ``label``."""

    def __init__(self, panel: TrendsPanel, label: QLabel) -> None:
        super().__init__(panel)
        self.panel, self.label = panel, label
        self.lines: dict[str, pg.InfiniteLine] = {}
        for q, plot in panel.plots.items():
            line = pg.InfiniteLine(angle=90, movable=False,
                                   pen=pg.mkPen("#3a3a3a", width=1, style=Qt.PenStyle.DashLine))
            line.setVisible(False)
            plot.addItem(line, ignoreBounds=True)
            self.lines[q] = line
        panel.plots_widget.scene().sigMouseMoved.connect(self._moved)

    def _moved(self, pos: QPointF) -> None:
        for plot in self.panel.plots.values():
            box = plot.getViewBox()
            if box.sceneBoundingRect().contains(pos):
                self.show_at(box.mapSceneToView(pos).x())
                return

    def show_at(self, x_hours: float) -> None:
        for line in self.lines.values():
            line.setPos(x_hours)
            line.setVisible(True)
        self.label.setText(readout(self.panel, x_hours))


__all__ = ["TrendCursor", "readout"]
