"""The habitat-panel entry point: built-in scenarios, screenshots, bad files, settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from habitat_gui import __version__
from habitat_gui.app import main
from habitat_gui.contract.timefmt import mission_time
from habitat_gui.core import resources
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.ui.main_window import MainWindow
from habitat_gui.ui.sim_controls import SimulationBanner
from patience import PATIENCE_MS, PATIENCE_S
from support import OFFSCREEN_NOISE, ares_source, make_window

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


@pytest.mark.parametrize("scenario", sorted(resources.builtin("scenarios")))
def test_window_starts_with_each_builtin_scenario(qtbot, tmp_path, scenario):
    source = ares_source(scenario)
    window = make_window(qtbot, tmp_path, source=source)
    snap = source.snapshot()
    assert set(window.schematic.rooms) == {m.id for m in snap.modules}
    assert set(window.schematic.doors) == {k.id for k in snap.interconnects}
    assert window.windowTitle().startswith("[SIMULATION]")
    banner = window.findChild(SimulationBanner, "simulationBanner")
    assert banner.isVisible() and "SIMULATION" in banner.text()
    for _ in range(3):
        source.step_once()
        window.station.publish()
    assert snap.t_s == resolve(scenario).start_s  # handed over where the scenario starts
    assert window.controls.clock.text() == f"sim {mission_time(snap.t_s + 3)}"
    assert window.controls.seed.text().endswith(f"seed {snap.simulation.seed}")


def test_screenshot_runs_in_process_and_exits_zero(qtbot, tmp_path):
    shot = tmp_path / "shot.png"
    code = main(["--scenario", "seal-breach", "--screenshot", str(shot), "--quit-after", "120"])
    assert code == 0
    image = QImage(str(shot))
    assert not image.isNull() and image.width() > 800 and image.height() > 500


def test_bad_habitat_file_prints_one_line_and_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[[modules]]\nid = "a"\nvolume_m3 = -4\n')
    assert main(["--habitat", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"{bad}:4:" in err and "Traceback" not in err


def test_unknown_scenario_exits_2(capsys):
    assert main(["--scenario", "no-such-thing"]) == 2
    assert "no such scenario" in capsys.readouterr().err


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0 and __version__ in capsys.readouterr().out
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0 and "--scenario" in capsys.readouterr().out


def test_settings_round_trip(qtbot, tmp_path):
    path = str(tmp_path / "panel.ini")
    first = MainWindow(ares_source(), settings=QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first, timeout=PATIENCE_MS)
    first.resize(1200, 800)  # inside the test screen (tests/offscreen-screen.json)
    first.controls.speed.setCurrentIndex(first.controls.speed.findText("600x"))
    assert first.station.source.speed == 600.0
    assert first.size() == QSize(1200, 800)
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, first.docks["log"])
    first.close()
    second = MainWindow(ares_source(), settings=QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    assert second.station.source.speed == 600.0
    assert second.controls.speed.currentText() == "600x"
    assert second.size() == QSize(1200, 800)
    assert second.dockWidgetArea(second.docks["log"]) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert second.dockWidgetArea(second.docks["crew"]) == Qt.DockWidgetArea.BottomDockWidgetArea
    second.persist = False
    # an explicit --speed wins over the remembered one
    third = MainWindow(ares_source(), settings=QSettings(path, QSettings.Format.IniFormat),
                       speed=10.0)
    qtbot.addWidget(third)
    third.persist = False
    assert third.station.source.speed == 10.0


def test_close_during_fast_run_exits_cleanly(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    window.controls.speed.setCurrentIndex(window.controls.speed.findText("max"))
    window.start()
    qtbot.waitUntil(lambda: window.station.latest.t_s > 300, timeout=PATIENCE_MS)
    window.close()
    assert not window.station.running
    t = window.station.source.snapshot().t_s
    QApplication.processEvents()  # whatever was queued, a timer's tick included, runs
    assert window.station.source.snapshot().t_s == t


def test_screenshot_subprocess_exits_zero(tmp_path):
    """The installed entry point end to end, including interpreter shutdown."""
    import os
    import subprocess
    import sys
    shot = tmp_path / "sub.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "habitat_gui.app", "--scenario",
                           "hab3-generator-failure", "--screenshot", str(shot),
                           "--quit-after", "30"], env=env, capture_output=True, text=True,
                          timeout=PATIENCE_S)
    assert done.returncode == 0, done.stderr
    assert shot.stat().st_size > 10000
