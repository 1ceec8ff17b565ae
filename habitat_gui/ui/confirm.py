"""Operator prompts: confirmation of hazardous commands, refusals, choosing a target, and
a reason (for skipping a procedure step).

The window holds a :class:`Prompts`; tests replace it (or its methods) with one that
answers yes/no without showing a modal dialog.
"""

from __future__ import annotations

from html import escape
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

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
        self.setText(f"<b>{escape(command_text)}</b>")
        self.hazard = hazard if hazard.startswith("<") else f"<p>{escape(hazard)}</p>"
        self.setInformativeText(f"{self.hazard}<p>{self.tr('Execute this command?')}</p>")
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
                f"{escape(self.refused)}</p>{self.hazard}")

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
