"""A remote plant's link on the window: a COMM LOSS banner with the loss's age while the
link is down, the views that show plant values greyed (their values are the last received:
stale), and the link's state in the status bar. Installed only for a source whose
snapshot carries a link state (``Snapshot.link``)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtWidgets import QLabel, QWidget

from ..contract.state import Snapshot
from ..contract.timefmt import duration
from .extension import Window


class LinkStatus:
    """Follows ``Snapshot.link`` on every tick."""

    def __init__(self, window: Window, stale: Sequence[QWidget],
                 wall: Callable[[], float] = time.time) -> None:
        self.stale, self.wall = stale, wall
        self.banner = QLabel()
        self.banner.setObjectName("linkBanner")
        self.banner.setStyleSheet("background:#b00020; color:white; font-weight:bold; "
                                  "padding:4px")
        self.banner.hide()
        window.add_banner(self.banner)  # at the top, over the schematic
        self.status = QLabel()
        self.status.setObjectName("statusLink")
        window.add_status(self.status)
        window.station.sigSnapshot.connect(self.on_snapshot)

    def on_snapshot(self, snap: Snapshot) -> None:
        link = snap.link
        if link is None:
            return
        since = datetime.fromtimestamp(link.since_s).strftime("%H:%M:%S")
        if link.connected:
            self.banner.hide()
            self.status.setText(self.banner.tr(" LINK up since {since} ").format(since=since))
        else:
            age = duration(max(self.wall() - link.since_s, 0.0))
            self.banner.setText(self.banner.tr(
                "COMM LOSS for {age}: no link to the plant since {since} ({reason}); values "
                "shown are the last received, commands are refused").format(
                    age=age, since=since, reason=link.reason))
            self.banner.show()
            self.status.setText(self.banner.tr(" COMM LOSS "))
        for widget in self.stale:
            widget.setEnabled(link.connected)


def install(window: Window, stale: Sequence[QWidget]) -> LinkStatus:
    return LinkStatus(window, stale)
