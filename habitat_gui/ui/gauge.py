"""Small analog indicators for the overview (ISA-101): a horizontal bar with the normal band
shaded, the alarm limits as grey ticks (the HIGH one heavier) and the value as a pointer.

The scale comes from the plant's alarm limits (``alarm_limits()``) and the normal band from
:func:`.style.normal_band`; the pointer takes an alarm's colour only when an alarm state
marks the value (:mod:`.marks`), never because of where it sits on the bar.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from ..contract.alarms import AlarmLimit
from . import style
from .marks import Mark

BAR_FILL = QColor("#b4b4b4")   # the scale outside the normal band
BAND_FILL = QColor("#eeeeee")  # the normal band
EDGE = QColor("#6a6a6a")


@dataclass(frozen=True)
class Scale:
    """Where a quantity's bar starts and ends, its normal band and its alarm limits."""

    quantity: str
    low: float
    high: float
    band: tuple[float, float]
    ticks: tuple[tuple[float, int], ...]  # (limit, priority number)

    def fraction(self, value: float) -> float:
        """Where ``value`` sits along the bar, 0 at the left end, 1 at the right (clamped)."""
        return min(max((value - self.low) / (self.high - self.low), 0.0), 1.0)

    def x(self, value: float, width: float) -> float:
        return self.fraction(value) * width


def scale_for(limits: tuple[AlarmLimit, ...], quantity: str) -> Scale | None:
    """The bar of ``quantity``: its limits with room either side; a side with no limit
    (open, such as ppO2 above or CO2 below) reaches as far again as the limits span, or to
    zero. None when the plant has no limits on it."""
    mine = [lim for lim in limits if lim.quantity == quantity]
    band = style.normal_band(limits, quantity)
    if not mine or band is None:
        return None
    values = [lim.value for lim in mine]
    span = (max(values) - min(values)) or max(values) * 0.2
    below = any(lim.when == "below" for lim in mine)
    above = any(lim.when == "above" for lim in mine)
    low = min(values) - 0.15 * span if below else 0.0
    high = max(values) + (0.15 * span if above else span)
    return Scale(quantity, low, high, (max(band[0], low), min(band[1], high)),
                 tuple(sorted((lim.value, lim.number) for lim in mine)))


def pointer_colour(mark: Mark | None) -> QColor:
    """The pointer's colour: the marking alarm's priority colour, else the plain text grey."""
    return style.PRIORITY_COLOURS[mark.number] if mark is not None else style.TEXT


def paint_gauge(painter: QPainter, rect: QRectF, scale: Scale, value: float | None,
                mark: Mark | None) -> None:
    """The bar in ``rect``: scale, normal band, limit ticks, then the pointer."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    x0, w = rect.x(), rect.width()
    painter.setPen(QPen(EDGE, 1))
    painter.setBrush(QBrush(BAR_FILL))
    painter.drawRect(rect)
    band = QRectF(x0 + scale.x(scale.band[0], w), rect.y(),
                  scale.x(scale.band[1], w) - scale.x(scale.band[0], w), rect.height())
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(BAND_FILL))
    painter.drawRect(band)
    for limit, number in scale.ticks:  # grey: colour is for what is abnormal now
        tx = x0 + scale.x(limit, w)
        painter.setPen(QPen(style.TEXT, 2.5 if number == 1 else 1.5))
        painter.drawLine(QPointF(tx, rect.top() - 2), QPointF(tx, rect.bottom() + 2))
    if value is not None:
        px = x0 + scale.x(value, w)
        painter.setPen(QPen(style.TEXT, 1))
        painter.setBrush(QBrush(pointer_colour(mark)))
        painter.drawPolygon(QPolygonF([QPointF(px, rect.center().y() + 1),
                                       QPointF(px - 5, rect.bottom() + 6),
                                       QPointF(px + 5, rect.bottom() + 6)]))
        painter.drawRect(QRectF(px - 1.5, rect.top() - 1, 3, rect.height() + 2))
    painter.restore()


class Gauge(QGraphicsItem):
    """A gauge on a room of the overview."""

    def __init__(self, parent: QGraphicsItem, scale: Scale, width: float = 70.0,
                 height: float = 8.0) -> None:
        super().__init__(parent)
        self.scale, self.width, self.height = scale, width, height
        self.value: float | None = None
        self.mark: Mark | None = None

    def set_value(self, value: float, mark: Mark | None) -> None:
        if (value, mark) != (self.value, self.mark):
            self.value, self.mark = value, mark
            self.update()

    def pointer_x(self) -> float:
        """Where the pointer stands, in the item's coordinates."""
        return self.scale.x(self.value, self.width) if self.value is not None else 0.0

    def boundingRect(self) -> QRectF:
        return QRectF(-6, -3, self.width + 12, self.height + 10)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        paint_gauge(painter, QRectF(0, 0, self.width, self.height), self.scale, self.value,
                    self.mark)


GAUGED = ("ppo2_kpa", "co2_ppm", "pressure_kpa")  # a room's first three value lines


def room_gauges(room: QGraphicsItem, limits: tuple[AlarmLimit, ...], x: float, y: float,
                pitch: float, width: float = 70.0) -> dict[str, Gauge]:
    """One gauge per gauged quantity the plant has limits on, one line apart."""
    out = {}
    for k, quantity in enumerate(GAUGED):
        scale = scale_for(limits, quantity)
        if scale is not None:
            out[quantity] = Gauge(room, scale, width)
            out[quantity].setPos(x, y + k * pitch)
    return out


__all__ = ["Gauge", "Scale", "scale_for", "pointer_colour", "paint_gauge", "room_gauges"]
