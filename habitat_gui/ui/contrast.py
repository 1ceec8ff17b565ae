"""Text contrast as WCAG 2 measures it: relative luminance and the contrast ratio of two
colours. Every text on the panel, in both schemes, meets :data:`AA` (4.5:1)."""

from __future__ import annotations

from PySide6.QtGui import QColor

AA = 4.5  # WCAG 2.x success criterion 1.4.3, normal text


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    """Relative luminance, 0 (black) to 1 (white), of an sRGB colour."""
    return (0.2126 * _channel(colour.redF()) + 0.7152 * _channel(colour.greenF())
            + 0.0722 * _channel(colour.blueF()))


def ratio(foreground: QColor, background: QColor) -> float:
    """The contrast ratio of two colours, 1 (none) to 21 (black on white)."""
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)
