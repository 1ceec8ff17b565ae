"""The panel's read-only tables: one look and one accessible name each."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QTableView, QWidget


TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)


class HeaderedModel(QAbstractTableModel):
    """A table model whose columns are its ``HEADERS`` and whose rows are ``rows``."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list = []

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class ReadOnlyTable(QTableView):
    """A table over ``model``: last column stretched, no row numbers."""

    def __init__(self, object_name: str, accessible_name: str, model: QAbstractItemModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(accessible_name)
        self.model_ = model
        self.setModel(model)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)
