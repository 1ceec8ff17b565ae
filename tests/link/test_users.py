"""The users file and the plant server's command line (no server started)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from habitat_gui import cli, folders
from habitat_gui.link.cli import _source, check_endpoint
from habitat_gui.link.security import UsersFileManager
from habitat_gui.link.users import SpecError, load_users, make_user, save_users


def test_users_round_trip_and_passwords_verify(tmp_path):
    path = tmp_path / "users.toml"
    save_users(path, {"ada": make_user("ada", "operator", "s3cret")})
    users = load_users(path)
    assert users["ada"].role == "operator"
    assert users["ada"].verify("s3cret") and not users["ada"].verify("s3cret ")
    assert "s3cret" not in path.read_text()
    assert path.stat().st_mode & 0o077 == 0  # owner only
    other = make_user("bob", "observer", "s3cret")
    assert other.salt != users["ada"].salt and other.scrypt != users["ada"].scrypt


@pytest.mark.parametrize("text, message", [
    ('[[user]]\nname = "ada"\nrole = "boss"\nsalt = "00"\nscrypt = "00"\n',
     ":3: 'role' is 'boss'; expected one of observer, operator, instructor"),
    ('[[user]]\nname = "ada"\nrole = "operator"\nsalt = "00"\nscrypt = "' + "0" * 64 + '"\n',
     ":4: 'salt' must be 16 bytes in lower-case hex"),
    ('[[user]]\nname = "a b"\n', ":2: user name 'a b' must be"),
    ('[[user]]\nname = "ada"\nrole = "operator"\nsalt = "' + "0" * 32 + '"\nscrypt = "'
     + "0" * 64 + '"\n[[user]]\nname = "ada"\n', ":7: user 'ada' is listed twice"),
    ('[user]\nname = "ada"\n', "'user' must be a list"),
])
def test_a_bad_users_file_names_the_line(tmp_path, text, message):
    path = tmp_path / "users.toml"
    path.write_text(text)
    with pytest.raises(SpecError) as err:
        load_users(path)
    assert str(err.value).startswith(str(path)) and message in str(err.value)


def test_users_add_list_remove(tmp_path, monkeypatch, capsys):
    path = str(tmp_path / "users.toml")
    monkeypatch.setattr("sys.stdin", io.StringIO("pw-line\n"))
    assert cli.main(["users", "--users", path, "add", "ada", "--role", "instructor"]) == 0
    assert load_users(tmp_path / "users.toml")["ada"].verify("pw-line")
    assert cli.main(["users", "--users", path, "list"]) == 0
    assert "ada" in capsys.readouterr().out
    assert cli.main(["users", "--users", path, "remove", "ada"]) == 0
    assert cli.main(["users", "--users", path, "remove", "ada"]) == 2
    assert "no user 'ada'" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["serve", "--allow-anonymous", "--endpoint", "opc.tcp://0.0.0.0:4840"],
     "--allow-anonymous only on a loopback endpoint"),
    (["serve", "--speed", "0"], "argument --speed: expected simulated seconds per second "
                                "between 0.01 and 1000, got 0"),
    (["serve", "--speed", "nan"], "between 0.01 and 1000, got nan"),
    (["serve", "--seed", "inf"], "argument --seed: expected a whole number"),
    (["serve", "--endpoint", "opc.tcp://127.0.0.1"], "expected opc.tcp://HOST:PORT"),
    (["serve"], "no users in"),
])
def test_serve_refuses_bad_options_in_one_line(argv, message, capsys):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_anonymous_is_allowed_on_loopback_only():
    for host in ("127.0.0.1", "localhost", "[::1]"):
        check_endpoint(f"opc.tcp://{host}:4840", allow_anonymous=True)
    with pytest.raises(ValueError):
        check_endpoint("opc.tcp://192.168.1.5:4840", allow_anonymous=True)
    check_endpoint("opc.tcp://192.168.1.5:4840", allow_anonymous=False)


def test_logins_are_checked_against_the_users_file():
    users = {"ada": make_user("ada", "operator", "pw")}
    closed, open_ = UsersFileManager(users, False), UsersFileManager(users, True)
    assert closed.get_user(None) is None  # anonymous refused
    assert closed.get_user(None, "ada", "wrong") is None
    assert closed.get_user(None, "eve", "pw") is None
    ada = closed.get_user(None, "ada", "pw")
    assert (ada.name, ada.plant_role) == ("ada", "operator")
    anonymous = open_.get_user(None)
    assert (anonymous.name, anonymous.plant_role) == ("anonymous", "observer")


@pytest.mark.parametrize("options, where", [
    ([], "folder"), (["--record", "{tmp}/run.sqlite"], "file"), (["--no-record"], None)])
def test_serve_records_its_run_as_the_panel_does(options, where, tmp_path):
    args = cli._parser().parse_args(["serve", *(o.format(tmp=tmp_path) for o in options)])
    source = _source(args)
    try:
        path = source.recording_path()
        if where is None:
            assert path is None
        else:
            folder = folders.recordings_dir() if where == "folder" else tmp_path
            assert Path(path).parent == folder and Path(path).suffix == ".sqlite"
            assert Path(path).exists()
    finally:
        source.close()
