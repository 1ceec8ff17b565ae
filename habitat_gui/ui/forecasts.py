"""Forecasts in the background: time to danger on the schematic, dashed futures on the trends,
and the consequence of a command in its confirmation.

The source hands out a prepared forecast (the copy of the present is taken at once, on the
UI thread); the run ahead happens on a worker thread and comes back through ``sigForecast``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from html import escape

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, Signal

from ..contract.timefmt import duration
from ..contract.commands import Command
from ..contract.state import Snapshot
from ..core.operations.forecast_results import Forecast, comparison_rows
from ..sources.protocol import Forecasting
from .background import Job
if TYPE_CHECKING:  # the prompts import the forecasts, and the station the prompts
    from .station import Station

HORIZON_S = 6 * 3600.0
REFRESH_EVERY_S = 60.0  # simulated seconds between forecasts, at the least
PREVIEW_HORIZON_S = 3 * 3600.0


class ForecastService(QObject):
    """Keeps one forecast of the colony fresh: at least once a simulated minute, one at a time,
    never on the UI thread."""

    sigForecast = Signal(object)  # Forecast

    def __init__(self, station: Station, source: Forecasting,
                 horizon_s: float = HORIZON_S) -> None:
        super().__init__(station)
        self.station, self.source = station, source
        self.horizon_s = horizon_s
        self.latest: Forecast | None = None
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._busy = False
        self._asked_at: float | None = None
        self.sigForecast.connect(self._on_done)
        station.sigSnapshot.connect(self._on_snapshot)
        station.sigCommandIssued.connect(lambda *_: self.refresh())

    def _on_snapshot(self, snap: Snapshot) -> None:
        if self._asked_at is None or abs(snap.t_s - self._asked_at) >= REFRESH_EVERY_S:
            self.refresh()

    def refresh(self) -> None:
        """Start a forecast now unless one is running."""
        if self._busy:
            return
        self._busy = True
        self._asked_at = self.station.latest.t_s
        self.pool.start(Job(self.source.forecaster(self.horizon_s, band=True),
                             self.sigForecast))

    def _on_done(self, forecast: Forecast) -> None:
        self._busy = False
        self.latest = forecast

    def wait(self, msecs: int = 5000) -> bool:
        return self.pool.waitForDone(msecs)

    def settle(self) -> None:
        """Forecast the present and deliver it before returning (screenshots, tests), however
        long the forecasts take."""
        for _ in range(2):  # finish what runs, then forecast the present
            self.wait(-1)
            QCoreApplication.processEvents()
            self._asked_at = None
            self.refresh()
        self.wait(-1)
        QCoreApplication.processEvents()


def preview_html(station: Station, source: Forecasting, command: Command) -> str:
    """The forecast without and with ``command``, side by side, for its confirmation; a
    line saying so when the command changes nothing in it (an alarm taken out of service)."""
    prepare = source.forecaster
    baseline = prepare(PREVIEW_HORIZON_S)()
    proposed = prepare(PREVIEW_HORIZON_S, (command,))()
    rows = comparison_rows(baseline, proposed, station.latest)
    if all(row[1] == row[2] for row in rows):
        return (f"<p>The forecast for the next {PREVIEW_HORIZON_S / 3600:g} h is the same "
                f"with this command.</p>")
    cells = "".join(
        f"<tr><td nowrap>{escape(a)}</td><td nowrap>{escape(b)}</td><td nowrap>"
        + (f"<b>{escape(c)}</b>" if c != b else escape(c)) + "</td></tr>"  # changes in bold
        for a, b, c in rows)
    return (f"<p>Forecast for the next {duration(PREVIEW_HORIZON_S)}:</p>"
            f"<table cellspacing='6'><tr><th></th><th>as things are</th><th>with this command"
            f"</th></tr>{cells}</table>")
