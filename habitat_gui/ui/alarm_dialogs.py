"""Taking alarms out of service the ISA-18.2 way: a reason always, a duration for a shelf
(no longer than the alarm's definition allows), and what would go unwatched in sight."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QWidget)

from ..contract.alarms import AlarmState

SHELVE_CHOICES = (("15 min", 15), ("30 min", 30), ("1 h", 60), ("2 h", 120), ("4 h", 240),
                  ("8 h", 480), ("12 h", 720))


def covers(alarms: list[AlarmState]) -> str:
    """What these alarms watch, one line each, with their consequence if it happens."""
    return "".join(f"<li><b>{escape(a.id)}</b> ({a.priority.upper() or 'normal'}): "
                   f"{escape(a.message)} on {escape(a.target)}, display {escape(a.module)}"
                   f"<br>unwatched, nobody is told: {escape(a.consequence)}</li>"
                   for a in alarms)


class _ReasonDialog(QDialog):
    """A form whose OK waits for a reason."""

    def __init__(self, parent: QWidget | None, title: str, intro: str,
                 alarms: list[AlarmState]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.form = QFormLayout(self)
        self.intro = QLabel(f"<p>{intro}</p><ul>{covers(alarms)}</ul>")
        self.intro.setObjectName("alarmDialogCovers")
        self.intro.setWordWrap(True)
        self.form.addRow(self.intro)
        self.reason = QLineEdit()
        self.reason.setObjectName("alarmDialogReason")
        self.reason.setPlaceholderText(self.tr("Why (required; it goes on record)"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._on_reason)

    def finish(self) -> None:
        self.form.addRow(self.tr("Reason:"), self.reason)
        self.form.addRow(self.buttons)
        self._on_reason()

    def _on_reason(self) -> None:
        self.ok.setEnabled(bool(self.reason.text().strip()))

    def reason_text(self) -> str:
        return self.reason.text().strip()


class ShelveDialog(_ReasonDialog):
    """How long and why: durations up to the shortest maximum of the alarms chosen."""

    def __init__(self, parent: QWidget | None, alarms: list[AlarmState]) -> None:
        super().__init__(parent, "Shelve alarm", "Shelve these alarms; each returns to "
                         "service by itself when the time is up:", alarms)
        self.setObjectName("shelveDialog")
        bounds = [a.max_shelve_min for a in alarms if a.max_shelve_min is not None]
        longest = min(bounds, default=float(SHELVE_CHOICES[-1][1]))
        self.duration = QComboBox()
        self.duration.setObjectName("shelveDuration")
        for label, minutes in SHELVE_CHOICES:
            if minutes <= longest:
                self.duration.addItem(label, minutes)
        if all(minutes != longest for _, minutes in SHELVE_CHOICES) \
                and longest < SHELVE_CHOICES[-1][1]:  # the plant's own bound, exactly
            self.duration.addItem(f"{longest:g} min (the longest allowed)", longest)
        self.form.addRow(self.tr("For:"), self.duration)
        self.finish()

    def minutes(self) -> float:
        return float(self.duration.currentData())


class OutOfServiceDialog(_ReasonDialog):
    """Why, with what will go unwatched until it is returned to service."""

    def __init__(self, parent: QWidget | None, alarms: list[AlarmState]) -> None:
        super().__init__(parent, "Take alarm out of service",
                         "Until returned to service these alarms will not sound or show:",
                         alarms)
        self.setObjectName("outOfServiceDialog")
        self.finish()


__all__ = ["ShelveDialog", "OutOfServiceDialog", "SHELVE_CHOICES", "covers"]
