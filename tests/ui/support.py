"""Shared helpers of the UI tests: windows over a fresh simulation and scripted prompts."""

from __future__ import annotations

import pytest
from collections.abc import Callable

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from habitat_gui.contract.commands import Command
from habitat_gui.core import resources
from habitat_gui.core.plant.habitat import load_habitat
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.simulation import Simulation
from habitat_gui.sources.protocol import Operator
from habitat_gui.sources.simulated import SimulatedSource
from habitat_gui.ui.confirm import Prompts
from habitat_gui.ui.evacuation import EvacuationDialog
from habitat_gui.ui.main_window import MainWindow
from patience import PATIENCE_MS


# The offscreen platform plugin says this whenever a window with dock widgets is shown;
# it is about the plugin, not the panel.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


class ScriptedPrompts(Prompts):
    """Answers confirmations and target choices without a modal dialog, and records them."""

    def __init__(self, confirm: bool = True, target: str | None = None,
                 shelf: tuple[float, str] | None = None,
                 service_reason: str | None = None) -> None:
        self.answer, self.target, self.shelf = confirm, target, shelf
        self.service_reason = service_reason
        self.confirmations: list[tuple[str, str]] = []
        self.choices: list[list[str]] = []
        self.refusals: list[tuple[str, str]] = []

    def confirm(self, parent, command_text: str, hazard: str, recheck=None) -> bool:
        self.confirmations.append((command_text, hazard))
        return self.answer

    def refused(self, parent, command_text: str, reason: str) -> None:
        self.refusals.append((command_text, reason))

    def evacuate(self, parent, options, snap, forecasting=None,
                 refusal=None) -> Command | None:
        self.choices.append([o.target for o in options if o.offered])
        self.options = options
        return Command.of("evacuate", module=options[0].source, to=self.target) \
            if self.target else None

    def choose(self, parent, title: str, label: str, items: list[str]) -> str | None:
        self.choices.append(items)
        return self.target

    def reason(self, parent, title: str, label: str) -> str | None:
        self.reasons_asked = getattr(self, "reasons_asked", 0) + 1
        return getattr(self, "give_reason", None)

    def shelve(self, parent, alarms) -> tuple[float, str] | None:
        self.choices.append([a.id for a in alarms])
        return self.shelf

    def out_of_service(self, parent, alarms) -> str | None:
        self.choices.append([a.id for a in alarms])
        return self.service_reason


def ares_source(scenario: str | None = None, seed: int | None = None) -> SimulatedSource:
    if scenario:
        return SimulatedSource(Simulation.from_scenario(resolve(scenario), seed), 1.0)
    habitat = load_habitat(resources.builtin("habitats")["ares"])
    return SimulatedSource(Simulation(habitat, seed=seed or 0), 1.0)


BIG_WINDOW = (2400, 1500)  # on the test screen: room for the detailed overview


def make_window(qtbot, tmp_path, source: SimulatedSource | None = None,
                prompts: Prompts | None = None, show: bool = True,
                operator: Operator | None = None) -> MainWindow:
    """A window over ``source`` (the built-in colony) big enough for the detailed
    overview; the layout tests size it to the crews' screens."""
    source = source or ares_source()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(source, settings=settings, prompts=prompts or ScriptedPrompts(),
                        speed=1.0, operator=operator)
    window.persist = False
    window.resize(*BIG_WINDOW)
    window.arrange()
    qtbot.addWidget(window)
    if show:
        window.show()
        qtbot.waitExposed(window, timeout=PATIENCE_MS)
    return window


def click_scene_item(qtbot, view, item, button=Qt.MouseButton.LeftButton) -> None:
    """A real mouse click on a schematic item, at its centre on screen."""
    centre = item.mapToScene(item.boundingRect().center())
    if hasattr(item, "rect"):
        centre = item.mapToScene(item.rect().topLeft() + (item.rect().center()
                                                          - item.rect().topLeft()) * 0.3)
    pos: QPoint = view.mapFromScene(centre)
    qtbot.mouseClick(view.viewport(), button, pos=pos)


@pytest.fixture
def prompts() -> ScriptedPrompts:
    return ScriptedPrompts()


class RealChooser(ScriptedPrompts):
    """The real evacuation chooser dialog; confirmations answered as scripted."""

    evacuate = Prompts.evacuate


def in_modal(kind: type, act: Callable) -> list:
    """Once a modal dialog of ``kind`` is shown, record it and ``act`` on it; the list holds
    it afterwards."""
    seen: list = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, kind)
        seen.append(dialog)
        act(dialog)
    QTimer.singleShot(0, run)
    return seen


def in_chooser(qtbot, act: Callable[[EvacuationDialog], None]) -> list[EvacuationDialog]:
    """Once the evacuation chooser is shown (modal), record it and ``act`` on it."""
    return in_modal(EvacuationDialog, act)
