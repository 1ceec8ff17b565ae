"""The panel's own command-line numbers: bounded, refused in one line with exit 2."""

from __future__ import annotations

import pytest

from habitat_gui import app


@pytest.mark.parametrize("argv, expected", [
    (["--speed", "nan"], "argument --speed: expected a speed between 0 and 1000 (0 or 'max' = "
                         "fastest), got nan"),
    (["--speed", "1e9"], "argument --speed: expected a speed between 0 and 1000 (0 or 'max' = "
                         "fastest), got 1e9"),
    (["--seed", "inf"], "argument --seed: expected a whole number between 0 and "
                        "9223372036854775807, got inf"),
    (["--quit-after", "-1"], "argument --quit-after: expected seconds between 0 and 34560000, "
                             "got -1"),
])
def test_the_panels_numbers_are_bounded_in_one_line(capsys, argv, expected):
    with pytest.raises(SystemExit) as exited:
        app.parser().parse_args(argv)
    assert exited.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and err == f"habitat-panel: error: {expected}\n"


def test_the_role_is_the_panels_own_and_the_servers_over_a_link(capsys):
    assert app.parser().parse_args(["--role", "supervisor"]).role == "supervisor"
    with pytest.raises(SystemExit) as exited:
        app.main(["--connect", "opc.tcp://127.0.0.1:4840", "--role", "supervisor"])
    assert exited.value.code == 2
    assert capsys.readouterr().err == ("habitat-panel: error: --connect takes only --user, "
                                       "--station, --speed and --color-scheme\n")
