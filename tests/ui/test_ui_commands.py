"""Operator commands from real widgets: schematic clicks, context menus, faceplate buttons,
the Commands menu and its shortcuts; confirmations accepted and declined; rejections."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from habitat_gui.contract.commands import Command
from habitat_gui.ui import actions
from patience import PATIENCE_MS
from support import OFFSCREEN_NOISE, ScriptedPrompts, ares_source, click_scene_item, make_window

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def _button(window, name: str) -> QPushButton:
    button = window.findChild(QPushButton, name)
    assert button is not None, name
    return button


def _select_room(qtbot, window, module_id: str) -> None:
    click_scene_item(qtbot, window.schematic, window.schematic.rooms[module_id])
    assert window.station.selected_module == module_id
    assert module_id in window.detail.title.text()


def test_click_door_then_seal_from_menu_confirmed(qtbot, tmp_path):
    prompts = ScriptedPrompts(confirm=True)
    window = make_window(qtbot, tmp_path, prompts=prompts)
    door = window.schematic.doors["hab-3/hab-4"]
    click_scene_item(qtbot, window.schematic, door)
    assert window.station.selected_interconnect == "hab-3/hab-4"
    window.command_actions["seal"].trigger()
    # people on both sides: the core asks for a confirmation, which says what will happen
    assert len(prompts.confirmations) == 1
    assert "nobody can pass" in prompts.confirmations[0][1]
    assert window.station.source.snapshot().interconnect("hab-3/hab-4").state == "sealed"
    assert "SEALED" in door.label.text()
    assert "accepted" in window.statusBar().currentMessage().lower()


def test_seal_declined_changes_nothing(qtbot, tmp_path):
    prompts = ScriptedPrompts(confirm=False)
    window = make_window(qtbot, tmp_path, prompts=prompts)
    before = window.station.source.snapshot().event_count
    click_scene_item(qtbot, window.schematic, window.schematic.doors["hab-3/hab-4"])
    window.command_actions["seal"].trigger()
    assert prompts.confirmations
    snap = window.station.source.snapshot()
    assert snap.interconnect("hab-3/hab-4").state == "open"
    assert snap.event_count == before
    assert "OPEN" in window.schematic.doors["hab-3/hab-4"].label.text()


def test_close_from_door_context_menu(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    menu = actions.interconnect_menu(window.station, "hab-1/command", window)
    close = next(a for a in menu.actions() if a.text() == "Close")
    close.trigger()
    assert window.station.source.snapshot().interconnect("hab-1/command").state == "closed"
    assert "CLOSED" in window.schematic.doors["hab-1/command"].label.text()


def test_evacuate_from_faceplate_button(qtbot, tmp_path):
    prompts = ScriptedPrompts(confirm=True, target="hab-2")
    window = make_window(qtbot, tmp_path, prompts=prompts)
    _select_room(qtbot, window, "hab-3")
    qtbot.mouseClick(_button(window, "btn_hab-3_evacuate"), Qt.MouseButton.LeftButton)
    assert "hab-2" in prompts.choices[0] and "hab-3" not in prompts.choices[0]
    assert "Move 15 people from Hab-3 to Hab-2 through hatch hab-2/hab-3" in \
        prompts.confirmations[0][1]
    snap = window.station.source.snapshot()
    movers = [c for c in snap.crew if c.moving_to == "hab-2"]
    assert len(movers) == 15
    crew_model = window.crew.model_
    row = next(i for i, c in enumerate(crew_model.rows) if c.moving_to == "hab-2")
    assert crew_model.text(row, 6).startswith("to hab-2, ETA")


def test_evacuate_declined_moves_nobody(qtbot, tmp_path):
    prompts = ScriptedPrompts(confirm=False, target="hab-2")
    window = make_window(qtbot, tmp_path, prompts=prompts)
    _select_room(qtbot, window, "hab-3")
    qtbot.mouseClick(_button(window, "btn_hab-3_evacuate"), Qt.MouseButton.LeftButton)
    assert prompts.confirmations
    assert all(c.moving_to is None for c in window.station.source.snapshot().crew)


def test_switch_generator_by_keyboard_shortcut(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    _select_room(qtbot, window, "hab-3")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=PATIENCE_MS)
    qtbot.keyClick(window.schematic, Qt.Key.Key_B,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    snap = window.station.source.snapshot()
    relay = next(r for r in snap.relays if r.id == "hab-3.relay")
    assert relay.position == "backup"
    assert window.schematic.rooms["hab-3"].rows["hab-3.relay"].label.text() == "RELAY  BACKUP"
    position = window.findChild(QLabel, "value_hab-3.relay_position")
    assert position.text() == "backup"


def test_override_confirmed_marks_schematic_until_released(qtbot, tmp_path):
    prompts = ScriptedPrompts(confirm=True)
    window = make_window(qtbot, tmp_path, prompts=prompts)
    _select_room(qtbot, window, "hab-3")
    qtbot.mouseClick(_button(window, "btn_hab-3.cdra-b_on"), Qt.MouseButton.LeftButton)
    assert "against automation" in prompts.confirmations[0][1]
    assert window.station.source.snapshot().unit("hab-3.cdra-b").override == "on"
    tag = window.schematic.rooms["hab-3"].rows["hab-3.cdra-b"].tag
    assert tag.isVisible() and tag.text == "OVR ON"
    assert window.findChild(QLabel, "value_hab-3.cdra-b_mode").text() == "OVERRIDE ON"
    qtbot.mouseClick(_button(window, "btn_hab-3.cdra-b_release"), Qt.MouseButton.LeftButton)
    assert window.station.source.snapshot().unit("hab-3.cdra-b").override is None
    assert not tag.isVisible()
    assert window.findChild(QLabel, "value_hab-3.cdra-b_mode").text() == "AUTO"


def test_override_declined_changes_nothing(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, prompts=ScriptedPrompts(confirm=False))
    _select_room(qtbot, window, "hab-3")
    qtbot.mouseClick(_button(window, "btn_hab-3.cdra-b_off"), Qt.MouseButton.LeftButton)
    assert window.station.source.snapshot().unit("hab-3.cdra-b").override is None
    assert not window.schematic.rooms["hab-3"].rows["hab-3.cdra-b"].tag.isVisible()


def test_relay_override_from_room_context_menu(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    menu = actions.module_menu(window.station, "hab-2", window)
    force = next(a for a in menu.actions() if a.objectName() == "ctx_relay_backup")
    force.trigger()
    snap = window.station.source.snapshot()
    relay = next(r for r in snap.relays if r.id == "hab-2.relay")
    assert (relay.override, relay.position) == ("backup", "backup")
    assert window.schematic.rooms["hab-2"].rows["hab-2.relay"].tag.text == "OVR BACKUP"
    window.station.select_module("hab-2")
    window.command_actions["release_all"].trigger()
    relay = next(r for r in window.station.source.snapshot().relays if r.id == "hab-2.relay")
    assert relay.override is None


def test_a_command_the_plant_would_refuse_is_offered_off_with_its_reason(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    click_scene_item(qtbot, window.schematic, window.schematic.doors["hab-2/hab-3"])
    reason = "hab-2/hab-3 is not sealed (it is open)"
    unseal = window.command_actions["unseal"]
    window.offer_commands()  # as the Commands menu opens
    assert not unseal.isEnabled() and reason in unseal.toolTip()
    menu = actions.interconnect_menu(window.station, "hab-2/hab-3", window)
    item = next(a for a in menu.actions() if a.objectName() == "ctx_unseal")
    assert not item.isEnabled() and reason in item.toolTip()
    _select_room(qtbot, window, "hab-2")
    button = _button(window, "btn_hab-2/hab-3_unseal")
    assert not button.isEnabled() and reason in button.toolTip()
    before = window.station.source.snapshot().event_count
    window._listen_to_shortcuts()  # the menu closed: the shortcut answers, with the reason
    unseal.trigger()
    assert reason in window.statusBar().currentMessage()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.station.source.snapshot().event_count == before  # nothing was sent


def test_a_refused_command_is_not_sent_and_says_why_everywhere(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    _select_room(qtbot, window, "hab-2")
    before = window.station.source.snapshot().event_count
    assert window.station.issue(Command.of("unseal", interconnect="hab-2/hab-3"),
                                "interconnect:hab-2/hab-3") is None
    reason = "hab-2/hab-3 is not sealed (it is open)"
    assert window.station.source.snapshot().event_count == before
    assert reason in window.statusBar().currentMessage()
    assert "not sent" in window.statusBar().currentMessage()
    callout = window.schematic.callout
    assert callout.isVisible() and reason in callout.label.text()
    assert "NOT SENT" in window.detail.feedback.text() and reason in window.detail.feedback.text()


def test_force_on_a_failed_generator_is_offered_off(qtbot, tmp_path):
    source = ares_source("hab3-generator-failure")
    window = make_window(qtbot, tmp_path, source=source)
    _select_room(qtbot, window, "hab-3")
    assert "FAILED" in window.schematic.rooms["hab-3"].rows["hab-3.oga-a"].label.text()
    assert window.schematic.rooms["hab-3"].rows["hab-3.oga-a"].marker.priority == 1
    button = _button(window, "btn_hab-3.oga-a_on")
    assert not button.isEnabled()
    assert "has FAILED: forcing it on would do nothing" in button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.station.source.snapshot().unit("hab-3.oga-a").override is None


def test_menu_command_without_selection_asks_for_one(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    window.station.select_interconnect(None)
    before = window.station.source.snapshot().event_count
    seal = window.command_actions["seal"]
    seal.trigger()  # the shortcut says what is missing
    assert "Select an interconnect on the schematic first" in window.statusBar().currentMessage()
    assert window.station.source.snapshot().event_count == before
    window.offer_commands()  # and the open menu offers it off, with the same words
    assert not seal.isEnabled()
    assert "Select an interconnect on the schematic first" in seal.toolTip()
