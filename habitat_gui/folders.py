"""Where the panel's files go: the platform's user folders (platformdirs), recordings and the
plant server's PKI folder under the user data folder, its users file under the user config
folder, the log and crash file under the user log folder.

``HABITAT_PANEL_HOME=DIR`` puts them under ``DIR/data``, ``DIR/config`` and ``DIR/logs``
instead (tests, portable installs), so nothing is written to the real home. No Qt here:
``habitat-sim`` (and its bundle) uses these folders too.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import platformdirs

APP_NAME = "habitat-panel"
APP_AUTHOR = "Ares"
HOME_ENV = "HABITAT_PANEL_HOME"


def _home() -> Path | None:
    home = os.environ.get(HOME_ENV)
    return Path(home) if home else None


def data_dir() -> Path:
    home = _home()
    return home / "data" if home else platformdirs.user_data_path(APP_NAME, APP_AUTHOR)


def log_dir() -> Path:
    home = _home()
    return home / "logs" if home else platformdirs.user_log_path(APP_NAME, APP_AUTHOR)


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else platformdirs.user_config_path(APP_NAME, APP_AUTHOR)


def recordings_dir() -> Path:
    return data_dir() / "recordings"


def new_recording_path(kind: str = "run") -> Path:
    """A new, unused ``<kind>-YYYYmmdd-HHMMSS[-N].sqlite`` in the recordings folder."""
    folder = recordings_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{kind}-{time.strftime('%Y%m%d-%H%M%S')}"
    path, n = folder / f"{stem}.sqlite", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.sqlite"
    return path
