"""Work off the UI thread: a prepared callable run on a pool thread, its result delivered
through a signal (queued to the receiver's thread)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QRunnable, Signal


class Job(QRunnable):
    """Runs ``work`` on a pool thread and emits its result on ``done``."""

    def __init__(self, work: Callable[[], object], done: Signal) -> None:
        super().__init__()
        self.work, self.done = work, done

    def run(self) -> None:
        result = self.work()
        with contextlib.suppress(RuntimeError):  # the receiver went while the work ran
            self.done.emit(result)


__all__ = ["Job"]
