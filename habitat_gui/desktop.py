"""Desktop conventions of ``habitat-panel``: the rotating log ``habitat-panel.log`` and
``crash.log`` in the user log folder (:mod:`habitat_gui.folders`), crash reports, and the
bundled font."""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import logging.handlers
import sys
import time
import traceback
from pathlib import Path
from typing import TextIO

from . import folders
from .core import resources

LOG_NAME = "habitat-panel.log"
CRASH_NAME = "crash.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3
FONT_FAMILY = "DejaVu Sans"

log = logging.getLogger("habitat_gui")


def interactive() -> bool:
    """Whether someone can see and close a dialog (not offscreen: self-test, screenshots)."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    return app is not None and app.platformName() not in ("offscreen", "minimal")


def show_crash_dialog(text: str, log_path: Path, crash_path: Path) -> None:
    """Tell the operator the panel hit an error and where the details are (if Qt is up)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        return
    tr = QCoreApplication.translate
    box = QMessageBox(QMessageBox.Icon.Critical, tr("desktop", "Habitat Control Panel"),
                      tr("desktop", "The panel hit an unexpected error."))
    box.setObjectName("crashDialog")
    box.setInformativeText(tr("desktop", "The details are in the log:\n{log}\n{crash}")
                           .format(log=log_path, crash=crash_path))
    box.setDetailedText(text)
    box.exec()


class Desktop:
    """Installed log handler, crash file and excepthook; :meth:`close` undoes them all. A
    log folder that cannot be written is one line on stderr and :attr:`problem`: the panel
    runs on without its log and crash files."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else folders.log_dir()
        self.log_path = self.folder / LOG_NAME
        self.crash_path = self.folder / CRASH_NAME
        self.problem: str | None = None  # why there is no log, if there is none
        self.handler: logging.Handler | None = None
        self.crash_file: TextIO | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.handler = logging.handlers.RotatingFileHandler(
                self.log_path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS,
                encoding="utf-8")
            # fatal signals (segfaults in native code) dump every thread's stack here
            self.crash_file = open(self.crash_path, "a", encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            if self.handler is not None:
                self.handler.close()
                self.handler = None
            self.problem = f"{exc.filename or self.folder}: {exc.strerror or exc}"
            print(f"habitat-panel: no log written: {self.problem}", file=sys.stderr)
        if self.handler is not None:
            self.handler.setFormatter(logging.Formatter(
                "%(asctime)s %(levelname)s %(name)s: %(message)s"))
            log.addHandler(self.handler)
        self._level = log.level
        log.setLevel(logging.INFO)
        self._faulthandler_was_on = faulthandler.is_enabled()
        if self.crash_file is not None:
            faulthandler.enable(file=self.crash_file, all_threads=True)
        self._previous_hook = sys.excepthook
        sys.excepthook = self.excepthook
        self.crashes = 0

    def excepthook(self, etype, value, tb) -> None:
        if issubclass(etype, KeyboardInterrupt):
            self._previous_hook(etype, value, tb)
            return
        text = "".join(traceback.format_exception(etype, value, tb))
        self.crashes += 1
        log.critical("uncaught exception\n%s", text.rstrip())
        if self.handler is not None:
            self.handler.flush()
        if self.crash_file is not None and not self.crash_file.closed:
            self.crash_file.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} "
                                  f"uncaught exception\n{text}")
            self.crash_file.flush()
        self._previous_hook(etype, value, tb)     # stderr (or the test harness)
        if not interactive():
            return
        try:
            show_crash_dialog(text, self.log_path, self.crash_path)
        except Exception:       # the dialog must never hide the original error
            log.exception("could not show the crash dialog")

    def close(self) -> None:
        if sys.excepthook == self.excepthook:
            sys.excepthook = self._previous_hook
        if self.crash_file is not None:
            faulthandler.disable()
            if self._faulthandler_was_on and sys.__stderr__ is not None:
                with contextlib.suppress(OSError, ValueError):  # no usable stderr (windowed)
                    faulthandler.enable(file=sys.__stderr__, all_threads=True)
            self.crash_file.close()
        log.setLevel(self._level)
        if self.handler is not None:
            log.removeHandler(self.handler)
            self.handler.close()


def load_fonts(app) -> str | None:
    """Register the bundled fonts and make DejaVu Sans the application font, so the panel
    shows text on a machine with no system fonts. The family set, or None."""
    from PySide6.QtGui import QFont, QFontDatabase

    families: set[str] = set()
    for path in sorted((resources.resources_dir() / "fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.update(QFontDatabase.applicationFontFamilies(font_id))
        else:
            log.warning("cannot load font %s", path)
    if FONT_FAMILY not in families:
        return None
    font = QFont(app.font())
    font.setFamily(FONT_FAMILY)
    app.setFont(font)
    return FONT_FAMILY
