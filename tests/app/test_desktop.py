"""Desktop conventions: self-test, log and crash files, bundled font, light/dark scheme,
accessible names, shortcuts and translatable strings."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QAction, QGuiApplication, QPalette
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication,
                               QGraphicsView, QHeaderView, QMessageBox, QWidget)

from habitat_gui import desktop, folders, selftest
from habitat_gui.app import main
from habitat_gui.core.recording.reader import Recording
from habitat_gui.ui import sound
from habitat_gui.ui import theme
from patience import PATIENCE_S
from test_sound import hanging_player
from support import OFFSCREEN_NOISE, ares_source, make_window

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv(folders.HOME_ENV, str(tmp_path))
    return tmp_path


# ------------------------------------------------------------------ self-test
def test_self_test_in_process_passes_and_logs(qapp, home, capsys):
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert "self-test: passed: hab-3/hab-4 sealed" in out
    assert "evacuate" in out and "FAILED" not in out
    (path,) = (home / "data" / "recordings").glob("run-*.sqlite")
    assert f"self-test: recording {path}" in out
    assert "self-test: WARNING: alarm sounds cannot play: HABITAT_PANEL_SOUND=none" in out
    with Recording.open(path) as rec:
        assert rec.closed and [c.command for c in rec.commands()] == ["evacuate", "seal"]
    assert "habitat-panel 0.1" in (home / "logs" / desktop.LOG_NAME).read_text()


def test_self_test_warns_when_it_cannot_record_and_leaves_no_sound_player(qapp, home, capsys,
                                                                        monkeypatch):
    (home / "data").write_text("a file where the data folder should be\n")
    monkeypatch.setenv(sound.SOUND_ENV, str(hanging_player(home, "stuck")))
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert (f"self-test: WARNING: not recording: the recordings folder "
            f"{home / 'data' / 'recordings'} cannot be written") in out
    assert "self-test: passed" in out and "FAILED" not in out
    pids = [int(line) for line in (home / "stuck.log").read_text().split()]
    assert pids  # the breach alarm sounded
    for pid in pids:  # the player was stopped (and reaped) when the panel closed
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_self_test_fails_with_the_reason(qapp, home, capsys, monkeypatch):
    monkeypatch.setattr(selftest.AutoAccept, "confirm", lambda *a: False)
    assert main(["--self-test"]) == 1
    out = capsys.readouterr().out
    assert "self-test: FAILED: evacuate: no command was issued" in out
    assert "passed" not in out


def test_self_test_subprocess_from_source_sets_offscreen(home):
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    done = subprocess.run([sys.executable, "-m", "habitat_gui.app", "--self-test"], env=env,
                          capture_output=True, text=True, timeout=PATIENCE_S, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test: passed" in done.stdout


# ------------------------------------------------------------------ folders, log, crash
def test_user_folders_follow_the_override_and_default_to_platformdirs(monkeypatch, tmp_path):
    monkeypatch.setenv(folders.HOME_ENV, str(tmp_path))
    assert folders.log_dir() == tmp_path / "logs"
    assert folders.recordings_dir() == tmp_path / "data" / "recordings"
    monkeypatch.delenv(folders.HOME_ENV)
    assert folders.log_dir() == platformdirs.user_log_path("habitat-panel", "Ares")
    assert folders.data_dir() == platformdirs.user_data_path("habitat-panel", "Ares")


def test_log_file_rotates(tmp_path, monkeypatch):
    monkeypatch.setattr(desktop, "LOG_MAX_BYTES", 2000)
    handlers = desktop.Desktop(tmp_path)
    try:
        for k in range(200):
            logging.getLogger("habitat_gui.test").info("line %d of the rotating log", k)
    finally:
        handlers.close()
    assert (tmp_path / "habitat-panel.log.1").exists()
    assert (tmp_path / "habitat-panel.log").stat().st_size <= 2000
    assert not (tmp_path / f"habitat-panel.log.{desktop.LOG_BACKUPS + 1}").exists()


@pytest.mark.qt_no_exception_capture
def test_uncaught_exception_shows_dialog_with_log_path_and_writes_files(tmp_path, monkeypatch,
                                                                        capsys):
    shown = []
    monkeypatch.setattr(desktop, "interactive", lambda: True)
    monkeypatch.setattr(desktop, "show_crash_dialog",
                        lambda text, log_path, crash_path: shown.append((text, log_path)))
    before = sys.excepthook
    handlers = desktop.Desktop(tmp_path)
    try:
        assert sys.excepthook == handlers.excepthook
        try:
            raise RuntimeError("relay controller lost")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        handlers.close()
    assert sys.excepthook is before
    assert len(shown) == 1
    assert "RuntimeError: relay controller lost" in shown[0][0]
    assert shown[0][1] == tmp_path / "habitat-panel.log"
    log_text = (tmp_path / "habitat-panel.log").read_text()
    assert "uncaught exception" in log_text and "relay controller lost" in log_text
    crash_text = (tmp_path / "crash.log").read_text()
    assert "Traceback" in crash_text and "relay controller lost" in crash_text
    assert "relay controller lost" in capsys.readouterr().err   # the previous hook ran too


@pytest.mark.qt_no_exception_capture
def test_no_modal_dialog_when_nobody_can_see_it(qapp, tmp_path, monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(desktop, "show_crash_dialog", lambda *a: shown.append(a))
    assert qapp.platformName() == "offscreen" and not desktop.interactive()
    handlers = desktop.Desktop(tmp_path)
    try:
        try:
            raise KeyError("no such unit")
        except KeyError:
            sys.excepthook(*sys.exc_info())
    finally:
        handlers.close()
    assert not shown
    assert "no such unit" in (tmp_path / "crash.log").read_text()
    capsys.readouterr()


def test_crash_dialog_names_the_log(qapp, tmp_path, monkeypatch):
    boxes = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: boxes.append(self) or 0)
    desktop.show_crash_dialog("Traceback: boom", tmp_path / "a.log", tmp_path / "crash.log")
    assert len(boxes) == 1
    assert str(tmp_path / "a.log") in boxes[0].informativeText()
    assert boxes[0].detailedText() == "Traceback: boom"
    assert boxes[0].icon() == QMessageBox.Icon.Critical


def test_bundled_font_becomes_the_application_font(qapp):
    assert (ROOT / "resources" / "fonts" / "LICENSE-DejaVu.txt").exists()
    old = qapp.font()
    try:
        assert desktop.load_fonts(qapp) == "DejaVu Sans"
        assert qapp.font().family() == "DejaVu Sans"
    finally:
        qapp.setFont(old)


# ------------------------------------------------------------------ light / dark
def test_scheme_change_recolours_palette_schematic_and_plots(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    app = QApplication.instance()
    try:
        QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert window.theme is theme.DARK
        assert app.palette().color(QPalette.ColorRole.Window).name() == theme.DARK.window
        assert window.schematic.backgroundBrush().color().name() == theme.DARK.schematic
        plots = window.trends.plots_widget
        assert plots.backgroundBrush().color().name() == theme.DARK.plot_bg
        view = window.trends.plots["ppo2_kpa"].getViewBox()
        assert view.background.brush().color().name() == theme.DARK.plot_view
        axis = window.trends.plots["ppo2_kpa"].getAxis("left")
        assert axis.textPen().color().name() == theme.DARK.plot_fg
        curve = next(iter(window.trends.curves.values()))
        assert curve.opts["pen"].color().name() in theme.DARK.series
        window.apply_color_scheme(Qt.ColorScheme.Light)
        assert app.palette().color(QPalette.ColorRole.Window).name() == theme.LIGHT.window
        assert plots.backgroundBrush().color().name() == theme.LIGHT.plot_bg
        assert view.background.brush().color().name() == theme.LIGHT.plot_view
    finally:
        window.apply_color_scheme(Qt.ColorScheme.Light)


def test_both_schemes_stay_grey():
    for scheme in (theme.LIGHT, theme.DARK):
        for colour in (scheme.window, scheme.base, scheme.schematic, scheme.plot_bg,
                       scheme.plot_view, scheme.button):
            r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
            assert max(r, g, b) - min(r, g, b) <= 6, (scheme.name, colour)


def test_forced_scheme_wins_over_the_system():
    try:
        theme.force("dark")
        assert theme.for_scheme(Qt.ColorScheme.Light) is theme.DARK
        assert theme.system_scheme() == Qt.ColorScheme.Dark
    finally:
        theme.force(None)
    assert theme.for_scheme(Qt.ColorScheme.Light) is theme.LIGHT


# ------------------------------------------------------------------ accessibility, keys, tr
def test_controls_without_text_have_accessible_names(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    missing = []
    for w in window.findChildren(QWidget):
        textless_button = isinstance(w, QAbstractButton) and not w.text().strip()
        if isinstance(w, QHeaderView):     # labelled by the model's headers
            continue
        if (textless_button or isinstance(w, (QGraphicsView, QAbstractItemView))) \
                and w.isVisibleTo(window) and not w.accessibleName():
            missing.append(f"{type(w).__name__} {w.objectName()!r}")
    assert not missing, missing
    assert window.trends.plots_widget.accessibleDescription()
    assert window.schematic.accessibleDescription()


def test_every_command_has_a_unique_shortcut(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, ares_source("seal-breach"))  # with Training too
    keys = [a.shortcut().toString() for a in window.command_actions.values()]
    assert all(keys), {k: a.shortcut().toString() for k, a in window.command_actions.items()}
    assert "training_finish" in window.command_actions
    every = [a.shortcut().toString() for a in window.findChildren(QAction)
             if not a.shortcut().isEmpty()]
    assert len(set(every)) == len(every), sorted(every)


class _Shouting(QTranslator):
    def translate(self, context, source, disambiguation=None, n=-1):
        return source.upper() if source in ("Pause", "&Commands", "Trends") else None


def test_user_visible_strings_go_through_qt_translation(qtbot, tmp_path):
    translator = _Shouting()
    QCoreApplication.installTranslator(translator)
    try:
        window = make_window(qtbot, tmp_path)
        assert window.controls.pause.text() == "PAUSE"
        assert window.docks["trends"].windowTitle() == "TRENDS"
        titles = [a.text() for a in window.menuBar().actions()]
        assert "&COMMANDS" in titles
    finally:
        QCoreApplication.removeTranslator(translator)
