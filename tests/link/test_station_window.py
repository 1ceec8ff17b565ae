"""The window over a plant served over OPC UA: the colony drawn from the server's habitat,
COMM LOSS, with the plant's views greyed, when the server stops, and the control token:
who holds it in the status bar, the Control menu's actions, commands offered only with it."""

from __future__ import annotations

from habitat_gui.contract.commands import Command
from habitat_gui.sources.opcua import connect
from habitat_gui.sources.protocol import ControlHolder, Operator
from plantlink import PASSWORDS, Running
from support import ScriptedPrompts, make_window

PATIENCE_MS = 120_000
LINK = "hab-3/hab-4"


def test_the_window_shows_the_colony_and_comm_loss(qtbot, tmp_path):
    running = Running(tmp_path)
    source = connect(running.url, "ada", PASSWORDS["ada"], tmp_path / "station-pki")
    window = make_window(qtbot, tmp_path, source)
    try:
        window.start()
        assert window.windowTitle().startswith("[SIMULATION] ")
        assert window.link_status is not None
        drawn = {m.id for m in window.station.latest.modules}
        assert drawn == {m.id for m in running.source.habitat.modules}
        assert window.link_status.banner.isHidden() and window.schematic.isEnabled()
        assert window.procedures is not None  # the server's procedures, in their dock
        assert window.procedures.rehearse_button.isHidden()  # no model here to try them on
        qtbot.waitUntil(lambda: "LINK up" in window.link_status.status.text(),
                        timeout=PATIENCE_MS)
        running.close()
        qtbot.waitUntil(lambda: not window.link_status.banner.isHidden(), timeout=PATIENCE_MS)
        assert window.link_status.banner.text().startswith("COMM LOSS for ")
        assert not window.schematic.isEnabled() and not window.detail.isEnabled()
        qtbot.waitUntil(lambda: any(a.id == "plant-link" for a in window.station.alarms),
                        timeout=PATIENCE_MS)
    finally:
        window.station.stop()
        source.close()


def _wait_text(qtbot, widget, text):
    qtbot.waitUntil(lambda: widget.text() == text, timeout=PATIENCE_MS)


def test_the_panel_requests_and_releases_control_and_offers_commands_only_with_it(
        qtbot, tmp_path):
    running = Running(tmp_path)
    pki = tmp_path / "station-pki"
    mine = connect(running.url, "ada", PASSWORDS["ada"], pki, station="A")
    other = connect(running.url, "bob", PASSWORDS["bob"], pki, station="B")
    window = make_window(qtbot, tmp_path, mine)
    try:
        window.start()
        control = window.control
        assert control is not None
        _wait_text(qtbot, control.status, " CONTROL: nobody ")
        assert other.submit(Command.of("request_control", station="B"),
                            Operator("bob")).outcome == "accepted"
        _wait_text(qtbot, control.status, " CONTROL: bob at station B ")
        window.station.select_interconnect(LINK)
        window.offer_commands()  # as the Commands menu opens
        seal = window.command_actions["seal"]
        assert not seal.isEnabled() and seal.toolTip() == "control is held by bob at station B"
        control.offer()  # as the Control menu opens
        request, take, release = (control.actions[k] for k in ("request", "take", "release"))
        assert not request.isEnabled()
        assert request.toolTip() == "control is held by bob at station B"
        assert take.toolTip() == "TakeControl needs the instructor role; ada is operator"
        assert not release.isEnabled()

        other.submit(Command.of("release_control"), Operator("bob"))  # handed over
        _wait_text(qtbot, control.status, " CONTROL: nobody ")
        control.offer()
        assert request.isEnabled() and not release.isEnabled()
        request.trigger()
        assert running.plant.control.holder == ControlHolder("ada", "A")
        _wait_text(qtbot, control.status, " CONTROL: this station (ada at station A) ")
        window.offer_commands()
        assert seal.isEnabled()  # this station holds control: the seal is offered
        seal.trigger()
        qtbot.waitUntil(lambda: running.source.snapshot().interconnect(LINK).state == "sealed",
                        timeout=PATIENCE_MS)
        assert running.source.simulation.bus.history[-1].who == "ada"
        control.offer()
        assert release.isEnabled() and not request.isEnabled()
        release.trigger()
        assert running.plant.control.holder is None
        assert [(c.action, c.user, c.station) for c in running.plant.control.changes] == [
            ("request_control", "bob", "B"), ("release_control", "bob", ""),
            ("request_control", "ada", "A"), ("release_control", "ada", "")]
    finally:
        window.station.stop()
        for source in (mine, other):
            source.close()
        running.close()


def test_an_instructor_takes_over_after_a_confirmation_naming_the_holder(qtbot, tmp_path):
    running = Running(tmp_path)
    pki = tmp_path / "station-pki"
    holder = connect(running.url, "ada", PASSWORDS["ada"], pki, station="A")
    mine = connect(running.url, "ins", PASSWORDS["ins"], pki, station="I")
    prompts = ScriptedPrompts()
    window = make_window(qtbot, tmp_path, mine, prompts=prompts)
    try:
        window.start()
        holder.submit(Command.of("request_control", station="A"), Operator("ada"))
        _wait_text(qtbot, window.control.status, " CONTROL: ada at station A ")
        window.control.offer()
        take = window.control.actions["take"]
        assert take.isEnabled(), take.toolTip()
        take.trigger()
        assert prompts.confirmations == [(
            "take_control station=I",
            "Takes control from ada at station A: their commands are refused from then on.")]
        assert running.plant.control.holder == ControlHolder("ins", "I")
        _wait_text(qtbot, window.control.status, " CONTROL: this station (ins at station I) ")
        qtbot.waitUntil(lambda: holder.control_holder() == ControlHolder("ins", "I"),
                        timeout=PATIENCE_MS)
        assert holder.check(Command.of("seal", interconnect=LINK), Operator("ada")) == \
            "control is held by ins at station I"
    finally:
        window.station.stop()
        for source in (mine, holder):
            source.close()
        running.close()
