"""The link to a plant server, on an asyncio loop of its own (a daemon thread): connect
(Basic256Sha256 SignAndEncrypt, user name and password), read the plant's description,
read and subscribe to every variable, fetch the events, and keep the latest of everything
for the station's thread to take. When the link drops it says so at once and tries again
(1 s, then twice as long each time up to 10 s), then subscribes and fetches the events it
missed; a station that held control when the link dropped asks for it again. A new run of
the plant (``Plant.Run`` changed: a scenario started; or the server restarted, its
``ServerStatus.StartTime`` another) drops the old run's events and fetches the new one's
from its first. A server that comes back serving another habitat is not followed: the link
stays down, saying so.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from asyncua import Client, ua
from asyncua.crypto import security_policies
from asyncua.ua.uaerrors import BadIdentityTokenRejected, BadUserAccessDenied, UaError

from ...contract.events import Event
from ...contract.state import LinkState
from .history import Series, read_series
from .schema import ALARM, CONTROL_VARIABLES, CREW_MEMBER, DEBRIEF, DRILL_METHODS, \
    DRILL_VARIABLES, EQUIPMENT, INTERCONNECT, MODULE, NAMESPACE, RELAY, TRAINING_VARIABLES, \
    UNIT_TYPES, ObjectType, host_and_port
from .trust import STATION_URI, LinkRefused, own_certificate, trusted_server

log = logging.getLogger(__name__)
T = TypeVar("T")

FIRST_RETRY_S, LAST_RETRY_S = 1.0, 10.0
REQUEST_TIMEOUT_S = 10.0  # a request unanswered this long: the link is down
MAX_EVENTS = 1000  # the server's most per EventsSince call
FOLDERS: dict[str, ObjectType] = {"Modules": MODULE, "Interconnects": INTERCONNECT,
                                  "Equipment": EQUIPMENT, "Relays": RELAY,
                                  "Crew": CREW_MEMBER, "Alarms": ALARM}
PLANT_VARIABLES = ("HabitatName", "SimulationTimeS", "EventCount", "Simulated", "Seed",
                   "Scenario", "AlarmHealth", "AlarmLimits", "Speed", "Paused",
                   *CONTROL_VARIABLES,
                   *(name for name, _ in (*DRILL_VARIABLES, *TRAINING_VARIABLES)))
# what the Plant object carries for each optional capability
CLOCK = frozenset(("Pause", "Resume", "SetSpeed"))
DRILL = frozenset((*(m.name for m in DRILL_METHODS), *(n for n, _ in DRILL_VARIABLES)))
TRAINING = frozenset((DEBRIEF.name, *(n for n, _ in TRAINING_VARIABLES)))


class LinkDown(ConnectionError):
    """The link is down: the request was not sent."""


@dataclass(frozen=True)
class Login:
    url: str  # opc.tcp://HOST:PORT
    user: str
    password: str
    pki: Path  # the station's PKI folder (see trust.py)
    station: str = ""  # this station's name, for the control token


@dataclass
class Plant:
    """What the link holds of the plant: the latest value of each variable by node id
    string, each folder's object ids, the events so far and the plant's description."""

    habitat_text: str = ""
    procedure_texts: str = "{}"  # Plant.Procedures: JSON, file name to text
    values: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, tuple[str, ...]] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    events_run: int = 0  # the run() the events are of
    plant_methods: frozenset[str] = frozenset()
    server_started: datetime | None = None  # the server's ServerStatus.StartTime
    restarts: int = 0  # how often the server was seen started again

    def run(self) -> int:
        """Which run of the plant the values are of: the server's ``Plant.Run`` (0 without a
        drill), above it the server's restarts seen (each starts its plant afresh)."""
        return self.restarts << 32 | int(self.values.get("Plant.Run") or 0)


class Link:
    """One plant server, followed on a thread of its own. ``state`` is the link's present
    state; ``plant`` the last of the plant it received (stale while the link is down)."""

    def __init__(self, login: Login, wall: Callable[[], float] = time.time) -> None:
        try:
            host, port = host_and_port(login.url)
        except ValueError as exc:
            raise LinkRefused(str(exc)) from None
        self.login, self.host, self.port = login, host, port
        self.wall = wall
        self.plant = Plant()
        self.state = LinkState(False, wall(), "not connected yet")
        self.lock = threading.Lock()
        self._first = threading.Event()  # the first attempt has ended
        self._refused: str | None = None  # why the first attempt failed
        self._logged_in = False  # the server accepted a session once: failures are losses
        self._client: Client | None = None
        self._lost = asyncio.Event()  # the present session's link seen lost
        self._idx = 0
        self._closing = False
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True,
                                        name=f"plant link {login.url}")
        self._thread.start()
        self._supervisor: asyncio.Task[None] | None = None
        asyncio.run_coroutine_threadsafe(self._supervise(), self.loop)

    # ------------------------------------------------------------ the station's thread
    def wait_connected(self, timeout_s: float) -> None:
        """Return once connected; LinkRefused with the reason if the first attempt was
        refused (no server, no secured endpoint, a login or certificate refused) or no
        session was up within ``timeout_s`` (a link lost while it was being set up is
        tried again meanwhile)."""
        if not self._first.wait(timeout_s):
            self.close()
            raise LinkRefused(f"{self.login.url}: no answer within {timeout_s:g} s")
        if self._refused is not None:
            self.close()
            raise LinkRefused(self._refused)

    def run(self, coro: Coroutine[Any, Any, T], timeout_s: float) -> T:
        """Run ``coro`` on the link's loop and wait at most ``timeout_s`` for its result
        (TimeoutError)."""
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        try:
            return future.result(timeout_s)
        except TimeoutError:
            future.cancel()
            raise

    def close(self) -> None:
        self._closing = True
        if self.loop.is_closed():
            return
        with contextlib.suppress(Exception):  # the session closed (CloseSession) first
            asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(
                REQUEST_TIMEOUT_S)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(REQUEST_TIMEOUT_S)
        if not self._thread.is_alive():
            self.loop.close()

    # ------------------------------------------------------------ the link's own loop
    async def _stop(self) -> None:
        """End the link, its session closed on the way out (so the server frees at once
        what the session held, such as control)."""
        task = self._supervisor
        if task is not None:
            task.cancel()
            with contextlib.suppress(BaseException):
                await task
    async def call(self, name: str, method: str, *args: str) -> tuple[bool, str]:
        """Method ``method`` of object ``name`` with text arguments: (Accepted, Reason). One
        request: the method is called by its NodeId (``NAME.METHOD``), not browsed for.
        ConnectionError as soon as the link is seen lost while the answer is awaited."""
        client, lost = self._client, self._lost
        if client is None:
            raise LinkDown(self.state.reason)
        answer = asyncio.ensure_future(self._node(client, name).call_method(
            ua.NodeId(ua.String(f"{name}.{method}"), ua.Int16(self._idx)),
            *(ua.Variant(a, ua.VariantType.String) for a in args)))
        loss = asyncio.ensure_future(lost.wait())
        await asyncio.wait((answer, loss), return_when=asyncio.FIRST_COMPLETED)
        loss.cancel()
        if not answer.done():
            answer.cancel()
            raise ConnectionError("the link was lost")
        accepted, reason = answer.result()
        return bool(accepted), str(reason)

    async def call_all(self, name: str, method: str, inputs: list[str]) -> list[tuple[bool, str]]:
        """``call`` of ``method`` once per input, all sent before any answer is awaited."""
        return list(await asyncio.gather(*(self.call(name, method, i) for i in inputs)))

    async def history(self, names: list[str], span_s: float) -> list[Series]:
        """The server's stored values of ``names`` over the last ``span_s`` of wall time."""
        client = self._client
        if client is None:
            raise LinkDown(self.state.reason)
        return await read_series(client, self._idx, names, span_s,
                                 datetime.now(UTC))  # the server stamps its wall clock

    def _node(self, client: Client, name: str) -> Any:
        return client.get_node(ua.NodeId(ua.String(name), ua.Int16(self._idx)))

    async def _supervise(self) -> None:
        self._supervisor = asyncio.current_task()
        delay = FIRST_RETRY_S
        while not self._closing:
            try:
                await self._session()
                reason = "the server closed the link"
            except Exception as exc:  # every failure is the link's: said, then retried
                reason = self._why(exc)
                if not self._first.is_set() and not self._logged_in:
                    self._refused = reason
                    self._first.set()
                    return
            if self.state.connected:
                delay = FIRST_RETRY_S
            self._set_state(False, reason)
            log.warning("plant link lost: %s; trying again in %g s", reason, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, LAST_RETRY_S)

    def _why(self, exc: Exception) -> str:
        """One line for a failed link."""
        url = self.login.url
        if isinstance(exc, LinkRefused):
            return str(exc)
        if isinstance(exc, (BadIdentityTokenRejected, BadUserAccessDenied)):
            return f"{url}: the server refused the login of {self.login.user!r} (wrong user " \
                   "name or password)"
        if not isinstance(exc, (OSError, UaError, TimeoutError, ConnectionError)):
            log.exception("plant link: unexpected failure")
        return f"{url}: {str(exc) or type(exc).__name__}"

    def _set_state(self, connected: bool, reason: str) -> None:
        with self.lock:
            if connected != self.state.connected:
                self.state = LinkState(connected, self.wall(), reason)
            else:
                self.state = LinkState(connected, self.state.since_s, reason)

    async def _session(self) -> None:
        login = self.login
        client = Client(login.url, timeout=REQUEST_TIMEOUT_S, watchdog_intervall=1.0)
        client.application_uri = STATION_URI
        client.set_user(login.user)
        client.set_password(login.password)
        try:
            lost = await self._open(client)
        except BaseException:  # refused, timed out or cancelled (the station closing)
            _drop_socket(client)
            raise
        self._logged_in = True  # from here a failure is a lost link, tried again
        try:
            await self._follow(client, lost)
        finally:
            self._client = None
            try:
                with contextlib.suppress(Exception):  # a silent server never answers it
                    await asyncio.wait_for(client.disconnect(), 2.0)
            finally:
                _drop_socket(client)

    async def _open(self, client: Client) -> asyncio.Event:
        """The secured session, logged in; the event set when its link is seen lost."""
        login = self.login
        endpoints = await client.connect_and_get_server_endpoints()
        secured = [e for e in endpoints
                   if e.SecurityPolicyUri == security_policies.SecurityPolicyBasic256Sha256.URI
                   and e.SecurityMode == ua.MessageSecurityMode.SignAndEncrypt]
        if not secured:
            raise LinkRefused(f"{login.url} offers no Basic256Sha256 SignAndEncrypt endpoint")
        server_cert = trusted_server(login.pki, self.host, self.port,
                                     secured[0].ServerCertificate)
        cert, key = await own_certificate(login.pki)
        await client.set_security(security_policies.SecurityPolicyBasic256Sha256, str(cert),
                                  str(key), server_certificate=str(server_cert),
                                  mode=ua.MessageSecurityMode.SignAndEncrypt)
        lost = self._lost = asyncio.Event()

        async def on_lost(_exc: Exception) -> None:
            lost.set()

        client.connection_lost_callback = on_lost
        await client.connect()
        return lost

    async def _follow(self, client: Client, lost: asyncio.Event) -> None:
        """Read everything, subscribe, ask for control again if this station held it when
        the link was lost, then keep the events and the alarm objects up to date until the
        link is lost again."""
        with self.lock:
            values = self.plant.values
            held = (values.get("Plant.ControlUser"), values.get("Plant.ControlStation")) == \
                (self.login.user, self.login.station)
        self._idx = await client.get_namespace_index(NAMESPACE)
        plant_node = self._node(client, "Plant")
        names = {(await c.read_browse_name()).Name for c in await plant_node.get_children()}
        text = str(await self._node(client, "Plant.HabitatDescription").read_value())
        if self.plant.habitat_text and text != self.plant.habitat_text:
            raise LinkRefused(f"{self.login.url} serves another habitat now: open the station "
                              "again to follow it")
        started = await client.get_node(
            ua.ObjectIds.Server_ServerStatus_StartTime).read_value()
        with self.lock:
            if self.plant.server_started not in (None, started):
                self.plant.restarts += 1
                log.warning("plant link: the server was started again (%s): a new run",
                            started)
            self.plant.server_started = started
        procedures = await self._node(client, "Plant.Procedures").read_value() \
            if "Procedures" in names else "{}"
        handler = _Handler(self)
        subscription = await client.create_subscription(100, handler)
        objects: dict[str, tuple[str, ...]] = {}
        nodes = [f"Plant.{n}" for n in PLANT_VARIABLES if n in names]
        for folder, otype in FOLDERS.items():
            objects[folder] = await self._children(client, folder)
            if folder == "Equipment":  # each unit's variables are its type's
                kinds = await client.read_values([self._node(client, f"Equipment.{i}.Kind")
                                                  for i in objects[folder]])
                for ident, kind in zip(objects[folder], kinds):
                    nodes += _variables(folder, (ident,), UNIT_TYPES.get(kind, EQUIPMENT))
            else:
                nodes += _variables(folder, objects[folder], otype)
        await self._watch(client, subscription, nodes)
        with self.lock:
            self.plant.habitat_text = text
            self.plant.procedure_texts = str(procedures)
            self.plant.objects = objects
            self.plant.plant_methods = frozenset(names)
        self._client = client
        await self._sync_events(client, subscription)
        if held and "RequestControl" in names:
            log.info("plant link: control again: %s",
                     (await self.call("Plant", "RequestControl", self.login.station))[1])
        self._set_state(True, "")
        if not self._first.is_set():
            self._first.set()
        while not lost.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(lost.wait(), 0.2)
            await self._sync_events(client, subscription)

    async def _children(self, client: Client, folder: str) -> tuple[str, ...]:
        node = self._node(client, folder)
        return tuple([(await c.read_browse_name()).Name for c in await node.get_children()])

    async def _watch(self, client: Client, subscription: Any, names: list[str]) -> None:
        """Read the variables ``names`` now, then subscribe to their changes."""
        nodes = [self._node(client, n) for n in names]
        for start in range(0, len(nodes), 500):
            chunk = nodes[start:start + 500]
            values = await client.read_values(chunk)
            with self.lock:
                self.plant.values.update(zip(names[start:start + 500], values))
            await subscription.subscribe_data_change(chunk)

    async def _new_alarms(self, client: Client, subscription: Any) -> None:
        ids = await self._children(client, "Alarms")
        new = [i for i in ids if i not in self.plant.objects.get("Alarms", ())]
        if new:
            await self._watch(client, subscription, _variables("Alarms", tuple(new), ALARM))
            with self.lock:
                self.plant.objects = {**self.plant.objects, "Alarms": ids}

    async def _sync_events(self, client: Client, subscription: Any) -> None:
        """The events the plant has and this link does not yet (all of a new run's, the old
        run's dropped), then the alarm objects they may have brought."""
        with self.lock:
            run = self.plant.run()
            if run != self.plant.events_run:
                self.plant.events, self.plant.events_run = [], run
            behind = int(self.plant.values.get("Plant.EventCount", 0)) > len(self.plant.events)
        if behind:
            await self._fetch_events()
            await self._new_alarms(client, subscription)

    async def _fetch_events(self) -> None:
        while True:
            accepted, text = await self.call("Plant", "EventsSince", str(len(self.plant.events)))
            if not accepted:
                raise ConnectionError(f"EventsSince refused: {text}")
            batch = [Event(**e) for e in json.loads(text)]
            with self.lock:
                self.plant.events.extend(batch)
            if len(batch) < MAX_EVENTS:
                return


def _drop_socket(client: Client) -> None:
    """Close the session's socket whatever became of the goodbye: after a loss its own
    watchdog finds, asyncua 2.1 marks the client disconnected and leaves the socket open
    (its disconnect then closes nothing), so a server that went silent would keep one open
    socket per loss."""
    protocol = client.uaclient.protocol
    if protocol is not None and protocol.transport is not None:
        protocol.transport.close()


def _variables(folder: str, ids: tuple[str, ...], otype: ObjectType) -> list[str]:
    return [f"{folder}.{i}.{f.name}" for i in ids for f in otype.all_fields()]


class _Handler:
    """asyncua's subscription callback: the latest value of each node."""

    def __init__(self, link: Link) -> None:
        self.link = link

    def datachange_notification(self, node: Any, value: Any, _data: Any) -> None:
        with self.link.lock:
            self.link.plant.values[str(node.nodeid.Identifier)] = value

    def status_change_notification(self, status: Any) -> None:
        """The subscription ended (the server went away): the watchdog reports the loss."""
        log.info("plant link subscription: %s", status)
