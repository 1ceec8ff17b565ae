"""Small habitats built in code for physics and command tests."""

from __future__ import annotations

from habitat_gui.core.plant.habitat import (AutomationSpec, CrewSpec, EquipmentSpec, Habitat,
                                            InterconnectSpec, ModuleSpec, default_sensors)


def habitat(modules: list[ModuleSpec], interconnects: list[InterconnectSpec] = (),
            equipment: list[EquipmentSpec] = (), crew: list[CrewSpec] = (),
            noiseless: bool = True, **automation: float) -> Habitat:
    mods = tuple(modules)
    sensors = default_sensors(mods, {})
    if noiseless:
        sensors = tuple(type(s)(s.id, s.module, s.quantity) for s in sensors)
    return Habitat("test", mods, tuple(interconnects), tuple(equipment), sensors, tuple(crew),
                   automation=AutomationSpec(**automation))


def module(mid: str, volume_m3: float = 250.0, **kw) -> ModuleSpec:
    kw.setdefault("design_leak_fraction_per_day", 0.0)
    return ModuleSpec(mid, mid, volume_m3, **kw)


def people(count: int, module_id: str, activity: str = "nominal",
           prefix: str = "p") -> list[CrewSpec]:
    return [CrewSpec(f"{prefix}{module_id}-{k}", module_id, activity) for k in range(count)]
