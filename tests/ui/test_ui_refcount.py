"""Regression: some PySide6 releases on Python 3.11 drop a reference to None on every Qt
call that returns nothing, which crashes a live plot within seconds ('none_dealloc')."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from patience import PATIENCE_S

# The interpreter's own references to None come and go by a few (a collection, a thread
# starting); the defect drops one per call, 80,000 here.
DRIFT = 100
SCRIPT = textwrap.dedent(f"""
    import os, sys
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QPen
    from PySide6.QtWidgets import QApplication, QWidget
    app = QApplication([])
    widget, pen, timer = QWidget(), QPen(), QTimer()
    before = sys.getrefcount(None)
    for k in range(20000):
        widget.resize(100 + k % 7, 80)
        pen.setWidth(k % 5 + 1)
        timer.start(1000)
        timer.stop()
    after = sys.getrefcount(None)
    print(before, after)
    sys.exit(0 if after >= before - {DRIFT} else 3)
""")


def test_void_qt_calls_keep_none_alive(tmp_path):
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          timeout=PATIENCE_S, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    before, after = map(int, done.stdout.split())
    assert after >= before - DRIFT
