"""The selected alarm in full: what it watches, its cause, its consequence and what to do.

Shown beside the alarm list so the guidance of the alarm in hand is in sight, not in a
tooltip or a column off the edge. Everything it says is the alarm's own published text.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from ..contract.alarms import SHELVED, AlarmState
from ..contract.timefmt import mission_time

EMPTY = "Select an alarm to see its cause, its consequence and the operator's action."


def detail_html(a: AlarmState) -> str:
    """The alarm's headline, state, and its guidance under three headings."""
    times = [f"raised {mission_time(a.raised_s)}" if a.raised_s is not None else "",
             f"acknowledged {mission_time(a.acknowledged_s)}" if a.acknowledged_s is not None
             else "",
             f"shelved until {mission_time(a.shelved_until_s)}"
             if a.state == SHELVED and a.shelved_until_s is not None else ""]
    state = " · ".join(t for t in [a.state, *times] if t)
    note = f"<p><b>Reason on record:</b> {escape(a.note)}</p>" if a.note else ""
    watched = f"{a.quantity} of {a.target}" if a.quantity else a.target
    sections = "".join(f"<p><b>{title}</b><br>{escape(text)}</p>"
                       for title, text in (("Cause", a.cause), ("Consequence", a.consequence),
                                           ("Operator action", a.action)))
    return (f"<p><b>{escape(a.text)}</b><br>{escape(state)}<br>"
            f"Watches {escape(watched)}; display {escape(a.module)}</p>{note}{sections}")


class AlarmDetail(QScrollArea):
    """The detail pane: one alarm (or a hint to select one)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alarmDetail")
        self.setAccessibleName(self.tr("Selected alarm"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.alarm: AlarmState | None = None
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 4)
        self.text = QLabel(self.tr(EMPTY))
        self.text.setObjectName("alarmDetailText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        layout.addStretch(1)
        self.column = layout
        self.followers: list[Callable[[AlarmState | None], None]] = []
        self.setWidget(body)
        self.setMinimumWidth(240)

    def show_alarm(self, alarm: AlarmState | None) -> None:
        if alarm == self.alarm:
            return
        self.alarm = alarm
        self.text.setText(detail_html(alarm) if alarm is not None else self.tr(EMPTY))
        for follow in self.followers:
            follow(alarm)

    def add_section(self, widget: QWidget, follow: Callable[[AlarmState | None], None]) -> None:
        """``widget`` above the alarm's text (in sight in a short pane); ``follow`` is told
        each alarm shown from now on."""
        self.column.insertWidget(0, widget)
        self.followers.append(follow)
        follow(self.alarm)


__all__ = ["AlarmDetail", "detail_html"]
