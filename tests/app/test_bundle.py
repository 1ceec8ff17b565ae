"""The frozen bundle: build it with PyInstaller from packaging/habitat-panel.spec and run
--version, --help and --self-test from it, and habitat-sim beside it.

Slow (about a minute on 2 cores): selected only with ``-m bundle``, which .ci/run runs
after the normal suite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from habitat_gui import __version__

pytestmark = [pytest.mark.slow, pytest.mark.bundle]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("pyinstaller")
    done = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level",
                           "WARN", "--distpath", str(work / "dist"), "--workpath",
                           str(work / "build"), str(ROOT / "packaging" / "habitat-panel.spec")],
                          capture_output=True, text=True, timeout=1200, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-4000:]
    folder = work / "dist" / "habitat-panel"
    suffix = ".exe" if sys.platform == "win32" else ""
    assert (folder / f"habitat-panel{suffix}").is_file()
    assert (folder / f"habitat-sim{suffix}").is_file()
    return folder


def _run(exe: Path, *args: str, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["HABITAT_PANEL_HOME"] = str(home)
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=180,
                          env=env)


def test_bundle_self_test_version_and_help(bundle, tmp_path):
    panel = bundle / "habitat-panel"
    version = _run(panel, "--version", home=tmp_path)
    assert version.returncode == 0 and __version__ in version.stdout
    helped = _run(panel, "--help", home=tmp_path)
    assert helped.returncode == 0 and "--self-test" in helped.stdout
    test = _run(panel, "--self-test", home=tmp_path)
    assert test.returncode == 0, test.stdout + test.stderr
    assert "self-test: passed" in test.stdout
    assert (tmp_path / "logs" / "habitat-panel.log").is_file()


def test_bundle_sim_runs_a_scenario(bundle, tmp_path):
    sim = bundle / "habitat-sim"
    assert __version__ in _run(sim, "--version", home=tmp_path).stdout
    run = _run(sim, "run", "seal-breach", "--until", "900", home=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "hab-4" in run.stdout


def test_bundle_leaves_out_what_is_not_needed(bundle):
    names = {p.name for p in bundle.rglob("*")}
    for unwanted in ("tkinter", "_tkinter", "pytest", "hypothesis", "libQt6Qml.so.6",
                     "libQt6Network.so.6", "libqgtk3.so"):
        assert not any(n.startswith(unwanted) for n in names), unwanted
    assert (bundle / "_internal" / "resources" / "fonts" / "DejaVuSans.ttf").is_file()


def test_bundle_carries_the_plant_server(bundle, tmp_path):
    """asyncua as its own .py files (LGPL-3.0: replaceable), and habitat-sim's server
    commands working frozen: a user added (scrypt from cryptography), the model exported."""
    assert (bundle / "_internal" / "asyncua" / "server" / "server.py").is_file()
    sim = bundle / "habitat-sim"
    env = {**os.environ, "HABITAT_PANEL_HOME": str(tmp_path)}
    added = subprocess.run([str(sim), "users", "add", "ada", "--role", "operator"],
                           input="pw\n", capture_output=True, text=True, timeout=180, env=env)
    assert added.returncode == 0, added.stderr
    assert (tmp_path / "config" / "users.toml").is_file()
    exported = _run(sim, "nodeset", str(tmp_path / "plant.xml"), home=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert "ModuleType" in (tmp_path / "plant.xml").read_text(encoding="utf-8")
