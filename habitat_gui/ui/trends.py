"""Live trends: ppO2, O2 %, CO2 and pressure per module, with normal band and limits, 24 h
of history from :class:`TrendHistory`, and the same figures (temperature too) as a table.

The selected module and its neighbours are drawn (any module can be checked in); a
crosshair reads the time and the pens under the mouse (:mod:`.trend_cursor`); zooming or
panning suspends following the present until *Return to live*. History is recorded every
tick; plots and the table redraw at most ``REDRAW_HZ``.

A curve is given at most two points a pixel column, each column's minimum and maximum
(:meth:`TrendHistory.envelope`), so a redraw costs what the plot's width does whatever the
history holds. The axes move in steps (:func:`stepped`): the time axis to follow the
present, each value axis to hold what is drawn; between steps the axes and their grid are
drawn from a cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (QFrame, QGraphicsItem, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QScrollArea, QSplitter,
                               QTableView, QTabWidget, QVBoxLayout, QWidget)

from ..core.operations.forecast_results import QUANTITIES as FORECAST_QUANTITIES
from ..contract.state import Snapshot
from ..sources.protocol import History
from . import style
from .marks import CARBON_DIOXIDE, OXYGEN, PRESSURE, Marks
from .history import QUANTITIES, TrendHistory
from .station import Station
from .tables import TEXT_ROLES, HeaderedModel
from .trend_cursor import TrendCursor
from .trend_pictures import Line, Panel

REDRAW_HZ = 4.0
TITLES = {"ppo2_kpa": "ppO2 (kPa)", "o2_pct": "O2 (%)", "co2_ppm": "CO2 (ppm)",
          "pressure_kpa": "Pressure (kPa)", "temperature_c": "Temperature (°C)"}
# muted, dark series tones; the pen style varies too so colour is never the only cue
PLOT_MIN_W, PLOT_MIN_H = 210, 150  # one plot: room for its axis words and ticks
SERIES = ("#1f3b73", "#3d6b35", "#6b4a1f", "#4d4d4d", "#5b2a5e", "#1f5f5f")
DASHES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine,
          Qt.PenStyle.DashDotLine)
DEFAULT_SHOWN = 6
PLOTTED = QUANTITIES[:4]  # temperature holds still: it is in the table, not a plot of its own


def stepped(low: float, high: float, least: float) -> tuple[float, float]:
    """An axis that shows ``low`` to ``high`` (a span of at least ``least``) with a margin
    of one to two steps each side, its ends on a grid of steps of 1/40 to 1/80 of the span:
    it moves only when the data crosses a step, not with every new sample."""
    step = 2.0 ** np.ceil(np.log2(max(high - low, least) / 40.0))
    return (float(np.floor(low / step)) - 1.0) * step, (float(np.floor(high / step)) + 2.0) * step


def neighbours(snap: Snapshot, module_id: str) -> list[str]:
    """The modules an interconnect joins to ``module_id``, in module order."""
    joined = {m for k in snap.interconnects if module_id in k.between for m in k.between}
    return [m.id for m in snap.modules if m.id in joined and m.id != module_id]


class TrendTableModel(HeaderedModel):
    """Current values and 24 h extremes per module: the plots' figures for screen readers."""

    HEADERS = ("Module", "ppO2 kPa", "O2 %", "CO2 ppm", "Pressure kPa", "Temp °C",
               "ppO2 min 24 h", "CO2 max 24 h", "Pressure min 24 h")

    def __init__(self, module_ids: tuple[str, ...], parent=None) -> None:
        super().__init__(parent)
        self.module_ids = module_ids
        self.rows: list[tuple[str, ...]] = [(m,) + ("",) * 8 for m in module_ids]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if role in TEXT_ROLES:
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column():
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def refresh(self, snap: Snapshot, history: TrendHistory, marks: Marks) -> None:
        lo_o2, _ = history.extremes("ppo2_kpa")
        _, hi_co2 = history.extremes("co2_ppm")
        lo_p, _ = history.extremes("pressure_kpa")
        rows = []
        for i, m in enumerate(snap.modules):
            r = m.reading

            def flag(quantities: tuple[str, ...], text: str, module_id: str = m.id) -> str:
                found = marks.quantity(module_id, quantities)
                return f"{text} {found.label}" if found else text
            rows.append((m.id, flag(OXYGEN, f"{r.ppo2_kpa:.2f}"), f"{r.o2_pct:.2f}",
                         flag(CARBON_DIOXIDE, f"{r.co2_ppm:.0f}"),
                         flag(PRESSURE, f"{r.pressure_kpa:.2f}"),
                         f"{r.temperature_c:.1f}", f"{lo_o2[i]:.2f}", f"{hi_co2[i]:.0f}",
                         f"{lo_p[i]:.2f}"))
        if len(rows) != len(self.rows):
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()
        else:
            self.rows = rows
            self.dataChanged.emit(self.index(0, 1), self.index(len(rows) - 1,
                                                               len(self.HEADERS) - 1))


def _scrolled(widget: QWidget, min_w: int, min_h: int) -> QScrollArea:
    """``widget`` never smaller than ``min_w`` x ``min_h`` (so axis labels never run
    together), scrolled in a small dock."""
    widget.setMinimumSize(min_w, min_h)
    area = QScrollArea()
    area.setObjectName(f"{widget.objectName()}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


class TrendsPanel(QWidget):
    """Module picker, five linked plots and the table view. ``clock`` (monotonic seconds)
    paces the redraws."""

    sigRedrawn = Signal()

    def __init__(self, station: Station, history: TrendHistory | None = None,
                 parent=None, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.setObjectName("trends")
        self.station = station
        limits = self.limits = station.source.alarm_limits()
        snap = station.latest
        ids = tuple(m.id for m in snap.modules)
        self.history = history or TrendHistory(ids)
        self.redraw_count = 0
        self.live = True          # redraw on snapshots (off while fast-forwarding)
        self.clock = clock
        self._redrawn_at: float | None = None
        self._drawn: tuple = ()       # what the curves hold: no new sample, no setData
        self.series = SERIES          # line colours of the current scheme (set_theme)

        self.picker = QListWidget()
        self.picker.setObjectName("trendModules")
        self.picker.setMaximumWidth(120)
        self.picker.setAccessibleName(self.tr("Modules shown in the trends"))
        for k, mid in enumerate(ids):
            item = QListWidgetItem(self._swatch(mid), mid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if k < DEFAULT_SHOWN
                               else Qt.CheckState.Unchecked)
            self.picker.addItem(item)
        self.picker.itemChanged.connect(self._on_picker_changed)

        self.plots_widget = pg.GraphicsLayoutWidget()
        self.plots_widget.setObjectName("trendPlots")
        # every redraw changes curves across all four plots: one repaint of the whole view
        # costs less than working out the regions to repaint
        self.plots_widget.setViewportUpdateMode(
            pg.GraphicsLayoutWidget.ViewportUpdateMode.FullViewportUpdate)
        self.plots_widget.setBackground(style.BACKGROUND)
        self.plots_widget.setAccessibleName(self.tr("Trend plots"))
        self.plots_widget.setAccessibleDescription(self.tr(
            "ppO2, O2, CO2, pressure and temperature of the checked modules over simulated "
            "time; the Table tab has the same figures as text"))
        self.plots: dict[str, pg.PlotItem] = {}
        self.curves: dict[tuple[str, str], pg.PlotCurveItem] = {}  # the envelopes
        self.futures: dict[tuple[str, str], pg.PlotDataItem] = {}  # forecast, dotted
        self.bands: dict[str, tuple] = {}
        self.forecast = None
        first = None
        for row, q in enumerate(PLOTTED):
            plot = self.plots_widget.addPlot(row=row // 2, col=row % 2)
            plot.disableAutoRange()   # set in steps (stepped), or by the operator (time)
            plot.showGrid(x=True, y=True, alpha=0.25)
            plot.setLabel("left", TITLES[q])
            plot.getViewBox().setBackgroundColor(QColor("#e4e4e4"))
            plot.setMouseEnabled(x=True, y=False)
            for side in ("left", "bottom"):
                plot.getAxis(side).enableAutoSIPrefix(False)
                # the axis draws its grid across the plot: repainted only when it changes
                plot.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            if first is None:
                first = plot
                plot.getViewBox().sigXRangeChanged.connect(self._draw_curves)
                plot.getViewBox().sigResized.connect(self._draw_curves)
            else:
                plot.setXLink(first)
            if row >= 2:
                plot.setLabel("bottom", "simulated time (h)")
            plot.getViewBox().sigRangeChangedManually.connect(self._on_manual_range)
            band = style.normal_band(limits, q)
            if band is not None:
                region = pg.LinearRegionItem(values=band, orientation="horizontal",
                                             movable=False,
                                             brush=pg.mkBrush(255, 255, 255, 110),
                                             pen=pg.mkPen("#9a9a9a"))
                region.setZValue(-10)
                plot.addItem(region, ignoreBounds=True)
            for value, text, colour in style.limit_lines(limits, q):
                line = pg.InfiniteLine(pos=value, angle=0, movable=False,
                                       pen=pg.mkPen(colour, width=1.5,
                                                    style=Qt.PenStyle.DashLine),
                                       label=text,
                                       labelOpts={"position": 0.02, "color": "#1e1e1e",
                                                  "anchors": [(0, 1), (0, 1)]})
                plot.addItem(line, ignoreBounds=True)
            self.plots[q] = plot
        self.table_model = TrendTableModel(ids, self)
        self.table = QTableView()
        self.table.setObjectName("trendTable")
        self.table.setModel(self.table_model)
        self.table.setAccessibleName("Trend values table")
        self.table.horizontalHeader().setStretchLastSection(True)

        self.readout = QLabel(self.tr("Point at a plot to read its time and values."))
        self.readout.setObjectName("trendReadout")
        self.readout.setWordWrap(True)
        self.live_button = QPushButton(self.tr("Return to live"))
        self.live_button.setObjectName("trendReturnToLive")
        self.live_button.setToolTip(self.tr("Follow the present again (zooming or panning "
                                            "stopped it)"))
        self.live_button.clicked.connect(self.return_to_live)
        self.live_button.hide()
        self.following = True  # the plots show all of the history and follow the present
        head = QHBoxLayout()
        head.setContentsMargins(4, 2, 4, 0)
        head.addWidget(self.readout, 1)
        head.addWidget(self.live_button)
        plots_page = QWidget()
        page = QVBoxLayout(plots_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addLayout(head)
        page.addWidget(self.plots_widget, 1)
        self.cursor = TrendCursor(self, self.readout)

        tabs = QTabWidget()
        tabs.addTab(_scrolled(plots_page, PLOT_MIN_W * 3, PLOT_MIN_H * 2), "Plots")
        tabs.addTab(self.table, "Table")
        self.tabs = tabs
        split = QSplitter()
        split.addWidget(self.picker)
        split.addWidget(tabs)
        split.setStretchFactor(1, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        if station.selected_module:
            self.set_shown([station.selected_module,
                            *neighbours(snap, station.selected_module)])
        self._sync_curves()
        station.sigSnapshot.connect(self._on_snapshot)
        station.sigSelection.connect(self._on_selection)
        station.sigRewound.connect(self._on_jump)
        if history is None:  # a station's trends from the server's history, say
            self._take_recorded()

    def pen(self, module_id: str, series: tuple[str, ...] | None = None) -> QPen:
        """The module's line: colour of ``series`` (the current scheme's by default), dash."""
        series = series or self.series
        k = self.history.index[module_id]
        return pg.mkPen(series[k % len(series)], width=1,
                        style=DASHES[(k // len(series)) % len(DASHES)])

    def set_theme(self, theme) -> None:
        """Recolour plots for a light or dark scheme (``theme.Theme``): background, axes,
        normal bands, limit labels and the series lines and swatches."""
        self.series = theme.series
        self.plots_widget.setBackground(theme.plot_bg)
        for plot in self.plots.values():
            plot.getViewBox().setBackgroundColor(QColor(theme.plot_view))
            for side in ("left", "bottom"):
                axis = plot.getAxis(side)
                axis.setPen(theme.plot_fg)
                axis.setTextPen(theme.plot_fg)
            for item in plot.items:
                if isinstance(item, pg.LinearRegionItem):
                    item.setBrush(pg.mkBrush(255, 255, 255, theme.band_alpha))
                elif isinstance(item, pg.InfiniteLine) and item.angle == 0:  # a limit
                    item.label.setColor(theme.text)
        for (_q, mid), curve in self.curves.items():
            curve.setPen(self.pen(mid))
        for key in list(self.futures):
            self.plots[key[0]].removeItem(self.futures.pop(key))
        self._sync_curves()
        for k in range(self.picker.count()):
            item = self.picker.item(k)
            item.setIcon(self._swatch(item.text()))

    def _swatch(self, module_id: str) -> QIcon:
        """The module's line (colour and dash) as the picker's legend."""
        pixmap = QPixmap(28, 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        pen = QPen(self.pen(module_id))
        pen.setWidthF(2.0)
        painter.setPen(pen)
        painter.drawLine(1, 6, 27, 6)
        painter.end()
        return QIcon(pixmap)

    def shown_modules(self) -> list[str]:
        return [self.picker.item(k).text() for k in range(self.picker.count())
                if self.picker.item(k).checkState() == Qt.CheckState.Checked]

    def set_shown(self, module_ids: list[str]) -> None:
        self.picker.blockSignals(True)
        for k in range(self.picker.count()):
            item = self.picker.item(k)
            item.setCheckState(Qt.CheckState.Checked if item.text() in module_ids
                               else Qt.CheckState.Unchecked)
        self.picker.blockSignals(False)
        self._on_picker_changed(None)

    def _on_manual_range(self, *_mask) -> None:
        """The operator zoomed or panned: hold the view where it is until Return to live."""
        self.following = False
        self.live_button.show()

    def return_to_live(self) -> None:
        """Show the whole history again and follow the present."""
        self.following = True
        self.live_button.hide()
        self._follow()

    def _follow(self) -> None:
        """Set the time axis to show the history and the forecast (the plots are linked)."""
        ends = [self.history.times()[[0, -1]]] if self.history.count else []
        if self.forecast is not None and len(self.forecast.t_s):
            ends.append(self.forecast.t_s[[0, -1]])
        if ends:
            t0_s, t1_s = stepped(min(e[0] for e in ends), max(e[1] for e in ends), 1.0)
            box = self.plots[PLOTTED[0]].getViewBox()
            if tuple(box.viewRange()[0]) != (t0_s / 3600.0, t1_s / 3600.0):
                box.setXRange(t0_s / 3600.0, t1_s / 3600.0, padding=0.0)

    def _fit_values(self) -> None:
        """Each value axis to hold what its plot draws: the curves, forecasts and band."""
        drawn: dict[str, list[np.ndarray]] = {q: [] for q in self.plots}
        for (q, _mid), item in [*self.curves.items(), *self.futures.items()]:
            drawn[q].append(item.getData()[1])
        for q, (low, high, _fill) in self.bands.items():
            drawn[q] += [low.getData()[1], high.getData()[1]]
        for q, plot in self.plots.items():
            values = [y for y in drawn[q] if y is not None and len(y)]
            if values:
                low_v = min(float(np.min(y)) for y in values)
                high_v = max(float(np.max(y)) for y in values)
                span = stepped(low_v, high_v, max(abs(high_v), 1.0) * 1e-3)
                if tuple(plot.getViewBox().viewRange()[1]) != span:
                    plot.setYRange(*span, padding=0.0)

    def _on_picker_changed(self, _item) -> None:
        self._sync_curves()
        self._drawn = ()
        self.redraw()

    def _sync_curves(self) -> None:
        shown = self.shown_modules()
        for curves in (self.curves, self.futures):
            for key in [k for k in curves if k[1] not in shown]:
                self.plots[key[0]].removeItem(curves.pop(key))
        for mid in shown:
            pen = self.pen(mid)
            future = QPen(pen)
            future.setStyle(Qt.PenStyle.DotLine)
            future.setWidthF(2.0)
            for q in PLOTTED:
                if (q, mid) not in self.curves:
                    self.curves[(q, mid)] = pg.PlotCurveItem(pen=pen)
                    self.plots[q].addItem(self.curves[(q, mid)])
                if q in FORECAST_QUANTITIES and (q, mid) not in self.futures:
                    self.futures[(q, mid)] = self.plots[q].plot([], [], pen=future)
        if self.forecast is not None:
            self.show_forecast(self.forecast)

    def show_forecast(self, forecast) -> None:
        """Continue each shown curve with the forecast, dotted, and shade the band of the
        selected module (crew resting to crew working)."""
        self.forecast = forecast
        hours = forecast.t_s / 3600.0
        for (q, mid), curve in self.futures.items():
            module = forecast.modules.get(mid)
            if module is not None:
                curve.setData(hours, module.readings[q], skipFiniteCheck=True)
        mid = self.station.selected_module
        band = (forecast.band or {}).get(mid or "")
        for q, (low, high, _fill) in self._band_items().items():
            if band is None:
                low.setData([], [])
                high.setData([], [])
            else:
                low.setData(hours, band[q][0])
                high.setData(hours, band[q][1])
        if self.following:
            self._follow()
        self._fit_values()

    def _band_items(self) -> dict:
        """Per plot, the two edges of the forecast band and the shading between them."""
        if not self.bands:
            for q in FORECAST_QUANTITIES:
                low, high = pg.PlotDataItem([], []), pg.PlotDataItem([], [])
                fill = pg.FillBetweenItem(low, high, brush=pg.mkBrush(90, 90, 90, 45))
                fill.setZValue(-5)
                for item in (low, high, fill):
                    self.plots[q].addItem(item)
                self.bands[q] = (low, high, fill)
        return self.bands

    def _on_selection(self, kind: str, ident: str) -> None:
        """A module selected: draw it and its neighbours (and its forecast band)."""
        if kind != "module":
            return
        if ident:
            self.set_shown([ident, *neighbours(self.station.latest, ident)])
        if self.forecast is not None:
            self.show_forecast(self.forecast)

    def _on_jump(self) -> None:
        """The source jumped in time (a replay scrubbed): take the history it recorded up
        to the moment shown (``station.latest``, already that moment), when it has one, with
        the temperatures of that moment (they are not recorded); else start over."""
        self.history.clear()
        self._take_recorded()
        self._drawn = ()

    def _take_recorded(self) -> None:
        """The history the source recorded up to ``station.latest``, when it has one."""
        source = self.station.source
        if isinstance(source, History):
            recorded = source.recorded_history(self.history.span_s)
            if len(recorded.t_s):
                temperature = np.array([m.reading.temperature_c
                                        for m in self.station.latest.modules])
                self.history.load(recorded.t_s, recorded.values, temperature)

    def _on_snapshot(self, snap: Snapshot) -> None:
        self.history.record(snap)
        if self.live and (self._redrawn_at is None
                          or self.clock() - self._redrawn_at >= 1.0 / REDRAW_HZ):
            self.redraw(snap)

    def redraw(self, snap: Snapshot | None = None) -> None:
        """Push the held history into the shown curves and the table (throttled caller)."""
        self._redrawn_at = self.clock()
        snap = snap or self.station.latest
        if self._held() != self._drawn:
            if self.following:
                self._follow()      # a new range draws the curves (sigXRangeChanged)
            if self._held() != self._drawn:
                self._draw_curves()
        self.table_model.refresh(snap, self.history, self.station.marks)
        self.redraw_count += 1
        self.sigRedrawn.emit()

    def _held(self) -> tuple:
        """What the curves are to show: no new sample nor curve, nothing to draw."""
        return self.history.count, self.history.last_t, len(self.curves)

    def _draw_curves(self, *_changed) -> None:
        """Give the shown curves what the time axis shows of the history: per pixel column
        its extremes (again when the axis moves or the plots are resized)."""
        self._drawn = self._held()
        if not self.curves or not self.history.count:
            return
        box = self.plots[PLOTTED[0]].getViewBox()
        x0, x1 = box.viewRange()[0]
        keys = list(self.curves)
        t_s, values = self.history.envelope(x0 * 3600.0, x1 * 3600.0,
                                            max(int(box.width()), 1), keys)
        hours = t_s / 3600.0
        for key, y in zip(keys, values):
            self.curves[key].setData(hours, y, skipFiniteCheck=True)
        self._fit_values()

    def picture_panels(self) -> tuple[Panel, ...]:
        """A copy of the recorded history of each plotted quantity for the shown modules (no
        forecast), with the limits, in the light palette: what :func:`.trend_pictures.render`
        draws, on any thread."""
        hours = self.history.times() / 3600.0
        shown = self.shown_modules()
        out = []
        for q in PLOTTED:
            lines = []
            for mid in shown:
                pen = self.pen(mid, SERIES)
                lines.append(Line(mid, pen.color().name(), pen.style(),
                                  np.array(self.history.series(q, mid), dtype=float)))
            out.append(Panel(f"{TITLES[q]}: {', '.join(shown)}", np.array(hours), tuple(lines),
                             tuple((v, text, colour.name())
                                   for v, text, colour in style.limit_lines(self.limits, q))))
        return tuple(out)


__all__ = ["TrendsPanel", "TrendTableModel"]
