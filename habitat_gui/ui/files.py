"""Writing a file the operator chose, with a warning dialog instead of a traceback."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def cannot_write(parent: QWidget, title: str, path: Path | str, exc: OSError) -> None:
    """Tell the operator that ``path`` could not be written, and why."""
    reason = exc.strerror or str(exc)
    QMessageBox.warning(parent, title, QCoreApplication.translate(
        "files", "Cannot write {path}:\n{reason}").format(path=path, reason=reason))


def write_text(parent: QWidget, title: str, path: Path, text: str,
               newline: str | None = None) -> bool:
    """Write ``text`` (UTF-8) to ``path``; on OSError show :func:`cannot_write` and return
    False."""
    try:
        path.write_text(text, encoding="utf-8", newline=newline)
    except OSError as exc:
        cannot_write(parent, title, path, exc)
        return False
    return True


__all__ = ["cannot_write", "write_text"]
