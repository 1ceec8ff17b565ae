"""The login dialog: the servers used before, the last first; the password hidden."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLineEdit

from habitat_gui.ui.login import KEPT, LoginDialog, remember_server, servers


def test_servers_are_remembered_last_first(tmp_path, qtbot):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert servers(settings) == []
    for port in (4840, 4841, 4840):
        remember_server(settings, f"opc.tcp://127.0.0.1:{port}")
    assert servers(settings) == ["opc.tcp://127.0.0.1:4840", "opc.tcp://127.0.0.1:4841"]
    for port in range(5000, 5000 + 2 * KEPT):
        remember_server(settings, f"opc.tcp://h:{port}")
    assert len(servers(settings)) == KEPT
    dialog = LoginDialog(settings, "opc.tcp://plant:4840", "ada")
    qtbot.addWidget(dialog)
    assert dialog.server.itemText(0) == "opc.tcp://plant:4840"
    assert dialog.server.count() == KEPT + 1
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    dialog.password.setText("secret")
    assert dialog.answer() == ("opc.tcp://plant:4840", "ada", "secret")
