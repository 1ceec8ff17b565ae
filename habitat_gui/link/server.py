"""``habitat-sim serve``: a plant source served over OPC UA on the asyncio loop.

The server advances a source whose clock it drives (the simulation) by the wall time that
passed, ``speed`` times over, and publishes what changed; ``clock`` is injectable so tests
tick it by hand. Stopping closes the server, then the source (which completes its
recording).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import UTC, datetime, timedelta
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from asyncua import Server, ua

from .. import __version__
from ..sources.protocol import ClockControl, PlantSource, Procedures
from .methods import Methods
from .model import Model, build_model
from .publish import Publisher
from ..sources.link.schema import MODULE
from .security import UsersFileManager, check_endpoints, secure
from .users import User

APP_URI = "urn:habitat-panel:habitat-sim:serve"
TICK_S = 0.2  # wall seconds between publications
BUDGET_S = 0.05  # wall time the simulation may take per tick
HISTORY = timedelta(hours=24)
HISTORY_COUNT = 100_000  # values kept per measurement at most


@dataclass(frozen=True)
class ServerConfig:
    endpoint: str  # opc.tcp://HOST:PORT
    pki: Path
    users: dict[str, User]
    allow_anonymous: bool = False


class PlantServer:
    """One plant source behind one OPC UA endpoint."""

    def __init__(self, source: PlantSource, config: ServerConfig,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.source = source
        self.config = config
        self.clock = clock
        self.server = Server()
        self.model: Model | None = None
        self.publisher: Publisher | None = None
        self._last_tick = clock()

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
                     UsersFileManager(config.users, config.allow_anonymous))
        procedures = self.source.procedures().values() \
            if isinstance(self.source, Procedures) else ()
        self.model = await build_model(server, self.source.habitat, self.source.snapshot(),
                                       clock=isinstance(self.source, ClockControl),
                                       procedures=procedures)
        methods = Methods(self.model, self.source, self.publish)
        methods.link()
        self.publisher = Publisher(self.model, self.source,
                                   lambda name: _linked(methods, name))
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

    async def publish(self) -> None:
        assert self.publisher is not None, "start() first"
        await self.publisher.publish()

    async def tick(self) -> None:
        """Advance a clock-driven source by the wall time since the last tick, publish."""
        now = self.clock()
        if isinstance(self.source, ClockControl):
            self.source.catch_up(now - self._last_tick, BUDGET_S)
        self._last_tick = now
        await self.publish()

    async def run(self, stop: asyncio.Event) -> None:
        """Tick every TICK_S until ``stop`` is set."""
        while not stop.is_set():
            await self.tick()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), TICK_S)

    async def stop(self) -> None:
        try:
            await self.server.stop()
        finally:
            self.source.close()


async def historize(model: Model) -> None:
    """Keep HISTORY of each module's measurements in memory, for HistoryRead (stamped with
    the server's wall clock)."""
    nodes = [model.node(f"{name}.{f.name}") for name, (otype, _) in model.objects.items()
             if otype is MODULE for f in otype.fields
             if f.unit and f.deadband and not f.path.startswith("truth.")]
    read = ua.AccessLevel.CurrentRead.mask | ua.AccessLevel.HistoryRead.mask
    for node in nodes:
        for attr in (ua.AttributeIds.AccessLevel, ua.AttributeIds.UserAccessLevel):
            await node.write_attribute(attr, ua.DataValue(ua.Variant(read, ua.VariantType.Byte)))
        await node.write_attribute(ua.AttributeIds.Historizing,
                                   ua.DataValue(ua.Variant(True, ua.VariantType.Boolean)))
    await model.server.historize_node_data_change(nodes, HISTORY, HISTORY_COUNT)


async def _linked(methods: Methods, name: str) -> None:
    methods.link([name])
