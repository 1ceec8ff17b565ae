"""The control station window: SIMULATION banner, colony schematic (L1), module detail
(L2/L3), trends, crew roster and the event/command log, plus the Commands menu."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QApplication, QDockWidget, QLabel, QMainWindow, QMenu,
                               QStatusBar, QVBoxLayout, QWidget)


from ..contract.alarms import AlarmState
from ..sources.protocol import ControlToken, Drill, Forecasting, Runs, Maintenance, Operator, \
    PlantSource, Training
from ..sources.protocol import Procedures
from . import actions
from . import layout
from . import link_status as link_ui
from . import control as control_ui
from . import drill as drill_ui
from . import alarms as alarms_ui
from . import procedures as procedures_ui
from .maintenance import dock as maintenance_ui
from . import theme
from . import timeline as timeline_ui
from . import training as training_ui
from .confirm import Prompts
from .crew_table import CrewTable
from .event_log import EventLog
from .faceplates import ModuleDetail
from .extension import ActionSpec
from .forecasts import ForecastService, preview_html
from .marks import Marks
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
    """One run of a plant source; a drill's new run gets a window of its own (:meth:`renew`)."""

    sigRenewed = Signal(object)  # the MainWindow that took this one's place

    def __init__(self, source: PlantSource, settings: QSettings | None = None,
                 prompts: Prompts | None = None,
                 speed: float | None = None, history: TrendHistory | None = None,
                 player=None, operator: Operator | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings if settings is not None else default_settings()
        self.station = Station(source, prompts, self, operator)
        self.station.dialog_parent = self
        snap = self.station.latest
        simulated = snap.simulation is not None
        self.setWindowTitle((self.tr("[SIMULATION] ") if simulated else "")
                            + self.tr("Habitat Control Panel: {habitat}").format(
                                habitat=snap.habitat))

        central = QWidget()
        self.column = QVBoxLayout(central)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(0)
        self.banner = SimulationBanner() if simulated else None
        if self.banner is not None:
            self.column.addWidget(self.banner)
        self.controls = SimControls(self.station)
        self.column.addWidget(self.controls)
        positions = {m.id: m.position for m in source.habitat.modules}
        self.forecasts = None
        if isinstance(source, Forecasting):
            self.forecasts = ForecastService(self.station, source)
            self.station.preview = lambda command: preview_html(self.station, source, command)
        self.schematic = SchematicView(self.station, positions)
        self.schematic.setAccessibleName(self.tr("Colony schematic"))
        self.schematic.setAccessibleDescription(self.tr(
            "Modules as rooms with their ppO2, CO2, pressure and crew, interconnects as "
            "doors, equipment as glyphs; right-click for commands, Alt+arrows to select"))
        self.column.addWidget(self.schematic, 1)
        self.setCentralWidget(central)

        self.detail = ModuleDetail(self.station)
        self.trends = TrendsPanel(self.station, history)
        if self.forecasts is not None:
            self.forecasts.sigForecast.connect(self.schematic.show_forecast)
            self.forecasts.sigForecast.connect(self.trends.show_forecast)
        self.crew = CrewTable(self.station)
        self.log = EventLog(self.station)
        self.docks: dict[str, QDockWidget] = {}
        self.tab_bars = layout.tab_bar_sweeper(self)  # Qt's stray tab bars hidden
        self.add_dock("detail", self.tr("Module detail"), self.detail,
                      Qt.DockWidgetArea.RightDockWidgetArea)
        self.add_dock("trends", self.tr("Trends"), self.trends,
                      Qt.DockWidgetArea.BottomDockWidgetArea)
        self.add_dock("crew", self.tr("Crew"), self.crew, Qt.DockWidgetArea.BottomDockWidgetArea,
                      tab_with="trends")
        self.add_dock("log", self.tr("Events and commands"), self.log,
                      Qt.DockWidgetArea.BottomDockWidgetArea, tab_with="crew")
        self.docks["trends"].raise_()

        self.setStatusBar(QStatusBar())
        if simulated:
            mode = QLabel(self.tr(" SIMULATION "))
            mode.setObjectName("statusSimulation")
            mode.setStyleSheet("background:#2f2a5c; color:white; font-weight:bold")
            self.add_status(mode)
        self.command_actions: dict[str, QAction] = {}
        self._build_menus()
        alarms = alarms_ui.install(self, player)  # banner, Alarms dock and menu, annunciator
        self.annunciator, self.alarm_banner, self.alarm_panel = \
            alarms.annunciator, alarms.banner, alarms.panel
        self.training = training_ui.install(self, source, self.trends.picture_panels) \
            if isinstance(source, Training) else None  # training runs only
        if isinstance(source, Maintenance):
            maintenance_ui.install(self, source)  # Maintenance (L4) dock and menu
            self.docks["trends"].raise_()
        self.procedures = procedures_ui.install(self, source) \
            if isinstance(source, Procedures) else None  # Procedures dock, by the detail
        self.docks["detail"].raise_()
        self.timeline = timeline_ui.install(self)  # a replay's; a live run's recording named
        self.link_status = link_ui.install(self, (self.schematic, self.detail, self.trends,
                                                  self.crew)) \
            if snap.link is not None else None  # a plant over a network link
        self.control = control_ui.install(self, source) \
            if isinstance(source, ControlToken) else None  # one station commands at a time
        self.instructor = drill_ui.install(self, source) \
            if isinstance(source, Drill) else None  # an instructor's panel
        self.run = source.run if isinstance(source, Runs) else None
        self.station.sigSnapshot.connect(self._follow_run)
        self.station.sigCommandIssued.connect(self._on_command)
        self.station.sigCommandRefused.connect(self._on_refused)
        self.station.sigSelection.connect(self._on_selection)
        self.station.sigNotice.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.setGeometry(layout.default_geometry(layout.available(self)))
        self.setMinimumSize(layout.MINIMUM_SIZE.boundedTo(layout.available(self).size()))
        self.view_menu = layout.ViewMenu(self, self.docks, self.arrange)  # after all docks
        self.arrange()
        self.view_menu.remember_default()
        self.persist = True
        self._restore(speed)
        self.theme = theme.LIGHT
        QGuiApplication.styleHints().colorSchemeChanged.connect(self.apply_color_scheme)
        self.apply_color_scheme(theme.system_scheme())
        if snap.modules:
            self.station.select_module(snap.modules[0].id)

    # ----------------------------------------------------------------- extension API
    def add_dock(self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea,
                 tab_with: str | None = None, orientation: Qt.Orientation | None = None,
                 dock: QDockWidget | None = None) -> QDockWidget:
        """Add a dock (object name ``dock_<key>``) holding ``widget`` (or ``dock`` itself, a
        dock of the feature's own), tabbed behind ``tab_with`` if given, or split beside
        what is in ``area`` along ``orientation``."""
        if dock is None:
            dock = QDockWidget(title, self)
            dock.setWidget(widget)
        dock.setParent(self)
        dock.setObjectName(f"dock_{key}")
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)  # View menu
        if orientation is not None:
            self.addDockWidget(area, dock, orientation)
        else:
            self.addDockWidget(area, dock)
        if tab_with is not None:
            self.tabifyDockWidget(self.docks[tab_with], dock)
        self.docks[key] = dock
        return dock

    def add_detail(self, widget: QWidget) -> None:
        self.detail.add_section(widget)

    def add_alarm_detail(self, widget: QWidget,
                         follow: Callable[[AlarmState | None], None]) -> None:
        self.alarm_panel.detail.add_section(widget, follow)

    def add_menu(self, title: str, name: str, prefix: str,
                 specs: Iterable[ActionSpec | None]) -> QMenu:
        """Add a menu (object name ``name``) of actions with window-wide shortcuts, each
        kept in :attr:`command_actions` as ``<prefix><key>``; None is a separator."""
        menu = self.menuBar().addMenu(title)
        menu.setObjectName(name)
        menu.setToolTipsVisible(True)
        for spec in specs:
            if spec is None:
                menu.addSeparator()
                continue
            action = QAction(self.tr(spec.label), self)
            action.setObjectName(f"action_{prefix}{spec.key}")
            action.setShortcut(QKeySequence(spec.shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(spec.handler)
            menu.addAction(action)
            self.command_actions[f"{prefix}{spec.key}"] = action
        return menu

    def add_banner(self, widget: QWidget, above: QWidget | None = None,
                   below: QWidget | None = None, across: bool = False) -> None:
        """Put a banner across the window: at the top, or just above ``above`` or just
        below ``below``; ``across``: above the docks too, the whole window's width."""
        if across:
            layout.banner_bar(self, widget, f"bar_{widget.objectName()}")
            return
        if below is not None:
            index = self.column.indexOf(below) + 1
        else:
            index = max(self.column.indexOf(above), 0) if above is not None else 0
        self.column.insertWidget(index, widget)

    def add_status(self, widget: QWidget) -> None:
        """Add a permanent indicator to the status bar."""
        self.statusBar().addPermanentWidget(widget)

    # ----------------------------------------------------------------- menus
    def _build_menus(self) -> None:
        self.add_menu(self.tr("&File"), "fileMenu", "",
                      [ActionSpec("quit", "&Quit", "Ctrl+Q", self.close)])
        select = {"next_module": lambda: self._cycle("module", 1),
                  "prev_module": lambda: self._cycle("module", -1),
                  "next_link": lambda: self._cycle("interconnect", 1),
                  "prev_link": lambda: self._cycle("interconnect", -1)}
        commands = self.add_menu(self.tr("&Commands"), "commandsMenu", "", [
            None if item is None else ActionSpec(
                item.key, item.label, item.shortcut,
                select[item.key] if item.choose is None
                else (lambda _=False, a=item: self._run_menu_action(a)))
            for item in actions.MENU])
        commands.aboutToShow.connect(self.offer_commands)
        commands.aboutToHide.connect(self._listen_to_shortcuts)

    def _run_menu_action(self, item: actions.MenuAction) -> None:
        choice = actions.menu_choice(self.station, item)
        if choice is None:
            return
        if choice.blocked:  # a shortcut on a command the plant would refuse: say why
            self.statusBar().showMessage(choice.blocked, 8000)
            return
        ident = self.station.selected_module if item.scope == "module" \
            else self.station.selected_interconnect
        actions.run(self.station, choice, f"{item.scope}:{ident}")

    def offer_commands(self) -> None:
        """As the Commands menu opens: each action enabled only when the plant would accept
        it now, the reason as its tooltip when not (the same choices as the context menus)."""
        for item in actions.MENU:
            if item is None or item.choose is None:
                continue
            choice = actions.menu_choice(self.station, item)
            action = self.command_actions[item.key]
            blocked = choice.blocked if choice else ""
            action.setEnabled(not blocked)
            action.setToolTip(blocked or self.tr(item.label))

    def _listen_to_shortcuts(self) -> None:
        """Once the menu closes, every shortcut answers again: it runs the command when the
        plant would accept it and says why not otherwise (in the status bar)."""
        for item in actions.MENU:
            if item is not None and item.choose is not None:
                self.command_actions[item.key].setEnabled(True)

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

    def _on_refused(self, command, reason: str, origin: str) -> None:
        self.statusBar().showMessage(
            self.tr("{command}: not sent: {reason}").format(command=command.text(),
                                                           reason=reason), 20000)

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
            layout.fit_window(self)  # saved on a bigger screen: fitted to this one
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
        self.theme = theme.for_scheme(scheme)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setPalette(theme.palette(self.theme))
        theme.restyle(self)
        self.schematic.set_theme(self.theme)
        self.trends.set_theme(self.theme)

    def arrange(self) -> None:
        """Size the docks from the window (the default arrangement)."""
        beside = [self.docks["alarms"]] if "alarms" in self.docks else []
        right = [d for k, d in self.docks.items() if k in ("detail", "training")]
        layout.size_docks(self, right, [self.docks["trends"]], beside)
        self.docks["trends"].raise_()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the docks are laid out again
            self.tab_bars.start()  # then Qt's stray tab bars are hidden (direct children only)
        return super().event(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        layout.fit_window(self)  # now with the window manager's frame known

    def select_worst_module(self) -> None:
        """Select the module whose alarms are the most urgent (screenshots)."""
        marks: Marks = self.station.marks
        snap = self.station.latest
        if snap.modules:
            worst = max(snap.modules, key=lambda m: marks.severity(m.id))
            if marks.severity(worst.id) > 0:
                self.station.select_module(worst.id)

    def start(self) -> None:
        self.station.start()

    # ----------------------------------------------------------------- a drill's new run
    def _follow_run(self, _snap) -> None:
        """A drill's plant started another run (seen on a tick): renew the window once the
        tick is over."""
        source = self.station.source
        if self.run is not None and isinstance(source, Runs) and source.run != self.run:
            self.run = None
            QTimer.singleShot(0, self.renew)

    def renew(self) -> MainWindow:
        """A window built afresh for the source's present run (its habitat, scenario, training
        dock and menus), on this one's geometry and dock state, with this one's settings,
        prompts, speed, operator and sound player; shown and started as this one was, then
        this one is closed. :attr:`sigRenewed` hands over the successor (whoever holds this
        window deletes it then: the application does at once)."""
        station = self.station
        successor = MainWindow(station.source, self.settings, station.prompts, station.speed,
                               player=self.annunciator.player, operator=station.operator)
        successor.persist = self.persist
        successor.restoreGeometry(self.saveGeometry())
        successor.restoreState(self.saveState())
        if self.isVisible():
            successor.show()
        if station.running:
            successor.start()
        self.persist = False  # the successor saves the layout when it closes
        self.close()
        self.sigRenewed.emit(successor)
        return successor

    def closeEvent(self, event) -> None:
        self.station.stop()
        if self.forecasts is not None:
            self.forecasts.wait()
        if self.persist:
            self.save_settings()
        super().closeEvent(event)
