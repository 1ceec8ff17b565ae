"""Issue #14: bad input can never silence an alarm. Numbers that are not finite, impossible
habitats, files too large or too deep and command-line numbers out of bounds are each one line
naming the file (or option), the place and what was expected, exit 2."""

from __future__ import annotations

import os

import pytest

from habitat_gui import cli
from habitat_gui.core import resources
from habitat_gui.core.operations.scenario import load_scenario
from habitat_gui.core.specfile import MAX_FILE_BYTES

ARES = (resources.resources_dir() / "habitats" / "ares.toml").read_text()
ALARMS = (resources.resources_dir() / "alarms.toml").read_text()
MODULE = 'name = "X"\n[[modules]]\nid = "a"\nvolume_m3 = 250\n'
LINKED = MODULE + ('[[modules]]\nid = "b"\nvolume_m3 = 250\n'
                   '[[interconnects]]\nid = "a/b"\nbetween = ["a", "b"]\n')
CREWED = 'name = "X"\n[[crew]]\nname = "Z"\nmodule = "a"\n[[modules]]\nid = "a"\nvolume_m3 = 250\n'


def _one_line(capsys, argv: list[str]) -> str:
    assert cli.main(argv) == cli.EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err, err
    return err.strip()


def _validate(tmp_path, capsys, text: str, name: str = "file.toml") -> str:
    path = tmp_path / name
    path.write_text(text)
    err = _one_line(capsys, ["validate", str(path)])
    assert err.startswith(f"{path}:"), err
    return err[len(str(path)) + 1:]


@pytest.mark.parametrize("old, new, expected", [
    # the seal-breach alarm of hab-4 (and every other breach alarm) would never be raised
    ("delay_s = 0\n", "delay_s = nan\n", "'delay_s' is nan; expected a finite number"),
    ("limits = { low = 19.4,", "limits = { low = nan,", "'low' is nan"),
    ("deadband = 0.3", "deadband = -nan", "'deadband' is nan"),
    ("deadband = 0.3", "deadband = 1.5", "'deadband' is 1.5 kPa; expected less than the "
                                         "1.2 kPa between two limits"),
    ("limits = { low = 19.4,", "limits = { low = 250.0,",
     "'low' is 250 kPa; expected at most 200 kPa"),
])
def test_alarm_numbers(tmp_path, capsys, old, new, expected):
    assert old in ALARMS
    line = ALARMS[:ALARMS.index(old)].count("\n") + 1  # the line of the value changed
    err = _validate(tmp_path, capsys, ALARMS.replace(old, new, 1), "alarms.toml")
    assert err.startswith(f"{line}: {expected}"), err


@pytest.mark.parametrize("text, line, expected", [
    (MODULE.replace("250", "nan"), 4, "'volume_m3' is nan; expected a finite number"),
    (MODULE.replace("250", "1e999"), 4, "'volume_m3' is inf; expected a finite number"),
    ("[ambient]\npressure_kpa = inf\n" + MODULE, 2, "'pressure_kpa' is inf"),
    (MODULE + "o2_pct = 100\nco2_ppm = 1e6\n", 5,
     "module 'a': O2 100 % + CO2 100 % + water vapour 1.18 % is 201.2 % of the gas; expected at "
     "most 100 %"),
    (MODULE + "o2_pct = 100\nco2_ppm = 0\nhumidity_kpa = 0\npressure_kpa = 200\n", 5,
     "module 'a': ppO2 is 200 kPa; expected at most 50 kPa (oxygen toxicity)"),
    (CREWED + "pressure_kpa = 0\n", 8, "module 'a': crew start here at 0 kPa; expected at least "
                                       "20.7 kPa (the absolute floor)"),
    (CREWED + "o2_pct = 10\n", 8, "module 'a': crew start here at ppO2 10.13 kPa; expected at "
                                  "least 15.2 kPa"),
    (MODULE + '[[equipment]]\nid = "p"\nkind = "pressure_control"\nmodule = "a"\n'
              'o2_tank_kg = 1e300\n', 9, "'o2_tank_kg' is 1e+300 kg; expected at most 285250 kg"),
    (MODULE.replace("250", "1" + "0" * 30), 4, "'volume_m3' is a whole number of 100 bits"),
    (CREWED.replace('"a"\n', '"a"\nmaintenance_hours_per_day = nan\n', 1), 5,
     "'maintenance_hours_per_day' is nan"),
    (MODULE + "[automation]\ngenerator_raise_below_kpa = 22\n", 5,
     "'generator_lower_above_kpa' must be above 'generator_raise_below_kpa'"),
    (LINKED + "pev_orifice_mm = 80\n", 11, "'pev_orifice_mm' is 80 mm; expected at most 50 mm"),
    (LINKED + "pev_orifice_mm = -1\n", 11, "'pev_orifice_mm' is -1 mm; expected at least 0 mm"),
    (LINKED + "pev_orifice_mm = nan\n", 11, "'pev_orifice_mm' is nan; expected a finite number"),
    (MODULE + "[automation]\nwalk_s_per_module = 1e12\n", 6,
     "'walk_s_per_module' is 1e+12; expected at most 86400"),
    ("zz = " + "[" * 20000 + "]" * 20000 + "\n" + MODULE, 1,
     "arrays or tables nested more than 32 deep; expected at most 32"),
    ("zz = " + "{ a = " * 20000 + "1" + " }" * 20000 + "\n" + MODULE, 1,
     "arrays or tables nested more than 32"),
])
def test_habitat_numbers_and_physics(tmp_path, capsys, text, line, expected):
    err = _validate(tmp_path, capsys, text)
    assert err.startswith(f"{line}: {expected}"), err


def test_an_uncrewed_module_may_start_empty_of_air(tmp_path, capsys):
    path = tmp_path / "store.toml"
    path.write_text(MODULE + "pressure_kpa = 0\n")
    assert cli.main(["validate", str(path)]) == 0
    assert "ok: habitat 'X', 1 modules, 0 crew" in capsys.readouterr().out


def test_module_count_is_capped(tmp_path, capsys):
    modules = "".join(f'[[modules]]\nid = "m{k}"\nvolume_m3 = 9\n' for k in range(501))
    err = _validate(tmp_path, capsys, 'name = "X"\n' + modules)
    assert err == "1502: 501 modules; expected at most 500"  # the 501st [[modules]]


def test_crew_count_is_capped(tmp_path, capsys):
    crew = "".join(f'[[crew]]\nname = "p{k}"\nmodule = "a"\n' for k in range(16))
    assert _validate(tmp_path, capsys, MODULE + crew) == \
        "50: 16 crew in 1 modules; expected at most 15 per module"


def test_scenario_and_objective_numbers(tmp_path, capsys):
    head = 'name = "S"\nhabitat = "ares"\n[[objectives]]\nid = "o"\ntext = "T"\ncommand = "seal"\n'
    assert _validate(tmp_path, capsys, head + "within_s = nan\n") == \
        "7: 'within_s' is nan; expected a finite number"
    assert _validate(tmp_path, capsys, head + 'before = { module = "hab-3", quantity = '
                                               '"co2_ppm", above = 2e6 }\n') == \
        "7: 'above' is 2e+06 ppm; expected at most 1e+06 ppm"
    assert _validate(tmp_path, capsys, 'habitat = "ares"\nseed = inf\n') == \
        "2: 'seed' is inf; expected a finite number"


def test_a_scenario_cause_and_start(tmp_path, capsys):
    fault = ('name = "S"\nhabitat = "ares"\n[[events]]\nat_s = 10\n'
             'fault = "generator_failure"\ntarget = "hab-3.oga-a"\n')
    assert _validate(tmp_path, capsys, fault + 'cause = "hab-2.oga-a.harness-1"\n').startswith(
        "7: unknown part of hab-3.oga-a 'hab-2.oga-a.harness-1'; expected one of "
        "hab-3.oga-a.harness-1, ")
    assert _validate(tmp_path, capsys, fault.replace(
        'fault = "generator_failure"\ntarget = "hab-3.oga-a"', 'command = "inspect"\n'
        'module = "hab-3"') + 'cause = "hab-3.oga-a.harness-1"\n') == \
        "7: a command has no cause; expected 'cause' only on a fault"
    assert _validate(tmp_path, capsys, 'habitat = "ares"\nduration_s = 600\nstart_s = 600\n') \
        == "3: 'start_s' is 600 s; expected at most 599 s"


def test_maintenance_numbers(tmp_path, capsys):
    text = (resources.resources_dir() / "maintenance.toml").read_text()
    old = "maintenance_hours_choices = [1.0, 2.0, 2.0, 3.0, 4.0]"
    assert _validate(tmp_path, capsys, text.replace(old, old.replace("4.0", "nan")),
                     "maintenance.toml").endswith("'maintenance_hours_choices' is nan; "
                                                  "expected a finite number")
    assert "must be a list of numbers 0 to 24" in _validate(
        tmp_path, capsys, text.replace(old, old.replace("4.0", "1e300")), "maintenance.toml")


def test_endless_and_oversized_files_are_one_line(tmp_path, capsys):
    assert _one_line(capsys, ["validate", "/dev/zero"]) == \
        f"/dev/zero: larger than {MAX_FILE_BYTES} bytes; expected a data file of at most 1 MiB"
    big = tmp_path / "big.toml"
    big.write_text(ARES + "#" * MAX_FILE_BYTES)
    assert _one_line(capsys, ["validate", str(big)]).startswith(f"{big}: larger than")


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path, capsys):
    pipe = tmp_path / "pipe.toml"
    os.mkfifo(pipe)
    assert _one_line(capsys, ["validate", str(pipe)]) == \
        f"{pipe}: a named pipe; expected a data file"


@pytest.mark.parametrize("argv, expected", [
    (["run", "seal-breach", "--until", "1e12"],
     "habitat-sim run: error: argument --until: expected seconds between 1 and 34560000, "
     "got 1e12"),
    (["run", "seal-breach", "--sample-every", "1e-9"],
     "habitat-sim run: error: argument --sample-every: expected seconds between 1 and "
     "34560000, got 1e-9"),
    (["run", "seal-breach", "--seed", "-1"],
     "habitat-sim run: error: argument --seed: expected a whole number between 0 and "
     "9223372036854775807, got -1"),
    (["forecast", "seal-breach", "--at", "1e12"],
     "habitat-sim forecast: error: argument --at: expected seconds between 0 and 34560000, "
     "got 1e12"),
    (["forecast", "seal-breach", "--horizon", "inf"],
     "habitat-sim forecast: error: argument --horizon: expected seconds between 1 and "
     "2592000, got inf"),
    (["replay", "missing.sqlite", "--branch-at", "10", "--until", "inf"],
     "habitat-sim replay: error: argument --until: expected seconds between 0 and 34560000, "
     "got inf"),
    (["audit", "--days", "1e300"],
     "habitat-sim audit: error: argument --days: expected days between 0 and 36500, "
     "got 1e300"),
    (["procedure", "check", "hab3-o2-generation-loss", "--at", "nan"],
     "habitat-sim procedure check: error: argument --at: expected seconds between 0 and "
     "34560000, got nan"),
    (["procedure", "check", "hab3-o2-generation-loss", "--horizon", "0"],
     "habitat-sim procedure check: error: argument --horizon: expected seconds between 1 "
     "and 2592000, got 0"),
    (["run"], "habitat-sim run: error: the following arguments are required: scenario"),
])
def test_command_line_numbers_are_bounded(capsys, argv, expected):
    assert _one_line(capsys, argv) == expected


def test_help_states_the_bounds(capsys):
    assert cli.main(["run", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "simulated seconds (default: the scenario's); 1 to 34560000" in out
    assert "at most 1,000,000 samples); 1 to 34560000" in out


def test_whole_numbers_are_whole_and_keep_every_digit(tmp_path, capsys):
    assert _validate(tmp_path, capsys, MODULE + "o2_candles = 2.5\n") == \
        "5: 'o2_candles' is 2.5; expected a whole number"
    path = tmp_path / "seeded.toml"
    path.write_text('habitat = "ares"\nseed = 9007199254740993\n')  # 2**53 + 1: not a float
    assert load_scenario(path).seed == 2**53 + 1
    path.write_text('habitat = "ares"\nseed = 3.0\n')
    assert load_scenario(path).seed == 3


@pytest.mark.parametrize("line, expected", [
    ("masks = -1\n", "5: 'masks' is -1; expected"),
    ("o2_canisters = 1.5\n", "5: 'o2_canisters' is 1.5; expected a whole number"),
    ("o2_canister_kg = 0\n", "5: 'o2_canister_kg' is 0"),
    ("o2_canister_kg = 50.0\n", "5: 'o2_canister_kg' is 50 kg; expected at most 10 kg"),
])
def test_locker_keys_are_bounded(tmp_path, capsys, line, expected):
    assert _validate(tmp_path, capsys, MODULE + line).startswith(expected)
