"""What the plant server costs. In this process: its start (model and certificate), a
publication per tick of the built-in colony at 1x and 60x, a Check round trip over
Basic256Sha256 SignAndEncrypt, and the served history's bytes a value against asyncua's
own memory history, with a day's bound. Then ``habitat-sim serve`` as a process with the
generated colony at 1x and stations (the panel's own OpcUaSource, on their threads here):
the server's CPU against the embedded simulation stepping the same colony without a
server, the update latency from the server's publication to the stations, a command's
round trip, and a soak with the stations connecting and disconnecting (the server's memory growth).
Linux (the server process is measured through /proc).

Run: python benchmarks/bench_link.py [--soak-s 600] [--measure-s 60]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from asyncua import Client, ua
from asyncua.crypto import cert_gen, security_policies
from asyncua.server.history import HistoryDict
from cryptography.x509.oid import ExtendedKeyUsageOID

from habitat_gui.contract.commands import Command
from habitat_gui.core import resources
from habitat_gui.core.plant.generated import grid_colony_text
from habitat_gui.core.plant.habitat import load_habitat
from habitat_gui.core.simulation import Simulation
from habitat_gui.link.model import NAMESPACE
from habitat_gui.link.history import HISTORY, HISTORY_COUNT, HISTORY_STEP_S, CompactHistory
from habitat_gui.link.server import TICK_S, PlantServer, ServerConfig
from habitat_gui.link.users import make_user, save_users
from habitat_gui.sources import opcua
from habitat_gui.sources.link import client as link_client
from habitat_gui.sources.protocol import Operator
from habitat_gui.sources.simulated import SimulatedSource

ROOT = Path(__file__).resolve().parents[1]
TICKS = 100
CALLS = 30
MODULES = 50
STATIONS = 4
LINK = "m00/m01"  # sealed and unsealed: accepted, harmless
CYCLE_S = 10.0  # the soak: a station leaves and comes back this often
TARGETS = {"cpu": 25.0, "median_ms": 200.0, "p99_ms": 1000.0, "command_ms": 300.0,
           "growth_pct": 10.0}


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def free_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"opc.tcp://127.0.0.1:{probe.getsockname()[1]}"


def in_process(folder: Path, habitat_file: Path | None) -> PlantServer:
    """A plant server in this process on a manual clock: the built-in colony, or the one in
    ``habitat_file``."""
    path = habitat_file or resources.builtin("habitats")["ares"]
    source = SimulatedSource(Simulation(load_habitat(path)))
    users = {"bench": make_user("bench", "operator", "bench")}
    return PlantServer(source, ServerConfig(free_url(), folder / "pki", users), Clock())


async def ticks(plant: PlantServer, speed: float) -> tuple[float, float]:
    """Wall ms per tick (advance TICK_S of wall time, publish) and values written per
    tick."""
    assert isinstance(plant.source, SimulatedSource) and plant.publisher is not None
    assert isinstance(plant.clock, Clock)
    plant.source.set_speed(speed)
    before, start = plant.publisher.writes, time.perf_counter()
    for _ in range(TICKS):
        plant.clock.now += TICK_S
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


async def builtin_figures(folder: Path) -> None:
    plant = in_process(folder, None)
    start = time.perf_counter()
    await plant.start()
    started_s = time.perf_counter() - start
    try:
        assert plant.model is not None
        print(f"start: {started_s:.2f} s ({len(plant.model.objects)} objects; the "
              "certificate made on this first start)")
        for speed in (1.0, 60.0):
            ms, writes = await ticks(plant, speed)
            print(f"tick at {speed:g}x: {ms:.1f} ms, {writes:.0f} values written "
                  f"(of {sum(len(t.all_fields()) for t, _ in plant.model.objects.values())})")
        print(f"Check round trip: {await round_trips(plant.config.endpoint, folder):.1f} ms "
              f"(median of {CALLS})")
    finally:
        await plant.stop()


async def bytes_a_value(storage: HistoryDict) -> float:
    """What ``storage`` holds a stored value in (tracemalloc), filled with a day of one
    variable's values a HISTORY_STEP_S apart, as the server stamps them."""
    node = ua.NodeId("bench", 1)
    await storage.new_historized_node(node, HISTORY, HISTORY_COUNT)
    first = datetime.now(UTC) - HISTORY
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(HISTORY_COUNT):
        stamp = first + timedelta(seconds=i * HISTORY_STEP_S)
        await storage.save_node_value(node, ua.DataValue(
            ua.Variant(101.3 + i * 1e-4, ua.VariantType.Double), SourceTimestamp=stamp,
            ServerTimestamp=stamp))
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return grown / HISTORY_COUNT


async def history_figures(folder: Path, habitat_file: Path) -> None:
    """The served history's bytes a value against asyncua's own memory history, and what
    a day of the generated colony holds at most."""
    plant = in_process(folder, habitat_file)
    await plant.start()
    storage = plant.server.iserver.history_manager.storage
    assert isinstance(storage, CompactHistory)
    variables = len(storage.series)
    await plant.stop()
    ours, theirs = await bytes_a_value(CompactHistory()), await bytes_a_value(HistoryDict())
    day_mb = variables * HISTORY_COUNT / 1e6
    print(f"history: {variables} variables historized, at most {HISTORY_COUNT:,} values "
          f"each a day (one per {HISTORY_STEP_S:g} s); {ours:.1f} bytes a value, asyncua's "
          f"memory history {theirs:.0f} (x{theirs / ours:.0f}): a day at most "
          f"{day_mb * ours:,.0f} MB (asyncua's {day_mb * theirs:,.0f} MB)")


def baseline_cpu_pct(habitat_file: Path, seconds: int = 120) -> float:
    """The embedded simulation alone (no server): % of a core to step the colony at 1x,
    ticked every TICK_S as the server ticks it."""
    source = SimulatedSource(Simulation(load_habitat(habitat_file)))
    start = time.process_time()
    for _ in range(round(seconds / TICK_S)):
        source.catch_up(TICK_S, 1.0)
        source.snapshot()  # what a panel takes on each tick
    return (time.process_time() - start) / seconds * 100


class ServeProcess:
    """``habitat-sim serve --habitat FILE`` at 1x, measured through /proc."""

    def __init__(self, folder: Path, habitat_file: Path, users: Path, url: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "HABITAT_PANEL_HOME": str(folder)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "habitat_gui.cli", "serve", "--habitat", str(habitat_file),
             "--endpoint", url, "--users", str(users), "--pki", str(folder / "pki")],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.proc.stdout is not None
        first = self.proc.stdout.readline()
        if not first.startswith("serving on"):
            self.proc.kill()
            raise SystemExit(f"bench_link: the server did not start: {first!r}")

    def cpu_s(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Delays:
    """Each station's delay from the server's publication (the source timestamp of
    Plant.SimulationTimeS, the server's wall clock as it publishes a step) to the value's
    arrival, from which the station's snapshot has it: recorded while ``on``."""

    def __init__(self) -> None:
        self.on = False
        self.seconds: list[float] = []
        self.lock = threading.Lock()
        handler = link_client._Handler
        original = handler.datachange_notification

        def stamped(this: Any, node: Any, value: Any, data: Any) -> None:
            original(this, node, value, data)
            if self.on and node.nodeid.Identifier == "Plant.SimulationTimeS":
                stamp = data.monitored_item.Value.SourceTimestamp
                if stamp.tzinfo is None:
                    stamp = stamp.replace(tzinfo=UTC)
                with self.lock:
                    self.seconds.append(time.time() - stamp.timestamp())

        handler.datachange_notification = stamped

    def take(self) -> list[float]:
        with self.lock:
            taken, self.seconds = self.seconds, []
        return taken


def station(url: str, folder: Path, k: int) -> opcua.OpcUaSource:
    return opcua.connect(url, f"op{k}", f"pw{k}", folder / f"station-pki-{k}",
                         station=f"S{k}")


def command_round_trips(holder: opcua.OpcUaSource, seconds: float) -> list[float]:
    """Seal and unseal LINK, one command a second for ``seconds``, from the station that
    holds control: ms from submit to its outcome."""
    who = Operator(holder.user)
    record = holder.submit(Command.of("request_control", station=holder.station), who)
    assert record.outcome == "accepted", record.reason
    times, end = [], time.monotonic() + seconds
    while time.monotonic() < end:
        for name in ("seal", "unseal"):
            start = time.perf_counter()
            record = holder.submit(Command.of(name, interconnect=LINK), who)
            times.append((time.perf_counter() - start) * 1e3)
            assert record.outcome == "accepted", f"{name}: {record.reason}"
            time.sleep(1.0)
    holder.submit(Command.of("release_control"), who)
    return times


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def served_figures(folder: Path, habitat_file: Path, measure_s: float,
                   soak_s: float, baseline_pct: float) -> None:
    users = folder / "users.toml"
    save_users(users, {f"op{k}": make_user(f"op{k}", "operator", f"pw{k}")
                       for k in range(STATIONS)})
    delays = Delays()
    url = free_url()
    start = time.perf_counter()
    server = ServeProcess(folder, habitat_file, users, url)
    print(f"served: {MODULES} modules, started in {time.perf_counter() - start:.1f} s, "
          f"{server.rss_mb():.0f} MB")
    try:
        start = time.perf_counter()
        stations = [station(url, folder, k) for k in range(STATIONS)]
        print(f"  {STATIONS} stations connected in {time.perf_counter() - start:.1f} s")
        time.sleep(5.0)  # their first reads and subscriptions served
        cpu_start, wall_start = server.cpu_s(), time.monotonic()
        delays.on = True
        trips = command_round_trips(stations[0], measure_s)
        delays.on = False
        cpu = (server.cpu_s() - cpu_start) / (time.monotonic() - wall_start) * 100
        seen = delays.take()
        print(f"  server CPU at 1x with {STATIONS} stations and a command a second: "
              f"{cpu:.1f} % of a core (target <= {TARGETS['cpu']:g} %); the simulation "
              f"alone {baseline_pct:.1f} %: x{cpu / baseline_pct:.1f}")
        print(f"  update latency, publication to station, {len(seen)} updates: median "
              f"{statistics.median(seen) * 1e3:.0f} ms (<= {TARGETS['median_ms']:g}), p99 "
              f"{quantile(seen, 0.99) * 1e3:.0f} ms (<= {TARGETS['p99_ms']:g}), max "
              f"{max(seen) * 1e3:.0f} ms; a tick every {TICK_S * 1e3:.0f} ms")
        print(f"  command round trip (seal, unseal), {len(trips)} commands: median "
              f"{statistics.median(trips):.0f} ms (<= {TARGETS['command_ms']:g}), max "
              f"{max(trips):.0f} ms")
        soak(server, stations, url, folder, soak_s)
        for source in stations:
            source.close()
    finally:
        server.stop()


def soak(server: ServeProcess, stations: list[opcua.OpcUaSource], url: str, folder: Path,
         soak_s: float) -> None:
    """For ``soak_s``: every CYCLE_S a station closes and connects again, in turn; the
    server's RSS after a warm-up (a round of all stations, at most a third of the soak)
    against its RSS at the end."""
    warm_s = min(STATIONS * CYCLE_S, soak_s / 3)
    start, rss_warm, cycles = time.monotonic(), None, 0
    while (elapsed := time.monotonic() - start) < soak_s:
        if rss_warm is None and elapsed >= warm_s:
            rss_warm = server.rss_mb()
        k = cycles % STATIONS
        stations[k].close()
        stations[k] = station(url, folder, k)
        cycles += 1
        time.sleep(max(0.0, min(CYCLE_S, soak_s - (time.monotonic() - start))))
    rss_end = server.rss_mb()
    rss_warm = rss_warm or rss_end
    growth = (rss_end - rss_warm) / rss_warm * 100
    print(f"  soak {soak_s:g} s, {cycles} reconnections: RSS {rss_warm:.0f} MB after "
          f"{warm_s:g} s, {rss_end:.0f} MB at the end: {growth:+.1f} % (target <= "
          f"{TARGETS['growth_pct']:g} %)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--soak-s", type=float, default=600.0,
                        help="the soak's length in seconds (default 600)")
    parser.add_argument("--measure-s", type=float, default=60.0,
                        help="seconds of CPU, latency and commands (default 60)")
    args = parser.parse_args()
    logging.getLogger("asyncua").setLevel(logging.ERROR)  # its notes on copying type nodes
    logging.getLogger("habitat_gui").setLevel(logging.ERROR)  # the stations' link notes
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        habitat_file = folder / "grid.toml"
        habitat_file.write_text(grid_colony_text(MODULES), encoding="utf-8")
        asyncio.run(builtin_figures(folder))
        asyncio.run(history_figures(folder, habitat_file))
        baseline = baseline_cpu_pct(habitat_file)
        served_figures(folder, habitat_file, args.measure_s, args.soak_s, baseline)
    print(f"({datetime.now():%Y-%m-%d %H:%M}, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())})")


if __name__ == "__main__":
    main()
