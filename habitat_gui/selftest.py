"""``habitat-panel --self-test``: the panel, offscreen, through a short emergency.

Runs the built-in ``seal-breach`` scenario in a real window: after the breach opens in
Hab-4 it evacuates Hab-4 to Hab-3 and then seals hab-3/hab-4, each through the window's
Commands menu actions (the same path as the buttons and shortcuts: ``Station.issue`` with
its confirmation, here auto-accepted). It then checks the published snapshot: the
interconnect is sealed and everyone from Hab-4 has arrived in Hab-3. Exit 0 when all
holds, 1 with the reasons printed otherwise.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from .contract.commands import Command
from .contract.timefmt import mission_time
from .ui.confirm import Prompts

SCENARIO = "seal-breach"
FROM, TO, LINK = "hab-4", "hab-3", "hab-3/hab-4"
START_S = 330.0          # the breach opens at 300 s
ARRIVAL_LIMIT_S = 1800.0  # simulated seconds allowed for the crew to get through
WALL_LIMIT_S = 60.0


class AutoAccept(Prompts):
    """Confirms every hazardous command and picks ``target`` as the evacuation module."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.confirmed: list[str] = []

    def confirm(self, parent, command_text: str, hazard: str, recheck=None) -> bool:
        self.confirmed.append(command_text)
        return True

    def evacuate(self, parent, options, snap, forecasting=None,
                 refusal=None) -> Command | None:
        chosen = next((o for o in options if o.target == self.target and o.offered), None)
        return Command.of("evacuate", module=chosen.source, to=chosen.target) if chosen \
            else None


def run(app, out=None) -> int:
    """Run the self-test in ``app`` (a QApplication); prints progress, returns the exit code."""
    from PySide6.QtCore import QSettings

    from . import desktop, folders
    from .app import _dispose, build_source
    from .ui.main_window import MainWindow

    out = out or sys.stdout
    failures: list[str] = []

    def say(text: str) -> None:
        print(f"self-test: {text}", file=out, flush=True)

    scratch = Path(tempfile.mkdtemp(prefix="habitat-selftest-")) / "settings.ini"
    source = build_source(None, SCENARIO, None, 0.0)
    prompts = AutoAccept(TO)
    window = MainWindow(source, settings=QSettings(str(scratch), QSettings.Format.IniFormat),
                        prompts=prompts, speed=0.0)
    window.persist = False
    station = window.station
    records = []
    station.sigCommandIssued.connect(lambda record, origin: records.append(record))
    wall_start = time.monotonic()

    def advance_until(done, limit_s: float) -> bool:
        while not done(station.latest):
            if station.latest.t_s >= limit_s or time.monotonic() - wall_start > WALL_LIMIT_S:
                return False
            source.fast_forward(min(station.latest.t_s + 60.0, limit_s), 0.05)
            station.publish()
            app.processEvents()
        return True

    def command(key: str) -> None:
        before = len(records)
        window.command_actions[key].trigger()
        app.processEvents()
        if len(records) == before:
            failures.append(f"{key}: no command was issued")
        elif records[-1].outcome != "accepted":
            failures.append(f"{key}: {records[-1].outcome}: {records[-1].reason}")
        else:
            say(f"{records[-1].command} {records[-1].args}: accepted at "
                f"{mission_time(records[-1].t_s)}")

    try:
        window.show()
        app.processEvents()
        font = app.font().family()
        if font != desktop.FONT_FAMILY:
            failures.append(f"application font is {font!r}, not the bundled "
                            f"{desktop.FONT_FAMILY!r}")
        advance_until(lambda s: s.t_s >= START_S, START_S)
        crew = [c.name for c in station.latest.crew if c.module == FROM]
        if not crew:
            failures.append(f"nobody in {FROM} to evacuate")
        say(f"{len(crew)} in {FROM} at {mission_time(station.latest.t_s)}; evacuating to {TO}")
        station.select_module(FROM)
        command("evacuate")

        def arrived(snap) -> bool:
            return all(c.module == TO and c.moving_to is None
                       for c in snap.crew if c.name in crew)
        if not failures and not advance_until(arrived, START_S + ARRIVAL_LIMIT_S):
            where = {c.name: c.module for c in station.latest.crew if c.name in crew}
            failures.append(f"crew did not reach {TO} by "
                            f"{mission_time(station.latest.t_s)}: {where}")
        station.select_interconnect(LINK)
        command("seal")
        snap = station.publish()
        app.processEvents()
        state = snap.interconnect(LINK).state
        if state != "sealed":
            failures.append(f"{LINK} is {state}, not sealed")
        missing = [c.name for c in snap.crew if c.name in crew and c.module != TO]
        if missing:
            failures.append(f"not in {TO}: {', '.join(missing)}")
        if window.grab().isNull():
            failures.append("the window did not render")
        say(f"recording {source.recorder.path}" if source.recorder is not None
            else f"WARNING: not recording: the recordings folder {folders.recordings_dir()} "
                 f"cannot be written")
        player = window.annunciator.player
        say(f"alarm sounds play through {player.name}" if player.audible
            else f"WARNING: alarm sounds cannot play: {player.problem}")
    except Exception as exc:  # a self-test reports, it does not crash
        failures.append(f"{type(exc).__name__}: {exc}")
    finally:
        window.close()
        _dispose(window)
    for failure in failures:
        print(f"self-test: FAILED: {failure}", file=out, flush=True)
    if failures:
        return 1
    say(f"passed: {LINK} sealed, {len(crew)} crew in {TO} "
        f"({time.monotonic() - wall_start:.1f} s)")
    return 0
