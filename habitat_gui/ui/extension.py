"""The window extension API: what a feature (alarms, training, maintenance, replay,
procedures) may do to the main window. A feature's ``install(window)`` adds its docks,
menus, banners, status indicators and module-detail sections through these calls and
returns its views; it sets nothing on the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMenu, QStatusBar, QWidget

from ..contract.alarms import AlarmState
from .station import Station


@dataclass(frozen=True)
class ActionSpec:
    """One menu action: its key (object name ``action_<prefix><key>``), label, shortcut and
    what it does."""

    key: str
    label: str
    shortcut: str
    handler: Callable[[], object]


class Window(Protocol):
    """The main window as features see it."""

    station: Station
    controls: QWidget  # the clock controls row, under the banners

    def tr(self, text: str) -> str: ...

    def add_dock(self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea,
                 tab_with: str | None = None, orientation: Qt.Orientation | None = None,
                 dock: QDockWidget | None = None) -> QDockWidget: ...

    def add_menu(self, title: str, name: str, prefix: str,
                 specs: Iterable[ActionSpec | None]) -> QMenu: ...

    def add_banner(self, widget: QWidget, above: QWidget | None = None,
                   below: QWidget | None = None, across: bool = False) -> None: ...

    def add_status(self, widget: QWidget) -> None: ...

    def add_detail(self, widget: QWidget) -> None:
        """Show ``widget`` in the module detail, under its title (it follows the selection
        itself)."""
        ...

    def add_alarm_detail(self, widget: QWidget,
                         follow: Callable[[AlarmState | None], None]) -> None:
        """Show ``widget`` in the selected alarm's detail pane, above its guidance;
        ``follow`` is told each alarm the pane shows (None when none is selected)."""
        ...

    def statusBar(self) -> QStatusBar: ...

    def windowTitle(self) -> str: ...

    def setWindowTitle(self, title: str) -> None: ...
