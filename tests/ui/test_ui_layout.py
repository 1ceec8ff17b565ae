"""The window on small screens: fitted geometry, everything inside the window at 1366x768
and 1024x700, docks closed and brought back, the default layout restored, a floated dock
back on the next start."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QApplication,
                               QDockWidget, QMainWindow, QTabBar, QWidget)

from habitat_gui.ui import layout
from habitat_gui.ui.schematic import DETAIL_TEXT_PX
from habitat_gui.ui.main_window import MainWindow
from support import OFFSCREEN_NOISE, ScriptedPrompts, ares_source, make_window

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, r"This plugin does not support raise\(\)")


# ----------------------------------------------------------------------------- fitting
@pytest.mark.parametrize(("saved", "available", "fitted"), [
    (QRect(100, 50, 1600, 1000), QRect(0, 0, 1366, 768), QRect(0, 0, 1366, 768)),
    (QRect(100, 50, 1600, 1000), QRect(0, 27, 1366, 741), QRect(0, 27, 1366, 741)),
    (QRect(300, 200, 800, 600), QRect(0, 0, 1024, 700), QRect(224, 100, 800, 600)),
    (QRect(-50, -20, 800, 600), QRect(0, 0, 1024, 700), QRect(0, 0, 800, 600)),
    (QRect(10, 10, 800, 600), QRect(0, 0, 1920, 1200), QRect(10, 10, 800, 600)),
    (QRect(2000, 10, 800, 600), QRect(1920, 0, 1280, 1024), QRect(2000, 10, 800, 600)),
    (QRect(100, 100, 800, 600), QRect(1920, 0, 1280, 1024), QRect(1920, 100, 800, 600))])
def test_fit_geometry(saved, available, fitted):
    assert layout.fit_geometry(saved, available) == fitted


def test_default_geometry_is_the_default_size_or_the_screen():
    assert layout.default_geometry(QRect(0, 0, 1920, 1200)) == QRect(160, 100, 1600, 1000)
    assert layout.default_geometry(QRect(0, 0, 1366, 768)) == QRect(0, 0, 1366, 768)


def test_a_geometry_saved_on_a_bigger_screen_is_fitted_to_this_one(qtbot, tmp_path,
                                                                  monkeypatch):
    path = str(tmp_path / "panel.ini")
    big = MainWindow(ares_source(), settings=QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(big)
    big.setGeometry(200, 100, 1600, 1000)
    big.save_settings()
    big.persist = False
    small = QRect(0, 0, 1366, 768)
    monkeypatch.setattr(layout, "available", lambda window: small)  # the laptop's screen
    laptop = MainWindow(ares_source(), settings=QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(laptop)
    laptop.persist = False
    assert laptop.geometry() == small


# ----------------------------------------------------------------------------- inside
def outside(window: QWidget) -> list[str]:
    """Every visible button, dock, label and bar that is not wholly inside the window (a
    widget in a scrolled view counts by its view)."""
    frame = window.rect()
    found = []
    behind = [d for d in window.findChildren(QDockWidget)
              if window.tabifiedDockWidgets(d) and d.visibleRegion().isEmpty()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if any(d is widget or d.isAncestorOf(widget) for d in behind):
            continue  # a tab behind another: shown when its tab is chosen
        if any(isinstance(a, QAbstractScrollArea) for a in _ancestors(widget, window)):
            continue  # scrolled into its view: the view is checked
        if widget.width() <= 0 or widget.height() <= 0:
            continue
        top_left = widget.mapTo(window, QPoint(0, 0))
        rect = QRect(top_left, widget.size())
        if not frame.contains(rect):
            found.append(f"{type(widget).__name__} {widget.objectName()!r} {rect}")
    return found


def tab_bars_over_something(window: QMainWindow) -> list[str]:
    """Each shown tab bar of the dock groups that lies over a shown dock or the central
    widget (where the bar of a group never stands), or repeats another's tabs."""
    shown = [d.geometry() for d in window.findChildren(QDockWidget)
             if d.isVisible() and not d.visibleRegion().isEmpty() and not d.isFloating()]
    shown.append(window.centralWidget().geometry())
    found, seen = [], set()
    for bar in window.findChildren(QTabBar):
        if bar.parent() is not window or not bar.isVisible():
            continue
        tabs = tuple(bar.tabText(i) for i in range(bar.count()))
        if tabs in seen or any(bar.geometry().intersects(r) for r in shown):
            found.append(f"{tabs} at {bar.geometry()}")
        seen.add(tabs)
    return found


def _ancestors(widget: QWidget, window: QWidget):
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        yield parent
        parent = parent.parentWidget()


@pytest.mark.parametrize("size", [(1366, 768), (1024, 700)])
def test_nothing_lies_outside_the_window_on_small_screens(qtbot, tmp_path, size):
    source = ares_source("hab3-generator-failure")
    source.run_until(30 * 3600)
    window = make_window(qtbot, tmp_path, source, show=False)
    window.resize(*size)
    window.arrange()
    window.show()
    qtbot.waitExposed(window)
    window.station.publish()
    QApplication.processEvents()
    assert window.size().width() == size[0] and window.size().height() == size[1]
    assert "\n".join(outside(window)) == ""
    window.station.select_module("hab-3")  # its detail and procedures move the docks
    window.station.publish()
    qtbot.waitUntil(lambda: tab_bars_over_something(window) == [])  # once laid out again
    buttons = [b for b in window.findChildren(QAbstractButton) if b.isVisible()]
    docks = [d for d in window.findChildren(QDockWidget) if d.isVisible()]
    assert len(buttons) > 10 and {d.objectName() for d in docks} >= {
        "dock_detail", "dock_trends", "dock_alarms"}
    assert window.alarm_banner.ack.isVisible() and window.statusBar().isVisible()


def test_minimum_sizes_fit_the_smallest_screen(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, ares_source("hab3-generator-failure"))
    hint = window.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 700


# ----------------------------------------------------------------------------- docks
def test_every_dock_can_be_closed_and_brought_back(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, ares_source("hab3-generator-failure"))
    menu = window.view_menu
    menu.refresh()
    listed = {a.text() for a in menu.menu.actions() if a.text()}
    assert {d.windowTitle() for d in window.docks.values()} <= listed
    assert "&Reset layout" in listed
    for dock in window.docks.values():
        assert dock.features() & QDockWidget.DockWidgetFeature.DockWidgetClosable
        dock.toggleViewAction().trigger()
        assert not dock.isVisible()
        dock.toggleViewAction().trigger()
        assert dock.isVisible()


def test_reset_layout_puts_every_dock_back(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, ares_source("hab3-generator-failure"))
    window.docks["crew"].close()
    window.docks["alarms"].setFloating(True)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, window.docks["detail"])
    window.view_menu.reset_action.trigger()
    assert all(d.isVisible() and not d.isFloating() for d in window.docks.values())
    assert window.dockWidgetArea(window.docks["detail"]) == Qt.DockWidgetArea.RightDockWidgetArea
    assert window.dockWidgetArea(window.docks["alarms"]) == \
        Qt.DockWidgetArea.BottomDockWidgetArea


def test_a_floated_dock_comes_back_on_the_next_start(qtbot, tmp_path):
    path = str(tmp_path / "panel.ini")
    first = MainWindow(ares_source("hab3-generator-failure"),
                       settings=QSettings(path, QSettings.Format.IniFormat),
                       prompts=ScriptedPrompts())
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.docks["maintenance"].open()  # the first time in a window of its own
    assert first.docks["maintenance"].isFloating()
    first.close()
    second = MainWindow(ares_source("hab3-generator-failure"),
                        settings=QSettings(path, QSettings.Format.IniFormat),
                        prompts=ScriptedPrompts())
    qtbot.addWidget(second)
    second.persist = False
    second.show()
    qtbot.waitExposed(second)
    dock = second.docks["maintenance"]
    assert dock.isFloating() and dock.isVisible()
    assert dock.widget() is not None and dock.width() > 200


def test_every_dock_and_bar_has_an_object_name(qtbot, tmp_path):
    from PySide6.QtWidgets import QToolBar

    window = make_window(qtbot, tmp_path, ares_source("hab3-generator-failure"))
    for widget in window.findChildren(QDockWidget) + window.findChildren(QToolBar):
        assert widget.objectName(), type(widget).__name__


# ----------------------------------------------------------------------------- text size
def test_the_minimum_text_size_follows_the_dpi(qtbot, tmp_path, monkeypatch):
    from PySide6.QtGui import QFont

    from habitat_gui.ui import fonts

    assert fonts.min_text_px() == pytest.approx(8.0 * 96 / 72)  # the test screen: 96 dpi
    small = QFont("DejaVu Sans")
    small.setPointSizeF(6.5)
    assert fonts.at_least_minimum(small).pointSizeF() == fonts.MIN_TEXT_PT
    window = make_window(qtbot, tmp_path)
    view = window.schematic
    view.fit()
    assert view.detailed  # the big test window: rows at a legible size
    assert view.transform().m11() * DETAIL_TEXT_PX >= fonts.min_text_px(view)
    monkeypatch.setattr(fonts, "MIN_TEXT_PT", 16.0)  # a screen where 8 pt is twice the pixels
    view.fit()
    assert not view.detailed and view.rooms["hab-3"].compact_title.isVisible()
