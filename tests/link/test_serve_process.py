"""``habitat-sim serve`` as a process: it serves, a client commands it, SIGTERM stops it
cleanly and the recording is complete."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

from habitat_gui.core.recording.reader import Recording
from habitat_gui.link.users import make_user, save_users
from plantlink import connect, free_port, node, take_control

ROOT = Path(__file__).resolve().parents[2]


def test_serve_runs_until_sigterm_and_completes_its_recording(tmp_path):
    save_users(tmp_path / "users.toml", {"ada": make_user("ada", "operator", "ada-pw")})
    url = f"opc.tcp://127.0.0.1:{free_port()}"
    record = tmp_path / "run.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HABITAT_PANEL_HOME": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "habitat_gui.cli", "serve", "seal-breach", "--endpoint", url,
         "--users", str(tmp_path / "users.toml"), "--record", str(record)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()  # printed once the server listens
        assert first.startswith(f"serving on {url}"), first + proc.stderr.read()

        async def seal():
            async with connect(url, tmp_path, "ada") as (client, idx):
                await take_control(client, idx)
                return await node(client, idx, "Interconnects.hab-3/hab-4").call_method(
                    f"{idx}:Seal")

        accepted, reason = asyncio.run(seal())
        assert accepted, reason
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert out.strip() == "stopped"
    assert (tmp_path / "data" / "pki" / "own" / "cert.der").is_file()  # made on first start
    with Recording.open(record) as rec:
        commands = [c for c in rec.commands() if c.command == "seal"]
    assert [(c.who, c.outcome) for c in commands] == [("ada", "accepted")]
