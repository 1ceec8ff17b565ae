"""Shared test setup: Qt runs offscreen unless a display is asked for explicitly."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":  # a 2560x1600 screen at 96 dpi, not 800x800
    os.environ["QT_QPA_PLATFORM"] = "offscreen:configfile=" + os.path.join(
        os.path.dirname(__file__), "offscreen-screen.json")
os.environ["HABITAT_PANEL_SOUND"] = "none"  # no test plays a sound (test_sound.py sets its own)


import pytest  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _user_folders(tmp_path_factory):
    """Logs, crash files and recordings go to a temporary folder, never the real home."""
    old = os.environ.get("HABITAT_PANEL_HOME")
    os.environ["HABITAT_PANEL_HOME"] = str(tmp_path_factory.mktemp("home"))
    yield
    if old is None:
        os.environ.pop("HABITAT_PANEL_HOME", None)
    else:
        os.environ["HABITAT_PANEL_HOME"] = old


def pytest_collection_modifyitems(config, items):
    """Tests marked ``bundle`` (build the frozen bundle) run only when asked: -m bundle."""
    if "bundle" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="builds the PyInstaller bundle: run with -m bundle")
    for item in items:
        if "bundle" in item.keywords:
            item.add_marker(skip)
