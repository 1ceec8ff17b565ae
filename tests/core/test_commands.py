"""Every command's effect in the simulation, and every interlock's refusal."""

from __future__ import annotations

import pytest

from habitat_gui.core.operations import command_bus as cmd
from habitat_gui.core.plant.habitat import EquipmentSpec, InterconnectSpec
from habitat_gui.core.simulation import Simulation

from builders import habitat, module, people


def colony(state_ab: str = "open", state_bc: str = "open") -> Simulation:
    """Three rooms in a row, a generator bay and scrubbers in b, crew in b."""
    equipment = [EquipmentSpec("b.oga-a", "o2_generator", "b", role="primary", warmup_min=1.0),
                 EquipmentSpec("b.oga-b", "o2_generator", "b", role="backup", warmup_min=1.0),
                 EquipmentSpec("b.cdra-a", "co2_scrubber", "b"),
                 EquipmentSpec("b.pcs", "pressure_control", "b", n2_tank_kg=50, o2_tank_kg=20)]
    return Simulation(habitat([module("a"), module("b"), module("c")],
                              [InterconnectSpec("a/b", ("a", "b"), state_ab),
                               InterconnectSpec("b/c", ("b", "c"), state_bc)],
                              equipment, people(6, "b") + people(2, "a")))


def submit(sim: Simulation, text: str, role: str = "operator") -> cmd.CommandRecord:
    return sim.submit(cmd.parse(text), who="tester", role=role)


def test_seal_unseal_open_close_cycle_changes_the_hatch_and_is_audited():
    sim = colony()
    for text, state in [("close interconnect=a/b", "closed"), ("seal interconnect=a/b", "sealed"),
                        ("unseal interconnect=a/b", "closed"), ("open interconnect=a/b", "open")]:
        record = submit(sim, text)
        assert record.outcome == "accepted", record.reason
        assert sim.snapshot().interconnect("a/b").state == state
    assert [r.command for r in sim.history] == ["close", "seal", "unseal", "open"]
    assert all(r.who == "tester" and r.wall_time > 0 for r in sim.history)
    assert sim.events_since(0)[-1].data["outcome"] == "accepted"


@pytest.mark.parametrize("text, state, reason", [
    ("open interconnect=a/b", "sealed", "unseal it first"),
    ("open interconnect=a/b", "open", "already open"),
    ("unseal interconnect=a/b", "open", "it is open"),
    ("unseal interconnect=a/b", "closed", "a/b is not sealed (it is closed)"),
    ("seal interconnect=zz", "open", "unknown interconnect"),
])
def test_hatch_commands_refused_with_a_reason_change_nothing(text, state, reason):
    sim = colony(state_ab=state)
    record = submit(sim, text)
    assert record.outcome == "rejected" and reason in record.reason
    assert sim.snapshot().interconnect("a/b").state == state


def test_hatch_will_not_open_against_a_pressure_differential():
    sim = colony(state_ab="closed")
    sim.inject("leak", "a", hole_diameter_cm=3)
    sim.advance(300)
    record = submit(sim, "open interconnect=a/b")
    assert record.outcome == "rejected" and "differential" in record.reason
    assert sim.snapshot().interconnect("a/b").state == "closed"


def test_evacuate_walks_everyone_to_the_target_and_seal_waits_for_them():
    sim = colony()
    record = submit(sim, "evacuate module=b to=c")
    assert record.outcome == "accepted"
    moving = [c for c in sim.snapshot().crew if c.moving_to == "c"]
    assert len(moving) == 6
    blocked = submit(sim, "seal interconnect=b/c")
    assert blocked.outcome == "rejected" and "passing through" in blocked.reason
    sim.advance(120)
    snap = sim.snapshot()
    assert snap.module("c").crew_count == 6 and snap.module("b").crew_count == 0
    assert submit(sim, "seal interconnect=b/c").outcome == "accepted"


def test_evacuate_opens_closed_hatches_on_its_path():
    sim = colony(state_bc="closed")
    assert submit(sim, "evacuate module=b to=c").outcome == "accepted"
    assert sim.snapshot().interconnect("b/c").state == "open"


@pytest.mark.parametrize("text, reason", [
    ("evacuate module=b to=b", "target is the module"),
    ("evacuate module=c to=a", "nobody to evacuate"),
    ("evacuate module=b to=x", "unknown module"),
])
def test_evacuate_refusals(text, reason):
    record = submit(colony(), text)
    assert record.outcome == "rejected" and reason in record.reason


def test_evacuate_refused_without_a_path_or_into_an_unsafe_module():
    sim = colony(state_bc="sealed")
    record = submit(sim, "evacuate module=b to=c")
    assert record.outcome == "rejected" and "no path" in record.reason and "b/c" in record.reason
    sim = colony()
    sim.inject("sensor_miscalibration", "c.o2", bias=-8.0)  # reads ppO2 ~13 kPa
    sim.advance(1)
    record = submit(sim, "evacuate module=b to=c")
    assert record.outcome == "rejected" and "unsafe" in record.reason
    assert sim.snapshot().module("b").crew_count == 6


def test_fused_relay_blocks_changeover_and_the_operator_switches_by_hand():
    sim = colony()
    sim.advance(120)
    assert sim.snapshot().unit("b.oga-a").state == "ON"
    sim.inject("relay_fused", "b.relay")
    sim.inject("generator_failure", "b.oga-a")
    sim.advance(300)
    snap = sim.snapshot()
    assert snap.unit("b.oga-a").state == "FAILED" and snap.unit("b.oga-b").state == "OFF"
    record = submit(sim, "switch_generator module=b to=backup")
    assert record.outcome == "accepted" and "fused" in record.reason
    assert sim.snapshot().unit("b.oga-b").state == "WARMUP"
    sim.advance(61)
    assert sim.snapshot().unit("b.oga-b").state == "ON"


def test_healthy_relay_changes_over_by_itself():
    sim = colony()
    sim.advance(120)
    sim.inject("generator_failure", "b.oga-a")
    sim.advance(61)
    snap = sim.snapshot()
    assert snap.relays[0].position == "backup" and snap.unit("b.oga-b").state == "ON"


def test_switch_generator_refusals():
    sim = colony()
    assert "already selects" in submit(sim, "switch_generator module=b to=primary").reason
    assert "no O2 generators" in submit(sim, "switch_generator module=a to=backup").reason
    sim.inject("generator_failure", "b.oga-b")
    assert "FAILED" in submit(sim, "switch_generator module=b to=backup").reason


def test_forcing_a_fused_relay_where_a_hand_switch_put_it_is_refused_as_redundant():
    sim = colony()
    sim.inject("relay_fused", "b.relay")
    assert submit(sim, "switch_generator module=b to=backup").outcome == "accepted"
    check = sim.check(cmd.parse("override unit=b.relay state=backup"))
    record = submit(sim, "override unit=b.relay state=backup")
    assert record.outcome == "rejected" and record.reason == check
    assert record.reason == ("b.relay is fused and already selects the backup generator: "
                             "nothing to force")
    assert sim.snapshot().relays[0].override is None
    assert submit(sim, "override unit=b.relay state=primary").outcome == "accepted"


def test_a_healthy_relay_may_be_held_where_it_is():
    sim = colony()
    assert submit(sim, "override unit=b.relay state=primary").outcome == "accepted"


def test_override_forces_a_unit_against_automation_until_released():
    sim = colony()
    sim.advance(120)
    assert submit(sim, "override unit=b.oga-a state=off").outcome == "accepted"
    assert sim.snapshot().unit("b.oga-a").state == "OFF"
    assert sim.snapshot().unit("b.oga-a").override == "off"
    sim.advance(600)
    assert sim.snapshot().unit("b.oga-a").state == "OFF"
    assert submit(sim, "release_override unit=b.oga-a").outcome == "accepted"
    assert sim.snapshot().unit("b.oga-a").state == "WARMUP"
    assert "not overridden" in submit(sim, "release_override unit=b.oga-a").reason


def test_relay_override_selects_the_backup():
    sim = colony()
    assert submit(sim, "override unit=b.relay state=backup").outcome == "accepted"
    snap = sim.snapshot()
    assert snap.relays[0].override == "backup" and snap.unit("b.oga-b").state == "WARMUP"
    assert "overridden" in submit(sim, "switch_generator module=b to=primary").reason


def test_override_refusals():
    sim = colony()
    assert "expected on or off" in submit(sim, "override unit=b.cdra-a state=primary").reason
    assert "unknown unit" in submit(sim, "override unit=nope state=on").reason
    sim.inject("scrubber_failure", "b.cdra-a")
    assert "FAILED" in submit(sim, "override unit=b.cdra-a state=on").reason


def test_forced_pressure_control_adds_nitrogen():
    sim = colony()
    before = sim.snapshot().unit("b.pcs").n2_tank_kg
    assert submit(sim, "override unit=b.pcs state=on").outcome == "accepted"
    sim.advance(600)
    assert sim.snapshot().unit("b.pcs").n2_tank_kg < before - 0.1


def test_observer_role_is_read_only():
    sim = colony()
    record = submit(sim, "close interconnect=a/b", role="observer")
    assert record.outcome == "rejected" and "read-only" in record.reason
    assert sim.snapshot().interconnect("a/b").state == "open"


def test_hazard_texts_for_confirmation():
    sim = colony()
    assert sim.hazard(cmd.parse("evacuate module=b to=c")) == \
        "Move 6 people from b to c through hatch b/c. c will then hold 6."
    submit(sim, "close interconnect=b/c")
    assert sim.hazard(cmd.parse("evacuate module=a to=c")) == \
        ("Move 2 people from a to c through hatches a/b, b/c, passing b; they will open "
         "b/c. c will then hold 2.")
    assert "2 people in a and 6 in b" in sim.hazard(cmd.parse("seal interconnect=a/b"))
    assert sim.hazard(cmd.parse("seal interconnect=b/c")) is None
    assert "against automation" in sim.hazard(cmd.parse("override unit=b.pcs state=off"))
    assert sim.hazard(cmd.parse("close interconnect=a/b")) is None


@pytest.mark.parametrize("text, reason", [
    ("", "empty"), ("launch", "unknown command"), ("seal a/b", "key=value"),
    ("seal interconnect=a/b extra=1", "unknown extra"), ("evacuate module=b", "missing to"),
])
def test_parse_errors_say_what_was_expected(text, reason):
    with pytest.raises(cmd.Rejected, match=reason):
        cmd.parse(text)
