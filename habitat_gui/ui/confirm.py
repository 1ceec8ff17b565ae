"""Operator prompts: confirmation of hazardous commands and choosing a target.

The window holds a :class:`Prompts`; tests replace it (or its methods) with one that
answers yes/no without showing a modal dialog.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget


class ConfirmDialog(QMessageBox):
    """'Are you sure' for a hazardous command: says what will happen; the default is No."""

    def __init__(self, parent: QWidget | None, command_text: str, hazard: str) -> None:
        super().__init__(parent)
        self.setObjectName("confirmDialog")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle("Confirm hazardous command")
        self.setText(f"<b>{command_text}</b>")
        if hazard.startswith("<"):  # with the forecast of its consequence, as HTML
            self.setInformativeText(f"{hazard}<p>Execute this command?</p>")
        else:
            self.setInformativeText(f"{hazard}\n\nExecute this command?")
        self.execute_button = self.addButton("Execute", QMessageBox.ButtonRole.AcceptRole)
        self.cancel_button = self.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.cancel_button)
        self.setEscapeButton(self.cancel_button)

    def accepted_command(self) -> bool:
        return self.clickedButton() is self.execute_button


class Prompts:
    """Modal questions the station asks the operator."""

    def confirm(self, parent: QWidget | None, command_text: str, hazard: str) -> bool:
        dialog = ConfirmDialog(parent, command_text, hazard)
        dialog.exec()
        return dialog.accepted_command()

    def choose(self, parent: QWidget | None, title: str, label: str,
               items: list[str]) -> str | None:
        if not items:
            return None
        item, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
        return item if ok else None
