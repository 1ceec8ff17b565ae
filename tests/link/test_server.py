"""The plant server against a real asyncua client: the model, reads, subscriptions,
commands under each role, logins and the secured endpoint."""

from __future__ import annotations

import asyncio
import json
from xml.etree import ElementTree

import pytest
from asyncua import Server, ua
from asyncua.ua.uaerrors import UaError

from habitat_gui.contract.alarms import IN_SERVICE
from habitat_gui.link.model import NAMESPACE, export_nodeset, unit_id
from habitat_gui.link.security import POLICY, POLICY_URI, LinkSecurityError, check_endpoints
from plantlink import connect, free_port, node, take_control

LINK = "hab-3/hab-4"


def test_types_and_instances_are_browsable(running, folder):
    async def browse():
        async with connect(running.url, folder, "obs") as (client, idx):
            base = client.get_node(ua.ObjectIds.BaseObjectType)
            types = {(await t.read_browse_name()).Name for t in await base.get_children()}
            module = node(client, idx, "Modules.hab-3")
            generator = node(client, idx, "Equipment.hab-3.oga-a")
            gen_type = client.get_node(await generator.read_type_definition())
            parent = await gen_type.get_parent()
            children = {(await c.read_browse_name()).Name for c in await module.get_children()}
            return (types, (await client.get_node(await module.read_type_definition())
                            .read_browse_name()).Name, (await gen_type.read_browse_name()).Name,
                    (await parent.read_browse_name()).Name, children)

    types, module_type, gen_type, gen_base, children = asyncio.run(browse())
    assert {"ModuleType", "InterconnectType", "EquipmentType", "RelayType", "CrewMemberType",
            "AlarmType"} <= types
    assert (module_type, gen_type, gen_base) == ("ModuleType", "O2GeneratorType",
                                                 "EquipmentType")
    assert {"PressureKpa", "Co2Ppm", "Evacuate", "SwitchGenerator", "Layout"} <= children


def test_a_measurement_reads_with_its_units_and_range(running, folder):
    async def read():
        async with connect(running.url, folder, "obs") as (client, idx):
            var = node(client, idx, "Modules.hab-4.PressureKpa")
            units = await (await var.get_child("0:EngineeringUnits")).read_value()
            span = await (await var.get_child("0:EURange")).read_value()
            vtype = await var.read_type_definition()
            true = await node(client, idx, "Modules.hab-4.TruePressureKpa").read_value()
            return await var.read_value(), units, span, vtype, true

    value, units, span, vtype, true = asyncio.run(read())
    module = running.call(_snapshot(running)).module("hab-4")
    assert value == pytest.approx(module.reading.pressure_kpa, abs=0.011)  # the deadband
    assert true == pytest.approx(module.truth.pressure_kpa, abs=0.011) and true != value
    assert value < 101.0  # the breach has been losing air since 300 s
    assert (units.UnitId, units.DisplayName.Text) == (unit_id("KPA"), "kPa")
    assert units.NamespaceUri == "http://www.opcfoundation.org/UA/units/un/cefact"
    assert (span.Low, span.High) == (0.0, 120.0)
    assert vtype == ua.NodeId(ua.ObjectIds.AnalogItemType)


async def _snapshot(running):
    return running.source.snapshot()


def test_a_subscription_receives_the_change(running, folder):
    async def watch():
        async with connect(running.url, folder, "obs") as (client, idx):
            seen: asyncio.Queue = asyncio.Queue()

            class Handler:
                def datachange_notification(self, _node, value, _data):
                    seen.put_nowait(value)

            sub = await client.create_subscription(50, Handler())
            await sub.subscribe_data_change(node(client, idx, "Plant.SimulationTimeS"))
            first = await asyncio.wait_for(seen.get(), 60)
            await asyncio.to_thread(running.advance, 1.0)  # one wall second at 1x
            second = await asyncio.wait_for(seen.get(), 60)
            await sub.delete()
            return first, second

    first, second = asyncio.run(watch())
    assert second - first == 1.0  # one physics step


def _call(running, folder, user, name, method, *args, control=False):
    """``method`` of ``name`` as ``user`` in a session of its own (which first takes
    control when ``control``)."""
    async def call():
        async with connect(running.url, folder, user) as (client, idx):
            if control:
                await take_control(client, idx)
            target = node(client, idx, name)
            result = await target.call_method(f"{idx}:{method}", *args)
            state = await node(client, idx, f"{name}.State").read_value() \
                if name.startswith("Interconnects") else None
            return result, state
    return asyncio.run(call())


def _link_state(running, folder) -> int:
    async def read():
        async with connect(running.url, folder, "obs") as (client, idx):
            return await node(client, idx, f"Interconnects.{LINK}.State").read_value()
    return asyncio.run(read())


def test_an_observers_command_is_refused_by_the_server(running, folder):
    before = len(running.source.simulation.bus.history)
    state_before = _link_state(running, folder)
    (accepted, reason), state = _call(running, folder, "obs", f"Interconnects.{LINK}", "Seal")
    assert not accepted
    assert reason == "the observer role is read-only (obs)"
    assert state == state_before  # unchanged, whichever test ran before
    assert len(running.source.simulation.bus.history) == before  # never reached the plant


def test_an_operators_seal_is_accepted_and_audited_under_their_name(running, folder):
    (accepted, reason), state = _call(running, folder, "ada", f"Interconnects.{LINK}", "Seal",
                                      control=True)
    assert accepted, reason
    assert state == 2  # sealed
    record = running.source.simulation.bus.history[-1]
    assert (record.who, record.role, record.command, record.args) == (
        "ada", "operator", "seal", {"interconnect": LINK})
    (accepted, reason), _ = _call(running, folder, "ada", f"Interconnects.{LINK}", "Seal",
                                  control=True)
    assert not accepted and "sealed" in reason  # the plant's own interlock says why


def test_a_station_can_dry_run_any_command(running, folder):
    """Check and Hazard on the Plant: what a station needs to offer only what would pass."""
    close = "close interconnect=hab-1/command"
    (accepted, reason), _ = _call(running, folder, "ada", "Plant", "Check", close, control=True)
    assert (accepted, reason) == (True, "")
    (accepted, reason), _ = _call(running, folder, "obs", "Plant", "Check", close)
    assert (accepted, reason) == (False, "the observer role is read-only")
    (accepted, reason), _ = _call(running, folder, "ada", "Plant", "Check", "seal x=1",
                                  control=True)
    assert not accepted and "interconnect" in reason
    (_, hazard), _ = _call(running, folder, "obs", "Plant", "Hazard",
                           "override unit=hab-1.oga-a state=off")
    assert hazard == "Forces hab-1.oga-a OFF against automation until released."

    async def on_a_module():  # the Plant's Check method called on another object
        async with connect(running.url, folder, "ada") as (client, idx):
            await take_control(client, idx)
            check = ua.NodeId("Plant.Check", idx)
            return await node(client, idx, "Modules.hab-4").call_method(check, close)

    accepted, reason = asyncio.run(on_a_module())
    assert not accepted and "is not a method of" in reason
    assert running.source.snapshot().interconnect("hab-1/command").state == "open"  # a dry run


def test_the_clock_is_the_instructors(running, folder):
    (accepted, reason), _ = _call(running, folder, "ada", "Plant", "SetSpeed", "10")
    assert not accepted and reason == "SetSpeed needs the instructor role; ada is operator"
    (accepted, reason), _ = _call(running, folder, "ins", "Plant", "SetSpeed", "10")
    assert accepted and running.source.speed == 10.0

    async def speed():
        async with connect(running.url, folder, "obs") as (client, idx):
            return await node(client, idx, "Plant.Speed").read_value()

    assert asyncio.run(speed()) == 10.0  # published before the call returned
    (accepted, reason), _ = _call(running, folder, "ins", "Plant", "SetSpeed", "-1")
    assert not accepted and "expected a number" in reason
    running.call(_set_speed(running, 1.0))


async def _set_speed(running, speed):
    running.source.set_speed(speed)


def _acknowledge_and_watch(running, folder, which, event_type, wanted):
    """Acknowledge alarm number ``which`` as ada, watching the Plant's events of ``event_type``
    (a browse path under BaseEventType); the first event ``wanted`` accepts."""
    async def watch():
        async with connect(running.url, folder, "ada") as (client, idx):
            await take_control(client, idx)
            events: asyncio.Queue = asyncio.Queue()

            class Handler:
                def event_notification(self, event):
                    events.put_nowait(event)

            sub = await client.create_subscription(50, Handler())
            etype = await client.nodes.base_event_type.get_child(event_type.format(idx=idx))
            await sub.subscribe_events(node(client, idx, "Plant"), etype)
            alarm = running.source.alarms()[which]
            accepted, reason = await node(client, idx, f"Alarms.{alarm.id}").call_method(
                f"{idx}:Acknowledge")
            while True:
                event = await asyncio.wait_for(events.get(), 30)
                if wanted(event, alarm):
                    return accepted, reason, event

    return asyncio.run(watch())


def test_the_event_log_names_the_user(running, folder):
    accepted, reason, event = _acknowledge_and_watch(
        running, folder, 0, "{idx}:PlantEventType", lambda event, _: event.Kind == "command")
    assert accepted, reason
    assert event.Who == "ada"
    assert "acknowledge" in event.Message.Text


def test_an_alarms_change_of_state_is_an_alarm_condition_event(running, folder):
    accepted, reason, event = _acknowledge_and_watch(
        running, folder, 1, "0:ConditionType/0:AcknowledgeableConditionType/0:AlarmConditionType",
        lambda event, alarm: event.ConditionName == alarm.id)
    assert accepted, reason
    alarm = next(a for a in running.source.alarms() if a.id == event.ConditionName)
    assert getattr(event, "AckedState/Id") is True and alarm.state == "ACKNOWLEDGED"
    assert getattr(event, "ActiveState/Id") is alarm.active
    assert event.Severity in (300, 600, 900) and event.SourceName == alarm.target


@pytest.mark.parametrize("user, password", [("ada", "wrong"), ("nobody", "x"), (None, None)])
def test_bad_logins_are_refused(running, folder, user, password):
    async def login():
        async with connect(running.url, folder, user, password):
            pass

    with pytest.raises((UaError, ConnectionError, TimeoutError)):
        asyncio.run(login())


def test_every_endpoint_is_basic256sha256_sign_and_encrypt(running, folder):
    async def endpoints():
        async with connect(running.url, folder, "obs") as (client, _):
            return await client.get_endpoints()

    found = asyncio.run(endpoints())
    assert found and all(e.SecurityPolicyUri == POLICY_URI for e in found)
    assert all(e.SecurityMode == ua.MessageSecurityMode.SignAndEncrypt for e in found)
    check_endpoints(found)


def test_a_server_without_certificate_fails_loudly():
    """asyncua leaves the secured endpoint out without a word when it has no certificate:
    check_endpoints turns that into an error."""
    async def bare():
        server = Server()
        await server.init()
        server.set_endpoint(f"opc.tcp://127.0.0.1:{free_port()}")
        server.set_security_policy([POLICY])
        await server.start()
        try:
            return await server.get_endpoints()
        finally:
            await server.stop()

    endpoints = asyncio.run(bare())
    with pytest.raises(LinkSecurityError, match="no Basic256Sha256 SignAndEncrypt"):
        check_endpoints(endpoints)


def test_unchanged_values_are_not_written_again(running):
    publisher = running.plant.publisher
    running.call(running.plant.tick())  # no wall time passed: the plant did not move
    before = publisher.writes
    running.call(running.plant.tick())
    assert publisher.writes == before
    running.advance(1.0)
    assert publisher.writes > before


def test_a_tick_that_does_not_advance_the_simulation_publishes_nothing(running, monkeypatch):
    published = []
    publish = running.plant.publisher.publish

    async def counted() -> None:
        published.append(running.source.simulation.t_s)
        await publish()

    monkeypatch.setattr(running.plant.publisher, "publish", counted)
    start = running.source.simulation.t_s
    for _ in range(5):
        running.advance(0.2)  # five fifths of a second: one step of a simulated second
    assert published == [start + 1.0]


def test_history_read_answers_for_a_measurement(running, folder):
    running.advance(1.0)
    running.advance(1.0)

    async def history():
        async with connect(running.url, folder, "obs") as (client, idx):
            var = node(client, idx, "Modules.hab-4.PressureKpa")
            return await var.read_raw_history(), await var.read_attribute(
                ua.AttributeIds.Historizing)

    values, historizing = asyncio.run(history())
    assert historizing.Value.Value is True
    assert values  # the last of its step (HISTORY_STEP_S): the two ticks are in one
    newest = max(values, key=lambda value: value.SourceTimestamp)
    assert newest.Value.Value == pytest.approx(
        running.source.snapshot().module("hab-4").reading.pressure_kpa, abs=0.011)


def test_the_model_exports_as_a_nodeset(running, tmp_path):
    path = tmp_path / "plant.xml"
    running.call(export_nodeset(running.plant.model, str(path)))
    root = ElementTree.parse(path).getroot()
    ns = {"ua": "http://opcfoundation.org/UA/2011/03/UANodeSet.xsd"}
    assert [u.text for u in root.findall("ua:NamespaceUris/ua:Uri", ns)] == [NAMESPACE]
    types = {t.get("BrowseName") for t in root.findall("ua:UAObjectType", ns)}
    assert {"1:ModuleType", "1:InterconnectType", "1:O2GeneratorType", "1:AlarmType"} <= types
    methods = {m.get("NodeId") for m in root.findall("ua:UAMethod", ns)}
    assert "ns=1;s=Interconnects.hab-3/hab-4.Seal" in methods
    assert root.find("ua:UADataType[@BrowseName='1:InterconnectStateEnum']", ns) is not None


def test_a_late_client_reads_the_events_it_missed(running, folder):
    (accepted, text), _ = _call(running, folder, "obs", "Plant", "EventsSince", "0")
    assert accepted
    events = json.loads(text)
    assert len(events) == len(running.source.events_since(0))
    assert events[0]["message"] == "hab-4: breach of 3 cm to Mars"  # at 300 s, before serving
    assert events[0]["t_s"] == 300.0 and events[0]["data"]["hole_diameter_cm"] == 3.0
    (accepted, text), _ = _call(running, folder, "obs", "Plant", "EventsSince", "1")
    assert json.loads(text) == events[1:]
    (accepted, reason), _ = _call(running, folder, "obs", "Plant", "EventsSince", "-1")
    assert not accepted and "expected a whole number" in reason


def test_condition_refresh_sends_the_standing_alarms_again(running, folder):
    """A plain client's ConditionRefresh (OPC UA Part 9, 5.5.7): between RefreshStart and
    RefreshEnd, the latest event of each retained condition (an alarm in service)."""
    async def refresh():
        async with connect(running.url, folder, "obs") as (client, idx):
            events: asyncio.Queue = asyncio.Queue()

            class Handler:
                def event_notification(self, event):
                    events.put_nowait(event)

            sub = await client.create_subscription(50, Handler())
            alarm_type = await client.nodes.base_event_type.get_child(
                "0:ConditionType/0:AcknowledgeableConditionType/0:AlarmConditionType")
            await sub.subscribe_events(node(client, idx, "Plant"), alarm_type)
            await sub.subscribe_events(client.nodes.server, client.nodes.base_event_type)
            await client.get_node(ua.ObjectIds.ConditionType).call_method(
                ua.NodeId(ua.ObjectIds.ConditionType_ConditionRefresh),
                ua.Variant(sub.subscription_id, ua.VariantType.UInt32))
            # the Server's RefreshStart and RefreshEnd, and one event per standing alarm
            # from the Plant (asyncua delivers each monitored item's events together)
            wanted = len([a for a in running.source.alarms() if a.state in IN_SERVICE]) + 2
            received = [await asyncio.wait_for(events.get(), 30) for _ in range(wanted)]
            return received, idx

    received, idx = asyncio.run(refresh())
    markers = [e.EventType for e in received if not hasattr(e, "ConditionName")]
    assert sorted(m.Identifier for m in markers) == [ua.ObjectIds.RefreshStartEventType,
                                                     ua.ObjectIds.RefreshEndEventType]
    refreshed = [e for e in received if hasattr(e, "ConditionName")]
    standing = {a.id: a for a in running.source.alarms() if a.state in IN_SERVICE}
    assert standing  # the breach has raised alarms by now
    assert sorted(e.ConditionName for e in refreshed) == sorted(standing)
    for event in refreshed:
        alarm = standing[event.ConditionName]
        assert event.Retain is True and event.SourceNode == ua.NodeId(f"Alarms.{alarm.id}", idx)
        assert getattr(event, "ActiveState/Id") is alarm.active
        assert event.Severity == {"high": 900, "medium": 600, "low": 300}[alarm.priority]
