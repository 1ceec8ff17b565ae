"""The panel's read-only tables: one look and one accessible name each."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QTableView, QWidget


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
