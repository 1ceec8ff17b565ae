"""The window on the screens crews have: it opens within the available screen (a saved
geometry from a bigger one is fitted), docks are sized from the window rather than fixed,
every dock can be closed and brought back (View menu) and the default arrangement restored
(*Reset layout*); the alarm banner spans the whole window above the docks.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QTabBar, QToolBar, QWidget

DEFAULT_SIZE = QSize(1600, 1000)
MINIMUM_SIZE = QSize(1024, 700)  # the smallest crew screen: everything must fit in it
DETAIL_SHARE, DETAIL_PX = 0.30, (280, 470)   # the right docks: share of width, clamp
BOTTOM_SHARE, BOTTOM_PX = 0.34, (190, 360)   # the bottom docks: share of height, clamp
TRENDS_SHARE = 0.58                          # trends' share of the bottom row


def fit_geometry(saved: QRect, available: QRect) -> QRect:
    """``saved`` shrunk to fit ``available`` if it is bigger, then moved inside it (as
    little as needed): a window never opens partly off-screen."""
    width = min(saved.width(), available.width())
    height = min(saved.height(), available.height())
    x = min(max(saved.x(), available.left()), available.left() + available.width() - width)
    y = min(max(saved.y(), available.top()), available.top() + available.height() - height)
    return QRect(x, y, width, height)


def default_geometry(available: QRect) -> QRect:
    """The first start: the default size, or the available screen if smaller, centred."""
    size = DEFAULT_SIZE.boundedTo(available.size())
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(available.center())
    return fit_geometry(rect, available)


def available(window: QWidget) -> QRect:
    """Where the window may lie: its screen's available geometry less the frame the window
    manager adds (known once shown, else none)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    frame, inner = window.frameGeometry(), window.geometry()
    if window.isVisible() and frame.isValid():
        area = area.adjusted(inner.left() - frame.left(), inner.top() - frame.top(),
                             inner.right() - frame.right(), inner.bottom() - frame.bottom())
    return area


def fit_window(window: QWidget) -> None:
    """Move and shrink the window, and each dock floating beside it, into the screen if it
    is not within it."""
    area = available(window)
    fitted = fit_geometry(window.geometry(), area)
    if fitted != window.geometry() and not window.isMaximized():
        window.setGeometry(fitted)
    for dock in window.findChildren(QDockWidget):
        if dock.isFloating() and not area.contains(dock.geometry()):
            dock.setGeometry(fit_geometry(dock.geometry(), area))


def size_docks(window: QMainWindow, right: list[QDockWidget], bottom: list[QDockWidget],
               beside: list[QDockWidget]) -> None:
    """Share the window between the schematic and the docks: ``right`` (the detail) and
    ``bottom`` (trends, then ``beside`` them the alarms) get a share of the window's size,
    within bounds, so the schematic keeps the most room on any screen."""
    w, h = window.width(), window.height()
    window.resizeDocks(right, [_share(w, DETAIL_SHARE, DETAIL_PX)] * len(right),
                       Qt.Orientation.Horizontal)
    window.resizeDocks(bottom, [_share(h, BOTTOM_SHARE, BOTTOM_PX)] * len(bottom),
                       Qt.Orientation.Vertical)
    if beside:
        left = int(w * TRENDS_SHARE)
        window.resizeDocks([bottom[0], *beside], [left] + [w - left] * len(beside),
                           Qt.Orientation.Horizontal)


def _share(total: int, share: float, bounds: tuple[int, int]) -> int:
    return int(min(max(total * share, bounds[0]), bounds[1]))


def hide_stray_tab_bars(window: QMainWindow) -> None:
    """Hide each tab bar of the window's dock groups that no docked group sits on.

    Qt (6.11) leaves a second tab bar shown, with the group's tabs, wherever the group
    stood when a dock is tabbed into a dock area beside another area that has tabs; it is
    painted over whatever lies there. The bar in use touches its group's visible dock: it
    starts where the dock starts and lies along its top or bottom edge."""
    direct = Qt.FindChildOption.FindDirectChildrenOnly
    docks = [d for d in window.findChildren(QDockWidget, options=direct)
             if d.isVisible() and not d.isFloating()]
    shown = [d.geometry() for d in docks if not d.visibleRegion().isEmpty()]
    central = window.centralWidget()
    if central is not None:
        shown.append(central.geometry())
    for bar in window.findChildren(QTabBar, options=direct):
        if not bar.isVisible():
            continue
        titles = {bar.tabText(i) for i in range(bar.count())}
        if any(bar.geometry().intersects(r) for r in shown) or not any(
                _sits_on(bar.geometry(), d.geometry()) for d in docks
                if d.windowTitle() in titles):
            bar.hide()


def _sits_on(bar: QRect, dock: QRect, slack_px: int = 3) -> bool:
    edge = min(abs(bar.top() - dock.bottom() - 1), abs(bar.bottom() + 1 - dock.top()))
    return abs(bar.left() - dock.left()) <= slack_px and edge <= slack_px


def tab_bar_sweeper(window: QMainWindow) -> QTimer:
    """A timer of the window's own that runs :func:`hide_stray_tab_bars` once the layout
    has settled; the window starts it on each of its layout requests."""
    timer = QTimer(window)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(lambda: hide_stray_tab_bars(window))
    return timer


def banner_bar(window: QMainWindow, widget: QWidget, name: str) -> QToolBar:
    """``widget`` across the whole window at the top, above the docks: a fixed tool bar
    (object name ``name``) that cannot be moved, floated or hidden."""
    bar = QToolBar(window)
    bar.setObjectName(name)
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
    bar.toggleViewAction().setVisible(False)  # not offered in the window's menus
    bar.setStyleSheet("QToolBar { border: 0px; padding: 0px; spacing: 0px; }")
    bar.setContentsMargins(0, 0, 0, 0)
    bar.addWidget(widget)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar


class ViewMenu:
    """The View menu: each dock's show/hide action and *Reset layout*, which puts every
    dock back where it starts (docked, shown, sized to the window)."""

    def __init__(self, window: QMainWindow, docks: dict[str, QDockWidget], arrange) -> None:
        self.window, self.docks, self.arrange = window, docks, arrange
        self.default_state = QByteArray()
        self.menu = QMenu(window.tr("&View"), window)
        self.menu.setObjectName("viewMenu")
        self.menu.aboutToShow.connect(self.refresh)
        self.reset_action = QAction(window.tr("&Reset layout"), window)
        self.reset_action.setObjectName("action_view_reset")
        self.reset_action.setShortcut(QKeySequence("Ctrl+Shift+0"))
        self.reset_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.reset_action.triggered.connect(self.reset)
        window.addAction(self.reset_action)
        window.menuBar().addMenu(self.menu)

    def remember_default(self) -> None:
        """Take the arrangement as it is now as the one *Reset layout* restores."""
        self.default_state = self.window.saveState()

    def refresh(self) -> None:
        self.menu.clear()
        for dock in sorted(self.docks.values(), key=lambda d: d.windowTitle()):
            action = dock.toggleViewAction()
            action.setObjectName(f"action_view_{dock.objectName()}")
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.reset_action)

    def reset(self) -> None:
        for dock in self.docks.values():
            dock.setFloating(False)
        self.window.restoreState(self.default_state)
        for dock in self.docks.values():
            dock.show()
        self.arrange()
