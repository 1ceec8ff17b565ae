"""``habitat-panel --connect``: a bad address, a wrong password or no server is one line
on stderr and exit 2, never a traceback (the password from HABITAT_PANEL_PASSWORD); in the
login dialog a refusal asks again, with the reason."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from habitat_gui import app
from plantlink import free_port
from support import OFFSCREEN_NOISE


def _refused(capsys, monkeypatch, argv, password="ada-pw") -> str:
    monkeypatch.setenv(app.PASSWORD_VARIABLE, password)
    assert app.main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1, err
    return err


def test_a_bad_address_is_one_line(capsys, monkeypatch):
    err = _refused(capsys, monkeypatch, ["--connect", "http://plant:4840", "--user", "ada"])
    assert err == "habitat-panel: 'http://plant:4840': expected opc.tcp://HOST:PORT\n"


def test_no_server_is_one_line(capsys, monkeypatch):
    url = f"opc.tcp://127.0.0.1:{free_port()}"
    err = _refused(capsys, monkeypatch, ["--connect", url, "--user", "ada"])
    assert err.startswith(f"habitat-panel: {url}: ")


def test_a_wrong_password_is_one_line(capsys, monkeypatch, running):
    err = _refused(capsys, monkeypatch, ["--connect", running.url, "--user", "ada"], "nope")
    assert err == (f"habitat-panel: {running.url}: the server refused the login of 'ada' "
                   "(wrong user name or password)\n")


def test_connect_takes_no_simulation_options(capsys):
    with pytest.raises(SystemExit) as exited:
        app.main(["--connect", "opc.tcp://127.0.0.1:4840", "--scenario", "seal-breach"])
    assert exited.value.code == 2
    assert capsys.readouterr().err.endswith(
        "error: --connect takes only --user, --station, --speed and --color-scheme\n")


@pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
def test_a_refused_login_is_asked_again_with_the_reason(qtbot, monkeypatch, tmp_path, running):
    """In the dialog (no password in the environment): a wrong password brings the login
    back, saying why, the password cleared; the right one connects and is remembered."""
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from habitat_gui.ui import main_window
    from habitat_gui.ui.login import LoginDialog, servers

    monkeypatch.delenv(app.PASSWORD_VARIABLE, raising=False)
    settings = QSettings(str(tmp_path / "panel.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(main_window, "default_settings", lambda: settings)
    answers, shown = ["nope", "ada-pw"], []

    def log_in():
        for dialog in QApplication.topLevelWidgets():
            if isinstance(dialog, LoginDialog) and dialog.isVisible() and answers:
                shown.append((dialog.problem.isVisible(), dialog.problem.text(),
                               dialog.user.text(), dialog.password.text()))
                dialog.password.setText(answers.pop(0))
                ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
                qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    timer = QTimer()
    timer.timeout.connect(log_in)
    timer.start(20)
    source = app._connect(running.url, "ada", "console-2")
    timer.stop()
    try:
        assert not isinstance(source, int) and source.user == "ada"
        assert shown == [
            (False, "", "ada", ""),
            (True, "the server refused the login of 'ada' (wrong user name or password)",
             "ada", "")]
        assert servers(settings) == [running.url]
    finally:
        source.close()
