"""Small things an operator under stress trips on: a shortcut that does nothing says why,
a redundant second command is refused with its reason, a hatch's refusal is right."""

from __future__ import annotations

import pytest

from support import OFFSCREEN_NOISE, ares_source, make_window

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def test_schedule_repair_with_nothing_selected_says_why(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, ares_source("hab3-generator-failure"))
    window.statusBar().clearMessage()
    window.command_actions["maintenance_repair"].trigger()
    assert window.statusBar().currentMessage() == (
        "Schedule repair: select a component in the Maintenance view first")


def test_forcing_the_fused_relay_after_switching_by_hand_is_refused_with_the_reason(qtbot,
                                                                                  tmp_path):
    source = ares_source("hab3-generator-failure")
    # the drill starts with the relay fused and the primary failed
    window = make_window(qtbot, tmp_path, source)
    window.station.select_module("hab-3")
    window.command_actions["switch_backup"].trigger()
    relay = next(r for r in window.station.source.snapshot().relays if r.id == "hab-3.relay")
    assert relay.position == "backup"
    window.offer_commands()
    force = window.command_actions["relay_backup"]
    assert not force.isEnabled()
    assert force.toolTip() == ("hab-3.relay is fused and already selects the backup "
                               "generator: nothing to force")
    window._listen_to_shortcuts()
    force.trigger()
    relay = next(r for r in window.station.source.snapshot().relays if r.id == "hab-3.relay")
    assert relay.override is None
    assert "nothing to force" in window.statusBar().currentMessage()


def test_unseal_on_a_closed_hatch_says_it_is_not_sealed(qtbot, tmp_path):
    source = ares_source("hab3-generator-failure")
    window = make_window(qtbot, tmp_path, source)
    window.station.select_interconnect("hab-2/hab-3")  # closed by the scenario, not sealed
    window.offer_commands()
    assert window.command_actions["unseal"].toolTip() == \
        "hab-2/hab-3 is not sealed (it is closed)"
