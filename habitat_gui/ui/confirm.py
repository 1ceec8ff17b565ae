"""Operator prompts: confirmation of hazardous commands, refusals, the evacuation target,
a reason (for skipping a procedure step), and the reason and duration of taking an alarm
out of service.

The window holds a :class:`Prompts`; tests replace it (or its methods) with one that
answers yes/no without showing a modal dialog.
"""

from __future__ import annotations

from html import escape
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QWidget

from ..contract.alarms import AlarmState
from ..contract.commands import Command
from ..contract.evacuation import EvacuationOption
from ..contract.state import Snapshot
from ..sources.protocol import Forecasting
from .alarm_dialogs import OutOfServiceDialog, ShelveDialog
from .evacuation import EvacuationDialog, Refusal

RECHECK_MS = 500  # how often an open confirmation asks the plant again

Recheck = Callable[[], "str | None"]  # why the plant would refuse the command now, or None


class ConfirmDialog(QMessageBox):
    """'Are you sure' for a hazardous command: says what will happen; the default is
    Cancel. While it is open it asks the plant again every half second: when the command
    would now be refused, Execute goes and the dialog says why."""

    def __init__(self, parent: QWidget | None, command_text: str, hazard: str,
                 recheck: Recheck | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirmDialog")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("Confirm hazardous command"))
        # what will happen, in words, leads; the command as sent follows, small
        self.hazard = hazard if hazard.startswith("<") else f"<p><b>{escape(hazard)}</b></p>"
        self.command_line = (f"<p style='color:gray'><small>{self.tr('Command:')} "
                             f"{escape(command_text)}</small></p>")
        self.setText(self.hazard)
        self.setInformativeText(f"<p>{self.tr('Execute this command?')}</p>"
                                f"{self.command_line}")
        self.execute_button = self.addButton(self.tr("Execute"),
                                             QMessageBox.ButtonRole.AcceptRole)
        self.cancel_button = self.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.cancel_button)
        self.setEscapeButton(self.cancel_button)
        self.recheck = recheck
        self.refused: str | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(RECHECK_MS)
        self._timer.timeout.connect(self.check_again)
        if recheck is not None:
            self._timer.start()

    def check_again(self) -> None:
        """Ask the plant again; once it would refuse, say why and withhold Execute."""
        if self.recheck is None or self.refused is not None:
            return
        self.refused = self.recheck()
        if self.refused is not None:
            self._timer.stop()
            self.execute_button.setEnabled(False)
            self.execute_button.hide()
            self.cancel_button.setText(self.tr("Close"))
            self.setInformativeText(
                f"<p><b>{self.tr('This command would now be refused:')}</b> "
                f"{escape(self.refused)}</p>{self.command_line}")

    def accepted_command(self) -> bool:
        return self.refused is None and self.clickedButton() is self.execute_button


class Prompts:
    """Modal questions the station asks the operator."""

    def confirm(self, parent: QWidget | None, command_text: str, hazard: str,
                recheck: Recheck | None = None) -> bool:
        dialog = ConfirmDialog(parent, command_text, hazard, recheck)
        dialog.exec()
        return dialog.accepted_command()

    def refused(self, parent: QWidget | None, command_text: str, reason: str) -> None:
        """Say that a confirmed command was not sent, and why."""
        QMessageBox.warning(parent, QMessageBox.tr("Command not sent"),
                            f"<b>{escape(command_text)}</b><p>{escape(reason)}</p>")

    def evacuate(self, parent: QWidget | None, options: tuple[EvacuationOption, ...],
                 snap: Snapshot, forecasting: Forecasting | None = None,
                 refusal: Refusal | None = None) -> Command | None:
        """What to do for a module's crew: evacuate to one of the plant's options (the
        recommended preselected) or, where one waits on it, open an equalisation valve
        (offered when ``refusal`` accepts it); None when the operator cancels."""
        dialog = EvacuationDialog(parent, options, snap, forecasting, refusal)
        return dialog.command() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def choose(self, parent: QWidget | None, title: str, label: str,
               items: list[str]) -> str | None:
        if not items:
            return None
        item, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
        return item if ok else None

    def reason(self, parent: QWidget | None, title: str, label: str) -> str | None:
        """A reason typed by the operator (skipping a procedure step); None if none."""
        text, ok = QInputDialog.getText(parent, title, label)
        return text.strip() if ok and text.strip() else None

    def shelve(self, parent: QWidget | None,
               alarms: list[AlarmState]) -> tuple[float, str] | None:
        """For how many minutes and why to shelve ``alarms``; None when cancelled."""
        dialog = ShelveDialog(parent, alarms)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.minutes(), dialog.reason_text()

    def out_of_service(self, parent: QWidget | None, alarms: list[AlarmState]) -> str | None:
        """Why to take ``alarms`` out of service, having shown what they watch; None when
        cancelled."""
        dialog = OutOfServiceDialog(parent, alarms)
        return dialog.reason_text() if dialog.exec() == QDialog.DialogCode.Accepted else None
