"""Started without a display, the panel says so in one line and exits 2 (no Qt abort);
a start error from a desktop launcher also shows a message box."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from habitat_gui import desktop, display

ROOT = Path(__file__).resolve().parents[2]


def test_no_display_is_one_line_and_exit_2(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["HABITAT_PANEL_HOME"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-m", "habitat_gui.app", "--no-record"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [display.NO_DISPLAY]
    assert not (tmp_path / "logs" / desktop.CRASH_NAME).exists()


def test_which_environments_lack_a_display():
    assert display.missing({}, "linux") == display.NO_DISPLAY
    assert display.missing({"QT_QPA_PLATFORM": "xcb"}, "linux") == display.NO_DISPLAY
    assert display.missing({"DISPLAY": ":0"}, "linux") is None
    assert display.missing({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display.missing({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display.missing({}, "win32") is None


def test_start_error_from_a_launcher_shows_a_message_box(qapp, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a launcher: no terminal
    monkeypatch.setattr(desktop, "interactive", lambda: True)
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    display.report_start_error("habitat-panel: x.toml:3: expected a number")
    assert shown == ["x.toml:3: expected a number"]


def test_start_error_in_a_terminal_shows_no_box(qapp, monkeypatch):
    shown: list[str] = []

    class Tty:
        def write(self, text: str) -> int:
            return len(text)

        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Tty())
    monkeypatch.setattr(desktop, "interactive", lambda: True)
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    display.report_start_error("habitat-panel: x.toml:3: expected a number")
    assert shown == []
