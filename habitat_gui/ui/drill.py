"""The instructor's drill: the Instructor menu, with *Start scenario…* (a built-in scenario
afresh, as a new run) and *Inject fault…* (the command ``inject_fault``, built and checked by
the plant live, confirmed and sent through the station's one command path).

The menu is there only for a source that is a :class:`~..sources.protocol.Drill` and a
panel whose operator the plant lets inject a fault (a dry run of a valid one accepted).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox,
                               QFormLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout,
                               QWidget)

from ..contract.commands import Command
from ..contract.drill import FaultChoice, FaultParameter, ScenarioChoice, fault_command, \
    probe
from ..contract.timefmt import duration
from ..sources.protocol import Drill
from .confirm import RECHECK_MS
from .extension import ActionSpec, Window
from .station import Station

Refusal = Callable[[Command], "str | None"]  # why the plant would refuse a command, or None


def _buttons(dialog: QDialog, name: str, ok_text: str) -> QDialogButtonBox:
    """OK (called ``ok_text``) and Cancel, accepting and rejecting ``dialog``."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.setObjectName(name)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class ParameterBox(QDoubleSpinBox):
    """One fault parameter from its lowest to its highest, in its unit, at its default; one
    without a default starts unset ("required"), a step below the lowest."""

    def __init__(self, parameter: FaultParameter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parameter = parameter
        self.setObjectName(f"param_{parameter.name}")
        self.setAccessibleName(parameter.name)
        span = parameter.high - parameter.low
        step = 10.0 ** math.floor(math.log10(span)) / 100 if span > 0 else 1.0
        finest = min(abs(v) for v in (step, parameter.low, parameter.default or 0.0) if v)
        self.setDecimals(min(6, max(2, -math.floor(math.log10(finest)))))
        self.setSingleStep(step)
        self.required = parameter.default is None
        self.setRange(parameter.low - step if self.required else parameter.low, parameter.high)
        if self.required:
            self.setSpecialValueText(self.tr("required"))
        self.setValue(self.minimum() if parameter.default is None else parameter.default)
        if parameter.unit:
            self.setSuffix(f" {parameter.unit}")
        self.setToolTip(self.tr("{low:g} to {high:g} {unit}").format(
            low=parameter.low, high=parameter.high, unit=parameter.unit).rstrip()
            + (self.tr("; required") if self.required else ""))

    def given(self) -> float | None:
        """The value set, or None while a required one is unset."""
        return None if self.required and self.value() == self.minimum() else self.value()


class InjectFaultDialog(QDialog):
    """A fault kind (with what it does), its target and its parameters; the command they make
    asked of the plant at each change and every half second: OK only while it would be
    accepted, the plant's reason shown when not."""

    def __init__(self, parent: QWidget | None, choices: tuple[FaultChoice, ...],
                 refusal: Refusal) -> None:
        super().__init__(parent)
        self.setObjectName("injectFaultDialog")
        self.setWindowTitle(self.tr("Inject fault"))
        self.choices = tuple(c for c in choices if c.targets)
        self.refusal = refusal
        self.kind = QComboBox()
        self.kind.setObjectName("faultKind")
        self.kind.setAccessibleName(self.tr("Fault"))
        for choice in self.choices:
            self.kind.addItem(choice.name, choice.name)
        self.summary = QLabel()
        self.summary.setObjectName("faultSummary")
        self.summary.setWordWrap(True)
        self.target = QComboBox()
        self.target.setObjectName("faultTarget")
        self.target.setAccessibleName(self.tr("Target"))
        self.form = QFormLayout()
        self.form.addRow(self.tr("Fault"), self.kind)
        self.form.addRow("", self.summary)
        self.form.addRow(self.tr("Target"), self.target)
        self.boxes: list[ParameterBox] = []
        self.reason = QLabel()
        self.reason.setObjectName("injectReason")
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = _buttons(self, "injectButtons", self.tr("Inject…"))
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        column = QVBoxLayout(self)
        column.addLayout(self.form)
        column.addWidget(self.reason)
        column.addStretch(1)
        column.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._show_kind)
        self.target.currentIndexChanged.connect(self.check)
        self._timer = QTimer(self)
        self._timer.setInterval(RECHECK_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        self.setMinimumWidth(460)
        self._show_kind()

    def choice(self) -> FaultChoice | None:
        index = self.kind.currentIndex()
        return self.choices[index] if index >= 0 else None

    def _show_kind(self) -> None:
        """The chosen fault's summary, targets and one spin box per parameter."""
        for box in self.boxes:
            self.form.removeRow(box)
        self.boxes = []
        choice = self.choice()
        self.summary.setText(choice.summary if choice else self.tr("No fault has a target "
                                                                   "in this plant."))
        self.target.blockSignals(True)
        self.target.clear()
        self.target.addItems(list(choice.targets) if choice else [])
        self.target.blockSignals(False)
        for parameter in choice.parameters if choice else ():
            box = ParameterBox(parameter)
            box.valueChanged.connect(self.check)
            self.form.addRow(parameter.name, box)
            self.boxes.append(box)
        self.check()

    def command(self) -> Command | None:
        """The injection the dialog stands for, or None when it names no fault."""
        choice = self.choice()
        if choice is None or not self.target.currentText():
            return None
        values = {box.parameter.name: value for box in self.boxes
                  if (value := box.given()) is not None}
        return fault_command(choice.name, self.target.currentText(), values)

    def check(self) -> str | None:
        """Ask the plant; OK only when it would accept the command, else its reason shown."""
        command = self.command()
        reason = self.tr("no fault to inject") if command is None else self.refusal(command)
        self.ok.setEnabled(reason is None)
        self.reason.setText(self.tr("Would be refused: {reason}").format(reason=reason)
                            if reason else "")
        self.reason.setVisible(bool(reason))
        return reason


class StartScenarioDialog(QDialog):
    """The scenarios that run on this plant: each title with its description and length."""

    def __init__(self, parent: QWidget | None, choices: tuple[ScenarioChoice, ...]) -> None:
        super().__init__(parent)
        self.setObjectName("startScenarioDialog")
        self.setWindowTitle(self.tr("Start scenario"))
        self.choices = choices
        self.list = QListWidget()
        self.list.setObjectName("scenarioList")
        self.list.setAccessibleName(self.tr("Scenarios"))
        for choice in choices:
            item = QListWidgetItem(f"{choice.title}  ({duration(choice.duration_s)})")
            item.setData(Qt.ItemDataRole.UserRole, choice.name)
            self.list.addItem(item)
        self.description = QLabel()
        self.description.setObjectName("scenarioDescription")
        self.description.setWordWrap(True)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.buttons = _buttons(self, "scenarioButtons", self.tr("Start…"))
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        column = QVBoxLayout(self)
        column.addWidget(QLabel(self.tr("Start afresh, as a new run on this colony:")))
        column.addWidget(self.list, 1)
        column.addWidget(self.description)
        column.addWidget(self.buttons)
        self.list.currentRowChanged.connect(self._show)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.resize(560, 460)
        if choices:
            self.list.setCurrentRow(0)
        self._show()

    def chosen(self) -> ScenarioChoice | None:
        row = self.list.currentRow()
        return self.choices[row] if 0 <= row < len(self.choices) else None

    def _show(self) -> None:
        choice = self.chosen()
        self.ok.setEnabled(choice is not None)
        self.description.setText(
            self.tr("{description}\n\n{name}: runs {duration}.").format(
                description=choice.description.strip(), duration=duration(choice.duration_s),
                name=choice.name) if choice else
            self.tr("No built-in scenario runs on this colony."))


class Instructor:
    """The Instructor menu of one window."""

    def __init__(self, window: Window, source: Drill) -> None:
        self.window, self.source = window, source
        self.station: Station = window.station
        self.menu = window.add_menu(window.tr("&Instructor"), "instructorMenu", "instructor_", [
            ActionSpec("start_scenario", "Start scenario…", "Ctrl+Alt+N", self.ask_scenario),
            ActionSpec("inject_fault", "Inject fault…", "Ctrl+Alt+F", self.ask_fault)])

    def ask_fault(self) -> None:
        """The fault dialog; an injection it makes goes through the station (confirmed there,
        checked again, audited), its outcome in the status bar."""
        dialog = InjectFaultDialog(self.station.dialog_parent, self.source.fault_choices(),
                                   self.station.refusal)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        command = dialog.command()
        if command is not None:
            self.station.issue(command, "instructor")

    def ask_scenario(self) -> None:
        """The scenario dialog, a confirmation, then the scenario started (the new run is
        shown at the next tick) or, refused, the plant's reason in one line."""
        dialog = StartScenarioDialog(self.station.dialog_parent, self.source.scenario_choices())
        choice = dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
        if choice is None:
            return
        warning = self.window.tr(
            "Starts {title} afresh: the present run ends, its recording is completed, and "
            "every station shows the new run from its start.").format(title=choice.title)
        if not self.station.prompts.confirm(self.station.dialog_parent,
                                            f"start scenario {choice.name}", warning):
            return
        reason = self.source.start_scenario(choice.name, self.station.operator)
        if reason is not None:
            self.station.notice(self.window.tr("{title} not started: {reason}").format(
                title=choice.title, reason=reason))
            return
        self.station.publish()  # the new run seen at once


def install(window: Window, source: Drill) -> Instructor | None:
    """Add the Instructor menu when the plant would let this panel's operator inject."""
    command = probe(source.fault_choices())
    if command is None or window.station.refusal(command) is not None:
        return None
    return Instructor(window, source)


__all__ = ["install", "Instructor", "InjectFaultDialog", "StartScenarioDialog", "ParameterBox"]
