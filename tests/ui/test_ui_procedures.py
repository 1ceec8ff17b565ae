"""The Procedures dock: the Hab-3 drill done through its procedure in the panel, each step
signed by the person logged in, checks ticking from the readings, a skip asking why."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QPushButton, QWidget

from habitat_gui.core.procedures.definition import Procedure, Reading, Step
from habitat_gui.sources.protocol import Operator
from habitat_gui.ui.procedures import ProcedurePanel
from habitat_gui.ui.station import Station
from support import OFFSCREEN_NOISE, ScriptedPrompts, ares_source, make_window

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def _advance(station, t_s: float) -> None:
    station.source.fast_forward(t_s, budget_s=30.0)
    station.publish()


def _click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _signed(source) -> list[tuple[str, str, str]]:
    return [(r.args["step"], r.args["outcome"], r.who) for r in source.simulation.history
            if r.command == "sign_step"]


def test_the_hab3_drill_through_its_procedure_signed_by_a_named_person(qtbot, tmp_path):
    source = ares_source("hab3-generator-failure")
    prompts = ScriptedPrompts()
    window = make_window(qtbot, tmp_path, source, prompts, operator=Operator("A. Ng"))
    panel = window.procedures
    assert isinstance(window.findChild(QDockWidget, "dock_procedures"), QDockWidget)
    # the generator failed at 00:30, unnoticed: at the drill's start its procedures apply
    assert panel.choice.itemText(0) == "APPLIES: Hab-3: loss of O2 generation"
    assert panel.choice.itemText(1) == "APPLIES: Hab-3: replace generator harness"
    window.station.select_module("hab-3")  # the module detail offers Hab-3's procedures
    offer = window.detail.findChild(QPushButton, "offer_hab3-o2-generation-loss")
    assert offer.text() == "APPLIES: Procedure: Hab-3: loss of O2 generation"
    assert window.detail.findChild(QPushButton, "offer_hab3-co2-scrubber-loss").text() == \
        "Procedure: Hab-3: loss of a CO2 scrubber"
    _click(qtbot, offer)
    assert panel.isVisible()  # its dock came to the front
    assert panel.signer.text() == "Signing as A. Ng (operator)"
    assert panel.next_label.text() == "Next: 1. Acknowledge the generator failure alarm"
    _click(qtbot, panel.act_button)  # sends the acknowledgement, then signs it
    assert panel.act_button.text() == "Sign off: no"  # the fused relay brought nothing in
    _click(qtbot, panel.act_button)
    assert panel.act_button.text() == "Send: switch_generator module=hab-3 to=backup"
    sent = len(source.simulation.history)
    _click(qtbot, panel.rehearse_button)  # try the rest on a copy first
    assert "by-hand would be done" in panel.rehearsed.text()
    assert "leads to safety" in panel.rehearsed.text()
    assert len(source.simulation.history) == sent  # nothing was sent for real
    _click(qtbot, panel.act_button)
    sent = source.simulation.history[-2]  # the command, then the step's signature
    assert (sent.command, sent.who, sent.outcome) == ("switch_generator", "A. Ng", "accepted")
    assert not panel.act_button.isEnabled()  # the warm-up is being waited for
    assert "times out in" in panel.status.text() and "now hab-3.oga-b WARMUP" in panel.status.text()
    _advance(window.station, window.station.latest.t_s + 900)
    assert panel.act_button.text() == "Sign off: done"
    _click(qtbot, panel.act_button)
    assert panel.steps.topLevelItem(4).text(3) == "✓"  # the ppO2 check ticks itself
    assert "in range" in panel.status.text()
    _click(qtbot, panel.act_button)
    _click(qtbot, panel.act_button)  # ppO2 holds: the procedure ends
    assert panel.next_label.text() == "Procedure complete."
    assert _signed(source) == [("ack", "done", "A. Ng"), ("relay", "no", "A. Ng"),
                               ("by-hand", "done", "A. Ng"), ("warm-up", "done", "A. Ng"),
                               ("verify", "passed", "A. Ng"), ("holding", "yes", "A. Ng")]
    assert source.snapshot().unit("hab-3.oga-b").state == "ON"
    logged = [e.message for e in source.events_since(0) if e.kind == "command"]
    assert any("sign_step procedure=hab3-o2-generation-loss step=verify outcome=passed" in m
               for m in logged)
    assert panel.steps.topLevelItem(0).text(2).startswith("A. Ng ")


def test_a_skip_asks_for_a_reason_and_a_check_says_when_it_leaves_its_range(qtbot):
    source = ares_source("seal-breach")
    prompts = ScriptedPrompts()
    station = Station(source, prompts)
    check = Step("p", "check", "Verify Hab-4 pressure above 100 kPa",
                 condition=Reading("hab-4", "pressure_kpa", above=100.0))
    library = {"t": Procedure("t", "Test", (Step("a", "instruction", "Look"), check,
                                           Step("c", "instruction", "Report")))}
    panel = ProcedurePanel(station, library)
    qtbot.addWidget(panel)
    panel.show()
    panel.start("t")
    _click(qtbot, panel.skip_button)  # no reason given: nothing is signed
    assert prompts.reasons_asked == 1 and panel.next_label.text() == "Next: 1. Look"
    prompts.give_reason = "done from the hatch"
    _click(qtbot, panel.skip_button)
    assert panel.steps.topLevelItem(0).text(1) == "skipped: done from the hatch"
    _click(qtbot, panel.act_button)  # 101 kPa before the breach: passed
    assert "LEFT RANGE" not in panel.status.text()
    _advance(station, 900)  # the hole drains Hab-4
    assert "LEFT RANGE: hab-4 pressure above 100 kPa." in panel.status.text()
    assert panel.steps.topLevelItem(1).text(3) == "✗"
    assert [(r.args["step"], r.args["outcome"], r.args["note"])
            for r in source.simulation.history if r.command == "sign_step"] == \
        [("a", "skipped", "done from the hatch"), ("p", "passed", "")]


def test_the_alarm_detail_offers_the_procedures_written_for_the_alarm(qtbot, tmp_path):
    source = ares_source("hab3-generator-failure")
    window = make_window(qtbot, tmp_path, source, ScriptedPrompts(), operator=Operator("A. Ng"))
    station, alarms = window.station, window.alarm_panel
    offers = alarms.detail.findChild(QWidget, "alarmProcedureOffers")
    while not any(a.id == "hab-3.oga-a.failed" and a.active for a in station.alarms):
        assert station.latest.t_s < 2 * 3600, "the generator never failed"
        _advance(station, station.latest.t_s + 60)
    alarms.select(["hab-3.relay.fused"])  # no procedure is written for the relay alone
    assert not offers.isVisible()
    alarms.select(["hab-3.oga-a.failed"])
    offer = offers.findChild(QPushButton, "offer_hab3-o2-generation-loss")
    assert offers.isVisible() and offer.text() == "Start this procedure"
    assert "Procedure for this alarm</b> (applies now): Hab-3: loss of O2 generation" in \
        offers.findChild(QLabel).text()
    assert sorted(b.objectName() for b in offers.findChildren(QPushButton)) == \
        ["offer_harness-replacement", "offer_hab3-o2-generation-loss"][::-1]  # for this alarm
    alarms.table.clearSelection()
    assert not offers.isVisible()
    alarms.select(["hab-3.oga-a.failed"])
    _click(qtbot, offers.findChild(QPushButton, "offer_hab3-o2-generation-loss"))
    assert window.procedures.isVisible()
    assert window.procedures.next_label.text() == \
        "Next: 1. Acknowledge the generator failure alarm"
