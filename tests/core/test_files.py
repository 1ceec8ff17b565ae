"""Bad habitat and scenario files: one line naming the file, the line and what was expected."""

from __future__ import annotations

import dataclasses

import pytest

from habitat_gui import cli
from habitat_gui.core.plant import faults
from habitat_gui.core.maintenance import data as maintenance_data
from habitat_gui.core import resources

HABITAT_HEAD = 'name = "X"\n[[modules]]\nid = "a"\nvolume_m3 = 250\n'
SCENARIO_HEAD = 'name = "S"\nhabitat = "ares"\n[[events]]\nat_s = 5\n'
OBJECTIVE_HEAD = 'name = "S"\nhabitat = "ares"\n[[objectives]]\nid = "o"\ntext = "T"\n'

CASES = [
    ("h", 'name = "X"\n[[modules]]\nid = "a"\nvolume_m3 = "big"\n', 4, "must be a number"),
    ("h", 'name = "X"\n[[modules]]\nid = "a"\nvolume_l = 250\n', 4, "unknown key 'volume_l'"),
    ("h", 'name = "X"\n[[modules]]\nid = "a"\n', 2, "missing 'volume_m3'"),
    ("h", 'name = "X"\n[[modules]]\nid = "a"\nvolume_m3 = -5\n', 4, "expected at least 1"),
    ("h", 'name = "X"\n[[modules\nid = "a"\n', 2, "not valid TOML"),
    ("h", '[[modules]]\nid = "a"\nvolume_m3 = 250\n', 1, "missing 'name'"),
    ("h", HABITAT_HEAD + '[[modules]]\nid = "a"\nvolume_m3 = 100\n', 6, "duplicate module 'a'"),
    ("h", HABITAT_HEAD + '[[interconnects]]\nid = "a/b"\nbetween = ["a", "b"]\n', 7,
     "unknown module 'b'"),
    ("h", HABITAT_HEAD + '[[interconnects]]\nid = "a/a"\nbetween = ["a", "a"]\n', 7,
     "two different modules"),
    ("h", HABITAT_HEAD + '[[interconnects]]\nid = "x"\nbetween = ["a"]\n', 7, "name two modules"),
    ("h", HABITAT_HEAD + '[[modules]]\nid = "b"\nvolume_m3 = 9\n[[interconnects]]\nid = "x"\n'
                         'between = ["a", "b"]\nstate = "ajar"\n',
     11, "expected one of open, closed, sealed"),
    ("h", HABITAT_HEAD + '[[equipment]]\nid = "e"\nkind = "reactor"\nmodule = "a"\n', 7,
     "expected one of o2_generator"),
    ("h", HABITAT_HEAD + '[[equipment]]\nid = "e"\nkind = "o2_generator"\nmodule = "z"\n', 8,
     "unknown module 'z'"),
    ("h", HABITAT_HEAD + '[[equipment]]\nid = "e"\nkind = "o2_generator"\nmodule = "a"\n'
     'setting_pct = 30\n', 9, "multiple of 25"),
    ("h", HABITAT_HEAD + '[[equipment]]\nid = "e"\nkind = "co2_scrubber"\nmodule = "a"\n'
     'n2_tank_kg = 3\n', 9, "unknown key 'n2_tank_kg'"),
    ("h", HABITAT_HEAD + '[[crew]]\nname = "Z"\nmodule = "a"\nactivity = "dancing"\n', 8,
     "expected one of sleep"),
    ("h", HABITAT_HEAD + '[[sensors]]\nid = "a.humidity"\n', 6, "unknown sensor"),
    ("h", HABITAT_HEAD + '[automation]\nn2_off_above_kpa = 90\n', 6, "must be above"),
    ("h", HABITAT_HEAD + '[[crew]]\nname = "Z"\nmodule = "a"\nskills = { juggling = 2 }\n', 8,
     "unknown skill 'juggling'; expected one of life_support"),
    ("h", HABITAT_HEAD + '[[crew]]\nname = "Z"\nmodule = "a"\nskills = { electrical = 4 }\n', 8,
     "expected a whole number 0 to 3"),
    ("h", HABITAT_HEAD + '[[crew]]\nname = "Z"\nmodule = "a"\nmaintenance_hours_per_day = 30\n',
     8, "expected at most 24 h"),
    ("h", HABITAT_HEAD + '[spares]\nrelays = 3\n', 6, "unknown spare part 'relays'"),
    ("h", HABITAT_HEAD + '[spares]\nrelay = -1\n', 6, "expected at least 0"),
    ("h", 'service_days = -1\n' + HABITAT_HEAD, 1,
     "'service_days' is -1 days; expected at least 0"),
    ("s", 'name = "S"\nhabitat = "ares"\nwear_faults = "yes"\n', 3, "must be true or false"),
    ("s", SCENARIO_HEAD + 'fault = "leak"\ntarget = "hab-9"\nhole_diameter_cm = 3\n', 6,
     "unknown module 'hab-9'"),
    ("s", SCENARIO_HEAD + 'fault = "leak"\ntarget = "hab-3"\nhole_diameter_mm = 3\n', 7,
     "unknown parameter 'hole_diameter_mm'"),
    ("s", SCENARIO_HEAD + 'fault = "leak"\ntarget = "hab-3"\n', 3, "needs 'hole_diameter_cm'"),
    ("s", SCENARIO_HEAD + 'fault = "meteor"\ntarget = "hab-3"\n', 5, "unknown fault 'meteor'"),
    ("s", SCENARIO_HEAD + 'command = "evacuate"\nmodule = "hab-3"\n', 5, "missing to"),
    ("s", SCENARIO_HEAD + 'target = "hab-3"\n', 3, "either 'fault' or 'command'"),
    ("s", 'name = "S"\nhabitat = "nowhere.toml"\n', 2, "neither a built-in"),
    ("s", 'name = "S"\nhabitat = "ares"\nduration_s = 60\n[[events]]\nat_s = 120\n'
     'fault = "relay_fused"\ntarget = "hab-3.relay"\n', 5, "expected at most 60"),
    ("s", OBJECTIVE_HEAD + 'command = "teleport"\n', 6, "unknown command 'teleport'"),
    ("s", OBJECTIVE_HEAD + 'command = "seal"\nmodule = "hab-3"\n', 7, "unknown key 'module'"),
    ("s", OBJECTIVE_HEAD + 'command = "seal"\ninterconnect = "*hab-9*"\n', 7,
     "'interconnect' = '*hab-9*' matches nothing"),
    ("s", OBJECTIVE_HEAD + 'command = "evacuate"\nto = "mars"\n', 7, "matches nothing"),
    ("s", OBJECTIVE_HEAD + 'command = "acknowledge"\nafter_alarm = "hab-3.fire"\n', 7,
     "unknown alarm 'hab-3.fire'"),
    ("s", OBJECTIVE_HEAD + 'command = "seal"\nwithin_s = 0\n', 7, "expected at least 1 s"),
    ("s", OBJECTIVE_HEAD + 'command = "seal"\npoints = 500\n', 7, "expected at most 100"),
    ("s", OBJECTIVE_HEAD + 'command = "seal"\n'
     'before = { module = "hab-3", quantity = "ppo2_kpa", below = 16, above = 30 }\n', 7,
     "exactly one of 'below' or 'above'"),
    ("s", OBJECTIVE_HEAD + 'command = "seal"\n'
     'before = { module = "hab-3", quantity = "o2_pct", below = 16 }\n', 7,
     "expected one of pressure_kpa, ppo2_kpa, co2_ppm"),
    ("s", OBJECTIVE_HEAD + 'command = "seal"\n[[objectives]]\nid = "o"\ntext = "U"\n'
     'command = "seal"\n', 8, "duplicate objective 'o'"),
    ("s", 'name = "S"\nhabitat = "ares"\n[[objectives]]\nid = "o"\ncommand = "seal"\n', 3,
     "missing 'text'"),
]


@pytest.mark.parametrize("kind, text, line, expected", CASES)
def test_validate_reports_file_line_and_expectation(tmp_path, capsys, kind, text, line, expected):
    path = tmp_path / ("habitat.toml" if kind == "h" else "scenario.toml")
    path.write_text(text)
    assert cli.main(["validate", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    assert err.startswith(f"{path}:{line}: "), err
    assert expected in err


MAINTENANCE_CASES = [
    ("replace_below = 0.4", "replace_below = 0.8", "expected below 'nominal_above' (0.7)"),
    ('fault = "leak"', 'fault = "meltdown"', "'fault' is 'meltdown'; expected one of leak"),
    ('skill = "pressure_suits"', 'skill = "juggling"', "expected one of life_support"),
    ("relay = 12", "relays = 12", "unknown spare part 'relays'; expected one of"),
    ("[kinds.valve]", "[kinds.valves]", "unknown key 'valves' in [kinds]"),
    ("level_time_factor = [1.5, 1.0, 0.8]", "level_time_factor = [1.5, 1.0]",
     "must be a list of 3 numbers"),
    ("person_hours = 1.75", "person_hours = -1", "'person_hours' is -1 h; expected at least 0"),
    ('parts = { relay = 1 }', 'parts = { relay = 0.5 }', "must be a whole number"),
    ("beds_per_scrubber = 2", "beds = 2", "unknown key 'beds' in [counts]"),
]


@pytest.mark.parametrize("old, new, expected", MAINTENANCE_CASES)
def test_maintenance_file_errors_name_the_line(tmp_path, capsys, old, new, expected):
    text = (resources.resources_dir() / "maintenance.toml").read_text()
    assert text.count(old) >= 1
    text = text.replace(old, new, 1)
    line = text[:text.index(new)].count("\n") + 1
    path = tmp_path / "maintenance.toml"
    path.write_text(text)
    assert cli.main(["validate", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{path}:{line}: "), err
    assert expected in err and "\n" not in err


def test_maintenance_file_round_trip(tmp_path):
    built_in = maintenance_data.builtin()
    copy = tmp_path / "maintenance.toml"
    copy.write_text((resources.resources_dir() / "maintenance.toml").read_text())
    again = maintenance_data.load(copy)
    assert again == dataclasses.replace(built_in, source=str(copy))
    assert set(built_in.kinds) == set(maintenance_data.KIND_NAMES)
    assert set(maintenance_data.FAULT_NAMES) == set(faults.FAULTS)
    assert sum(built_in.skill_weights) == pytest.approx(1.0)
    assert set(built_in.spares) == set(built_in.part_names())


def test_missing_file_is_one_line(tmp_path, capsys):
    assert cli.main(["validate", str(tmp_path / "nope.toml")]) == 2
    assert capsys.readouterr().err.strip() == f"{tmp_path / 'nope.toml'}: cannot read: " \
                                              "No such file or directory"


def test_every_built_in_file_validates(capsys):
    files = [*resources.builtin("habitats").values(), *resources.builtin("scenarios").values(),
             resources.resources_dir() / "maintenance.toml"]
    assert len(files) >= 8
    assert cli.main(["validate", *map(str, files)]) == 0
    assert capsys.readouterr().out.count(": ok: ") == len(files)
