"""A wait the operator can see and cancel: slow work (a station's connect and login) on a
thread of its own while the UI thread shows a busy dialog and goes on painting."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog

T = TypeVar("T")


class _Finished(QObject):
    sigFinished = Signal()


def wait_for(title: str, label: str, work: Callable[[], T],
             discard: Callable[[T], None]) -> T | None:
    """What ``work`` returns (or raises, raised here) while a busy dialog titled ``title``
    says ``label``; None when the operator cancels first. A result that arrives after the
    cancel is handed to ``discard`` (on the work's thread), so nothing is left open."""
    finished, loop, lock = _Finished(), QEventLoop(), threading.Lock()
    finished.sigFinished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    outcome: list[tuple[T | None, Exception | None]] = []
    abandoned = False

    def run() -> None:
        try:
            result: tuple[T | None, Exception | None] = (work(), None)
        except Exception as exc:  # raised on the UI thread, where it is handled
            result = (None, exc)
        with lock:
            if abandoned:
                if result[0] is not None:
                    discard(result[0])
                return
            outcome.append(result)
            finished.sigFinished.emit()

    dialog = QProgressDialog(label, QCoreApplication.translate("wait", "Cancel"), 0, 0)
    dialog.setObjectName("waitProgress")
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(0)
    dialog.canceled.connect(loop.quit)  # the Cancel button, or the dialog closed
    dialog.rejected.connect(loop.quit)  # Escape, which only hides it
    threading.Thread(target=run, name=f"wait: {title}", daemon=True).start()
    dialog.show()
    loop.exec()
    dialog.close()
    dialog.deleteLater()
    with lock:
        if not outcome:
            abandoned = True
            return None
    value, error = outcome[0]
    if error is not None:
        raise error
    return value


__all__ = ["wait_for"]
