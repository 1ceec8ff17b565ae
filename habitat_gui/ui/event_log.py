"""Event and command log: faults, automation actions, crew moves and every command with
its outcome and reason, appended incrementally from ``source.events_since``, filtered by
kind, module and text (a :class:`QSortFilterProxyModel` over the whole log)."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from ..contract.timefmt import mission_time
from . import style
from .station import Station
from .tables import TEXT_ROLES, HeaderedModel, ReadOnlyTable

WORDS = re.compile(r"[A-Za-z0-9_-]+")  # module ids are words with hyphens: hab-3

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


class EventFilter(QSortFilterProxyModel):
    """The rows of one kind, about one module (named in the source or the message), holding
    a text (any case); each None or "" lets everything through."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.kind: str | None = None
        self.module: str | None = None
        self.text = ""

    def set_filter(self, kind: str | None, module: str | None, text: str) -> None:
        self.beginFilterChange()
        self.kind, self.module, self.text = kind, module, text.strip().lower()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        _, kind, source, message, _ = self.sourceModel().rows[source_row]
        if self.kind is not None and kind != self.kind:
            return False
        if self.module is not None and self.module not in WORDS.findall(f"{source} {message}"):
            return False
        return not self.text or self.text in f"{kind} {source} {message}".lower()


class EventLog(QWidget):
    """The log with its filter bar: kind, module and a text to look for."""

    def __init__(self, station: Station, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("eventLogPanel")
        self.model_ = EventModel(self)
        self.proxy = EventFilter(self)
        self.proxy.setSourceModel(self.model_)
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("eventKindFilter")
        self.kind_filter.addItem(self.tr("All kinds"), None)
        self.module_filter = QComboBox()
        self.module_filter.setObjectName("eventModuleFilter")
        self.module_filter.addItem(self.tr("All modules"), None)
        for m in station.latest.modules:
            self.module_filter.addItem(m.id, m.id)
        self.text_filter = QLineEdit()
        self.text_filter.setObjectName("eventTextFilter")
        self.text_filter.setPlaceholderText(self.tr("Look for text…"))
        self.text_filter.setClearButtonEnabled(True)
        bar = QHBoxLayout()
        bar.addWidget(self.kind_filter)
        bar.addWidget(self.module_filter)
        bar.addWidget(self.text_filter, 1)
        self.table = ReadOnlyTable("eventLog", "Event and command log", self.proxy)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        for col, widest in enumerate(("D+00 00:00:00", "COMMAND REJECTED", "hab-3.oga-a.stack-4")):
            header.resizeSection(col, metrics.horizontalAdvance(widest) + 24)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 2, 0, 0)
        column.addLayout(bar)
        column.addWidget(self.table, 1)
        for combo in (self.kind_filter, self.module_filter):
            combo.currentIndexChanged.connect(self._on_filter)
        self.text_filter.textChanged.connect(self._on_filter)
        station.sigEvents.connect(self._on_events)
        station.sigRewound.connect(self.model_.clear)

    def _on_filter(self) -> None:
        self.proxy.set_filter(self.kind_filter.currentData(), self.module_filter.currentData(),
                              self.text_filter.text())

    def _on_events(self, events: list) -> None:
        bar = self.table.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 2
        rows = [event_row(e) for e in events]
        for kind in sorted({r[1] for r in rows}):
            if self.kind_filter.findData(kind) < 0:
                self.kind_filter.addItem(kind, kind)
        self.model_.append(rows)
        if at_end:
            self.table.scrollToBottom()

    def messages(self) -> list[str]:
        return [r[3] for r in self.model_.rows]

    def shown(self) -> list[tuple[str, str, str, str, int]]:
        """The rows the filters let through, in order."""
        return [self.model_.rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()]
                for r in range(self.proxy.rowCount())]
