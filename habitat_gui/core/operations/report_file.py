"""A run's JSON report written as the run goes (``habitat-sim run --json``), so memory stays
bounded whatever the duration: each sample goes to a temporary file beside the report the
moment it is taken (:class:`SampleFile`, handed to :func:`report.run
<habitat_gui.core.operations.report.run>` as its ``samples``), and :func:`write` then puts
the report together exactly as ``json.dumps(report, indent=1)`` would have written it."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any, TextIO

INDENT = 1


def _at(value: Any, level: int) -> str:
    """``value`` as JSON standing ``level`` deep in an indented document."""
    return json.dumps(value, indent=INDENT).replace("\n", "\n" + " " * (INDENT * level))


class SampleFile:
    """The report's samples, each written out as it is appended; none kept in memory. It is
    made in the report's folder, so a folder that cannot be written fails at once."""

    def __init__(self, folder: Path) -> None:
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8", dir=folder)  # noqa: SIM115
        self.count = 0

    def append(self, sample: dict[str, Any]) -> None:
        self._file.write(("," if self.count else "") + "\n" + " " * (2 * INDENT)
                         + _at(sample, 2))
        self.count += 1

    def write_to(self, out: TextIO) -> None:
        """The samples as a JSON list one level deep."""
        if not self.count:
            out.write("[]")
            return
        out.write("[")
        self._file.seek(0)
        shutil.copyfileobj(self._file, out)
        out.write("\n" + " " * INDENT + "]")

    def close(self) -> None:
        self._file.close()


class Dropped:
    """Samples nobody asked for (no JSON report): taken and let go."""

    count = 0

    def append(self, sample: dict[str, Any]) -> None:
        self.count += 1


def write(path: Path, report: dict[str, Any]) -> None:
    """Write ``report``, its samples from the :class:`SampleFile` that took them."""
    with path.open("w", encoding="utf-8") as out:
        out.write("{")
        for k, (key, value) in enumerate(report.items()):
            out.write(("," if k else "") + "\n" + " " * INDENT + json.dumps(key) + ": ")
            if isinstance(value, SampleFile):
                value.write_to(out)
            else:
                out.write(_at(value, 1))
        out.write("\n}\n")


__all__ = ["SampleFile", "Dropped", "write"]
