"""Shared helpers of the UI tests: windows over a fresh simulation, scripted prompts and a
generated grid colony (also used by benchmarks/bench_gui.py)."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt

from habitat_gui.core import resources
from habitat_gui.core.habitat import (CrewSpec, EquipmentSpec, Habitat, InterconnectSpec,
                                      ModuleSpec, default_sensors, load_habitat)
from habitat_gui.core.scenario import resolve
from habitat_gui.core.simulation import Simulation
from habitat_gui.source import SimulatedSource
from habitat_gui.ui.confirm import Prompts
from habitat_gui.ui.main_window import MainWindow


# The offscreen platform plugin says this whenever a window with dock widgets is shown;
# it is about the plugin, not the panel.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


class ScriptedPrompts(Prompts):
    """Answers confirmations and target choices without a modal dialog, and records them."""

    def __init__(self, confirm: bool = True, target: str | None = None) -> None:
        self.answer, self.target = confirm, target
        self.confirmations: list[tuple[str, str]] = []
        self.choices: list[list[str]] = []

    def confirm(self, parent, command_text: str, hazard: str) -> bool:
        self.confirmations.append((command_text, hazard))
        return self.answer

    def choose(self, parent, title: str, label: str, items: list[str]) -> str | None:
        self.choices.append(items)
        return self.target


def ares_source(scenario: str | None = None, seed: int | None = None) -> SimulatedSource:
    if scenario:
        return SimulatedSource(Simulation.from_scenario(resolve(scenario), seed), 1.0)
    habitat = load_habitat(resources.builtin("habitats")["ares"])
    return SimulatedSource(Simulation(habitat, seed=seed or 0), 1.0)


def make_window(qtbot, tmp_path, source: SimulatedSource | None = None,
                prompts: Prompts | None = None, show: bool = True) -> MainWindow:
    source = source or ares_source()
    habitat = source.simulation.scenario.habitat if source.simulation.scenario else None
    positions = {m.id: m.position for m in habitat.modules} if habitat else None
    if positions is None:
        ares = load_habitat(resources.builtin("habitats")["ares"])
        positions = {m.id: m.position for m in ares.modules}
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(source, settings=settings, prompts=prompts or ScriptedPrompts(),
                        positions=positions, speed=1.0)
    window.persist = False
    qtbot.addWidget(window)
    if show:
        window.show()
        qtbot.waitExposed(window)
    return window


def click_scene_item(qtbot, view, item, button=Qt.MouseButton.LeftButton) -> None:
    """A real mouse click on a schematic item, at its centre on screen."""
    centre = item.mapToScene(item.boundingRect().center())
    if hasattr(item, "rect"):
        centre = item.mapToScene(item.rect().topLeft() + (item.rect().center()
                                                          - item.rect().topLeft()) * 0.3)
    pos: QPoint = view.mapFromScene(centre)
    qtbot.mouseClick(view.viewport(), button, pos=pos)


def grid_colony(n: int = 50, crew_per_module: int = 3) -> Habitat:
    """``n`` modules in a square grid, hatches to the right and below, every module with
    a generator pair, a scrubber and pressure control, and some crew."""
    cols = math.ceil(math.sqrt(n))
    modules = tuple(ModuleSpec(f"m{k:02d}", f"M-{k:02d}", 200.0, position=(k % cols, k // cols))
                    for k in range(n))
    links = []
    for k in range(n):
        if k % cols + 1 < cols and k + 1 < n:
            links.append(InterconnectSpec(f"m{k:02d}/m{k + 1:02d}", (f"m{k:02d}", f"m{k + 1:02d}"),
                                          kind="airlock" if k % 7 == 3 else "hatch"))
        if k + cols < n:
            links.append(InterconnectSpec(f"m{k:02d}/m{k + cols:02d}",
                                          (f"m{k:02d}", f"m{k + cols:02d}")))
    equipment = []
    for m in modules:
        equipment += [EquipmentSpec(f"{m.id}.oga-a", "o2_generator", m.id, "primary"),
                      EquipmentSpec(f"{m.id}.oga-b", "o2_generator", m.id, "backup"),
                      EquipmentSpec(f"{m.id}.cdra-a", "co2_scrubber", m.id, "primary"),
                      EquipmentSpec(f"{m.id}.pcs", "pressure_control", m.id,
                                    n2_tank_kg=50.0, o2_tank_kg=20.0)]
    crew = tuple(CrewSpec(f"c{m.id}-{j}", m.id) for m in modules for j in range(crew_per_module))
    return Habitat("Grid colony", modules, tuple(links), tuple(equipment),
                   default_sensors(modules, {}), crew)


@pytest.fixture
def prompts() -> ScriptedPrompts:
    return ScriptedPrompts()
