"""One station commands at a time: for a plant with a control token (``ControlToken``), who
holds control in the status bar, and a Control menu (also behind that indicator) to request
control, take it over (after a confirmation naming the holder: the plant's hazard text) or
release it. Each is a command through the station, offered only when the plant's dry run
would accept it, the reason as its tooltip when not. While this station does not hold
control the plant's dry run refuses every other command saying who does, so the schematic's
and the menus' commands are not offered and their tooltips name the holder."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu, QToolButton

from ..contract.commands import Command
from ..sources.protocol import ControlToken
from .extension import ActionSpec, Window

# key, label, command
ACTIONS = (("request", "&Request control", "request_control"),
           ("take", "&Take over control…", "take_control"),
           ("release", "R&elease control", "release_control"))


class ControlStatus:
    """The holder on every tick; the actions offered as the menu opens."""

    def __init__(self, window: Window, token: ControlToken) -> None:
        self.station, self.token = window.station, token
        self.menu: QMenu = window.add_menu(window.tr("C&ontrol"), "controlMenu", "control_", [
            ActionSpec(key, label, "", lambda _=False, k=key: self.run(k))
            for key, label, _ in ACTIONS])
        self.actions = {a.objectName().removeprefix("action_control_"): a
                        for a in self.menu.actions()}
        self.menu.aboutToShow.connect(self.offer)
        self.status = QToolButton()
        self.status.setObjectName("statusControl")
        self.status.setAutoRaise(True)
        self.status.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.status.setMenu(self.menu)
        window.add_status(self.status)
        self.station.sigSnapshot.connect(lambda _snap: self.show_holder())
        self.show_holder()

    def command(self, key: str) -> Command:
        name = next(command for k, _, command in ACTIONS if k == key)
        return Command.of(name) if name == "release_control" else \
            Command.of(name, station=self.token.station)

    def show_holder(self) -> None:
        holder = self.token.control_holder()
        if self.token.holds_control():
            text = self.status.tr(" CONTROL: this station ({holder}) ").format(holder=holder)
        elif holder is not None:
            text = self.status.tr(" CONTROL: {holder} ").format(holder=holder)
        else:
            text = self.status.tr(" CONTROL: nobody ")
        self.status.setText(text)
        self.status.setToolTip(self.status.tr(
            "Who commands the plant (one station at a time); this is station {station}. "
            "Click to request, take over or release control.").format(
                station=self.token.station))

    def offer(self) -> None:
        """As the menu opens: each action enabled only when the plant would accept it."""
        for key, label, _ in ACTIONS:
            blocked = self.station.refusal(self.command(key)) or ""
            action = self.actions[key]
            action.setEnabled(not blocked)
            action.setToolTip(blocked or self.status.tr(label.replace("&", "")))

    def run(self, key: str) -> None:
        """Through the station: dry run, confirmation (taking over), dry run, submit."""
        self.station.issue(self.command(key), "control")
        self.show_holder()


def install(window: Window, token: ControlToken) -> ControlStatus:
    return ControlStatus(window, token)
