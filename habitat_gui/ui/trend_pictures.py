"""The trends as pictures for a report (the debrief): drawn with QPainter on a QImage, so
they can be made on a worker thread from a copy of the history taken on the UI thread."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QPolygonF

INK, PAPER, VIEW, GRID = "#1e1e1e", "#f4f4f4", "#ffffff", "#d0d0d0"
MAX_POINTS = 1500  # per line: more than the picture has pixels across


@dataclass(frozen=True)
class Line:
    name: str
    colour: str
    dash: Qt.PenStyle
    values: np.ndarray


@dataclass(frozen=True)
class Panel:
    """One picture: its title, the lines over ``hours`` and the limits as (value, label,
    colour)."""

    title: str
    hours: np.ndarray
    lines: tuple[Line, ...]
    limits: tuple[tuple[float, str, str], ...]


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    step = (high - low) / count if high > low else 1.0
    magnitude = 10 ** np.floor(np.log10(step))
    step = min((m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= step),
               default=step)
    start = np.ceil(low / step) * step
    return [float(v) for v in np.arange(start, high + step * 1e-6, step)]


def render(panel: Panel, width: int = 900, height: int = 280) -> bytes:
    """The picture as PNG bytes."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(PAPER))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont("DejaVu Sans")
    font.setPixelSize(12)
    painter.setFont(font)
    box = QRectF(70, 28, width - 90, height - 66)
    painter.fillRect(box, QColor(VIEW))
    values = [ln.values[np.isfinite(ln.values)] for ln in panel.lines]
    present = [v for v in values if v.size]
    low = min([float(v.min()) for v in present], default=0.0)
    high = max([float(v.max()) for v in present], default=1.0)
    shown = [lim for lim in panel.limits if low - (high - low) <= lim[0] <= high + (high - low)]
    low, high = min([low, *(lim[0] for lim in shown)]), max([high, *(lim[0] for lim in shown)])
    pad = (high - low) * 0.08 or max(abs(high) * 0.01, 0.5)
    low, high = low - pad, high + pad
    t0, t1 = (float(panel.hours[0]), float(panel.hours[-1])) if len(panel.hours) else (0, 1)
    t1 = t1 if t1 > t0 else t0 + 1.0

    def at(t: float, v: float) -> QPointF:
        return QPointF(box.left() + (t - t0) / (t1 - t0) * box.width(),
                       box.bottom() - (v - low) / (high - low) * box.height())

    painter.setPen(QPen(QColor(GRID), 1))
    for v in _ticks(low, high):
        painter.drawLine(at(t0, v), at(t1, v))
        painter.setPen(QColor(INK))
        painter.drawText(QRectF(0, at(t0, v).y() - 8, 64, 16),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{v:g}")
        painter.setPen(QPen(QColor(GRID), 1))
    for t in _ticks(t0, t1, 8):
        painter.drawLine(at(t, low), at(t, high))
        painter.setPen(QColor(INK))
        painter.drawText(QRectF(at(t, low).x() - 30, box.bottom() + 4, 60, 16),
                         Qt.AlignmentFlag.AlignCenter, f"{t:g}")
        painter.setPen(QPen(QColor(GRID), 1))
    for value, label, colour in shown:
        painter.setPen(QPen(QColor(colour), 1.5, Qt.PenStyle.DashLine))
        painter.drawLine(at(t0, value), at(t1, value))
        painter.setPen(QColor(INK))
        painter.drawText(at(t0, value) + QPointF(4, -4), label)
    stride = max(1, len(panel.hours) // MAX_POINTS)
    hours = panel.hours[::stride]
    for line in panel.lines:
        painter.setPen(QPen(QColor(line.colour), 1.5, line.dash))
        painter.drawPolyline(QPolygonF([at(float(t), float(v)) for t, v
                                        in zip(hours, line.values[::stride]) if np.isfinite(v)]))
    painter.setPen(QPen(QColor(INK), 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(box)
    painter.drawText(QRectF(box.left(), 4, box.width(), 20), Qt.AlignmentFlag.AlignLeft,
                     panel.title)
    x = box.right()
    for line in reversed(panel.lines):  # the legend, right to left along the top
        x -= painter.fontMetrics().horizontalAdvance(line.name) + 34
        painter.setPen(QPen(QColor(line.colour), 2, line.dash))
        painter.drawLine(QPointF(x, 14), QPointF(x + 24, 14))
        painter.setPen(QColor(INK))
        painter.drawText(QPointF(x + 28, 18), line.name)
    painter.drawText(QRectF(box.left(), height - 20, box.width(), 18),
                     Qt.AlignmentFlag.AlignCenter, "simulated time (h)")
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def render_all(panels: tuple[Panel, ...]) -> dict[str, bytes]:
    """Every panel as PNG bytes, by its caption."""
    return {p.title: render(p) for p in panels}


__all__ = ["Line", "Panel", "render", "render_all"]
