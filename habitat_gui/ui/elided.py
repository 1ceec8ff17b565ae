"""A one-line label that never pushes its neighbours away: too long a text ends in "…",
and the whole text is in its tooltip."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy


class ElidedLabel(QLabel):
    """Shows as much of :meth:`full_text` as fits; the tooltip holds all of it (and
    ``detail`` below it, if any)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._full = ""
        self._detail = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str, detail: str = "") -> None:
        self._full, self._detail = text, detail
        self.setToolTip("\n".join(part for part in (text, detail) if part))
        self._elide()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("…") * 4,
                     super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                              max(self.contentsRect().width(), 0))
        if shown != self.text():
            self.setText(shown)
