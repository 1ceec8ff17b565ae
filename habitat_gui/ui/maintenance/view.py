"""The maintenance view (L4) itself: summary, components, plots, plan, parts, repairs."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from html import escape
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QSizePolicy, QSplitter, QTabWidget,
                               QVBoxLayout, QWidget)

from ...contract.timefmt import mission_time
from ...contract.commands import Command
from ...core.maintenance import records
from ...core.maintenance import export
from ...core.maintenance import outlook
from ...sources.protocol import Maintenance as MaintenanceSource
from .. import files
from ..theme import DARK, LIGHT, Theme
from ..station import Station
from .models import (
    CLASS_WORDS,
    EVENT_KINDS,
    ID_ROLE,
    PLAN_DAYS_SHOWN,
    PROJECT_DAYS,
    REFRESH_SIM_S,
    REFRESH_WALL_MS,
    SIDE_BY_SIDE_BELOW_PX,
    ComponentFilter,
    ComponentModel,
    ListModel,
    compact_table,
    parts_rows,
    plan_rows,
    repair_text,
)


class MaintenanceView(QWidget):
    """The L4 maintenance view over one station's data source."""

    def __init__(self, station: Station, source: MaintenanceSource, parent=None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.setObjectName("maintenanceView")
        self.station, self.source = station, source
        self.report: records.MaintenanceReport | None = None
        self.life: dict[str, float | None] = {}
        self.stale = True
        self.refresh_count = 0

        self.summary = QLabel()
        self.summary.setObjectName("maintenanceSummary")
        self.summary.setAccessibleName(self.tr("Maintenance backlog"))
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.buttons: dict[str, QPushButton] = {}
        self.repair_tip = self.tr("Give the selected component's repair to a qualified crew "
                                  "member")
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        for key, label, tip, handler in (
                ("refresh", self.tr("Refresh"), self.tr("Read the audit again"), self.refresh),
                ("inspect", self.tr("Inspect all modules"),
                 self.tr("Run the inspection of the module chosen in the filter (all when "
                         "none is chosen)"), self.inspect),
                ("repair", self.tr("Schedule repair…"), self.repair_tip, self.schedule_repair),
                ("cancel", self.tr("Cancel repair"),
                 self.tr("Call off the selected component's repair (the parts go back while "
                         "the person is still on the way)"), self.cancel_repair),
                ("csv", self.tr("Export CSV…"), self.tr("Save the audit as CSV"),
                 lambda: self.export_dialog("csv")),
                ("html", self.tr("Export HTML…"),
                 self.tr("Save the audit as a printable HTML report"),
                 lambda: self.export_dialog("html"))):
            button = QPushButton(label)
            button.setObjectName(f"maintenance_{key}")
            button.setToolTip(tip)
            button.clicked.connect(handler)
            top.addWidget(button)
            self.buttons[key] = button

        self.module_filter = QComboBox()
        self.module_filter.setObjectName("maintenanceModuleFilter")
        self.module_filter.setAccessibleName(self.tr("Show components of module"))
        self.module_filter.addItem(self.tr("All modules"), None)
        for m in station.source.habitat.modules:
            self.module_filter.addItem(m.id, m.id)
        self.class_filter = QComboBox()
        self.class_filter.setObjectName("maintenanceClassFilter")
        self.class_filter.setAccessibleName(self.tr("Show components of class"))
        self.class_filter.addItem(self.tr("All classes"), None)
        for c in reversed(records.CLASSES):
            self.class_filter.addItem(CLASS_WORDS[c], c)
        self.search = QLineEdit()
        self.search.setObjectName("maintenanceSearch")
        self.search.setPlaceholderText(self.tr("component contains…"))
        self.search.setAccessibleName(self.tr("Search components"))
        self.search.setClearButtonEnabled(True)
        self.shown = QLabel()
        self.shown.setObjectName("maintenanceShown")
        filters = QHBoxLayout()
        for w in (self.module_filter, self.class_filter, self.search):
            filters.addWidget(w)
        filters.addWidget(self.shown, 1)
        self.module_filter.currentIndexChanged.connect(self._on_filter)
        self.class_filter.currentIndexChanged.connect(self._on_filter)
        self.search.textChanged.connect(self._on_search)

        self.components = ComponentModel(self)
        self.proxy = ComponentFilter(self)
        self.proxy.setSourceModel(self.components)
        self.table = compact_table("maintenanceTable", self.tr("Audited components"),
                                   self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((190, 80, 120, 72, 112, 62, 80, 140, 66, 104)):
            header.resizeSection(col, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(filters)
        column.addWidget(self.table, 1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("maintenanceTabs")
        self.tabs.addTab(self._detail_tab(), self.tr("Component"))
        self.plan_model = ListModel(("Person",), numeric=2, parent=self)
        self.plan_choice = QComboBox()
        self.plan_choice.setObjectName("maintenancePlanChoice")
        self.plan_choice.addItem(self.tr("Crew as it is"), "without")
        self.plan_choice.addItem(self.tr("With the cross-training"), "with")
        self.plan_choice.currentIndexChanged.connect(lambda _: self._show_plan())
        self.plan_table = compact_table("maintenancePlan", self.tr("Plan of work by person and "
                                                                   "day"), self.plan_model)
        self.plan_table.horizontalHeader().setStretchLastSection(False)
        self.plan_note = QLabel()
        self.plan_note.setWordWrap(True)
        self.tabs.addTab(self._stack(self.plan_choice, self.plan_note, self.plan_table),
                         self.tr("Plan of work"))
        self.training_model = ListModel(("Person", "Learns", "Level 1 from day", "Holds now"),
                                        numeric=2, parent=self)
        self.training_table = compact_table("maintenanceTraining",
                                            self.tr("Cross-training proposal"),
                                            self.training_model)
        self.training_note = QLabel()
        self.training_note.setWordWrap(True)
        self.backlog_plot = pg.PlotWidget()
        self.backlog_plot.setObjectName("maintenanceBacklogPlot")
        self.backlog_plot.setAccessibleName(self.tr("Backlog by day with and without "
                                                    "cross-training"))
        self.backlog_plot.setLabel("left", "backlog (person-h)")
        self.backlog_plot.setLabel("bottom", "day of the plan")
        self.legend = self.backlog_plot.addLegend(offset=(-10, 10))
        self.backlog_curves = (  # pens from the theme (set_theme)
            self.backlog_plot.plot([], [], name="crew as it is"),
            self.backlog_plot.plot([], [], name="with cross-training"))
        training_split = QSplitter(Qt.Orientation.Horizontal)
        training_split.addWidget(self._stack(self.training_note, self.training_table))
        training_split.addWidget(self.backlog_plot)
        training_split.setSizes([440, 460])
        self.tabs.addTab(training_split, self.tr("Cross-training"))
        self.parts_model = ListModel(("Part", "Needed", "On hand", "Short"), numeric=1,
                                     parent=self)
        self.parts_table = compact_table("maintenanceParts", self.tr("Spare parts"),
                                         self.parts_model)
        self.tabs.addTab(self.parts_table, self.tr("Spare parts"))
        self.repairs_model = ListModel(("Component", "Person", "Started", "Ends", "State"),
                                       parent=self)
        self.repairs_table = compact_table("maintenanceRepairs", self.tr("Repairs"),
                                           self.repairs_model)
        self.tabs.addTab(self.repairs_table, self.tr("Repairs"))

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setSizes([860, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self.clock = clock  # monotonic seconds: paces following the plant's clock
        self._refreshed_at = -math.inf
        station.sigSnapshot.connect(self._on_snapshot)
        station.sigCommandIssued.connect(lambda *_: self._changed())
        station.sigEvents.connect(self._on_events)
        self.set_theme(self._palette_theme())

    @staticmethod
    def _stack(*widgets: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        for w in widgets:
            column.addWidget(w, 1 if isinstance(w, QAbstractItemView) else 0)
        return box

    def _detail_tab(self) -> QWidget:
        self.detail = QLabel(self.tr("Select a component"))
        self.detail.setObjectName("maintenanceDetail")
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.trend = pg.PlotWidget()
        self.trend.setObjectName("maintenanceTrend")
        self.trend.setAccessibleName(self.tr("Condition of the selected component over "
                                             "service days"))
        self.trend.setAccessibleDescription(self.tr(
            "Past condition solid, projected dashed, with the degrading and replace-now "
            "lines; the text beside it has the same figures"))
        self.trend.setLabel("left", "condition")
        self.trend.setLabel("bottom", "service day")
        self.trend.setYRange(0.0, 1.05, padding=0)
        self.trend.setMouseEnabled(x=True, y=False)
        self.trend.showGrid(x=True, y=True, alpha=0.25)
        self.past_curve = self.trend.plot([], [])  # pens from the theme (set_theme)
        self.future_curve = self.trend.plot([], [])
        self.audited = self.trend.plot([], [], pen=None, symbol="o", symbolSize=8)
        self.now_line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#7a7a7a"),
                                        label="now", labelOpts={"position": 0.95,
                                                                "color": "#1e1e1e"})
        self.trend.addItem(self.now_line, ignoreBounds=True)
        for value, text, colour in ((records.data().nominal_above, "degrading below", "#7a7a7a"),
                                    (records.data().replace_below, "replace now below", "#a07000")):
            self.trend.addItem(pg.InfiniteLine(
                pos=value, angle=0, movable=False,
                pen=pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DashLine),
                label=f"{text} {value:g}",
                labelOpts={"position": 0.02, "color": "#1e1e1e", "anchors": [(0, 1), (0, 1)]}),
                ignoreBounds=True)
        self.detail_split = QSplitter(Qt.Orientation.Vertical)
        self.detail_split.addWidget(self.detail)
        self.detail_split.addWidget(self.trend)
        self.detail_split.setStretchFactor(0, 1)
        self.detail_split.setStretchFactor(1, 2)
        return self.detail_split

    def resizeEvent(self, event) -> None:
        """Docked low among the bottom tabs, the plot goes beside the text, not under it."""
        super().resizeEvent(event)
        self.detail_split.setOrientation(Qt.Orientation.Horizontal
                                         if self.height() < SIDE_BY_SIDE_BELOW_PX
                                         else Qt.Orientation.Vertical)

    # ------------------------------------------------------------------ refresh
    def _changed(self) -> None:
        """Something may have changed the audit: read it now if shown, else when shown."""
        self.stale = True
        if self.on_screen():
            self.refresh()

    def _on_snapshot(self, snap) -> None:
        """While shown, follow the clock now and then: repairs progress, life runs down."""
        if (self.report is not None and snap.t_s - self.report.t_s >= REFRESH_SIM_S
                and self.clock() - self._refreshed_at >= REFRESH_WALL_MS / 1000.0
                and self.on_screen()):
            self.refresh()

    def _on_events(self, events) -> None:
        if any(e.kind in EVENT_KINDS for e in events):
            self._changed()

    def on_screen(self) -> bool:
        """Shown: floating, or its dock's tab in front (a tab behind is "visible" to Qt)."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def _on_visibility(self, visible: bool) -> None:
        if visible and self.stale:
            self.refresh()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange:
            self.set_theme(self._palette_theme())

    def _palette_theme(self) -> Theme:
        """The scheme the window's palette is in (the window sets it on scheme changes)."""
        return DARK if self.palette().window().color().lightness() < 128 else LIGHT

    def refresh(self) -> None:
        """Read the published maintenance report and show it, keeping the selection."""
        report, before = self.source.maintenance(), self.report
        chosen = self.selected_id()
        self.report, self.stale = report, False
        self.refresh_count += 1
        self._refreshed_at = self.clock()
        audit = report.audit
        repairs = {job.component: repair_text(job) for job in report.repairs}
        self.life = outlook.report_life(report)
        if before is not None and audit is before.audit:  # same record: life and repairs moved
            self.components.update(self.life, repairs)
        else:
            self.components.set_rows(audit.findings, self.life, repairs)
        counts = audit.counts
        self.summary.setText(
            f"<b>Backlog {audit.backlog_person_hours:.0f} person-hours</b> &nbsp;·&nbsp; "
            f"replace now <b>{counts['replace_now']}</b> &nbsp;·&nbsp; degrading "
            f"{counts['degrading']} &nbsp;·&nbsp; nominal {counts['nominal']} &nbsp;·&nbsp; "
            f"{len(audit.findings)} components &nbsp;·&nbsp; service day "
            f"{report.service_days:.0f} ({mission_time(report.t_s)})")
        self._update_shown()
        if before is None or report.training is not before.training:
            self._show_plan()
            self._show_training()
        need = audit.parts_needed()
        rows, marked = parts_rows(need, dict(report.inventory))
        self.parts_model.set_rows(rows, marked=marked)
        self.repairs_model.set_rows([
            (j.component, j.person, mission_time(j.started_t_s),
             mission_time(j.done_t_s) if j.done_t_s is not None else "-", j.state)
            for j in report.repairs])
        if chosen:
            self.select(chosen)
        self._show_detail()

    # ------------------------------------------------------------------ filters and selection
    def _on_filter(self) -> None:
        module = self.module_filter.currentData()
        self.proxy.set_filters(module, self.class_filter.currentData())
        self.buttons["inspect"].setText(self.tr("Inspect {module}").format(module=module)
                                        if module else self.tr("Inspect all modules"))
        self._update_shown()

    def _on_search(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_shown()

    def _update_shown(self) -> None:
        self.shown.setText(self.tr("{n} of {total} components").format(
            n=self.proxy.rowCount(), total=self.components.rowCount()))

    def set_module_filter(self, module: str | None) -> None:
        self.module_filter.setCurrentIndex(max(self.module_filter.findData(module), 0))

    def set_class_filter(self, cls: str | None) -> None:
        self.class_filter.setCurrentIndex(max(self.class_filter.findData(cls), 0))

    def visible_ids(self) -> list[str]:
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in range(self.proxy.rowCount())]

    def selected_id(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def selected(self) -> records.Finding | None:
        ident = self.selected_id()
        if ident is None or self.report is None:
            return None
        return next((f for f in self.report.audit.findings if f.id == ident), None)

    def select(self, component_id: str) -> bool:
        """Select (and scroll to) a component shown through the filters."""
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if index.data(ID_ROLE) == component_id:
                self.table.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                self.table.scrollTo(index)
                return True
        return False

    # ------------------------------------------------------------------ panes
    def _show_detail(self) -> None:
        f = self.selected()
        active = f is not None and self.report is not None and any(
            j.component == f.id and j.state in records.ACTIVE_REPAIR for j in self.report.repairs)
        qualified = f is not None and self.report is not None and bool(self.repair_candidates(f))
        self.buttons["repair"].setEnabled(f is not None and f.cls != "nominal" and not active
                                          and qualified)
        self.buttons["repair"].setToolTip(
            self.tr("Nobody in the crew holds {skill}").format(skill=export.words(f.skill))
            if f is not None and not qualified else self.repair_tip)
        self.buttons["cancel"].setEnabled(active)
        if f is None:
            self.detail.setText(self.tr("Select a component"))
            for curve in (self.past_curve, self.future_curve, self.audited):
                curve.setData([], [])
            return
        report = self.report
        holders = [p for p in report.crew if p.level(f.skill) >= 1]
        stock = dict(report.inventory)
        parts = ", ".join(f"{escape(p)} x{n} ({stock.get(p, 0)} on hand)" for p, n in f.parts)
        life = self.life.get(f.id)
        rows = (
            ("condition", f"{f.condition:.2f}: <b>{CLASS_WORDS[f.cls]}</b>"
             + ("" if f.verified else " (not verified)")),
            ("remaining life", "due now" if life is not None and life <= 0 else
             f"{life:.0f} days to the replace-now line" if life is not None else "unknown"),
            ("p(fail) / priority", f"{f.p_fail:.2f} / {f.priority:.2f}"),
            ("if it fails", escape(export.words(f.fault)) + f" on {escape(f.target)}"),
            ("repair", f"{f.person_hours:g} person-hours, {escape(export.words(f.skill))}"
                       f" ({len(holders)} qualified)"),
            ("parts", parts or "none"),
            ("note", escape(f.note) if f.note else ""),
            ("repair state", escape(self.components.repairs.get(f.id, "")) or "none"),
            ("on record", self._recorded(f)))
        self.detail.setText(
            f"<b>{escape(f.id)}</b><br>{escape(export.words(f.kind))} in "
            f"{escape(f.module)}<table cellspacing='3'>"
            + "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows if v)
            + "</table>")
        self._plot_trend(f)

    def _recorded(self, f: records.Finding) -> str:
        t_s = outlook.recorded_t_s(self.report).get(f.id, 0.0)
        inspected = f.module in self.report.inspected_t_s
        return (f"since {mission_time(t_s)}" if t_s or inspected
                else "from the audit at the start")

    def _plot_trend(self, f: records.Finding) -> None:
        """Condition from new to the record (solid) and projected a year on (dashed)."""
        now = self.report.service_days
        self.now_line.setValue(now)
        trend = outlook.trend(self.report, f.id, PROJECT_DAYS)
        if trend is None:
            for curve in (self.past_curve, self.future_curve, self.audited):
                curve.setData([], [])
            return
        self.past_curve.setData(trend.past_days, trend.past)
        self.future_curve.setData(trend.projected_days, trend.projected)
        self.audited.setData([trend.recorded_day], [trend.recorded])
        self.trend.setXRange(max(trend.past_days[0] - 30.0, 0.0), now + PROJECT_DAYS)

    def _show_plan(self) -> None:
        if self.report is None:
            return
        training = self.report.training
        with_training = self.plan_choice.currentData() == "with"
        plan = training.with_training if with_training else training.without
        headers, rows, tips = plan_rows(plan, self.report.crew, PLAN_DAYS_SHOWN)
        self.plan_model.set_rows(rows, headers, tips)
        unstaffed = len(plan.unstaffed)
        self.plan_note.setText(self.tr(
            "Hours of maintenance per person and day for the first {days} days (the jobs in "
            "each row's tooltip); backlog cleared: {horizon}.{unstaffed}").format(
                days=PLAN_DAYS_SHOWN, horizon=records.horizon_text(plan),
                unstaffed=self.tr(" {n} jobs nobody is qualified for.").format(n=unstaffed)
                if unstaffed else ""))

    def _show_training(self) -> None:
        training = self.report.training
        skills = {p.name: export.skills_text(p.skills) for p in self.report.crew}
        self.training_model.set_rows([(p, export.words(s), str(d), skills.get(p, ""))
                                      for p, s, d in training.trainings])
        self.training_note.setText(self.tr(
            "Backlog cleared with the crew as it is: {without}; with this cross-training: "
            "{with_}. Skills resting on one person: {before} now, {after} after.").format(
                without=records.horizon_text(training.without),
                with_=records.horizon_text(training.with_training),
                before=", ".join(training.single_points_before) or self.tr("none"),
                after=", ".join(training.single_points_after) or self.tr("none")))
        for curve, plan in zip(self.backlog_curves, (training.without,
                                                     training.with_training)):
            days = range(len(plan.backlog_by_day) + 1)  # day 0: the whole backlog
            curve.setData(list(days), [self.report.audit.backlog_person_hours,
                                       *plan.backlog_by_day])

    # ------------------------------------------------------------------ commands
    def inspect(self) -> None:
        module = self.module_filter.currentData() or "all"
        self.station.issue(Command.of("inspect", module=module), f"maintenance:{module}")

    def repair_candidates(self, f: records.Finding) -> list[tuple[str, str]]:
        """(label, name) of each person qualified for ``f``, best level first."""
        busy = {j.person for j in self.report.repairs if j.state in records.ACTIVE_REPAIR}
        able = sorted((p for p in self.report.crew if p.level(f.skill) >= 1),
                      key=lambda p: (p.name in busy, -p.level(f.skill), p.name))
        skill = export.words(f.skill)
        return [(f"{p.name}: {skill} level {p.level(f.skill)}, {p.hours_per_day:g} h/day, "
                 f"in {p.module}" + (" (busy)" if p.name in busy else ""), p.name)
                for p in able]

    def schedule_repair(self) -> None:
        f = self.selected()
        if f is None:
            self.station.notice(self.tr("Schedule repair: select a component in the "
                                        "Maintenance view first"))
            return
        choices = self.repair_candidates(f)
        if not choices:
            self.station.notice(self.tr("Schedule repair: nobody in the crew is qualified "
                                        "for {component}").format(component=f.id))
            return
        labels = [label for label, _ in choices]
        answer = self.station.choose(self.tr("Schedule repair"),
                                     self.tr("Repair {component} ({hours:g} person-hours):"
                                             ).format(component=f.id, hours=f.person_hours),
                                     labels)
        if answer in labels:
            person = dict(choices)[answer]
            self.station.issue(Command.of("repair", component=f.id, person=person),
                               f"maintenance:{f.id}")

    def cancel_repair(self) -> None:
        f = self.selected()
        if f is not None:
            self.station.issue(Command.of("cancel_repair", component=f.id),
                               f"maintenance:{f.id}")

    # ------------------------------------------------------------------ exports
    def export_dialog(self, kind: str) -> None:
        name = f"maintenance-audit.{kind}"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the audit"), name,
            self.tr("CSV (*.csv)") if kind == "csv" else self.tr("HTML report (*.html)"))
        if path:
            (self.export_csv if kind == "csv" else self.export_html)(Path(path))

    def export_csv(self, path: Path) -> bool:
        """Write the audit as CSV; False (after a warning dialog) if it cannot be written."""
        if self.report is None:
            self.refresh()
        return files.write_text(self, self.tr("Export the audit"), path,
                                export.to_csv(self.report.audit, self.life), newline="")

    def export_html(self, path: Path) -> bool:
        """Write the audit as an HTML report; False (after a warning dialog) if it cannot."""
        if self.report is None:
            self.refresh()
        r = self.report
        title = self.tr("{habitat}: maintenance audit").format(
            habitat=self.station.source.habitat.name)
        return files.write_text(self, self.tr("Export the audit"), path,
                                export.to_html(title, r.audit, r.crew, r.training, r.inventory,
                                          self.life, when=f"read at {mission_time(r.t_s)}"))

    # ------------------------------------------------------------------ theme
    def set_theme(self, theme: Theme) -> None:
        """Plots in the light or dark greys of ``theme``."""
        self.theme = theme
        for plot in (self.trend, self.backlog_plot):
            plot.setBackground(theme.plot_bg)
            item = plot.getPlotItem()
            item.getViewBox().setBackgroundColor(QColor(theme.plot_view))
            for side in ("left", "bottom"):
                item.getAxis(side).setPen(theme.plot_fg)
                item.getAxis(side).setTextPen(theme.plot_fg)
            for line in item.items:
                if isinstance(line, pg.InfiniteLine) and line.label is not None:
                    line.label.setColor(theme.text)
        line, other = theme.series[0], theme.series[3]
        self.past_curve.setPen(pg.mkPen(line, width=2))
        self.future_curve.setPen(pg.mkPen(line, width=2, style=Qt.PenStyle.DashLine))
        self.audited.setSymbolBrush(theme.text)
        self.backlog_curves[0].setPen(pg.mkPen(other, width=2))
        self.backlog_curves[1].setPen(pg.mkPen(line, width=2, style=Qt.PenStyle.DashLine))
        self.legend.setLabelTextColor(theme.text)
        for _sample, label in self.legend.items:
            label.setText(label.text)  # the new colour shows on the next render


