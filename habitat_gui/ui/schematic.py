"""L1 colony overview: rooms, doors and equipment glyphs drawn from the habitat.

Muted greys for the plant; a value or unit that one of the plant's alarms is about gets
that alarm's priority marker (red square "1", amber triangle "2", yellow diamond "3") next
to it plus its word (LOW, HIGH, LEAK, FAILED). A manual override
carries a purple "OVR" tag until it is released. The scene fits the window; when its text
would be smaller than legible (:mod:`.fonts`: a minimum from the screen's DPI) rooms switch
to a compact, larger-lettered summary. No text overlaps another or leaves its room: rows
are laid out from measured widths, and a command's callout has a strip of its own below
the rooms.
"""

from __future__ import annotations

import math
import textwrap

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen,
                           QPolygonF, QTransform)
from PySide6.QtWidgets import (QGraphicsItem, QGraphicsLineItem, QGraphicsPathItem,
                               QGraphicsRectItem, QGraphicsScene, QGraphicsSimpleTextItem,
                               QGraphicsView)

from ..contract.timefmt import duration
from ..contract.state import InterconnectState, ModuleState, RelayState, Snapshot, UnitState
from . import fonts, style
from .actions import interconnect_menu, module_menu
from .gauge import room_gauges
from .marks import BREACH, CARBON_DIOXIDE, OXYGEN, PRESSURE, Mark, Marks
from .station import Station

ROOM_W, ROOM_H = 320.0, 236.0
CELL_W, CELL_H = 440.0, 330.0
GAP_W = CELL_W - ROOM_W - 8  # what a door's words may take across a horizontal corridor
ROW_H = 18.5
DETAIL_TEXT_PX = 12.5   # the smallest text of the detailed rooms (equipment rows)
COMPACT_PX = 22.0       # the compact summary's lines
COMPACT_PITCH = 46.0    # from one to the next: room for a line's gauge under it
DOOR_PX = {True: 13.0, False: 20.0}      # door states: detailed, compact
CALLOUT_PX = {True: 14.0, False: 22.0}
CALLOUT_LINES = 2
CALLOUT_STRIP = CALLOUT_PX[False] * 1.25 * CALLOUT_LINES + 24  # below the rooms
GAP = 6.0  # between a row's words and its tag


def _font(px: float, bold: bool = False) -> QFont:
    f = QFont("DejaVu Sans")
    f.setPixelSize(int(px))
    f.setBold(bold)
    return f


def _text(parent: QGraphicsItem, px: float, x: float, y: float, bold: bool = False,
          colour=style.TEXT) -> QGraphicsSimpleTextItem:
    item = QGraphicsSimpleTextItem(parent)
    item.setFont(_font(px, bold))
    item.setBrush(QBrush(colour))
    item.setPos(x, y)
    return item


def _wrap(text: str, font: QFont, width: float) -> str:
    """``text``'s lines broken at spaces so that each fits ``width`` where it can."""
    metrics = QFontMetricsF(font)
    out: list[str] = []
    for line in text.splitlines():
        words = line.split(" ")
        current = words[0]
        for word in words[1:]:
            if metrics.horizontalAdvance(f"{current} {word}") <= width:
                current = f"{current} {word}"
            else:
                out.append(current)
                current = word
        out.append(current)
    return "\n".join(out)


def _set(item: QGraphicsSimpleTextItem, text: str) -> None:
    if item.text() != text:
        item.setText(text)


class AlarmMarker(QGraphicsItem):
    """Priority 1: red square holding '1'; 2: amber triangle holding '2'; 3: yellow diamond
    holding '3' (ISA-101: shape, number and colour together)."""

    def __init__(self, parent: QGraphicsItem, size: float = 14.0) -> None:
        super().__init__(parent)
        self.size = size
        self.priority = 0
        self.setVisible(False)

    def set_priority(self, priority: int) -> None:
        if priority != self.priority:
            self.priority = priority
            self.setVisible(priority > 0)
            self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.size, self.size)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        s = self.size
        painter.setPen(QPen(style.TEXT, 1))
        painter.setBrush(QBrush(style.PRIORITY_COLOURS.get(self.priority, style.ALARM_HIGH)))
        if self.priority == 1:
            painter.drawRect(QRectF(0, 0, s, s))
        elif self.priority == 2:
            painter.drawPolygon(QPolygonF([QPointF(s / 2, 0), QPointF(s, s), QPointF(0, s)]))
        else:
            painter.drawPolygon(QPolygonF([QPointF(s / 2, -s * 0.1), QPointF(s * 1.1, s / 2),
                                           QPointF(s / 2, s * 1.1), QPointF(-s * 0.1, s / 2)]))
        painter.setPen(QPen(Qt.GlobalColor.white if self.priority == 1 else style.TEXT))
        painter.setFont(_font(s * (0.8 if self.priority != 3 else 0.7), True))
        rect = QRectF(0, s * 0.12 if self.priority == 2 else 0, s, s)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(self.priority))


class Tag(QGraphicsItem):
    """A small boxed word (override tag), filled purple with white letters."""

    def __init__(self, parent: QGraphicsItem, px: float = 10.0) -> None:
        super().__init__(parent)
        self.px = px
        self.text = ""
        self.setVisible(False)

    def set_text(self, text: str) -> None:
        if text != self.text:
            self.prepareGeometryChange()
            self.text = text
            self.setVisible(bool(text))

    def width(self) -> float:
        return QFontMetricsF(_font(self.px, True)).horizontalAdvance(self.text) + 8

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.width(), self.px + 5)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setPen(QPen(style.TEXT, 1))
        painter.setBrush(QBrush(style.OVERRIDE))
        painter.drawRect(self.boundingRect())
        painter.setPen(QPen(style.ON_OVERRIDE))
        painter.setFont(_font(self.px, True))
        painter.drawText(self.boundingRect(), Qt.AlignmentFlag.AlignCenter, self.text)


class Glyph(QGraphicsItem):
    """Equipment symbol: circle = O2 generator, square = scrubber, diamond = pressure
    control, bar = relay. Solid grey when running/on, hollow when off or standby,
    crossed out when FAILED."""

    SHAPES = {"o2_generator": "circle", "co2_scrubber": "square",
              "pressure_control": "diamond", "relay": "relay"}

    def __init__(self, parent: QGraphicsItem, kind: str, size: float = 12.0) -> None:
        super().__init__(parent)
        self.shape_name = self.SHAPES.get(kind, "square")
        self.size = size
        self.active = False
        self.failed = False

    def set_state(self, active: bool, failed: bool) -> None:
        if (active, failed) != (self.active, self.failed):
            self.active, self.failed = active, failed
            self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(-1, -1, self.size + 2, self.size + 2)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        s = self.size
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(style.EQUIP_EDGE, 1.4))
        painter.setBrush(QBrush(style.EQUIP_ACTIVE if self.active else style.EQUIP_IDLE))
        r = QRectF(0, 0, s, s)
        if self.shape_name == "circle":
            painter.drawEllipse(r)
        elif self.shape_name == "diamond":
            painter.drawPolygon(QPolygonF([QPointF(s / 2, 0), QPointF(s, s / 2),
                                           QPointF(s / 2, s), QPointF(0, s / 2)]))
        elif self.shape_name == "relay":
            painter.drawLine(QPointF(0, s * 0.7), QPointF(s, s * 0.2))
            painter.drawEllipse(QRectF(-1, s * 0.55, 3, 3))
            painter.drawEllipse(QRectF(s - 2, s * 0.55, 3, 3))
        else:
            painter.drawRect(r)
        if self.failed:
            painter.setPen(QPen(style.TEXT, 1.6))
            painter.drawLine(QPointF(0, 0), QPointF(s, s))
            painter.drawLine(QPointF(s, 0), QPointF(0, s))


def _tag(override: str | None, locked_for: str) -> str:
    """The word on a unit's tag: REPAIR while locked out for one, else its override."""
    if locked_for:
        return "REPAIR"
    return f"OVR {override.upper()}" if override else ""


class EquipmentRow:
    """Glyph + 'O2 GEN A  primary  ON' + override tag + alarm marker."""

    def __init__(self, room: QGraphicsItem, kind: str, y: float) -> None:
        self.glyph = Glyph(room, kind)
        self.glyph.setPos(10, y + 2)
        self.label = _text(room, DETAIL_TEXT_PX, 28, y)
        self.y = y
        self.tag = Tag(room, 11)
        self.marker = AlarmMarker(room, 14)
        self.marker.setPos(ROOM_W - 20, y + 1)
        self.items = (self.glyph, self.label, self.tag, self.marker)

    def _place_tag(self) -> None:
        """The tag just left of the marker's place, clear of the words."""
        self.tag.setPos(self.marker.x() - GAP / 2 - self.tag.width(), self.y)

    def update_unit(self, u: UnitState, mark: Mark | None) -> None:
        name = u.id.split(".", 1)[-1].upper()
        role = {"primary": "pri", "backup": "bkp", "standby": "sby"}.get(u.role, u.role)
        short = style.UNIT_SHORT.get(u.kind, u.kind)
        role_text = f" {role}" if role else ""
        _set(self.label, f"{short} {name}{role_text}  {u.state}")
        self.glyph.set_state(u.state in ("ON", "RUNNING", "WARMUP") or u.state.startswith("ADD")
                             or u.state == "HOLDING", u.state == "FAILED")
        self.tag.set_text(_tag(u.override, u.locked_for))
        self._place_tag()
        self.marker.set_priority(mark.number if mark else 0)

    def update_relay(self, r: RelayState, mark: Mark | None) -> None:
        _set(self.label, f"RELAY  {r.state}")
        self.glyph.set_state(True, False)
        self.tag.set_text(_tag(r.override, r.locked_for))
        self._place_tag()
        self.marker.set_priority(mark.number if mark else 0)

    def set_visible(self, visible: bool) -> None:
        self.glyph.setVisible(visible)
        self.label.setVisible(visible)
        self.tag.setVisible(visible and bool(self.tag.text))
        self.marker.setVisible(visible and self.marker.priority > 0)


class ValueLine:
    """Marker + 'ppO2 21.2 kPa  O2 20.9 %' (+ LOW/HIGH)."""

    def __init__(self, room: QGraphicsItem, x: float, y: float, px: float, bold=False) -> None:
        self.marker = AlarmMarker(room, px)
        self.marker.setPos(x, y + 1)
        self.label = _text(room, px, x + px + 5, y, bold)

    def update(self, text: str, mark: Mark | None, word: bool = True) -> None:
        _set(self.label, f"{text}  {mark.word}" if mark and word else text)
        self.marker.set_priority(mark.number if mark else 0)

    def set_visible(self, visible: bool) -> None:
        self.label.setVisible(visible)
        self.marker.setVisible(visible and self.marker.priority > 0)


class ModuleItem(QGraphicsRectItem):
    """One module as a room with headline values and equipment rows."""

    def __init__(self, view: SchematicView, module_id: str, name: str,
                 units: list[UnitState], relay: RelayState | None) -> None:
        super().__init__(0, 0, ROOM_W, ROOM_H)
        self.view = view
        self.module_id = module_id
        self.setBrush(QBrush(style.ROOM_FILL))
        self.setPen(QPen(style.ROOM_EDGE, 2))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAcceptHoverEvents(False)
        self.title = _text(self, 17, 10, 6, bold=True)
        self.title.setText(name)
        self.urgent: tuple[str, float] | None = None  # first danger the forecast sees
        self.crew = _text(self, 14, ROOM_W - 80, 8)
        self.values = [ValueLine(self, 10, 32 + k * 19, 14) for k in range(4)]
        self.gauges = room_gauges(self, view.station.source.alarm_limits(), ROOM_W - 84, 37, 19)
        self.rule = QGraphicsLineItem(8, 110, ROOM_W - 8, 110, self)
        self.rule.setPen(QPen(style.ROOM_EDGE, 1))
        self.rows: dict[str, EquipmentRow] = {}
        y = 114.0
        order = sorted(units, key=lambda u: (["o2_generator", "co2_scrubber",
                                               "pressure_control"].index(u.kind)
                                              if u.kind in style.UNIT_SHORT else 9, u.id))
        for u in order:
            self.rows[u.id] = EquipmentRow(self, u.kind, y)
            y += ROW_H
            if u.kind == "o2_generator" and u.role == "backup" and relay is not None:
                self.rows[relay.id] = EquipmentRow(self, "relay", y)
                y += ROW_H
        if relay is not None and relay.id not in self.rows:
            self.rows[relay.id] = EquipmentRow(self, "relay", y)
            y += ROW_H
        if y + 6 > ROOM_H:
            self.setRect(0, 0, ROOM_W, y + 6)
        # compact summary for small scales
        self.compact_title = _text(self, 30, 10, 8, bold=True)
        self.compact_title.setText(name)
        self.compact = [ValueLine(self, 10, 52 + k * COMPACT_PITCH, COMPACT_PX)
                        for k in range(4)]
        # under each of the compact summary's first three lines, in the gap to the next
        self.compact_gauges = room_gauges(self, view.station.source.alarm_limits(), 16,
                                          52 + COMPACT_PX + 10, COMPACT_PITCH, ROOM_W - 40)
        self.detailed = True
        self.last: tuple | None = None    # the latest state (update_state's arguments)
        self.shown: tuple | None = None   # the state written into the room
        self._apply_detail()

    def set_selected(self, selected: bool) -> None:
        self.setPen(QPen(style.SELECTED_EDGE if selected else style.ROOM_EDGE,
                         5 if selected else 2))

    def set_detailed(self, detailed: bool) -> None:
        if detailed != self.detailed:
            self.detailed = detailed
            self._apply_detail()
            if self.last is not None:
                self.update_state(*self.last)

    def _apply_detail(self) -> None:
        d = self.detailed
        for item in (self.title, self.crew, self.rule):
            item.setVisible(d)
        for line in self.values:
            line.set_visible(d)
        for gauge in self.gauges.values():
            gauge.setVisible(d)
        for row in self.rows.values():
            row.set_visible(d)
        self.compact_title.setVisible(not d)
        for line in self.compact:
            line.set_visible(not d)
        for gauge in self.compact_gauges.values():
            gauge.setVisible(not d)

    def update_state(self, m: ModuleState, units: list[UnitState],
                     relay: RelayState | None, marks: Marks) -> None:
        """Write the module's values and its alarm marks into whichever representation is
        shown."""
        self.last = self.shown = (m, units, relay, marks)
        r = m.reading
        o2_mark = marks.quantity(m.id, OXYGEN)
        co2_mark = marks.quantity(m.id, CARBON_DIOXIDE)
        pressure_mark = marks.quantity(m.id, PRESSURE)
        leak = marks.quantity(m.id, BREACH)
        for quantity, gauge in (self.gauges if self.detailed else self.compact_gauges).items():
            gauge.set_value(getattr(r, quantity), marks.quantity(m.id, (quantity,)))
        if self.detailed:
            _set(self.crew, f"crew {m.crew_count}")
            self.values[0].update(f"ppO2 {r.ppo2_kpa:.1f} kPa  O2 {r.o2_pct:.1f} %", o2_mark)
            self.values[1].update(f"CO2 {r.co2_ppm:.0f} ppm", co2_mark)
            self.values[2].update(f"P {r.pressure_kpa:.1f} kPa  {r.temperature_c:.1f} °C",
                                  pressure_mark)
            if leak:
                self.values[3].update(f"LEAK: 65 kPa in {duration(m.breach_time_s)}", leak,
                                      word=False)
            elif self.urgent is not None:
                words, seconds = self.urgent
                self.values[3].update(f"forecast: {words} in {duration(seconds)}", None)
            else:
                self.values[3].update("", None)
            for u in units:
                row = self.rows.get(u.id)
                if row is not None:
                    row.update_unit(u, marks.target(u.id))
            if relay is not None and relay.id in self.rows:
                self.rows[relay.id].update_relay(relay, marks.target(relay.id))
            return
        # compact summary (tens of modules): the same facts in fewer, larger words
        failed = sum(u.state == "FAILED" for u in units)
        overridden = sum(u.override is not None for u in units)
        overridden += relay is not None and relay.override is not None
        self.compact[0].update(f"ppO2 {r.ppo2_kpa:.1f} kPa", o2_mark)
        self.compact[1].update(f"CO2 {r.co2_ppm:.0f}", co2_mark)
        self.compact[2].update(f"P {r.pressure_kpa:.1f}  crew {m.crew_count}",
                               pressure_mark or leak)
        words = []
        if failed:
            words.append(f"{failed} FAILED")
        if relay is not None and relay.fused:
            words.append("FUSED")
        if overridden:
            words.append(f"{overridden} OVR")
        equipment = [marks.target(u.id) for u in units] + \
            ([marks.target(relay.id)] if relay is not None else [])
        worst = min((e for e in equipment if e), key=lambda e: e.number, default=None)
        self.compact[3].update(" ".join(words) or "equipment normal", worst, word=False)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.view.station.select_module(self.module_id)
        event.accept()

    def contextMenuEvent(self, event) -> None:
        self.view.station.select_module(self.module_id)
        self.view.last_menu = module_menu(self.view.station, self.module_id, self.view)
        self.view.last_menu.popup(event.screenPos())
        event.accept()


class DoorItem(QGraphicsItem):
    """An interconnect: hatch = one leaf, airlock = two leaves. Open = hollow leaf with a
    gap, closed = grey leaf, sealed = dark leaf crossed out; the state is written beside it,
    with PEV OPEN under it while its equalisation valve is open."""

    LEAF = 34.0

    def __init__(self, view: SchematicView, link_id: str, kind: str, vertical: bool) -> None:
        super().__init__()
        self.view = view
        self.link_id = link_id
        self.kind = kind
        self.vertical = vertical        # the corridor runs vertically
        self.state = ""
        self.words = ""
        self.crack: float | None = None
        self.pev = False
        self.mark: Mark | None = None
        self.setZValue(2)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.detailed = True
        self.label = _text(self, DOOR_PX[True], 0, 0, bold=True)
        self.marker = AlarmMarker(self, 12)
        self.selected = False

    def set_look(self, detailed: bool, ink: QColor) -> None:
        """The state's words in the scheme's ink on the schematic background, larger in
        the compact view."""
        self.label.setBrush(QBrush(ink))
        if detailed != self.detailed:
            self.detailed = detailed
            self.label.setFont(_font(DOOR_PX[detailed], True))
            self._place_label()

    def boundingRect(self) -> QRectF:
        w, h = (self.LEAF, 16.0) if self.vertical else (16.0, self.LEAF)
        return QRectF(-w / 2 - 3, -h / 2 - 3, w + 6, h + 6)

    def update_state(self, link: InterconnectState, mark: Mark | None) -> None:
        shown = (link.state, link.crack_mm, link.pev_open, mark)
        if shown == (self.state, self.crack, self.pev, self.mark):
            return
        self.state, self.crack, self.pev, self.mark = shown
        word = link.state.upper()
        if self.kind == "airlock":
            word = f"AIRLOCK\n{word}"
        if link.pev_open:
            word += "\nPEV OPEN"
        if link.crack_mm:
            word += f"\n(sim crack {link.crack_mm:g} mm)"
        self.words = word
        self.marker.set_priority(mark.number if mark else 0)
        self._place_label()
        self.update()

    def _place_label(self) -> None:
        """Beside a door in a vertical corridor, above one in a horizontal corridor; the
        alarm marker left of the words."""
        self.label.setText(self.words if self.vertical else
                           _wrap(self.words, self.label.font(), GAP_W))
        br = self.label.boundingRect()
        if self.vertical:
            self.label.setPos(self.LEAF / 2 + 8, -br.height() / 2)
            self.marker.setPos(self.label.pos().x() - 16, self.label.pos().y() + 1)
        else:
            self.label.setPos(-br.width() / 2, -self.LEAF / 2 - br.height() - 4)
            self.marker.setPos(-self.marker.size / 2, self.label.pos().y() - 16)

    def set_selected(self, selected: bool) -> None:
        if selected != self.selected:
            self.selected = selected
            self.update()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        leaf_w, leaf_h = (self.LEAF, 7.0) if self.vertical else (7.0, self.LEAF)
        offsets = (-5.0, 5.0) if self.kind == "airlock" else (0.0,)
        fill = {"open": style.DOOR_OPEN, "closed": style.DOOR_CLOSED, "sealed": style.DOOR_SEALED}[
            self.state or "open"]
        pen = QPen(style.SELECTED_EDGE if self.selected else style.EQUIP_EDGE,
                   3 if self.selected else 1.5)
        for off in offsets:
            dx, dy = (0.0, off) if self.vertical else (off, 0.0)
            r = QRectF(dx - leaf_w / 2, dy - leaf_h / 2, leaf_w, leaf_h)
            painter.setPen(pen)
            painter.setBrush(QBrush(fill))
            if self.state == "open":
                # a leaf swung aside: two stubs with a passage between them
                if self.vertical:
                    painter.drawRect(QRectF(r.left(), r.top(), 8, leaf_h))
                    painter.drawRect(QRectF(r.right() - 8, r.top(), 8, leaf_h))
                else:
                    painter.drawRect(QRectF(r.left(), r.top(), leaf_w, 8))
                    painter.drawRect(QRectF(r.left(), r.bottom() - 8, leaf_w, 8))
            else:
                painter.drawRect(r)
                if self.state == "sealed":
                    painter.setPen(QPen(style.EQUIP_IDLE, 1.5))
                    painter.drawLine(r.topLeft(), r.bottomRight())
                    painter.drawLine(r.topRight(), r.bottomLeft())

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.view.station.select_interconnect(self.link_id)
        event.accept()

    def contextMenuEvent(self, event) -> None:
        self.view.station.select_interconnect(self.link_id)
        self.view.last_menu = interconnect_menu(self.view.station, self.link_id, self.view)
        self.view.last_menu.popup(event.screenPos())
        event.accept()


class Callout(QGraphicsRectItem):
    """A boxed message next to where a command was given: its outcome, or why it was not
    sent (a heavier frame). It is a message, not an alarm: it carries no priority mark."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(10)
        self.setBrush(QBrush(style.EQUIP_IDLE))
        self.label = _text(self, CALLOUT_PX[True], 8, 7)
        self.setVisible(False)

    def show_message(self, text: str, refused: bool, at: QPointF, strip: QRectF,
                     detailed: bool) -> None:
        """Show ``text`` in ``strip`` (below the rooms), as near ``at``'s x as it fits, in
        at most :data:`CALLOUT_LINES` lines (cut with "…")."""
        font = _font(CALLOUT_PX[detailed])
        self.label.setFont(font)
        metrics = QFontMetricsF(font)
        per_line = max(int((strip.width() - 18) / metrics.averageCharWidth() * 0.9), 20)
        lines = [part for line in text.splitlines()
                 for part in textwrap.wrap(line, per_line) or [""]]
        if len(lines) > CALLOUT_LINES:
            lines = lines[:CALLOUT_LINES - 1] + [lines[CALLOUT_LINES - 1][:per_line - 1] + "…"]
        self.label.setText("\n".join(lines))
        self.setToolTip(text)
        self.setPen(QPen(style.TEXT, 3 if refused else 1.5))
        br = self.label.boundingRect()
        self.setRect(0, 0, br.width() + 18, br.height() + 14)
        x = min(max(at.x(), strip.left()), strip.right() - self.rect().width())
        self.setPos(x, strip.top())
        self.setVisible(True)


def grid_positions(module_ids: list[str], given: dict[str, tuple[float, float] | None],
                   links: list[tuple[str, str]] | None = None
                   ) -> dict[str, tuple[float, float]]:
    """Habitat positions when every module has one, else a layout of our own: with the
    interconnects known, each module in a free cell next to one it joins (so corridors are
    short and straight, crossing no room); otherwise a square-ish grid."""
    if module_ids and all(given.get(m) is not None for m in module_ids):
        return {m: given[m] for m in module_ids}  # type: ignore[misc]
    if links:
        return _joined_grid(module_ids, links)
    cols = max(1, math.ceil(math.sqrt(len(module_ids))))
    return {m: (float(k % cols), float(k // cols)) for k, m in enumerate(module_ids)}


def _joined_grid(module_ids: list[str], links: list[tuple[str, str]]
                 ) -> dict[str, tuple[float, float]]:
    """Breadth first from the first module: each neighbour into a free cell beside the
    module that joins it (right, below, left, above); an unjoined or boxed-in module starts
    a new row below everything placed."""
    joined: dict[str, list[str]] = {m: [] for m in module_ids}
    for a, b in links:
        if a in joined and b in joined:
            joined[a].append(b)
            joined[b].append(a)
    cells: dict[str, tuple[int, int]] = {}
    taken: set[tuple[int, int]] = set()
    for start in module_ids:
        if start in cells:
            continue
        cell = (0, max((y for _, y in taken), default=-1) + 1)
        cells[start] = cell
        taken.add(cell)
        queue = [start]
        while queue:
            here = queue.pop(0)
            x, y = cells[here]
            for other in joined[here]:
                if other in cells:
                    continue
                free = next((c for c in ((x + 1, y), (x, y + 1), (x - 1, y), (x, y - 1))
                             if c not in taken), None)
                if free is None:
                    continue  # placed later, from another neighbour or on a row of its own
                cells[other] = free
                taken.add(free)
                queue.append(other)
    left = min(x for x, _ in cells.values())
    top = min(y for _, y in cells.values())
    return {m: (float(x - left), float(y - top)) for m, (x, y) in cells.items()}


class SchematicView(QGraphicsView):
    """The colony overview; click a room or door to select it, right-click for commands."""

    def __init__(self, station: Station, positions: dict[str, tuple[float, float] | None]
                 | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("schematic")
        self.station = station
        self.setScene(QGraphicsScene(self))
        self.setBackgroundBrush(QBrush(style.BACKGROUND))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setAccessibleName("Colony schematic")
        self.rooms: dict[str, ModuleItem] = {}
        self.doors: dict[str, DoorItem] = {}
        self.detailed = True
        self._fitted_for = QSize()  # the room the view had at its last fit
        self.door_ink = QColor(style.TEXT)
        self.last_menu = None
        self.callout = Callout()
        self._callout_timer = QTimer(self)
        self._callout_timer.setSingleShot(True)
        self._callout_timer.setInterval(8000)
        self._callout_timer.timeout.connect(lambda: self.callout.setVisible(False))
        self._build(station.latest, positions or {})
        station.sigSnapshot.connect(self._on_snapshot)
        station.sigSelection.connect(self._on_selection)
        station.sigCommandIssued.connect(self._on_command)
        station.sigCommandRefused.connect(self._on_refused)
        self._on_snapshot(station.latest)

    def _build(self, snap: Snapshot, positions: dict) -> None:
        scene = self.scene()
        ids = [m.id for m in snap.modules]
        grid = grid_positions(ids, positions, [link.between for link in snap.interconnects])
        centres = {}
        for m in snap.modules:
            units = [u for u in snap.units if u.module == m.id]
            relay = next((r for r in snap.relays if r.module == m.id), None)
            room = ModuleItem(self, m.id, m.name, units, relay)
            gx, gy = grid[m.id]
            room.setPos(gx * CELL_W, gy * CELL_H)
            scene.addItem(room)
            self.rooms[m.id] = room
            centres[m.id] = room.pos() + QPointF(ROOM_W / 2, ROOM_H / 2)
        for link in snap.interconnects:
            a, b = centres[link.between[0]], centres[link.between[1]]
            path = QPainterPath(a)
            path.lineTo(b)
            corridor = QGraphicsPathItem(path)
            corridor.setPen(QPen(style.ROOM_EDGE, 10))
            corridor.setZValue(-1)
            scene.addItem(corridor)
            vertical = abs(b.y() - a.y()) > abs(b.x() - a.x())
            door = DoorItem(self, link.id, link.kind, vertical)
            door.setPos(self._door_pos(a, b, vertical))
            scene.addItem(door)
            self.doors[link.id] = door
        scene.addItem(self.callout)
        rooms = scene.itemsBoundingRect().adjusted(-20, -40, 20, 20)
        self.callout_strip = QRectF(rooms.left() + 10, rooms.bottom(), rooms.width() - 20,
                                    CALLOUT_STRIP - 10)
        self._content = rooms.adjusted(0, 0, 0, CALLOUT_STRIP)
        scene.setSceneRect(self._content.adjusted(-100, -100, 100, 100))

    @staticmethod
    def _door_pos(a: QPointF, b: QPointF, vertical: bool) -> QPointF:
        """Midway through the gap between two adjacent rooms (else the midpoint)."""
        return (a + b) / 2

    # ------------------------------------------------------------ fitting
    def resizeEvent(self, event) -> None:
        """Fit again when the view's room changed, not when a scroll bar came or went
        (fitting for it made the bar go or come again: resize after resize, for ever)."""
        super().resizeEvent(event)
        if self.maximumViewportSize() != self._fitted_for:
            self.fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.fit()

    def compact_below(self) -> float:
        """The scale under which the detailed rooms' text would be too small to read."""
        return fonts.min_text_px(self) / DETAIL_TEXT_PX

    def fit(self) -> None:
        """The whole colony in view; where even the compact rooms' text would be smaller than
        legible (a small screen, a big colony), that scale instead, and the view scrolls."""
        self._fitted_for = self.maximumViewportSize()
        self.fitInView(self._content, Qt.AspectRatioMode.KeepAspectRatio)
        self.detailed = self.transform().m11() >= self.compact_below()
        for room in self.rooms.values():
            room.set_detailed(self.detailed)
        for door in self.doors.values():
            door.set_look(self.detailed, self.door_ink)
        legible = fonts.min_text_px(self) / COMPACT_PX
        if self.transform().m11() < legible:
            self.setTransform(QTransform.fromScale(legible, legible))
            self._keep_selected_in_view()
        self._catch_up()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._catch_up()

    def _catch_up(self) -> None:
        """Rooms come into view with the latest snapshot."""
        seen = self._in_view()
        for room in self.rooms.values():
            if room.last is not room.shown and (
                    seen is None or room.sceneBoundingRect().intersects(seen)):
                room.update_state(*room.last)

    def _keep_selected_in_view(self) -> None:
        """A scrolled view brings the selected module into sight."""
        room = self.rooms.get(self.station.selected_module or "")
        if room is not None:
            self.ensureVisible(room.sceneBoundingRect(), 8, 8)

    def set_theme(self, theme) -> None:
        """The scheme's background (``theme.Theme``) and the ink of what is written on it."""
        self.setBackgroundBrush(QColor(theme.schematic))
        self.door_ink = QColor(theme.schematic_text)
        for door in self.doors.values():
            door.set_look(self.detailed, self.door_ink)

    # ------------------------------------------------------------ updates
    def _in_view(self) -> QRectF | None:
        """The part of the scene on screen; None when the view is not shown (all of it)."""
        return self.mapToScene(self.viewport().rect()).boundingRect() \
            if self.isVisible() else None

    def _on_snapshot(self, snap: Snapshot) -> None:
        """Every room in view shows the snapshot; the others hold it until they scroll into
        view (:meth:`_catch_up`): a big colony's rooms are mostly out of sight."""
        marks = self.station.marks
        by_module: dict[str, list[UnitState]] = {}
        for u in snap.units:
            by_module.setdefault(u.module, []).append(u)
        relays = {r.module: r for r in snap.relays}
        seen = self._in_view()
        for m in snap.modules:
            room = self.rooms.get(m.id)
            if room is not None:
                room.last = (m, by_module.get(m.id, []), relays.get(m.id), marks)
                if seen is None or room.sceneBoundingRect().intersects(seen):
                    room.update_state(*room.last)
        for link in snap.interconnects:
            door = self.doors.get(link.id)
            if door is not None:
                door.update_state(link, marks.target(link.id))

    def show_forecast(self, forecast) -> None:
        """Each room carries its first forecast danger (time counted from now)."""
        now = self.station.latest.t_s
        for mid, room in self.rooms.items():
            module = forecast.modules.get(mid)
            urgent = module.most_urgent() if module is not None else None
            room.urgent = None if urgent is None else (
                urgent[0], max(urgent[1] - (now - forecast.at_s), 0.0))
            if room.last is not None:
                room.update_state(*room.last)

    def _on_selection(self, kind: str, ident: str) -> None:
        if kind == "module":
            for mid, room in self.rooms.items():
                room.set_selected(mid == ident)
            self._keep_selected_in_view()
        else:
            for lid, door in self.doors.items():
                door.set_selected(lid == ident)

    def _on_command(self, record, origin: str) -> None:
        rejected = record.outcome == "rejected"
        self._call_out(origin, f"{record.command}: {'REJECTED' if rejected else 'accepted'}\n"
                               f"{record.reason}", rejected)

    def _on_refused(self, command, reason: str, origin: str) -> None:
        self._call_out(origin, f"{command.name}: NOT SENT\n{reason}", True)

    def _call_out(self, origin: str, text: str, refused: bool) -> None:
        """A callout beside where the command was given."""
        kind, _, ident = origin.partition(":")
        target = self.rooms.get(ident) if kind == "module" else self.doors.get(ident)
        if target is None:
            return
        self.callout.show_message(text, refused, target.pos(), self.callout_strip,
                                  self.detailed)
        self._callout_timer.start()
