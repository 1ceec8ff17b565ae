"""A real plant server on a free loopback port, run on its own thread's event loop and
ticked by hand (a manual clock), and real asyncua clients to talk to it."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from asyncua import Client, ua
from asyncua.crypto import cert_gen, security_policies
from cryptography.x509.oid import ExtendedKeyUsageOID

from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.simulation import Simulation
from habitat_gui.link.model import NAMESPACE
from habitat_gui.link.server import PlantServer, ServerConfig
from habitat_gui.link.users import make_user
from habitat_gui.sources.protocol import PlantSource
from habitat_gui.sources.simulated import SimulatedSource

PASSWORDS = {"ada": "ada-pw", "bob": "bob-pw", "obs": "obs-pw", "ins": "ins-pw"}
ROLES = {"ada": "operator", "bob": "operator", "obs": "observer", "ins": "instructor"}
CLIENT_URI = "urn:habitat-panel:tests:client"
PATIENCE_S = 120.0  # the longest any condition of the link's tests is waited for


def wait_for(condition: Callable[[], object], what: str) -> None:
    """Until ``condition()`` holds; the test fails naming ``what`` after PATIENCE_S."""
    deadline = time.monotonic() + PATIENCE_S
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"never: {what}")
        time.sleep(0.05)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ManualClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Running:
    """A PlantServer on a thread of its own; ``call`` runs a coroutine there. It serves what
    ``served`` makes of its simulated ``source`` (by default the source itself)."""

    def __init__(self, folder: Path, scenario: str = "seal-breach",
                 allow_anonymous: bool = False, port: int | None = None,
                 served: Callable[[SimulatedSource], PlantSource] = lambda s: s) -> None:
        simulation = Simulation.from_scenario(resolve(scenario, None))
        simulation.run_until(3000.0)  # the breach at 300 s has raised alarms by now
        self.source = SimulatedSource(simulation)
        self.clock = ManualClock()
        self.url = f"opc.tcp://127.0.0.1:{port or free_port()}"
        users = {name: make_user(name, ROLES[name], pw) for name, pw in PASSWORDS.items()}
        self.plant = PlantServer(served(self.source), ServerConfig(self.url, folder / "pki", users,
                                                           allow_anonymous), self.clock)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.call(self.plant.start())

    def call(self, coro: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=120)

    def advance(self, wall_s: float) -> None:
        """Let ``wall_s`` seconds pass on the server's clock and tick it once."""
        self.clock.now += wall_s
        self.call(self.plant.tick())

    def close(self) -> None:
        self.call(self.plant.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=60)
        self.loop.close()


async def client_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "client.der", folder / "client.pem"
    await cert_gen.setup_self_signed_certificate(
        key, cert, CLIENT_URI, socket.gethostname(), [ExtendedKeyUsageOID.CLIENT_AUTH],
        {"commonName": "habitat-panel tests"})
    return cert, key


@contextlib.asynccontextmanager
async def connect(url: str, folder: Path, user: str | None,
                  password: str | None = None) -> AsyncIterator[tuple[Client, int]]:
    """A secured session (Basic256Sha256 SignAndEncrypt) as ``user`` (None: anonymous),
    and our namespace index."""
    client = Client(url, timeout=30)
    client.application_uri = CLIENT_URI
    if user is not None:
        client.set_user(user)
        client.set_password(password if password is not None else PASSWORDS[user])
    cert, key = await client_certificate(folder)
    await client.set_security(security_policies.SecurityPolicyBasic256Sha256, str(cert),
                              str(key), mode=ua.MessageSecurityMode.SignAndEncrypt)
    async with client:
        yield client, await client.get_namespace_index(NAMESPACE)


def node(client: Client, idx: int, name: str) -> Any:
    return client.get_node(ua.NodeId(name, idx))


async def take_control(client: Client, idx: int, station: str = "tests") -> None:
    """Take control for this session (RequestControl on the Plant)."""
    accepted, reason = await node(client, idx, "Plant").call_method(f"{idx}:RequestControl",
                                                                    station)
    assert accepted, reason
