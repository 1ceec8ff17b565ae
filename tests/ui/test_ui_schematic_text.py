"""Schematic text never overlaps other text or marks and never leaves its room or the
scene: tags, markers, door states, the command callout, in the detailed and the compact
view, for the built-in habitat and for one laid out by the panel (no positions)."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtWidgets import QGraphicsSimpleTextItem

from habitat_gui.contract.commands import Command
from habitat_gui.core import resources
from habitat_gui.core.plant.habitat import load_habitat
from habitat_gui.core.simulation import Simulation
from habitat_gui.sources.simulated import SimulatedSource
from habitat_gui.ui.schematic import ROOM_H, ROOM_W, AlarmMarker, DoorItem, ModuleItem, Tag
from support import OFFSCREEN_NOISE, ares_source, make_window

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
VIEWS = {"detailed": (1900, 900), "compact": (700, 320)}


def marks_and_words(view) -> list[tuple[str, QRectF, object]]:
    """(what, scene rectangle, item) of every shown text, tag and alarm marker."""
    found = []
    for item in view.scene().items():
        if not item.isVisible() or not (item.parentItem() is None or
                                        item.parentItem().isVisible()):
            continue
        if isinstance(item, QGraphicsSimpleTextItem) and item.text():
            found.append((item.text(), item.sceneBoundingRect(), item))
        elif isinstance(item, Tag):
            found.append((f"tag {item.text}", item.sceneBoundingRect(), item))
        elif isinstance(item, AlarmMarker):
            found.append((f"marker {item.priority}", item.sceneBoundingRect(), item))
    return found


def problems(view) -> list[str]:
    found = marks_and_words(view)
    rooms = {mid: room.sceneBoundingRect() for mid, room in view.rooms.items()}
    out = []
    for (a, ra, _), (b, rb, _) in itertools.combinations(found, 2):
        if ra.intersects(rb):
            out.append(f"{a!r} overlaps {b!r}")
    scene = view.sceneRect()
    for what, rect, item in found:
        if not scene.contains(rect):
            out.append(f"{what!r} leaves the scene")
        parent = item.parentItem()
        if isinstance(parent, ModuleItem):
            if not parent.sceneBoundingRect().adjusted(1, 1, -1, -1).contains(rect):
                out.append(f"{what!r} leaves its room {parent.module_id}")
        elif parent is None or isinstance(parent, DoorItem) or parent is view.callout:
            hit = [mid for mid, r in rooms.items() if r.intersects(rect)]
            if hit:
                out.append(f"{what!r} lies over room {hit}")
    return out


def _show(qtbot, window, mode: str) -> None:
    window.schematic.resize(*VIEWS[mode])
    window.schematic.fit()
    assert window.schematic.detailed == (mode == "detailed")


def _stress(window) -> None:
    """Overrides and a callout on top of a failing Hab-3."""
    station = window.station
    for command, origin in ((Command.of("override", unit="hab-2.relay", state="backup"),
                             "module:hab-2"),
                            (Command.of("override", unit="hab-1.cdra-a", state="on"),
                             "module:hab-1"),
                            (Command.of("switch_generator", module="hab-3", to="backup"),
                             "module:hab-3")):
        record = station.issue(command, origin)
        assert record is not None and record.outcome == "accepted", (command, record)
    station.publish()
    assert window.schematic.callout.isVisible()


@pytest.mark.parametrize("mode", VIEWS)
def test_hab3_failure_with_overrides_and_a_callout(qtbot, tmp_path, mode):
    source = ares_source("hab3-generator-failure")
    source.run_until(30 * 3600)
    window = make_window(qtbot, tmp_path, source)
    _stress(window)
    _show(qtbot, window, mode)
    if mode == "detailed":
        assert window.schematic.rooms["hab-2"].rows["hab-2.relay"].tag.text == "OVR BACKUP"
    assert "\n".join(problems(window.schematic)) == ""


@pytest.mark.parametrize("mode", VIEWS)
def test_a_breach_with_its_leak_line(qtbot, tmp_path, mode):
    source = ares_source("seal-breach")
    source.run_until(1000)
    window = make_window(qtbot, tmp_path, source)
    window.station.publish()
    _show(qtbot, window, mode)
    texts = [t for t, _, _ in marks_and_words(window.schematic)]
    assert any(t.startswith("LEAK") or "LEAK" in t for t in texts) or mode == "compact"
    assert "\n".join(problems(window.schematic)) == ""


def _unplaced_ares() -> SimulatedSource:
    habitat = load_habitat(resources.builtin("habitats")["ares"])
    habitat = dataclasses.replace(habitat, modules=tuple(
        dataclasses.replace(m, position=None) for m in habitat.modules))
    return SimulatedSource(Simulation(habitat, seed=0), 1.0)


@pytest.mark.parametrize("mode", VIEWS)
def test_a_habitat_without_positions_is_laid_out_without_crossing(qtbot, tmp_path, mode):
    window = make_window(qtbot, tmp_path, _unplaced_ares())
    _show(qtbot, window, mode)
    view = window.schematic
    rooms = {mid: room.sceneBoundingRect() for mid, room in view.rooms.items()}
    for link in window.station.latest.interconnects:
        a, b = (view.rooms[m].pos() + QPointF(ROOM_W / 2, ROOM_H / 2) for m in link.between)
        line = QLineF(a, b)  # the corridor as drawn
        crossed = [mid for mid, rect in rooms.items() if mid not in link.between
                   and any(rect.contains(line.pointAt(k / 50)) for k in range(51))]
        assert crossed == [], (link.id, crossed)
        assert line.dx() == 0 or line.dy() == 0, f"{link.id} is not straight"
    assert "\n".join(problems(view)) == ""
