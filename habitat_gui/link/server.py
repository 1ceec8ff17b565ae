"""``habitat-sim serve``: a plant source served over OPC UA on the asyncio loop.

The server advances a source whose clock it drives (the simulation) by the wall time that
passed, ``speed`` times over, and publishes what changed; ``clock`` is injectable so tests
tick it by hand. Stopping closes the server, then the source (which completes its
recording).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import UTC, datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asyncua import Server
from asyncua.server.internal_server import InternalServer

from .. import __version__
from ..sources.protocol import (ClockControl, Drill, PlantSource, Procedures, Recording,
                                Training)
from .control import ControlToken
from .history import historize
from .methods import Methods
from .model import Model, build_model
from .publish import Publisher
from .security import LinkUser, UsersFileManager, check_endpoints, secure
from .users import User

log = logging.getLogger(__name__)

APP_URI = "urn:habitat-panel:habitat-sim:serve"
TICK_S = 0.2  # wall seconds between publications
BUDGET_S = 0.05  # wall time the simulation may take per tick


@dataclass(frozen=True)
class ServerConfig:
    endpoint: str  # opc.tcp://HOST:PORT
    pki: Path
    users: dict[str, User]
    allow_anonymous: bool = False


class _Sessions(InternalServer):
    """asyncua's server core, telling ``on_closed`` of each session that closes, with
    ConditionRefresh (and ConditionRefresh2) on ConditionType: the retained alarm
    conditions sent again to the subscription that asks."""

    def __init__(self, on_closed: Callable[[int], None]) -> None:
        super().__init__()
        self.on_closed = on_closed
        self.bind_condition_methods = True

    def unregister_external_session(self, session: Any) -> None:
        super().unregister_external_session(session)
        if isinstance(session.user, LinkUser):
            self.on_closed(session.user.session)


class PlantServer:
    """One plant source behind one OPC UA endpoint, and its control token."""

    def __init__(self, source: PlantSource, config: ServerConfig,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.source = source
        self.config = config
        self.clock = clock
        self.control = ControlToken(clock)
        self.server = Server(iserver=_Sessions(self._session_closed))
        self.model: Model | None = None
        self.publisher: Publisher | None = None
        self._recording_failure: str | None = None  # the last said
        self._last_tick = clock()
        self._tasks: set[asyncio.Task[None]] = set()
        self._stopping = False

    async def start(self) -> None:
        """Build the model and listen; LinkSecurityError when the secured endpoint is
        missing (the server is stopped again then)."""
        server, config = self.server, self.config
        await server.init()
        server.set_endpoint(config.endpoint)
        server.set_server_name(f"Habitat plant ({self.source.habitat.name})")
        await server.set_application_uri(APP_URI)
        await server.set_build_info("urn:habitat-panel", "Habitat Control Panel",
                                    "habitat-sim serve", __version__, __version__,
                                    datetime.now(UTC))
        await secure(server, config.pki, APP_URI,
                     UsersFileManager(config.users, config.allow_anonymous),
                     lambda user: self.control.seen(user.session))
        procedures = self.source.procedures().values() \
            if isinstance(self.source, Procedures) else ()
        self.model = await build_model(server, self.source.habitat, self.source.snapshot(),
                                       clock=isinstance(self.source, ClockControl),
                                       procedures=procedures,
                                       drill=isinstance(self.source, Drill),
                                       training=isinstance(self.source, Training))
        methods = Methods(self.model, self.source, self.publish, self.control)
        methods.link()
        self.publisher = Publisher(self.model, self.source,
                                   lambda name: _linked(methods, name), self.control)
        await self.publisher.start()
        await self.publish()
        await historize(self.model)  # after the first publication: its values are stamped
        await server.start()
        try:
            check_endpoints(await server.get_endpoints())
        except Exception:
            await server.stop()
            raise
        self._last_tick = self.clock()

    def _session_closed(self, session: int) -> None:
        """A session closed: its control is freed and the free token published at once
        (not while the server stops: a station then keeps what it last saw, and asks for
        control again when it is back)."""
        if self.control.closed(session) and self.publisher is not None and \
                not self._stopping:
            task = asyncio.get_running_loop().create_task(self.publish())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def publish(self) -> None:
        assert self.publisher is not None, "start() first"
        await self.publisher.publish()

    async def tick(self) -> None:
        """Advance a clock-driven source by the wall time since the last tick, free a
        silent holder's control, publish; nothing to publish when the simulation did not
        advance (a step is a simulated second, a tick a fifth of a wall second) and control
        stayed (commands, clock and control methods publish themselves)."""
        now = self.clock()
        advanced = True
        if isinstance(self.source, ClockControl):
            advanced = self.source.catch_up(now - self._last_tick, BUDGET_S) > 0
        self._last_tick = now
        self._say_recording_failure()
        changes = len(self.control.changes)
        self.control.expire()
        if advanced or len(self.control.changes) != changes:
            await self.publish()

    def _say_recording_failure(self) -> None:
        """Log, once, why the run is not recorded (the plant is served on)."""
        failure = self.source.recording_failure() \
            if isinstance(self.source, Recording) else None
        if failure and failure != self._recording_failure:
            log.warning("not recording: %s", failure)
        self._recording_failure = failure

    async def run(self, stop: asyncio.Event) -> None:
        """Tick every TICK_S until ``stop`` is set."""
        while not stop.is_set():
            await self.tick()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), TICK_S)

    async def stop(self) -> None:
        self._stopping = True
        try:
            await self.server.stop()
        finally:
            self.source.close()


async def _linked(methods: Methods, name: str) -> None:
    methods.link([name])
