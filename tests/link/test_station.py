"""The station's side of the link: a real OpcUaSource against a real plant server on a free
loopback port (the server ticked by hand). Every wait is on a condition, with a generous
deadline; nothing is asserted about how long anything took."""

from __future__ import annotations


import pytest

from habitat_gui.contract.alarms import ACKNOWLEDGED, OUT_OF_SERVICE, UNACKNOWLEDGED
from habitat_gui.contract.commands import Command
from habitat_gui.sources.opcua import LINK_ALARM, LinkRefused, OpcUaSource, connect
from habitat_gui.sources.protocol import (ClockControl, ControlHolder, ControlToken, Operator,
                                          PlantSource)
from plantlink import PASSWORDS, Running, wait_for
from relay import Relay

LINK = "hab-3/hab-4"
SEAL = Command.of("seal", interconnect=LINK)


def station(running: Running, folder, user: str = "ada", name: str = "A") -> OpcUaSource:
    return connect(running.url, user, PASSWORDS[user], folder / "station-pki", station=name)


def take_control(source: OpcUaSource) -> None:
    record = source.submit(Command.of("request_control", station=source.station),
                           Operator(source.user))
    assert record.outcome == "accepted", record.reason


@pytest.fixture
def running(tmp_path):
    server = Running(tmp_path)
    yield server
    server.close()


def _seals(running: Running) -> list:
    return [r for r in running.source.simulation.bus.history
            if r.command == "seal" and r.args.get("interconnect") == LINK]


def test_the_snapshot_is_the_servers_plant(running, tmp_path):
    source = station(running, tmp_path)
    try:
        assert isinstance(source, PlantSource) and not isinstance(source, ClockControl)
        served = running.source.snapshot()
        snap = source.snapshot()
        assert [m.id for m in source.habitat.modules] == [m.id for m in served.modules]
        assert [m.id for m in snap.modules] == [m.id for m in served.modules]
        assert snap.t_s == served.t_s  # the first publication, nothing ticked since
        assert snap.module("hab-4").reading.pressure_kpa == pytest.approx(
            served.module("hab-4").reading.pressure_kpa, abs=1e-6)
        assert snap.simulation == served.simulation  # a simulation: the banner says so
        # the first publication carries every value as it was: all of it comes back
        assert (snap.modules, snap.interconnects, snap.units, snap.relays, snap.crew) == (
            served.modules, served.interconnects, served.units, served.relays, served.crew)
        assert source.alarms() == running.source.alarms()
        assert snap.module("hab-4").truth is not None
        assert snap.link is not None and snap.link.connected
        assert source.alarm_limits() == running.source.alarm_limits()
        assert source.events_since(0) == running.source.events_since(0)
    finally:
        source.close()


def test_a_seal_is_accepted_and_seen_and_an_observers_is_refused(running, tmp_path):
    observer = station(running, tmp_path, "obs", "O")
    operator = station(running, tmp_path, "ada")
    try:
        take_control(operator)
        refused = observer.submit(SEAL, Operator("obs"))
        assert (refused.outcome, refused.reason) == ("rejected",
                                                     "the observer role is read-only (obs)")
        assert operator.check(SEAL, Operator("ada")) is None
        record = operator.submit(SEAL, Operator("ada"))
        assert record.outcome == "accepted", record.reason
        wait_for(lambda: operator.snapshot().interconnect(LINK).state == "sealed",
                 "the seal in the operator's snapshot")
        wait_for(lambda: observer.snapshot().interconnect(LINK).state == "sealed",
                 "the seal in the other station's snapshot")
        assert [r.who for r in _seals(running)] == ["ada"]  # the plant's audit names her
        assert operator.check(SEAL, Operator("ada")) is not None  # sealed already
    finally:
        observer.close()
        operator.close()


def test_a_new_moments_dry_runs_sent_together_are_each_their_own(running, tmp_path):
    """The dry runs asked in one moment are asked again together at the next (all sent
    before any answer): each answer is its own command's, as the plant says."""
    source = station(running, tmp_path)
    try:
        take_control(source)
        ada = Operator("ada")
        asked = [SEAL, Command.of("unseal", interconnect=LINK),
                 *(Command.of("seal", interconnect=i.id) for i in source.habitat.interconnects
                   if i.id != LINK)]
        before = [source.check(c, ada) for c in asked]
        assert source.submit(SEAL, ada).outcome == "accepted"
        wait_for(lambda: source.snapshot().interconnect(LINK).state == "sealed", "sealed")
        after = [source.check(c, ada) for c in asked]  # the first asks them all together
        assert after == [running.source.check(c, ada) for c in asked]
        assert before[0] is None and after[0] is not None  # the seal, sealed already
        assert after[1] != before[1]  # the unseal: not refused for being open any more
    finally:
        source.close()


def test_an_acknowledgement_is_shared(running, tmp_path):
    one, two = station(running, tmp_path), station(running, tmp_path, "bob", "B")
    try:
        take_control(one)
        alarm = next(a for a in one.alarms() if a.state == UNACKNOWLEDGED)
        record = one.submit(Command.of("acknowledge", alarm=alarm.id), Operator("ada"))
        assert record.outcome == "accepted", record.reason
        wait_for(lambda: next(a for a in two.alarms() if a.id == alarm.id).state
                 != UNACKNOWLEDGED, "the acknowledgement at the other station")
        wait_for(lambda: any(e.kind == "command" and alarm.id in e.message
                             for e in two.events_since(0)), "the command in the other's log")
    finally:
        one.close()
        two.close()


def test_the_same_command_id_is_carried_out_once(running, tmp_path):
    source = station(running, tmp_path)
    try:
        take_control(source)
        first = source.submit(SEAL, Operator("ada"), command_id="7f9c-test")
        again = source.submit(SEAL, Operator("ada"), command_id="7f9c-test")
        assert first.outcome == again.outcome == "accepted"
        assert again.reason == first.reason
        assert len(_seals(running)) == 1  # the audit holds it once
        other = source.submit(SEAL, Operator("ada"))  # a new id: carried out (refused)
        assert other.outcome == "rejected"
        assert len(_seals(running)) == 2
    finally:
        source.close()


def test_an_answer_lost_on_the_way_leaves_the_outcome_unknown(running, tmp_path):
    """The station's link through a relay that stops passing the server's answers: the
    seal reaches the plant and is carried out, the station's watchdog sees the link lost,
    and the station says the command may have been carried out, not that it was refused."""
    relay = Relay(int(running.url.rsplit(":", 1)[1]))
    source = connect(f"opc.tcp://127.0.0.1:{relay.port}", "ada", PASSWORDS["ada"],
                     tmp_path / "station-pki", station="A")
    try:
        take_control(source)
        relay.hold()
        record = source.submit(SEAL, Operator("ada"))
        assert record.outcome == "rejected"  # no answer: not "accepted"
        assert record.reason.startswith("the link was lost before the plant answered"), \
            record.reason
        assert record.reason.endswith("the command may or may not have been carried out "
                                      "(see the event log once the link is back)")
        assert [r.outcome for r in _seals(running)] == ["accepted"]  # as it was
        assert source.submit(SEAL, Operator("ada")).reason.startswith(
            "no link to the plant since ")  # and nothing more is sent
        assert len(_seals(running)) == 1
    finally:
        source.close()
        relay.close()


def test_link_loss_is_visible_and_safe_and_the_station_reconnects(tmp_path):
    running = Running(tmp_path)
    port = int(running.url.rsplit(":", 1)[1])
    source = station(running, tmp_path)
    try:
        take_control(source)
        wait_for(source.holds_control, "control held, as the station sees it")
        seen = source.snapshot()
        running.close()
        wait_for(lambda: not source.snapshot().link.connected, "the link seen lost")
        stale = source.snapshot()
        assert stale.modules == seen.modules  # the last values, kept (shown stale)
        alarm = source.alarms()[0]
        assert (alarm.id, alarm.state, alarm.priority) == (LINK_ALARM, UNACKNOWLEDGED, "high")
        assert alarm.message.startswith("COMM LOSS: no link to the plant since")
        record = source.submit(SEAL, Operator("ada"))
        assert record.outcome == "rejected"
        assert record.reason.startswith("no link to the plant since ")
        assert source.check(SEAL, Operator("ada")).startswith("no link to the plant since ")
        acked = source.submit(Command.of("acknowledge", alarm=LINK_ALARM), Operator("ada"))
        assert acked.outcome == "accepted"  # at this station: the plant never hears of it
        assert source.alarms()[0].state == ACKNOWLEDGED
        running = Running(tmp_path, port=port)  # the same server, back on the same port
        wait_for(lambda: source.snapshot().link.connected, "the link back by itself")
        # it held control when the link dropped: it asked again on the way back
        assert running.plant.control.holder == ControlHolder("ada", "A")
        wait_for(source.holds_control, "control held again, as the station sees it")
        assert LINK_ALARM not in {a.id for a in source.alarms()}
        record = source.submit(SEAL, Operator("ada"))
        assert record.outcome == "accepted", record.reason
        wait_for(lambda: source.snapshot().interconnect(LINK).state == "sealed",
                 "the seal after the reconnection")
        wait_for(lambda: source.events_since(0) == running.source.events_since(0),
                 "the log as the server's, the seal included")
    finally:
        source.close()
        running.close()


def test_a_wrong_password_is_one_line(running, tmp_path):
    with pytest.raises(LinkRefused, match="refused the login of 'ada'"):
        connect(running.url, "ada", "wrong", tmp_path / "station-pki")


def test_a_server_certificate_that_changed_is_refused(running, tmp_path):
    station(running, tmp_path).close()  # trusted on first use
    stored = next((tmp_path / "station-pki" / "servers").iterdir())
    stored.write_bytes(stored.read_bytes()[:-1] + b"\0")
    with pytest.raises(LinkRefused, match="different certificate"):
        station(running, tmp_path)


def test_an_instructor_drives_the_clock(running, tmp_path):
    source = station(running, tmp_path, "ins", "I")
    try:
        assert isinstance(source, ClockControl)
        take_control(source)
        source.set_speed(10.0)
        wait_for(lambda: source.speed == 10.0, "the new speed published")
        assert running.source.speed == 10.0
        alarm = source.alarms()[0].id  # the alarm panel's commands, by the core's names

        def state() -> str:
            return next(a for a in source.alarms() if a.id == alarm).state

        record = source.submit(Command.of("out_of_service", alarm=alarm,
                                            reason="drill"), Operator("ins"))
        assert record.outcome == "accepted", record.reason
        wait_for(lambda: state() == OUT_OF_SERVICE, f"{alarm} out of service")
        record = source.submit(Command.of("return_to_service", alarm=alarm), Operator("ins"))
        assert record.outcome == "accepted", record.reason
        wait_for(lambda: state() != OUT_OF_SERVICE, f"{alarm} back in service")
    finally:
        source.close()


def test_the_servers_procedures_are_offered_and_signed_over_the_link(running, tmp_path):
    from habitat_gui.core.procedures.loader import builtin_procedures
    from habitat_gui.sources.protocol import Procedures

    source = station(running, tmp_path)
    try:
        assert isinstance(source, Procedures)
        served = builtin_procedures(running.source.habitat)
        assert {i: p.steps for i, p in source.procedures().items()} == \
            {i: p.steps for i, p in served.items()}  # the same steps, read from the server
        take_control(source)
        sign = Command.of("sign_step", procedure="hab3-o2-generation-loss", step="ack",
                          outcome="done", note="")
        record = source.submit(sign, Operator("ada"))
        assert record.outcome == "accepted", record.reason
        skip = Command.of("sign_step", procedure="hab3-o2-generation-loss", step="relay",
                          outcome="skipped", note="")
        assert source.submit(skip, Operator("ada")).reason == "skipping a step needs a reason"
        signed = [(r.args["step"], r.who) for r in running.source.simulation.bus.history
                  if r.command == "sign_step" and r.outcome == "accepted"]
        assert signed == [("ack", "ada")]  # the plant's audit names the person
    finally:
        source.close()


def test_one_station_commands_at_a_time(running, tmp_path):
    """Two stations: the one holding control commands, the other is refused with the reason
    (its dry run says so: the panel offers nothing), then control is handed over, taken
    over by an instructor after a confirmation naming the holder, and freed when the
    holder's station closes."""
    a, b = station(running, tmp_path, "ada", "A"), station(running, tmp_path, "bob", "B")
    ins = station(running, tmp_path, "ins", "I")
    try:
        assert isinstance(a, ControlToken) and a.station == "A"
        assert a.control_holder() is None and not a.holds_control()
        take_control(a)
        wait_for(lambda: b.control_holder() == ControlHolder("ada", "A"), "A's control at B")
        assert a.holds_control() and not b.holds_control()
        held = "control is held by ada at station A"
        assert b.check(SEAL, Operator("bob")) == held
        refused = b.submit(SEAL, Operator("bob"))
        assert (refused.outcome, refused.reason) == ("rejected", held)
        assert b.check(Command.of("request_control", station="B"), Operator("bob")) == held
        assert b.check(Command.of("take_control", station="B"), Operator("bob")) == \
            "TakeControl needs the instructor role; bob is operator"
        assert not _seals(running)

        release = Command.of("release_control")
        assert a.check(release, Operator("ada")) is None
        assert a.submit(release, Operator("ada")).outcome == "accepted"  # handed over
        take_control(b)
        wait_for(lambda: a.control_holder() == ControlHolder("bob", "B"), "B's control at A")
        assert b.submit(SEAL, Operator("bob")).outcome == "accepted"
        assert [r.who for r in _seals(running)] == ["bob"]

        take = Command.of("take_control", station="I")
        assert ins.check(take, Operator("ins")) is None
        assert ins.hazard(take) == ("Takes control from bob at station B: their commands "
                                    "are refused from then on.")
        assert ins.submit(take, Operator("ins")).outcome == "accepted"
        wait_for(lambda: b.control_holder() == ControlHolder("ins", "I"), "taken over")
        assert b.check(SEAL, Operator("bob")) == "control is held by ins at station I"
        ins.close()
        wait_for(lambda: a.control_holder() is None, "control freed as I closed")
        assert [c.action for c in running.plant.control.changes] == [
            "request_control", "release_control", "request_control", "take_control",
            "closed"]
    finally:
        for source in (a, b, ins):
            source.close()


def test_a_station_that_connects_fills_its_trends_from_the_servers_history(running, tmp_path):
    running.advance(1.0)
    served = running.source.snapshot()
    source = station(running, tmp_path, "obs", "O")
    try:
        recorded = source.recorded_history(86400.0)
        assert len(recorded.t_s) >= 1 and recorded.t_s[-1] == served.t_s
        pressures = recorded.values["pressure_kpa"][-1]
        assert pressures == pytest.approx([m.reading.pressure_kpa for m in served.modules],
                                          abs=0.011)  # within the deadband
        assert set(recorded.values) == {"ppo2_kpa", "o2_pct", "co2_ppm", "pressure_kpa"}
        assert len(source.recorded_history(0.0).t_s) <= 1  # only the present moment
    finally:
        source.close()
