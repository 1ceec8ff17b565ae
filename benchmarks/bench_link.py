"""What the plant server costs: its start (model and certificate), a publication per tick
of the built-in colony at 1x and 60x, and a method call's round trip from a client over
Basic256Sha256 SignAndEncrypt. Run: python benchmarks/bench_link.py
"""

from __future__ import annotations

import asyncio
import logging
import socket
import statistics
import tempfile
import time
from pathlib import Path

from asyncua import Client, ua
from asyncua.crypto import cert_gen, security_policies
from cryptography.x509.oid import ExtendedKeyUsageOID

from habitat_gui.core import resources
from habitat_gui.core.plant.habitat import load_habitat
from habitat_gui.core.simulation import Simulation
from habitat_gui.link.model import NAMESPACE
from habitat_gui.link.server import PlantServer, ServerConfig
from habitat_gui.link.users import make_user
from habitat_gui.sources.simulated import SimulatedSource

TICKS = 100
CALLS = 30


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


async def ticks(plant: PlantServer, clock: Clock, speed: float) -> tuple[float, float]:
    """Wall ms per tick (advance one wall second, publish) and values written per tick."""
    assert isinstance(plant.source, SimulatedSource) and plant.publisher is not None
    plant.source.set_speed(speed)
    before, start = plant.publisher.writes, time.perf_counter()
    for _ in range(TICKS):
        clock.now += 1.0
        await plant.tick()
    return ((time.perf_counter() - start) / TICKS * 1e3,
            (plant.publisher.writes - before) / TICKS)


async def round_trips(url: str, folder: Path) -> float:
    """Median ms of a Check call (the dry run of a command)."""
    cert, key = folder / "client.der", folder / "client.pem"
    await cert_gen.setup_self_signed_certificate(
        key, cert, "urn:habitat-panel:bench", socket.gethostname(),
        [ExtendedKeyUsageOID.CLIENT_AUTH], {"commonName": "bench"})
    client = Client(url)
    client.application_uri = "urn:habitat-panel:bench"
    client.set_user("bench")
    client.set_password("bench")
    await client.set_security(security_policies.SecurityPolicyBasic256Sha256, str(cert),
                              str(key), mode=ua.MessageSecurityMode.SignAndEncrypt)
    async with client:
        idx = await client.get_namespace_index(NAMESPACE)
        plant = client.get_node(ua.NodeId("Plant", idx))
        times = []
        for _ in range(CALLS):
            start = time.perf_counter()
            await plant.call_method(f"{idx}:Check", "close interconnect=hab-1/command")
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


async def main() -> None:
    logging.getLogger("asyncua").setLevel(logging.ERROR)  # its notes on copying type nodes
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"opc.tcp://127.0.0.1:{probe.getsockname()[1]}"
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = SimulatedSource(Simulation(load_habitat(resources.builtin("habitats")["ares"])))
        clock = Clock()
        users = {"bench": make_user("bench", "operator", "bench")}
        plant = PlantServer(source, ServerConfig(url, folder / "pki", users), clock)
        start = time.perf_counter()
        await plant.start()
        started_s = time.perf_counter() - start
        try:
            assert plant.model is not None
            print(f"start: {started_s:.2f} s ({len(plant.model.objects)} objects; the "
                  "certificate made on this first start)")
            for speed in (1.0, 60.0):
                ms, writes = await ticks(plant, clock, speed)
                print(f"tick at {speed:g}x: {ms:.1f} ms, {writes:.0f} values written "
                      f"(of {sum(len(t.all_fields()) for t, _ in plant.model.objects.values())})")
            print(f"Check round trip: {await round_trips(url, folder):.1f} ms (median of "
                  f"{CALLS})")
        finally:
            await plant.stop()


if __name__ == "__main__":
    asyncio.run(main())
