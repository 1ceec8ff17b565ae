"""The control station window: SIMULATION banner, colony schematic (L1), module detail
(L2/L3), trends, crew roster and the event/command log, plus the Commands menu."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QColor, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QApplication, QDockWidget, QLabel, QMainWindow, QMenu,
                               QStatusBar, QVBoxLayout, QWidget)

from ..core.operations.commands import (Close, Command, Evacuate, Open, Override, ReleaseOverride, Seal, SwitchGenerator, Unseal)
from ..sources.simulated import DataSource
from . import actions as A
from . import alarms as alarms_ui
from . import maintenance as maintenance_ui
from . import style as S
from . import theme as T
from . import training as training_ui
from .confirm import Prompts
from .crew_table import CrewTable
from .event_log import EventLog
from .faceplates import ModuleDetail
from .forecasts import ForecastService, preview_html
from .history import TrendHistory
from .schematic import SchematicView
from .sim_controls import SimControls, SimulationBanner
from .station import Station
from .trends import TrendsPanel

ORGANIZATION = "Ares"
APPLICATION = "Habitat Control Panel"


def default_settings() -> QSettings:
    return QSettings(ORGANIZATION, APPLICATION)


class MainWindow(QMainWindow):
    def __init__(self, source: DataSource, settings: QSettings | None = None,
                 prompts: Prompts | None = None,
                 speed: float | None = None, history: TrendHistory | None = None,
                 player=None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings if settings is not None else default_settings()
        self.station = Station(source, prompts, self)
        self.station.dialog_parent = self
        snap = self.station.latest
        simulated = bool(getattr(source, "simulated", False))
        self.setWindowTitle((self.tr("[SIMULATION] ") if simulated else "")
                            + self.tr("Habitat Control Panel: {habitat}").format(
                                habitat=snap.habitat))

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.banner = SimulationBanner() if simulated else None
        if self.banner is not None:
            column.addWidget(self.banner)
        self.controls = SimControls(self.station)
        column.addWidget(self.controls)
        positions = {m.id: m.position for m in source.habitat.modules}
        self.forecasts = ForecastService(self.station)
        self.station.preview = lambda command: preview_html(self.station, command)
        self.schematic = SchematicView(self.station, positions)
        self.forecasts.sigForecast.connect(self.schematic.show_forecast)
        self.schematic.setAccessibleName(self.tr("Colony schematic"))
        self.schematic.setAccessibleDescription(self.tr(
            "Modules as rooms with their ppO2, CO2, pressure and crew, interconnects as "
            "doors, equipment as glyphs; right-click for commands, Alt+arrows to select"))
        column.addWidget(self.schematic, 1)
        self.setCentralWidget(central)

        self.detail = ModuleDetail(self.station)
        self.trends = TrendsPanel(self.station, history)
        self.forecasts.sigForecast.connect(self.trends.show_forecast)
        self.crew = CrewTable(self.station)
        self.log = EventLog(self.station)
        self.docks: dict[str, QDockWidget] = {}
        self._dock("detail", self.tr("Module detail"), self.detail,
                   Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("trends", self.tr("Trends"), self.trends,
                   Qt.DockWidgetArea.BottomDockWidgetArea)
        self._dock("crew", self.tr("Crew"), self.crew, Qt.DockWidgetArea.BottomDockWidgetArea)
        self._dock("log", self.tr("Events and commands"), self.log,
                   Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.docks["trends"], self.docks["crew"])
        self.tabifyDockWidget(self.docks["crew"], self.docks["log"])
        self.docks["trends"].raise_()

        self.setStatusBar(QStatusBar())
        if simulated:
            mode = QLabel(self.tr(" SIMULATION "))
            mode.setObjectName("statusSimulation")
            mode.setStyleSheet("background:#2f2a5c; color:white; font-weight:bold")
            self.statusBar().addPermanentWidget(mode)
        self.command_actions: dict[str, QAction] = {}
        self._build_menus()
        alarms_ui.install(self, column, player)  # banner, Alarms dock and menu, annunciator
        self.training = training_ui.install(self, self.trends.pictures)  # training runs only
        maintenance_ui.install(self)  # Maintenance (L4) dock and menu
        self.station.sigCommandIssued.connect(self._on_command)
        self.station.sigSelection.connect(self._on_selection)
        self.resize(1600, 1000)
        self.resizeDocks([self.docks["detail"]], [470], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["trends"]], [360], Qt.Orientation.Vertical)
        self.resizeDocks([self.docks["trends"], self.docks["alarms"]], [940, 660],
                         Qt.Orientation.Horizontal)
        self.persist = True
        self._restore(speed)
        self.theme = T.LIGHT
        QGuiApplication.styleHints().colorSchemeChanged.connect(self.apply_color_scheme)
        self.apply_color_scheme(T.system_scheme())
        if snap.modules:
            self.station.select_module(snap.modules[0].id)

    # ----------------------------------------------------------------- layout
    def _dock(self, key: str, title: str, widget: QWidget, area) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{key}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        self.docks[key] = dock

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        quit_action = file_menu.addAction(self.tr("&Quit"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)

        menu: QMenu = bar.addMenu(self.tr("&Commands"))
        menu.setObjectName("commandsMenu")

        def add(key: str, label: str, shortcut: str, handler) -> None:
            action = QAction(self.tr(label), self)
            action.setObjectName(f"action_{key}")
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(handler)
            menu.addAction(action)
            self.command_actions[key] = action

        link = self._link_command
        mod = self._module_command
        add("next_module", "Select next module", "Alt+Right", lambda: self._cycle("module", 1))
        add("prev_module", "Select previous module", "Alt+Left", lambda: self._cycle("module", -1))
        add("next_link", "Select next interconnect", "Alt+Down",
            lambda: self._cycle("interconnect", 1))
        add("prev_link", "Select previous interconnect", "Alt+Up",
            lambda: self._cycle("interconnect", -1))
        menu.addSeparator()
        add("open", "Open selected interconnect", "Ctrl+Shift+O", lambda: link(Open))
        add("close", "Close selected interconnect", "Ctrl+Shift+C", lambda: link(Close))
        add("seal", "Seal selected interconnect", "Ctrl+Shift+S", lambda: link(Seal))
        add("unseal", "Unseal selected interconnect", "Ctrl+Shift+U", lambda: link(Unseal))
        menu.addSeparator()
        add("evacuate", "Evacuate selected module…", "Ctrl+Shift+E", self._evacuate)
        add("switch_backup", "Switch selected module to backup generator", "Ctrl+Shift+B",
            lambda: mod(lambda m: SwitchGenerator(m, "backup")))
        add("switch_primary", "Switch selected module to primary generator", "Ctrl+Shift+P",
            lambda: mod(lambda m: SwitchGenerator(m, "primary")))
        add("relay_backup", "Force relay of selected module to BACKUP", "Ctrl+Alt+B",
            lambda: mod(lambda m: Override(f"{m}.relay", "backup")))
        add("relay_primary", "Force relay of selected module to PRIMARY", "Ctrl+Alt+P",
            lambda: mod(lambda m: Override(f"{m}.relay", "primary")))
        add("release_all", "Release every override in selected module", "Ctrl+Shift+R",
            self._release_all)

    # ----------------------------------------------------------------- commands
    def _need(self, what: str) -> str | None:
        ident = (self.station.selected_module if what == "module"
                 else self.station.selected_interconnect)
        if not ident:
            self.statusBar().showMessage(
                self.tr("Select a {what} on the schematic first").format(what=what), 8000)
        return ident

    def _link_command(self, cls: type[Command]) -> None:
        link_id = self._need("interconnect")
        if link_id:
            self.station.issue(cls(link_id), f"interconnect:{link_id}")

    def _module_command(self, make) -> None:
        module_id = self._need("module")
        if module_id:
            self.station.issue(make(module_id), f"module:{module_id}")

    def _evacuate(self) -> None:
        module_id = self._need("module")
        if not module_id:
            return
        targets = A.evacuation_targets(self.station.latest, module_id)
        to = self.station.choose(self.tr("Evacuate {module}").format(module=module_id),
                                 self.tr("Move everyone in {module} to:").format(
                                     module=module_id), targets)
        if to:
            self.station.issue(Evacuate(module_id, to), f"module:{module_id}")

    def _release_all(self) -> None:
        module_id = self._need("module")
        if not module_id:
            return
        snap = self.station.latest
        held = [u.id for u in snap.units if u.module == module_id and u.override] + \
               [r.id for r in snap.relays if r.module == module_id and r.override]
        if not held:
            self.statusBar().showMessage(
                self.tr("No overrides held in {module}").format(module=module_id), 8000)
        for unit_id in held:
            self.station.issue(ReleaseOverride(unit_id), f"module:{module_id}")

    def _cycle(self, kind: str, step: int) -> None:
        snap = self.station.latest
        if kind == "module":
            ids = [m.id for m in snap.modules]
            current = self.station.selected_module
        else:
            ids = [k.id for k in snap.interconnects]
            current = self.station.selected_interconnect
        if not ids:
            return
        k = (ids.index(current) + step) % len(ids) if current in ids else 0
        if kind == "module":
            self.station.select_module(ids[k])
        else:
            self.station.select_interconnect(ids[k])

    def _on_command(self, record, origin: str) -> None:
        text = (f"{record.command} {' '.join(f'{k}={v}' for k, v in record.args.items())}: "
                f"{record.outcome.upper()}: {record.reason}")
        self.statusBar().showMessage(text, 20000)

    def _on_selection(self, kind: str, ident: str) -> None:
        if ident:
            self.statusBar().showMessage(
                self.tr("Selected {kind} {id}").format(kind=kind, id=ident), 4000)

    # ----------------------------------------------------------------- settings
    def _restore(self, speed: float | None) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = s.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        if speed is None:
            try:
                speed = float(s.value("simulation/speed", 1.0))
            except (TypeError, ValueError):
                speed = 1.0
        self.station.set_speed(speed)
        self.controls.set_speed(speed)

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("simulation/speed", float(self.station.speed))
        s.sync()

    # ----------------------------------------------------------------- scheme
    def apply_color_scheme(self, scheme: Qt.ColorScheme) -> None:
        """Follow the system's light or dark scheme: palette, schematic and plots."""
        self.theme = T.for_scheme(scheme)
        app = QApplication.instance()
        if app is not None:
            app.setPalette(T.palette(self.theme))
        self.schematic.setBackgroundBrush(QColor(self.theme.schematic))
        self.trends.set_theme(self.theme)

    def select_worst_module(self) -> None:
        """Select the module with the most severe abnormal conditions (screenshots)."""
        snap = self.station.latest
        if snap.modules:
            worst = max(snap.modules, key=lambda m: severity(snap, m.id))
            if severity(snap, worst.id) > 0:
                self.station.select_module(worst.id)

    def start(self) -> None:
        self.station.start()

    def closeEvent(self, event) -> None:
        self.station.stop()
        self.forecasts.wait()
        if self.persist:
            self.save_settings()
        super().closeEvent(event)



def severity(snap, module_id: str) -> int:
    """A rough ranking of how abnormal a module is (alarms, failures, overrides)."""
    m = snap.module(module_id)
    score = sum(10 if a.priority == 1 else 3 for a in S.value_alarms(m).values())
    score += sum(10 for u in snap.units if u.module == module_id and u.state == "FAILED")
    score += sum(3 for r in snap.relays if r.module == module_id and r.fused)
    score += sum(1 for u in snap.units if u.module == module_id and u.override)
    return score
