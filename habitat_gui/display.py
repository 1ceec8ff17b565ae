"""Whether ``habitat-panel`` has a screen to open on, decided before Qt starts.

Without one, Qt's xcb plugin aborts the process with a misleading message about
``xcb-cursor``; the panel says what is missing instead, in one line, and exits 2.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

NO_DISPLAY = ("habitat-panel: no display: run it in a desktop session "
              "(or QT_QPA_PLATFORM=offscreen for screenshots)")
NEEDS_DISPLAY = ("", "xcb", "wayland", "wayland-egl")


def missing(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """The one-line reason the panel cannot open a window, or None when it can (or when
    the platform plugin asked for needs no display server)."""
    if not platform.startswith("linux"):
        return None
    plugin = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if plugin not in NEEDS_DISPLAY:
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY


def report_start_error(text: str) -> None:
    """Say why the panel cannot start: on stderr, and in a message box too when it was
    started from a desktop launcher (stderr is no terminal) and a display is there."""
    print(text, file=sys.stderr)
    if (sys.stderr is not None and sys.stderr.isatty()) or missing(os.environ):
        return
    from PySide6.QtWidgets import QApplication, QMessageBox

    from .desktop import interactive

    QApplication.instance() or QApplication(sys.argv[:1])
    if not interactive():  # offscreen: nobody to read a dialog
        return
    QMessageBox.critical(None, "Habitat Control Panel", text.removeprefix("habitat-panel: "))

