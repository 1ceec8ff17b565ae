"""``habitat-panel --connect``: a bad address, a wrong password or no server is one line
on stderr and exit 2, never a traceback (the password from HABITAT_PANEL_PASSWORD)."""

from __future__ import annotations

import pytest

from habitat_gui import app
from plantlink import free_port


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
