"""The login to a plant server: the server (from the ones used before, kept in the
settings), the user name and the password; asked again, with the reason, when the server
refuses it."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QWidget)

SERVERS_KEY = "link/servers"
KEPT = 10  # servers remembered, the last used first


def servers(settings: QSettings) -> list[str]:
    value = settings.value(SERVERS_KEY, [])
    return [str(v) for v in (value if isinstance(value, list) else [value]) if v]


def remember_server(settings: QSettings, url: str) -> None:
    """Put ``url`` first in the remembered servers."""
    settings.setValue(SERVERS_KEY, [url, *(s for s in servers(settings) if s != url)][:KEPT])


class LoginDialog(QDialog):
    def __init__(self, settings: QSettings, url: str, user: str, problem: str = "",
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
        self.problem = QLabel(problem)  # why the last login failed
        self.problem.setObjectName("loginProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("font-weight: bold")
        self.problem.setVisible(bool(problem))
        form.addRow(self.problem)
        form.addRow(self.tr("Server"), self.server)
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(buttons)
        (self.password if user else self.user).setFocus()

    def answer(self) -> tuple[str, str, str]:
        return self.server.currentText().strip(), self.user.text().strip(), \
            self.password.text()


def ask_login(settings: QSettings, url: str, user: str,
              problem: str = "") -> tuple[str, str, str] | None:
    """(server, user, password), or None when the login was cancelled; ``problem`` says
    why the last attempt failed."""
    dialog = LoginDialog(settings, url, user, problem)
    return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
