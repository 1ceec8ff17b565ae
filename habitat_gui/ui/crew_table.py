"""Crew roster: name, module, activity (and O2 mask or concentrator), SpO2, condition and
where they are moving; a person's emergency O2 from their context menu."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QMenu

from ..contract.timefmt import duration
from ..contract.state import CrewState, Snapshot
from . import actions, style
from .marks import Mark, Marks
from .station import Station
from .tables import TEXT_ROLES, HeaderedModel, ReadOnlyTable


class CrewModel(HeaderedModel):
    HEADERS = ("Name", "Module", "Activity", "SpO2 %", "Min SpO2 %", "Condition", "Moving")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: tuple[CrewState, ...] = ()
        self.marks: tuple[Mark | None, ...] = ()  # per row
        self.t_s = 0.0

    def _mark(self, row: int) -> Mark | None:
        return self.marks[row] if row < len(self.marks) else None

    def text(self, row: int, col: int) -> str:
        c = self.rows[row]
        if col == 0:
            return c.name
        if col == 1:
            return c.module
        if col == 2:
            mask = "" if c.mask_o2_pct is None else f", MASK (canister {c.mask_o2_pct:.0f} %)"
            return c.activity + mask + (", CONCENTRATOR" if c.on_concentrator else "")
        if col == 3:
            return f"{c.spo2_pct:.0f}"
        if col == 4:
            return f"{c.min_spo2_pct:.0f}"
        if col == 5:
            mark = self._mark(row)
            return f"{mark.label} {c.condition}" if mark else c.condition
        if c.moving_to is None:
            return ""
        eta = "" if c.arrive_at_s is None else f", ETA {duration(c.arrive_at_s - self.t_s)}"
        return f"to {c.moving_to}{eta}"

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if role in TEXT_ROLES:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 5:
            mark = self._mark(index.row())
            if mark:
                return QBrush(style.PRIORITY_COLOURS[mark.number])
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 5:
            mark = self._mark(index.row())
            if mark:
                return QBrush(style.ink_on(mark.number))
        return None

    def set_snapshot(self, snap: Snapshot, marks: Marks) -> None:
        self.t_s = snap.t_s
        marked = tuple(marks.target(c.name) for c in snap.crew)
        changed = marked != self.marks
        self.marks = marked
        if len(snap.crew) != len(self.rows):
            self.beginResetModel()
            self.rows = snap.crew
            self.endResetModel()
        elif snap.crew != self.rows or changed:
            self.rows = snap.crew
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(self.HEADERS) - 1))


class CrewTable(ReadOnlyTable):
    """The roster; a person's context menu offers emergency O2 (mask, concentrator), each
    command offered only when the plant would accept it."""

    def __init__(self, station: Station, parent=None) -> None:
        super().__init__("crewTable", "Crew roster", CrewModel(), parent)
        self.setAlternatingRowColors(True)
        self.station = station
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu_at)
        station.sigSnapshot.connect(self._on_snapshot)
        self._on_snapshot(station.latest)

    def menu_for(self, row: int) -> QMenu | None:
        rows = self.model_.rows
        return actions.person_menu(self.station, rows[row].name, self) \
            if 0 <= row < len(rows) else None

    def _menu_at(self, pos: QPoint) -> None:
        menu = self.menu_for(self.indexAt(pos).row())
        if menu is not None:
            menu.exec(self.viewport().mapToGlobal(pos))

    def _on_snapshot(self, snap: Snapshot) -> None:
        self.model_.set_snapshot(snap, self.station.marks)
