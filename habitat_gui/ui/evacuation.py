"""Choosing where a module's crew goes: the plant's ranked options, the safest preselected.

One row per other module with the route, the doors the crew will open, the target's air as
measured, the crew it will hold and, when the plant can forecast, the forecast there after
the move. The ranking and the refusals are the plant's; this only shows them. A module the
crew can reach only once a hatch's pressure equalisation valve (PEV) has brought the
pressures together shows that plan, and the chooser offers the valve's command (when the
plant's dry run accepts it) instead of the evacuation.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QThreadPool, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView,
                               QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..contract.commands import Command
from ..contract.evacuation import EvacuationOption
from ..contract.state import Snapshot
from ..core.operations.forecast_results import Forecast, duration
from ..sources.protocol import Forecasting
from .background import Job
from .forecasts import PREVIEW_HORIZON_S

Refusal = Callable[[Command], "str | None"]  # why the plant would refuse a command, or None

COLUMNS = ("Module", "Route", "Doors opened", "ppO2 kPa", "CO2 ppm", "Pressure kPa",
           "Crew after", "Standing")
FORECAST = "Forecast after the move"


def route_text(option: EvacuationOption) -> str:
    return " → ".join((option.source, *option.passes, option.target)) if option.hatches \
        else "no way there"


def forecast_text(option: EvacuationOption, forecast: Forecast, snap: Snapshot) -> str:
    """The target's first danger after the move, and the lowest SpO2 of those moved."""
    if forecast.rejected:
        return "refused: " + "; ".join(forecast.rejected)
    urgent = forecast.modules[option.target].most_urgent()
    there = f"{urgent[0]} in {duration(urgent[1])}" if urgent else \
        f"no danger in {duration(forecast.horizon_s)}"
    moved = [c.name for c in snap.crew if c.module == option.source]
    lowest = min((forecast.min_spo2_pct[n] for n in moved), default=None)
    return there + ("" if lowest is None else f"; lowest SpO2 of those moved {lowest:.0f} %")


class EvacuationDialog(QDialog):
    """The ranked options as a table; Enter evacuates to the selected (at first the
    recommended) module, refused ones cannot be chosen and say why."""

    sigForecast = Signal(object)  # (target, Forecast)

    def __init__(self, parent: QWidget | None, options: tuple[EvacuationOption, ...],
                 snap: Snapshot, forecasting: Forecasting | None = None,
                 refusal: Refusal | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evacuationDialog")
        self.options, self.snap, self.refusal = options, snap, refusal
        self.valve: Command | None = None  # the equalisation valve to open, once chosen
        source = snap.module(options[0].source) if options else None
        self.setWindowTitle(self.tr("Evacuate {0}").format(source.name if source else ""))
        best = next((o for o in options if o.recommended), None)
        waiting = next((o for o in options if not o.offered and o.plan), None)
        self.headline = QLabel(self)
        self.headline.setObjectName("evacuationHeadline")
        self.headline.setWordWrap(True)
        moving = options[0].moving if options else 0
        self.headline.setText(
            f"<b>Move {moving} people from {source.name if source else ''} to the module "
            f"chosen below.</b><br>" + (
                f"Recommended: <b>{best.name}</b> ({best.why})." if best else
                f"No module would be accepted now. <b>{waiting.name}</b>: {waiting.plan}."
                if waiting else "No module would be accepted now."))
        columns = COLUMNS + ((FORECAST,) if forecasting is not None else ())
        self.table = QTableWidget(len(options), len(columns), self)
        self.table.setObjectName("evacuationTable")
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        for row, option in enumerate(options):
            self._fill(row, option, forecasting is not None)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for wrapped in range(COLUMNS.index("Standing"), len(columns)):  # long words wrap
            header.setSectionResizeMode(wrapped, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(wrapped, 260)
        header.setStretchLastSection(True)
        self.table.resizeRowsToContents()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, parent=self)
        self.go = self.buttons.addButton(self.tr("Evacuate"),
                                         QDialogButtonBox.ButtonRole.AcceptRole)
        self.go.setDefault(True)
        self.equalise = self.buttons.addButton(self.tr("Open equalisation valve"),
                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.equalise.setObjectName("evacuationEqualise")
        self.equalise.clicked.connect(self._on_equalise)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._on_selection)
        if best is not None or waiting is not None:
            self.table.selectRow(options.index(best or waiting))
        self._on_selection()
        self.resize(min(1500, 60 + self.table.horizontalHeader().length()),
                    190 + 46 * max(len(options), 3))
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.sigForecast.connect(self._on_forecast)
        if forecasting is not None:
            for option in (o for o in options if o.offered):
                self._forecast(forecasting, option)

    def _fill(self, row: int, option: EvacuationOption, forecasting: bool) -> None:
        r = option.reading
        if option.refused:
            standing = option.plan.replace("equalise first", "EQUALISE FIRST", 1) \
                if option.plan else f"refused: {option.refused}"
        else:
            standing = ("RECOMMENDED: " if option.recommended else "") + option.why
        cells = (option.name, route_text(option), ", ".join(option.opens) or "none",
                 f"{r.ppo2_kpa:.1f}", f"{r.co2_ppm:.0f}", f"{r.pressure_kpa:.1f}",
                 str(option.crew_after), standing)
        cells += (("forecasting…" if option.offered else "-"),) if forecasting else ()
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(f"refused now: {option.refused}" if option.plan and option.refused
                            else text)
            if col == 0 and option.alarms:
                item.setToolTip("\n".join(option.alarms))
            if not option.offered and not option.plan:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            if option.recommended:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.table.setItem(row, col, item)

    def _forecast(self, forecasting: Forecasting, option: EvacuationOption) -> None:
        command = Command.of("evacuate", module=option.source, to=option.target)
        prepared: Callable[[], Forecast] = forecasting.forecaster(PREVIEW_HORIZON_S,
                                                                  (command,))
        target = option.target
        job = Job(lambda: (target, prepared()), self.sigForecast)
        self.pool.start(job)

    def _on_forecast(self, result: tuple[str, Forecast]) -> None:
        target, forecast = result
        row = next(i for i, o in enumerate(self.options) if o.target == target)
        text = forecast_text(self.options[row], forecast, self.snap)
        item = self.table.item(row, len(COLUMNS))
        item.setText(text)
        item.setToolTip(text)
        self.table.resizeRowToContents(row)

    def _on_selection(self) -> None:
        chosen = self.chosen()
        self.go.setEnabled(chosen is not None)
        self.go.setText(self.tr("Evacuate to {0}").format(chosen.name) if chosen
                        else self.tr("Evacuate"))
        valve = self._valve_offered()
        self.equalise.setVisible(valve is not None)
        if valve is not None:
            link = valve.arguments["interconnect"]
            why = self.refusal(valve) if self.refusal is not None else "no plant to ask"
            self.equalise.setEnabled(not why)
            self.equalise.setText(self.tr("Open equalisation valve on {0}").format(link))
            self.equalise.setToolTip(why or "")

    def _selected(self) -> EvacuationOption | None:
        rows = self.table.selectionModel().selectedRows()
        return self.options[rows[0].row()] if rows else None

    def _valve_offered(self) -> Command | None:
        """The valve the selected module waits on, while it waits."""
        option = self._selected()
        if option is None or option.offered or not option.open_valves:
            return None
        return Command.of("open_equalisation", interconnect=option.open_valves[0])

    def _on_equalise(self) -> None:
        self.valve = self._valve_offered()
        self.accept()

    def chosen(self) -> EvacuationOption | None:
        option = self._selected()
        return option if option is not None and option.offered else None

    def command(self) -> Command | None:
        """What the operator chose: the valve to open, or the evacuation to the selected
        module (None when neither)."""
        chosen = self.chosen()
        return self.valve or (Command.of("evacuate", module=chosen.source, to=chosen.target)
                              if chosen is not None else None)

    def done(self, result: int) -> None:
        self.pool.clear()  # forecasts not yet started are not needed any more
        self.pool.waitForDone()
        super().done(result)


__all__ = ["EvacuationDialog", "Refusal", "route_text", "forecast_text"]
