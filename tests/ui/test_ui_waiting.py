"""A wait the operator sees and can cancel: the UI thread goes on while the work runs, the
work's error is raised to the caller, and a result after a cancel is discarded, not lost."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from habitat_gui.ui.waiting import wait_for
from patience import PATIENCE_S


def _each_tick(act) -> QTimer:
    timer = QTimer()
    timer.timeout.connect(act)
    timer.start(10)
    return timer


def _dialog() -> QProgressDialog | None:
    shown = [w for w in QApplication.topLevelWidgets()
             if w.objectName() == "waitProgress" and w.isVisible()]
    return shown[0] if shown else None


def test_the_ui_goes_on_while_the_work_runs(qtbot):
    released, ticks, labels = threading.Event(), [], []

    def tick():
        ticks.append(1)
        dialog = _dialog()
        if dialog is not None:
            labels.append((dialog.windowTitle(), dialog.labelText()))
        if len(ticks) == 5:
            released.set()  # only a UI thread that is not blocked gets here

    timer = _each_tick(tick)
    result = wait_for("Plant", "Connecting…", lambda: released.wait(PATIENCE_S) and 42,
                      lambda _: None)
    timer.stop()
    assert result == 42 and len(ticks) >= 5
    assert labels[0] == ("Plant", "Connecting…")
    assert _dialog() is None  # gone once the work is done


def test_the_works_error_is_raised_to_the_caller(qtbot):
    def refuse():
        raise LookupError("the server refused the login of 'ada'")

    with pytest.raises(LookupError, match="refused the login"):
        wait_for("Plant", "Connecting…", refuse, lambda _: None)


@pytest.mark.parametrize("how", ["button", "escape"])
def test_a_cancel_returns_at_once_and_a_late_result_is_discarded(qtbot, how):
    released, discarded = threading.Event(), threading.Event()
    seen: list[object] = []

    def cancel():
        dialog = _dialog()
        if dialog is None:
            return
        if how == "button":
            qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    timer = _each_tick(cancel)
    result = wait_for("Plant", "Connecting…", lambda: released.wait(PATIENCE_S) and "link",
                      lambda late: (seen.append(late), discarded.set()))
    timer.stop()
    assert result is None and seen == []  # back while the work still runs
    released.set()
    assert discarded.wait(PATIENCE_S) and seen == ["link"]  # closed, not left open
