"""The schematic fits the colony again when its room changes, not when a scroll bar comes
or goes: fitting for a bar made it go or come again at some sizes (under xcb a station's
window at 1366x768 resized its schematic for ever and its clock stood still)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTransform
from PySide6.QtWidgets import QApplication

from support import OFFSCREEN_NOISE, make_window

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def test_scroll_bars_coming_do_not_fit_again_and_a_new_size_does(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    view = window.schematic
    QApplication.processEvents()
    fitted = view.transform().m11()
    bar = view.horizontalScrollBar().isVisible()
    scale = fitted * (0.2 if bar else 3.0)  # the scene outgrows the view, or it the scene
    view.setTransform(QTransform.fromScale(scale, scale))
    QApplication.processEvents()
    assert view.horizontalScrollBar().isVisible() != bar  # the viewport's size changed
    assert view.transform().m11() == scale  # and nothing fitted the view again
    window.resize(window.width() - 200, window.height())
    qtbot.waitUntil(lambda: view.transform().m11() != scale, timeout=60_000)  # fitted anew
