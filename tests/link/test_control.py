"""The control token on a real plant server, seen and used by plain asyncua clients on
loopback: one station commands at a time, hands over, an instructor takes over, and a
session that closes or goes silent past the grace period frees it (the server's clock is
ticked by hand: nothing here depends on how long anything takes)."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from asyncua import ua

from habitat_gui.link.control import GRACE_S, ControlToken, Seat
from habitat_gui.sources.protocol import ControlHolder
from plantlink import connect, node, wait_for

LINK = "hab-3/hab-4"


@pytest.fixture(autouse=True)
def free(running):
    """Each test starts with control free (its sessions closed at its end free it) and
    sees the changes it made from ``running.changes()``."""
    assert running.plant.control.holder is None
    running.call(running.plant.tick())  # and published so
    start = len(running.plant.control.changes)
    running.changes = lambda: running.plant.control.changes[start:]
    yield


async def _plant(client, idx, method, *args):
    return await node(client, idx, "Plant").call_method(f"{idx}:{method}", *args)


async def _seal(client, idx):
    return await node(client, idx, f"Interconnects.{LINK}").call_method(f"{idx}:Seal")


async def _holder(client, idx):
    return (await node(client, idx, "Plant.ControlUser").read_value(),
            await node(client, idx, "Plant.ControlStation").read_value())


def test_one_station_commands_the_other_is_refused_with_the_reason(running, tmp_path):
    async def two_stations():
        async with connect(running.url, tmp_path, "ada") as (a, idx), \
                connect(running.url, tmp_path, "bob") as (b, _):
            before = await _seal(b, idx)  # nobody holds it yet
            requested = await _plant(a, idx, "RequestControl", "A")
            refused = await _seal(b, idx)
            check = await _plant(b, idx, "Check", f"seal interconnect={LINK}")
            request = await _plant(b, idx, "RequestControl", "B")
            again = await _plant(a, idx, "RequestControl", "A")
            return before, requested, refused, check, request, again, await _holder(b, idx)

    history = running.source.simulation.bus.history
    audited = len(history)
    before, requested, refused, check, request, again, holder = asyncio.run(two_stations())
    assert before == [False, "no station holds control: request control first"]
    assert requested == [True, "ada at station A holds control"]
    assert refused == check == request == [False, "control is held by ada at station A"]
    assert again == [False, "ada at station A holds control already"]
    assert holder == ("ada", "A")  # published before the call returned
    assert len(history) == audited  # no seal reached the plant


def test_control_is_handed_over(running, tmp_path):
    async def hand_over():
        async with connect(running.url, tmp_path, "ada") as (a, idx), \
                connect(running.url, tmp_path, "bob") as (b, _):
            await _plant(a, idx, "RequestControl", "A")
            refused = await _plant(b, idx, "ReleaseControl")  # not bob's to release
            released = await _plant(a, idx, "ReleaseControl")
            requested = await _plant(b, idx, "RequestControl", "B")
            return refused, released, requested, await _seal(b, idx), await _seal(a, idx)

    refused, released, requested, bobs, adas = asyncio.run(hand_over())
    assert refused == [False, "control is held by ada at station A"]
    assert released == [True, "ada at station A released control"]
    assert requested == [True, "bob at station B holds control"]
    assert bobs[0] is True, bobs[1]
    assert adas == [False, "control is held by bob at station B"]
    seal = running.source.simulation.bus.history[-1]
    assert (seal.command, seal.who) == ("seal", "bob")  # the plant's audit names him
    assert [(c.action, c.user, c.station) for c in running.changes()[:3]] == [
        ("request_control", "ada", "A"), ("release_control", "ada", ""),
        ("request_control", "bob", "B")]


def test_an_instructor_takes_control_over_after_the_confirmation_names_the_holder(
        running, tmp_path):
    async def take_over():
        async with connect(running.url, tmp_path, "ada") as (a, idx), \
                connect(running.url, tmp_path, "bob") as (b, _), \
                connect(running.url, tmp_path, "ins") as (i, _), \
                connect(running.url, tmp_path, "obs") as (o, _):
            await _plant(a, idx, "RequestControl", "A")
            hazard = await _plant(i, idx, "Hazard", "take_control station=I")
            by_operator = await _plant(b, idx, "TakeControl", "B")
            by_observer = await _plant(o, idx, "RequestControl", "O")
            check = await _plant(i, idx, "Check", "take_control station=I")
            taken = await _plant(i, idx, "TakeControl", "I")
            return (hazard, by_operator, by_observer, check, taken, await _seal(a, idx),
                    await _holder(o, idx))

    hazard, by_operator, by_observer, check, taken, adas, holder = asyncio.run(take_over())
    assert hazard == [True, "Takes control from ada at station A: their commands are "
                            "refused from then on."]
    assert by_operator == [False, "TakeControl needs the instructor role; bob is operator"]
    assert by_observer == [False, "the observer role is read-only (obs)"]  # never holds it
    assert check == [True, ""]
    assert taken == [True, "ins at station I took control from ada at station A"]
    assert adas == [False, "control is held by ins at station I"]
    assert holder == ("ins", "I")
    change = running.changes()[1]  # then the sessions closed
    assert (change.action, change.user, change.station) == ("take_control", "ins", "I")


def test_control_is_freed_when_the_holding_session_closes(running, tmp_path):
    async def hold():
        async with connect(running.url, tmp_path, "ada") as (a, idx):
            return await _plant(a, idx, "RequestControl", "A")

    async def after():
        async with connect(running.url, tmp_path, "bob") as (b, idx):
            return await _holder(b, idx), await _plant(b, idx, "RequestControl", "B")

    assert asyncio.run(hold())[0] is True
    assert running.plant.control.holder is None  # at once
    running.call(running.plant.tick())  # the next publication
    holder, requested = asyncio.run(after())
    assert holder == ("", "")
    assert requested[0] is True, requested[1]
    assert running.changes()[1].message == \
        "control of ada at station A freed: its session closed"


def test_a_lost_link_frees_control_after_the_grace_period_only(running, tmp_path):
    """A holder with a subscription whose connection drops without closing: the session
    outlives the connection (OPC UA Part 4, 6.7), its control the grace period only."""
    clients = running.plant.server.bserver.clients

    async def hold_then_drop():
        async with connect(running.url, tmp_path, "ada") as (a, idx):
            await a.create_subscription(100, None)
            await _plant(a, idx, "RequestControl", "A")
            a.uaclient.protocol.transport.abort()
            await asyncio.to_thread(wait_for, lambda: not clients, "the connection seen lost")

    with contextlib.suppress(Exception):  # the closing of a session on a dead link
        asyncio.run(hold_then_drop())
    running.call(asyncio.sleep(0))  # whatever it had sent before is served by now
    running.advance(GRACE_S - 1.0)
    assert running.plant.control.holder == ControlHolder("ada", "A")
    running.advance(2.0)
    assert running.plant.control.holder is None
    assert running.changes()[-1].message == (
        f"control of ada at station A freed: no request from its session for {GRACE_S:g} s "
        "(link lost)")


def test_control_lost_while_the_clock_is_paused_is_published_free(running, tmp_path):
    """The simulation does not advance, so a tick has nothing of the plant to publish; the
    freed token is published all the same."""
    running.source.set_paused(True)
    try:
        async def hold():
            async with connect(running.url, tmp_path, "ada") as (a, idx):
                await _plant(a, idx, "RequestControl", "A")
                running.clock.now += GRACE_S + 1.0  # its session silent past the grace
                await asyncio.to_thread(running.call, running.plant.tick())
                return await _holder(a, idx)

        assert asyncio.run(hold()) == ("", "")
    finally:
        running.source.set_paused(False)


def test_a_holder_that_keeps_talking_keeps_control(running, tmp_path):
    async def hold():
        async with connect(running.url, tmp_path, "ada") as (a, idx):
            await _plant(a, idx, "RequestControl", "A")
            running.clock.now += GRACE_S + 1.0  # time passes, without a tick
            await _holder(a, idx)  # a request: the link is alive
            await asyncio.to_thread(running.call, running.plant.tick())
            return await _holder(a, idx)

    assert asyncio.run(hold()) == ("ada", "A")


def test_a_plain_client_sees_the_holder_and_the_typed_methods(running, tmp_path):
    async def watch():
        async with connect(running.url, tmp_path, "obs") as (o, idx), \
                connect(running.url, tmp_path, "ada") as (a, _):
            seen: asyncio.Queue = asyncio.Queue()

            class Handler:
                def datachange_notification(self, _node, value, _data):
                    seen.put_nowait(value)

            user = node(o, idx, "Plant.ControlUser")
            sub = await o.create_subscription(50, Handler())
            await sub.subscribe_data_change(user)
            first = await asyncio.wait_for(seen.get(), 60)
            await _plant(a, idx, "RequestControl", "A")
            second = await asyncio.wait_for(seen.get(), 60)
            await sub.delete()
            kind = await user.read_data_type()
            method = node(o, idx, "Plant.RequestControl")
            inputs = await (await method.get_child("0:InputArguments")).read_value()
            outputs = await (await method.get_child("0:OutputArguments")).read_value()
            names = {(await c.read_browse_name()).Name
                     for c in await node(o, idx, "Plant").get_children()}
            return first, second, kind, inputs, outputs, names

    first, second, kind, inputs, outputs, names = asyncio.run(watch())
    assert (first, second) == ("", "ada")
    assert kind == ua.NodeId(ua.ObjectIds.String)
    assert [(a.Name, a.DataType) for a in inputs] == [("Station", ua.NodeId(ua.ObjectIds.String))]
    assert [a.Name for a in outputs] == ["Accepted", "Reason"]
    assert {"ControlUser", "ControlStation", "RequestControl", "ReleaseControl",
            "TakeControl"} <= names


class _Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_same_user_at_the_same_station_gets_control_back_in_a_new_session():
    """A station back after a dropped link asks again from a new session, within grace."""
    clock = _Clock()
    token = ControlToken(clock)
    ada_old, ada_new, ada_elsewhere = Seat("ada", "operator", 1), Seat("ada", "operator", 2), \
        Seat("ada", "operator", 3)
    assert token.carry_out("request_control", ada_old, "A")[0]
    clock.now = GRACE_S / 2
    assert token.carry_out("request_control", ada_elsewhere, "B") == (
        False, "control is held by ada at station A")
    assert token.carry_out("request_control", ada_new, "A") == (
        True, "ada at station A holds control")
    assert token.refusal(1) == "control is held by ada at station A"  # the old session's
    assert token.refusal(2) is None
    assert token.check("request_control", ada_new, "") == (
        "Station is ''; expected this station's name (1-64 letters, digits, spaces or "
        "_ . @ -)")
