"""Save the maintenance view (L4) as a PNG, as docs/screenshot-maintenance.png shows it.

The Hab-3 generator failure 15 minutes in: the operator inspects Hab-3 from the view (the
fused relay fails its changeover test), sends the first qualified person to repair it, and
ten minutes later the view shows the repair under way.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_maintenance.py [PNG]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from habitat_gui.core.operations.scenario import resolve  # noqa: E402
from habitat_gui.core.simulation import Simulation  # noqa: E402
from habitat_gui.sources.simulated import SimulatedSource  # noqa: E402
from habitat_gui.ui.confirm import Prompts  # noqa: E402
from habitat_gui.ui.main_window import MainWindow  # noqa: E402


class FirstChoice(Prompts):
    """Confirms, and picks the first (best qualified) person offered."""

    def confirm(self, parent, command_text: str, hazard: str) -> bool:
        return True

    def choose(self, parent, title: str, label: str, items: list[str]) -> str | None:
        return items[0] if items else None


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshot-maintenance.png")
    app = QApplication.instance() or QApplication([])
    source = SimulatedSource(Simulation.from_scenario(resolve("hab3-generator-failure")))
    source.simulation.run_until(900)
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(source, settings=settings, prompts=FirstChoice(), speed=1.0)
        window.persist = False
        window.show()
        view = window.docks["maintenance"].open()
        view.set_module_filter("hab-3")
        view.inspect()
        view.select("hab-3.relay")
        view.schedule_repair()
        source.simulation.advance(600)
        window.station.publish()
        view.refresh()
        view.select("hab-3.relay")
        app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        ok = window.docks["maintenance"].grab().save(str(out))
        window.close()
    print(f"{out}: {'saved' if ok else 'NOT saved'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
