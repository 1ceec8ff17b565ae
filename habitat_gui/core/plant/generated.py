"""Generated colonies of any size, for benchmarks and for checking that views scale."""

from __future__ import annotations

import json
import math
from dataclasses import MISSING, fields

from .habitat import (CrewSpec, EquipmentSpec, Habitat, InterconnectSpec, ModuleSpec,
                      default_sensors)


def grid_colony(count: int = 50, crew_per_module: int = 4) -> Habitat:
    """``count`` 250 m3 modules in a square-ish grid, hatches to the right and below (every
    seventh an airlock), each module with a generator bay, a primary and a standby scrubber,
    pressure control, ten O2 candles and ``crew_per_module`` people."""
    columns = math.ceil(math.sqrt(count))
    ids = [f"m{k:02d}" for k in range(count)]
    modules = tuple(ModuleSpec(mid, f"M-{k:02d}", 250.0, o2_candles=10,
                               position=(float(k % columns), float(k // columns)))
                    for k, mid in enumerate(ids))
    links = []
    for k, mid in enumerate(ids):
        if k % columns + 1 < columns and k + 1 < count:
            links.append(InterconnectSpec(f"{mid}/{ids[k + 1]}", (mid, ids[k + 1]),
                                          kind="airlock" if k % 7 == 3 else "hatch"))
        if k + columns < count:
            links.append(InterconnectSpec(f"{mid}/{ids[k + columns]}", (mid, ids[k + columns])))
    equipment = []
    for mid in ids:
        equipment += [EquipmentSpec(f"{mid}.oga-a", "o2_generator", mid, role="primary"),
                      EquipmentSpec(f"{mid}.oga-b", "o2_generator", mid, role="backup"),
                      EquipmentSpec(f"{mid}.cdra-a", "co2_scrubber", mid),
                      EquipmentSpec(f"{mid}.cdra-b", "co2_scrubber", mid, role="standby"),
                      EquipmentSpec(f"{mid}.pcs", "pressure_control", mid, n2_tank_kg=60.0,
                                    o2_tank_kg=25.0)]
    crew = tuple(CrewSpec(f"{mid}-crew{j}", mid) for mid in ids for j in range(crew_per_module))
    return Habitat(f"Grid colony of {count}", modules, tuple(links), tuple(equipment),
                   default_sensors(modules, {}), crew)


def grid_colony_text(count: int = 50, crew_per_module: int = 4) -> str:
    """:func:`grid_colony` as a habitat file (TOML) that :func:`~.habitat.load_habitat`
    reads back equal to it: each module, interconnect, unit and person with the fields
    that differ from a habitat file's defaults (the sensors are the default ones)."""
    habitat = grid_colony(count, crew_per_module)
    lines = [f"name = {_toml(habitat.name)}"]
    for key, specs in (("modules", habitat.modules), ("interconnects", habitat.interconnects),
                       ("equipment", habitat.equipment), ("crew", habitat.crew)):
        for spec in specs:
            lines += ["", f"[[{key}]]"] + [f"{f.name} = {_toml(getattr(spec, f.name))}"
                                           for f in fields(spec) if f.default is MISSING
                                           or getattr(spec, f.name) != f.default]
    return "\n".join(lines) + "\n"


def _toml(value: object) -> str:
    """A TOML value: a string, a number, or an array of them (a tuple)."""
    if isinstance(value, tuple):
        return f"[{', '.join(_toml(v) for v in value)}]"
    if isinstance(value, str):
        return json.dumps(value)  # a TOML basic string for the plain text used here
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    raise ValueError(f"grid_colony_text: {value!r} has no TOML form here; expected a "
                     "string, a number or a tuple of them")
