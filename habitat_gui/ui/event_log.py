"""Event and command log: faults, automation actions, crew moves and every command with
its outcome and reason, appended incrementally from ``source.events_since``."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush

from ..contract.timefmt import mission_time
from . import style
from .station import Station
from .tables import TEXT_ROLES, HeaderedModel, ReadOnlyTable

MAX_ROWS = 20000


class EventModel(HeaderedModel):
    HEADERS = ("Time", "Kind", "Source", "Message")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, str, str, int]] = []   # ..., priority

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        row = self.rows[index.row()]
        if role in TEXT_ROLES:
            return row[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 1 and row[4]:
            return QBrush(style.PRIORITY_COLOURS[row[4]])
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1 and row[4]:
            return QBrush(style.ink_on(row[4]))
        return None

    def clear(self) -> None:
        self.beginResetModel()
        self.rows.clear()
        self.endResetModel()

    def append(self, rows: list[tuple[str, str, str, str, int]]) -> None:
        if not rows:
            return
        overflow = len(self.rows) + len(rows) - MAX_ROWS
        if overflow > 0:
            self.beginRemoveRows(QModelIndex(), 0, min(overflow, len(self.rows)) - 1)
            del self.rows[:overflow]
            self.endRemoveRows()
            rows = rows[-MAX_ROWS:]
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()


def event_row(e) -> tuple[str, str, str, str, int]:
    kind = e.kind.upper()
    priority = 0
    if e.kind == "fault":
        priority = 1
    elif e.kind == "command":
        outcome = e.data.get("outcome", "")
        kind = f"COMMAND {outcome.upper()}".strip()
        priority = 2 if outcome == "rejected" else 0
    elif e.kind == "alarm":  # high 1, medium 2; low and clears plain, as ISA-101 asks
        priority = {"high": 1, "medium": 2}.get(e.data.get("priority", ""), 0)
    return (mission_time(e.t_s), kind, e.source, e.message, priority)


class EventLog(ReadOnlyTable):
    def __init__(self, station: Station, parent=None) -> None:
        super().__init__("eventLog", "Event and command log", EventModel(), parent)
        self.setWordWrap(False)
        station.sigEvents.connect(self._on_events)
        station.sigRewound.connect(self.model_.clear)

    def _on_events(self, events: list) -> None:
        bar = self.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 2
        self.model_.append([event_row(e) for e in events])
        if at_end:
            self.scrollToBottom()

    def messages(self) -> list[str]:
        return [r[3] for r in self.model_.rows]
