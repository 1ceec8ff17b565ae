"""Every text meets 4.5:1 (WCAG 2) in both schemes: labels, buttons, table cells and
headers, and the schematic's words, with the Hab-3 failure's alarms standing."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractScrollArea,
                               QApplication, QLabel, QWidget)
from PySide6.QtWidgets import QGraphicsSimpleTextItem

from habitat_gui.contract.commands import Command
from habitat_gui.ui import contrast, style, theme
from habitat_gui.ui.schematic import AlarmMarker, Callout, DoorItem, ModuleItem, Tag
from support import OFFSCREEN_NOISE, ares_source, make_window

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
SPAN = re.compile(r"style='([^']*)'")
ROWS_CHECKED = 12


def colours(brush: QBrush) -> list[QColor]:
    """A brush's colours: its gradient's stops, or its one colour."""
    gradient = brush.gradient()
    if gradient is not None:
        return [QColor(c) for _, c in gradient.stops()]
    return [brush.color()]


def _styled(widget: QWidget) -> bool:
    return "background" in widget.styleSheet()


def background(widget: QWidget) -> QBrush:
    """What is painted behind ``widget``: its own styled or filled background, else the
    nearest ancestor's, else the window's."""
    w: QWidget | None = widget
    while w is not None:
        if isinstance(w, QAbstractButton):
            return w.palette().brush(QPalette.ColorRole.Button)
        if _styled(w) or w.autoFillBackground():
            return w.palette().brush(w.backgroundRole())
        parent = w.parentWidget()
        if isinstance(parent, QAbstractScrollArea) or (
                parent is not None and isinstance(parent.parentWidget(), QAbstractScrollArea)
                and parent.objectName() == "qt_scrollarea_viewport"):
            return parent.palette().brush(QPalette.ColorRole.Window)
        w = parent
    return widget.window().palette().brush(QPalette.ColorRole.Window)


def _group(widget: QWidget) -> QPalette.ColorGroup:
    return QPalette.ColorGroup.Active if widget.isEnabled() else QPalette.ColorGroup.Disabled


def widget_pairs(window) -> list[tuple[str, QColor, QColor]]:
    """(what, ink, ground) of every visible label's and button's text."""
    out = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, (QLabel, QAbstractButton)):
            continue
        text = widget.text()
        if not text.strip():
            continue
        widget.ensurePolished()
        role = QPalette.ColorRole.ButtonText if isinstance(widget, QAbstractButton) \
            else widget.foregroundRole()
        ink = widget.palette().color(_group(widget), role)
        grounds = colours(background(widget))
        name = f"{type(widget).__name__} {widget.objectName() or text[:30]!r}"
        out += [(name, ink, g) for g in grounds]
        for css in SPAN.findall(text):  # rich text: coloured spans
            fg = re.search(r"(?<![-\w])color:\s*([#\w]+)", css)
            bg = re.search(r"background:\s*([#\w]+)", css)
            span_ink = QColor(fg.group(1)) if fg else ink
            for g in [QColor(bg.group(1))] if bg else grounds:
                out.append((f"{name} span {css!r}", span_ink, g))
    return out


def table_pairs(window) -> list[tuple[str, QColor, QColor]]:
    """(what, ink, ground) of the cells and headers of every visible table or list."""
    out = []
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        if not view.isVisible() or model is None:
            continue
        palette = view.palette()
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
        for row in range(min(model.rowCount(), ROWS_CHECKED)):
            for col in range(columns):
                index = model.index(row, col)
                if not str(index.data() or "").strip():
                    continue
                fg = index.data(Qt.ItemDataRole.ForegroundRole)
                bg = index.data(Qt.ItemDataRole.BackgroundRole)
                base = palette.color(QPalette.ColorRole.AlternateBase
                                     if view.property("alternatingRowColors") and row % 2
                                     else QPalette.ColorRole.Base)
                ink = QBrush(fg).color() if fg is not None else \
                    palette.color(QPalette.ColorRole.Text)
                ground = QBrush(bg).color() if bg is not None else base
                out.append((f"{view.objectName()} [{row},{col}] {index.data()!r}", ink, ground))
        header = getattr(view, "horizontalHeader", None)
        if header is not None and header().isVisible():
            hp = header().palette()
            out.append((f"{view.objectName()} header", hp.color(QPalette.ColorRole.ButtonText),
                        hp.color(QPalette.ColorRole.Button)))
    return out


def scene_pairs(view) -> list[tuple[str, QColor, QColor]]:
    """(what, ink, ground) of the schematic's words, tags and marker numbers."""
    out = []
    ground_of_scene = view.backgroundBrush().color()
    for item in view.scene().items():
        if not item.isVisible():
            continue
        parent = item.parentItem()
        if isinstance(item, QGraphicsSimpleTextItem) and item.text():
            if isinstance(parent, (ModuleItem, Callout)):
                ground = parent.brush().color()
            else:
                assert isinstance(parent, DoorItem), item.text()
                ground = ground_of_scene
            out.append((f"scene {item.text()!r}", item.brush().color(), ground))
        elif isinstance(item, Tag):
            out.append((f"tag {item.text}", style.ON_OVERRIDE, style.OVERRIDE))
        elif isinstance(item, AlarmMarker) and item.priority:
            out.append((f"marker {item.priority}", style.ink_on(item.priority),
                        style.PRIORITY_COLOURS[item.priority]))
    return out


@pytest.fixture(params=["light", "dark"])
def scheme(request):
    theme.force(request.param)
    yield request.param
    theme.force(None)


def test_every_text_meets_4_5_to_1(qtbot, tmp_path, scheme):
    source = ares_source("hab3-generator-failure")
    source.run_until(30 * 3600)  # D+1 06:00: HIGH, MEDIUM and LOW alarms up
    window = make_window(qtbot, tmp_path, source)
    window.apply_color_scheme(theme.system_scheme())
    window.station.publish()
    window.station.issue(Command.of("override", unit="hab-2.relay", state="backup"),
                         "module:hab-2")  # an override tag on the overview
    window.station.publish()
    QApplication.processEvents()
    assert window.theme.name == scheme
    assert {a.priority for a in window.station.alarms} >= {"high", "medium", "low"}
    pairs = widget_pairs(window) + table_pairs(window) + scene_pairs(window.schematic)
    assert len(pairs) > 100
    low = [f"{what}: {ink.name()} on {ground.name()} = {contrast.ratio(ink, ground):.2f}"
           for what, ink, ground in pairs if contrast.ratio(ink, ground) < contrast.AA]
    assert "\n".join(low) == ""


def test_the_ratio_is_wcags():
    black, white = QColor("#000000"), QColor("#ffffff")
    assert contrast.ratio(black, white) == pytest.approx(21.0)
    assert contrast.ratio(white, white) == pytest.approx(1.0)
    assert contrast.ratio(QColor("#767676"), white) == pytest.approx(4.54, abs=0.01)
