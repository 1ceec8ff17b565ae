"""The login to a plant server: the server (from the ones used before, kept in the
settings), the user name and the password."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit,
                               QWidget)

SERVERS_KEY = "link/servers"
KEPT = 10  # servers remembered, the last used first


def servers(settings: QSettings) -> list[str]:
    value = settings.value(SERVERS_KEY, [])
    return [str(v) for v in (value if isinstance(value, list) else [value]) if v]


def remember_server(settings: QSettings, url: str) -> None:
    """Put ``url`` first in the remembered servers."""
    settings.setValue(SERVERS_KEY, [url, *(s for s in servers(settings) if s != url)][:KEPT])


class LoginDialog(QDialog):
    def __init__(self, settings: QSettings, url: str, user: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Log in to the plant"))
        self.server = QComboBox()
        self.server.setObjectName("loginServer")
        self.server.setEditable(True)
        self.server.addItems([url, *(s for s in servers(settings) if s != url)] if url
                             else servers(settings))
        self.user = QLineEdit(user)
        self.user.setObjectName("loginUser")
        self.password = QLineEdit()
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Server"), self.server)
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(buttons)
        (self.password if user else self.user).setFocus()

    def answer(self) -> tuple[str, str, str]:
        return self.server.currentText().strip(), self.user.text().strip(), \
            self.password.text()


def ask_login(settings: QSettings, url: str, user: str) -> tuple[str, str, str] | None:
    """(server, user, password), or None when the login was cancelled."""
    dialog = LoginDialog(settings, url, user)
    return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
