"""Generated colonies for benchmarks: a grid of modules with equipment and crew."""

from __future__ import annotations

from habitat_gui.core.habitat import (CrewSpec, EquipmentSpec, Habitat, InterconnectSpec,
                                      ModuleSpec, default_sensors)


def grid_colony(count: int = 50, columns: int = 10) -> Habitat:
    """``count`` 250 m3 modules in a grid, hatches to the right and below, each module with a
    generator bay, two scrubbers, pressure control and four crew."""
    modules, links, equipment, crew = [], [], [], []
    for k in range(count):
        mid = f"m{k:02d}"
        row, col = divmod(k, columns)
        modules.append(ModuleSpec(mid, f"M-{k:02d}", 250.0, position=(float(col), float(row)),
                                  o2_candles=10))
        if col + 1 < columns and k + 1 < count:
            links.append(InterconnectSpec(f"{mid}/m{k + 1:02d}", (mid, f"m{k + 1:02d}")))
        if k + columns < count:
            links.append(InterconnectSpec(f"{mid}/m{k + columns:02d}", (mid, f"m{k + columns:02d}")))
        equipment += [EquipmentSpec(f"{mid}.oga-a", "o2_generator", mid, role="primary"),
                      EquipmentSpec(f"{mid}.oga-b", "o2_generator", mid, role="backup"),
                      EquipmentSpec(f"{mid}.cdra-a", "co2_scrubber", mid),
                      EquipmentSpec(f"{mid}.cdra-b", "co2_scrubber", mid, role="standby"),
                      EquipmentSpec(f"{mid}.pcs", "pressure_control", mid, n2_tank_kg=60.0,
                                    o2_tank_kg=25.0)]
        crew += [CrewSpec(f"{mid}-crew{j}", mid) for j in range(4)]
    mods = tuple(modules)
    return Habitat(f"Grid colony of {count}", mods, tuple(links), tuple(equipment),
                   default_sensors(mods, {}), tuple(crew))
