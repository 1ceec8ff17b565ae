"""The maintenance view's dock, built when first wanted, and the Maintenance menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from ...sources.protocol import Maintenance as MaintenanceSource
from ..extension import ActionSpec, Window
from ..station import Station

if TYPE_CHECKING:
    from .view import MaintenanceView

FLOAT_W, FLOAT_H = 1500, 860  # the view opened from the menu, in its own window


class MaintenanceDock(QDockWidget):
    """The view's dock. The view is built, and its module imported, the first time it is
    wanted (about 150 ms of widgets and plots kept out of the panel's start)."""

    def __init__(self, window: Window, source: MaintenanceSource) -> None:
        super().__init__(window.tr("Maintenance (L4)"))
        self.setObjectName("dock_maintenance")
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.station: Station = window.station
        self.source = source
        self._view: MaintenanceView | None = None
        self.visibilityChanged.connect(self._on_visibility)

    @property
    def built(self) -> bool:
        return self._view is not None

    def view(self) -> MaintenanceView:
        if self._view is None:
            from .view import MaintenanceView

            self._view = MaintenanceView(self.station, self.source)
            self.setWidget(self._view)
        return self._view

    def _on_visibility(self, visible: bool) -> None:
        if visible:
            self.view()._on_visibility(True)

    def open(self) -> MaintenanceView:
        """Show the view, in a window of its own the first time (it needs the room); the
        dock's title bar puts it back among the bottom docks."""
        window = self.parentWidget()
        view = self.view()
        if not self.isFloating() and not view.on_screen():
            self.setFloating(True)
            frame = window.geometry()
            self.setGeometry(frame.x() + 40, frame.y() + 60, min(frame.width() - 80, FLOAT_W),
                             min(frame.height() - 100, FLOAT_H))
        self.show()
        if not self.isFloating():
            self.raise_()  # its tab to the front
        view.refresh()
        return view


def install(window: Window, source: MaintenanceSource) -> MaintenanceDock:
    """Add the Maintenance (L4) dock, tabbed with the bottom docks, and the Maintenance menu."""
    dock = MaintenanceDock(window, source)
    window.add_dock("maintenance", dock.windowTitle(), dock, Qt.DockWidgetArea.BottomDockWidgetArea,
                    tab_with="log", dock=dock)
    window.add_menu(window.tr("&Maintenance"), "maintenanceMenu", "maintenance_", [
        ActionSpec("view", "Maintenance view (L4)", "Ctrl+Shift+W", dock.open),
        ActionSpec("inspect", "Inspect the filtered module", "Ctrl+Shift+I",
                   lambda: dock.view().inspect()),
        ActionSpec("repair", "Schedule repair of the selected component…", "Ctrl+Alt+R",
                   lambda: dock.view().schedule_repair()),
        ActionSpec("csv", "Export the audit as CSV…", "Ctrl+Alt+V",
                   lambda: dock.view().export_dialog("csv")),
        ActionSpec("html", "Export the audit as HTML…", "Ctrl+Alt+H",
                   lambda: dock.view().export_dialog("html"))])
    return dock
