"""Processes killed with SIGKILL: ``habitat-sim serve`` mid-run, restarted on its port (the
station shows COMM LOSS, reconnects by itself, sends nothing twice), and a station mid-command
(its answer kept back by a relay until it is killed: the server's audit holds the command
once). Every wait is on a condition."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from habitat_gui.contract.commands import Command
from habitat_gui.core.plant.generated import grid_colony_text
from habitat_gui.core.recording.reader import Recording
from habitat_gui.link.users import make_user, save_users
from habitat_gui.sources.opcua import LINK_ALARM, OpcUaSource, connect
from habitat_gui.sources.protocol import ControlHolder, Operator
from plantlink import connect as plain_client
from plantlink import PATIENCE_S, free_port, node, wait_for
from relay import Relay

ROOT = Path(__file__).resolve().parents[2]
LINK = "hab-3/hab-4"
SEAL = Command.of("seal", interconnect=LINK)
PASSWORDS = {"ada": "ada-pw", "eve": "eve-pw"}


class Serving:
    """``habitat-sim serve seal-breach`` (or ``plant``: other arguments) as a process of its
    own at ``url``: its users, PKI and home in ``folder``, its run recorded to ``record``."""

    def __init__(self, folder: Path, url: str, record: Path,
                 plant: tuple[str, ...] = ("seal-breach",)) -> None:
        save_users(folder / "users.toml",
                   {name: make_user(name, "operator", pw) for name, pw in PASSWORDS.items()})
        self.url, self.record = url, record
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "habitat_gui.cli", "serve", *plant, "--endpoint", url,
             "--users", str(folder / "users.toml"), "--pki", str(folder / "pki"),
             "--record", str(record)],
            cwd=ROOT, env=_env(folder), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True)
        first = self.proc.stdout.readline()  # printed once the server listens
        if not first.startswith(f"serving on {url}"):
            self.proc.kill()
            pytest.fail(first + self.proc.communicate()[1])

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def stop(self) -> None:
        """SIGTERM, and the clean end it promises."""
        self.proc.send_signal(signal.SIGTERM)
        _, err = self.proc.communicate(timeout=PATIENCE_S)
        assert self.proc.returncode == 0, err

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate(timeout=PATIENCE_S)


def _env(folder: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join((str(ROOT), str(Path(__file__).parent))),
            "HABITAT_PANEL_HOME": str(folder)}


def _commands(record: Path, who: str) -> list[tuple[str, str]]:
    with Recording.open(record) as rec:
        return [(c.command, c.outcome) for c in rec.commands() if c.who == who]


def _commanded(source: OpcUaSource) -> list[str]:
    """The commands in the station's event log."""
    return [e.message for e in source.events_since(0) if e.kind == "command"]


def test_a_killed_server_restarted_is_survived_and_nothing_is_sent_twice(tmp_path):
    url = f"opc.tcp://127.0.0.1:{free_port()}"
    first = Serving(tmp_path, url, tmp_path / "first.sqlite")
    second = None
    source = connect(url, "ada", PASSWORDS["ada"], tmp_path / "station-pki", station="A")
    try:
        ada = Operator("ada")
        assert source.submit(Command.of("request_control", station="A"), ada).outcome == \
            "accepted"
        record = source.submit(SEAL, ada)
        assert record.outcome == "accepted", record.reason
        wait_for(lambda: source.snapshot().interconnect(LINK).state == "sealed", "sealed")
        wait_for(lambda: _commanded(source), "the seal in the station's event log")
        first_run = source.run
        first.kill()  # SIGKILL: no goodbye to anyone
        wait_for(lambda: not source.snapshot().link.connected, "the link seen lost")
        alarm = source.alarms()[0]
        assert alarm.id == LINK_ALARM and alarm.message.startswith("COMM LOSS")
        refused = source.submit(SEAL, ada)
        assert refused.outcome == "rejected"
        assert refused.reason.startswith("no link to the plant since ")
        second = Serving(tmp_path, url, tmp_path / "second.sqlite")  # same port, same PKI
        wait_for(lambda: source.snapshot().link.connected, "the link back by itself")
        # the restarted server runs the scenario afresh: the hatch is open again
        wait_for(lambda: source.snapshot().interconnect(LINK).state == "open",
                 "the new run's plant at the station")
        wait_for(lambda: source.control_holder() == ControlHolder("ada", "A"),
                 "control asked for again on the way back")
        assert source.run != first_run  # a new run: the window is renewed on it
        # the event log is the new run's, from its first: the old run's seal is not in it
        assert not _commanded(source)
        assert LINK_ALARM not in {a.id for a in source.alarms()}
        record = source.submit(SEAL, ada)
        assert record.outcome == "accepted", record.reason
        second.stop()
    finally:
        source.close()
        first.kill()
        if second is not None:
            second.kill()
    # the killed server's recording keeps what was done (a command is committed at once)
    assert _commands(tmp_path / "first.sqlite", "ada") == [("seal", "accepted")]
    # the new server heard the one seal sent to it: nothing of the lost link sent again
    assert _commands(tmp_path / "second.sqlite", "ada") == [("seal", "accepted")]


def test_a_server_back_with_another_habitat_is_not_followed(tmp_path):
    url = f"opc.tcp://127.0.0.1:{free_port()}"
    first = Serving(tmp_path, url, tmp_path / "first.sqlite")
    source = connect(url, "ada", PASSWORDS["ada"], tmp_path / "station-pki", station="A")
    (tmp_path / "grid.toml").write_text(grid_colony_text(3))
    second = None
    try:
        modules = source.snapshot().modules
        first.kill()
        second = Serving(tmp_path, url, tmp_path / "second.sqlite",
                         ("--habitat", str(tmp_path / "grid.toml")))
        wait_for(lambda: "serves another habitat now" in source.snapshot().link.reason,
                 "the link kept down, saying why")
        assert not source.snapshot().link.connected
        assert source.snapshot().modules == modules  # this colony's last values, stale
        assert source.submit(SEAL, Operator("ada")).outcome == "rejected"
    finally:
        source.close()
        first.kill()
        if second is not None:
            second.kill()


def test_a_station_killed_mid_command_leaves_the_command_in_the_audit_once(tmp_path):
    url = f"opc.tcp://127.0.0.1:{free_port()}"
    serving = Serving(tmp_path, url, tmp_path / "run.sqlite")
    relay = Relay(serving.port)  # the station's link passes through it
    station = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("station_process.py")),
         f"opc.tcp://127.0.0.1:{relay.port}", "eve", PASSWORDS["eve"],
         str(tmp_path / "station-pki")],
        cwd=ROOT, env=_env(tmp_path), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        ready = station.stdout.readline()
        assert ready == "ready\n", ready + station.stderr.read()
        asyncio.run(_killed_once_carried_out(url, tmp_path, relay, station))
        out, _ = station.communicate(timeout=PATIENCE_S)
        serving.stop()
    finally:
        if station.poll() is None:
            station.kill()
            station.communicate(timeout=PATIENCE_S)
        relay.close()
        serving.kill()
    # it never had the plant's answer: at most its link's loss, saying the outcome unknown
    assert out.startswith("sending\n")
    assert out == "sending\n" or "may or may not have been carried out" in out, out
    assert _commands(tmp_path / "run.sqlite", "eve") == [("seal", "accepted")]


async def _killed_once_carried_out(url: str, folder: Path, relay: Relay,
                                   station: subprocess.Popen) -> None:
    """The station's seal passed on to the server, every answer after it kept back; the
    station killed as soon as a plain client sees the server has carried it out."""
    async with plain_client(url, folder, "ada", PASSWORDS["ada"]) as (client, idx):
        state = node(client, idx, f"Interconnects.{LINK}.State")
        before = await state.read_value()
        relay.hold()
        station.stdin.write(f"{SEAL.text()} killed-1\n")
        station.stdin.flush()
        deadline = time.monotonic() + PATIENCE_S
        while await state.read_value() == before:
            if time.monotonic() > deadline:
                pytest.fail("never: the seal carried out")
            await asyncio.sleep(0.02)
        station.kill()
