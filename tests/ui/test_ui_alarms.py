"""Alarm banner, alarm list and annunciation: what the operator sees, clicks and hears."""

from __future__ import annotations

import dataclasses
from html import escape

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from habitat_gui.core.operations import alarm_board, alarm_definitions
from habitat_gui.contract.commands import Command
from habitat_gui.sources.protocol import Operator
from habitat_gui.ui.alarm_dialogs import OutOfServiceDialog, ShelveDialog
from habitat_gui.ui.annunciator import FLOOD_COUNT, REPEAT_S, Annunciator
from habitat_gui.ui.sound import RecordingPlayer
from support import OFFSCREEN_NOISE, ScriptedPrompts, ares_source, make_window

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def alarm(ident: str, priority: str, state: str = alarm_board.UNACKNOWLEDGED,
          raised_s: float = 10.0) -> alarm_board.AlarmState:
    return alarm_board.AlarmState(ident, "ppO2 low", priority, state, True, 18.0, "kPa", 19.4,
                         ident.split(".")[0], ident.split(".")[0], raised_s, None, None,
                         "cause", "consequence", "action")


# ----------------------------------------------------------------------------- sound
def test_annunciation_escalates_repeats_until_acknowledged_and_silences(qtbot):
    player = RecordingPlayer()
    horn = Annunciator(player)
    low = alarm("a.ppo2", "low")
    assert horn.update((low,), now=0.0).sound == "low"
    assert horn.update((low,), now=1.0) is None  # not yet due to repeat
    medium = alarm("b.co2", "medium")
    high = alarm("c.pressure", "high")
    horn.update((low, medium), now=2.0)
    horn.update((low, medium, high), now=3.0)
    assert player.played == ["low", "medium", "high"]  # each new alarm at its own level
    assert horn.update((low, medium, high), now=3.0 + REPEAT_S["high"]).sound == "high"
    acked = tuple(dataclasses.replace(a, state=alarm_board.ACKNOWLEDGED) for a in (medium, high))
    assert horn.update((low, *acked), now=100.0).sound == "low"  # the rest keeps sounding
    horn.silence()
    assert horn.update((low, *acked), now=200.0) is None
    fresh = alarm("d.co2", "medium", raised_s=50.0)
    assert horn.update((low, fresh), now=201.0).sound == "medium"  # a new one still sounds
    horn.set_muted(True)
    assert horn.update((low, fresh, alarm("e.co2", "high")), now=300.0) is None
    assert player.played == ["low", "medium", "high", "high", "low", "medium"]


def test_a_flood_is_summarised_instead_of_sounding_each_alarm(qtbot):
    player = RecordingPlayer()
    horn = Annunciator(player)
    many = tuple(alarm(f"m{k}.ppo2", "low", raised_s=float(k)) for k in range(FLOOD_COUNT + 2))
    first = horn.update(many, now=0.0)
    assert first.sound == "low" and first.text.endswith(f"{FLOOD_COUNT + 1} more alarms")
    more = many + (alarm("x.ppo2", "low", raised_s=99.0),)
    assert horn.update(more, now=1.0) is None  # no sound per new alarm during a flood
    again = horn.update(more, now=REPEAT_S["low"])
    assert again.text.endswith(f"{FLOOD_COUNT + 2} more alarms") and len(player.played) == 2


# ----------------------------------------------------------------------------- window
def breach_window(qtbot, tmp_path, prompts=None, until=1000):
    source = ares_source("seal-breach")
    source.simulation.run_until(until)
    window = make_window(qtbot, tmp_path, source, prompts)
    window.station.publish()
    return window


def select_alarm(window, alarm_id: str) -> None:
    panel = window.alarm_panel
    row = next(r for r, a in enumerate(panel.model_.rows) if a.id == alarm_id)
    panel.table.selectionModel().select(
        panel.model_.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)


def test_banner_shows_the_top_alarm_and_the_list_its_guidance(qtbot, tmp_path):
    window = breach_window(qtbot, tmp_path)
    banner = window.alarm_banner
    assert banner.top.id == "hab-4.breach"
    assert banner.marker.priority == "medium" and banner.word.text() == "2 MEDIUM"
    assert banner.marker._blink.isActive()  # unacknowledged: blinks
    assert "hab-4 breach" in banner.message.full_text() and "evacuate" in banner.message.full_text()
    rows = window.alarm_panel.model_.rows
    assert rows[0].id == "hab-4.breach" and len(rows) >= 6
    model = window.alarm_panel.model_
    assert model.data(model.index(0, 0)) == "2 MEDIUM"
    assert "Cause:" in model.data(model.index(0, 4), Qt.ItemDataRole.ToolTipRole)
    assert window.annunciator.player.played[:1] == ["medium"]  # sounded, recorded offscreen
    record = window.station.source.submit(Command.of("acknowledge", alarm="hab-4.breach"),
                                          Operator("watcher", "observer"))
    assert record.outcome == "rejected"
    window.station.publish()
    assert window.alarm_banner.top.id == "hab-4.breach"


def test_clicking_acknowledge_in_the_list_acknowledges_in_the_simulation(qtbot, tmp_path):
    window = breach_window(qtbot, tmp_path)
    select_alarm(window, "hab-2.pressure")
    qtbot.mouseClick(window.alarm_panel.buttons["acknowledge"], Qt.MouseButton.LeftButton)
    board = window.station.source.simulation.world.alarms
    assert board.state_of("hab-2.pressure").state == alarm_board.ACKNOWLEDGED
    assert board.state_of("hab-4.breach").state == alarm_board.UNACKNOWLEDGED
    record = window.station.source.simulation.history[-1]
    assert (record.command, record.args, record.outcome) == \
        ("acknowledge", {"alarm": "hab-2.pressure"}, "accepted")
    assert window.alarm_panel.selected_ids() == ["hab-2.pressure"]  # selection survives
    qtbot.mouseClick(window.alarm_banner.ack, Qt.MouseButton.LeftButton)
    assert board.state_of("hab-4.breach").state == alarm_board.ACKNOWLEDGED
    assert window.alarm_banner.top.id != "hab-4.breach"
    window.command_actions["alarm_ack_visible"].trigger()
    assert not window.station.source.alarm_health().unacknowledged
    assert window.alarm_banner.top is None
    assert not window.alarm_banner.marker._blink.isActive()


def test_shelve_from_the_list_and_filters(qtbot, tmp_path):
    prompts = ScriptedPrompts(shelf=(30.0, "pressure sensor under test"))
    window = breach_window(qtbot, tmp_path, prompts)
    select_alarm(window, "hab-1.pressure")
    qtbot.mouseClick(window.alarm_panel.buttons["shelve"], Qt.MouseButton.LeftButton)
    state = window.station.source.simulation.world.alarms.state_of("hab-1.pressure")
    assert state.state == alarm_board.SHELVED and state.shelved_until_s == 1000.0 + 1800.0
    assert state.note == "pressure sensor under test"
    record = window.station.source.simulation.history[-1]
    assert record.args["reason"] == "pressure sensor under test"
    panel = window.alarm_panel
    panel.state_filter.setCurrentIndex(panel.state_filter.findData(alarm_board.SHELVED))
    assert [a.id for a in panel.model_.rows] == ["hab-1.pressure"]
    panel.state_filter.setCurrentIndex(0)
    panel.priority_filter.setCurrentIndex(panel.priority_filter.findData("medium"))
    assert [a.id for a in panel.model_.rows] == ["hab-4.breach"]
    panel.priority_filter.setCurrentIndex(0)
    panel.module_filter.setCurrentIndex(panel.module_filter.findData("hab-3"))
    assert {a.module for a in panel.model_.rows} == {"hab-3"}


def test_go_to_display_selects_the_alarms_module(qtbot, tmp_path):
    window = breach_window(qtbot, tmp_path)
    assert window.station.selected_module != "hab-2"
    select_alarm(window, "hab-2.pressure")
    qtbot.mouseClick(window.alarm_panel.buttons["jump"], Qt.MouseButton.LeftButton)
    assert window.station.selected_module == "hab-2"
    assert window.schematic.rooms["hab-2"].pen().width() == 5  # the room drawn selected
    assert window.detail.module_id == "hab-2"


def test_an_acknowledged_high_alarm_still_standing_stays_in_the_banner(qtbot, tmp_path):
    source = ares_source("hab3-generator-failure")
    # the primary generator failed at 1800 s, before the drill's start
    window = make_window(qtbot, tmp_path, source)
    window.station.publish()
    banner = window.alarm_banner
    for alarm in [a for a in window.station.alarms if a.state in ("UNACKNOWLEDGED",)]:
        window.station.issue(Command.of("acknowledge", alarm=alarm.id), f"alarm:{alarm.id}")
    window.station.publish()
    assert banner.top is None and not banner.ack.isEnabled()
    assert banner.shown is not None and banner.shown.id == "hab-3.oga-a.failed"
    assert banner.word.text() == "1 HIGH" and banner.marker.priority == "high"
    assert "hab-3.oga-a" in banner.message.full_text()
    assert "(acknowledged, active)" in banner.message.full_text()
    assert "No alarms" not in banner.message.full_text()


def test_a_long_banner_message_is_cut_with_all_of_it_in_the_tooltip(qtbot, tmp_path):
    window = breach_window(qtbot, tmp_path)
    window.resize(1024, 700)
    qtbot.wait(10)
    message = window.alarm_banner.message
    assert message.text().endswith("…") and message.text() != message.full_text()
    assert message.full_text() in message.toolTip()
    assert message.width() > window.alarm_banner.counts.width()  # the message gets the room


def test_the_detail_pane_shows_the_selected_alarms_guidance(qtbot, tmp_path):
    window = breach_window(qtbot, tmp_path)
    pane = window.alarm_panel.detail
    assert "Select an alarm" in pane.text.text()
    select_alarm(window, "hab-4.breach")
    definition = next(d for d in alarm_definitions.builtin_alarms() if d.id == "{module}.breach")
    shown = pane.text.text()
    for text in (definition.cause, definition.consequence, definition.action):
        assert escape(text) in shown
    assert "hab-4 breach" in shown and "breach_time_min of hab-4" in shown
    select_alarm(window, "hab-2.pressure")
    assert "hab-2 pressure low" in pane.text.text() and escape(definition.cause) \
        not in pane.text.text()
    window.alarm_panel.table.clearSelection()
    assert "Select an alarm" in pane.text.text()


def test_shelve_dialog_needs_a_reason_and_offers_no_longer_than_the_definition_allows(qtbot):
    breach = dataclasses.replace(alarm("hab-4.breach", "high"), max_shelve_min=60.0)
    dialog = ShelveDialog(None, [breach, alarm("hab-2.ppo2", "low")])
    qtbot.addWidget(dialog)
    durations = [dialog.duration.itemText(i) for i in range(dialog.duration.count())]
    assert durations == ["15 min", "30 min", "1 h"]
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.reason, "  ")
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.reason, "leak test on hab-4")
    dialog.duration.setCurrentIndex(2)
    assert dialog.ok.isEnabled() and (dialog.minutes(), dialog.reason_text()) == \
        (60.0, "leak test on hab-4")
    odd = ShelveDialog(None, [dataclasses.replace(breach, max_shelve_min=90.0)])
    qtbot.addWidget(odd)
    assert odd.duration.itemText(odd.duration.count() - 1) == "90 min (the longest allowed)"


def test_out_of_service_asks_why_and_shows_what_goes_unwatched(qtbot, tmp_path):
    prompts = ScriptedPrompts(confirm=True, service_reason="sensor replaced")
    window = breach_window(qtbot, tmp_path, prompts)
    select_alarm(window, "hab-4.breach")
    qtbot.mouseClick(window.alarm_panel.buttons["out_of_service"], Qt.MouseButton.LeftButton)
    assert prompts.choices[-1] == ["hab-4.breach"]
    command, hazard = prompts.confirmations[-1]
    assert "Nothing will announce hab-4 breach" not in hazard  # it names the watch, not text
    assert "Nothing will announce" in hazard and "breach_time_min" in hazard
    assert "<table" not in hazard  # no forecast table for a command that changes no forecast
    state = window.station.source.simulation.world.alarms.state_of("hab-4.breach")
    assert (state.state, state.note) == (alarm_board.OUT_OF_SERVICE, "sensor replaced")
    dialog = OutOfServiceDialog(None, [state])
    qtbot.addWidget(dialog)
    assert "hab-4.breach" in dialog.intro.text() and "nobody is told" in dialog.intro.text()
    assert not dialog.ok.isEnabled()
