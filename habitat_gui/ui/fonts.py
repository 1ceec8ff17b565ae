"""Legible text on any screen: nothing smaller than :data:`MIN_TEXT_PT` points, which the
screen's logical DPI turns into pixels (10.7 px, a 7.7 px cap height, at 96 dpi). Widget
text is set in points, so it follows the DPI; the schematic, drawn in scene units and
scaled to fit, switches to its compact summary before its text would fall below this."""

from __future__ import annotations

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QWidget

MIN_TEXT_PT = 8.0
POINTS_PER_INCH = 72.0


def min_text_px(widget: QWidget | None = None) -> float:
    """The smallest legible text in device-independent pixels on ``widget``'s screen (the
    primary screen when none is given)."""
    screen = widget.screen() if widget is not None else QGuiApplication.primaryScreen()
    dpi = screen.logicalDotsPerInchY() if screen is not None else 96.0
    return MIN_TEXT_PT * dpi / POINTS_PER_INCH


def at_least_minimum(font: QFont) -> QFont:
    """``font``, raised to :data:`MIN_TEXT_PT` if it is smaller."""
    if 0 < font.pointSizeF() < MIN_TEXT_PT:
        font = QFont(font)
        font.setPointSizeF(MIN_TEXT_PT)
    return font
