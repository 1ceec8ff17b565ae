"""The station: drives the data source from a QTimer and publishes one snapshot per tick.

Views connect to :attr:`Station.sigSnapshot` (and the other ``sig*`` signals) and never
touch the simulation. Commands go through :meth:`Station.issue`, which asks for
confirmation when the source says a command is hazardous, then calls ``source.submit``.
"""

from __future__ import annotations

from html import escape
from typing import Callable

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal

from ..core.operations.commands import Command, CommandRecord
from ..core.plant.snapshot import Snapshot
from ..sources.simulated import DataSource
from .confirm import Prompts

TICK_MS = 50
FAST_TICK_MS = 20
BUDGET_S = 0.012
SPEEDS: tuple[tuple[str, float], ...] = (("1x", 1.0), ("10x", 10.0), ("60x", 60.0),
                                         ("600x", 600.0), ("max", 0.0))


class Station(QObject):
    """Clock, selection and command path shared by every view of one data source."""

    sigSnapshot = Signal(object)            # Snapshot
    sigEvents = Signal(list)                # new core Events since the last tick
    sigCommandIssued = Signal(object, str)  # CommandRecord, where it came from
    sigSelection = Signal(str, str)         # kind ('module'|'interconnect'), id
    sigRunState = Signal()                  # paused / speed changed
    sigAlarms = Signal(object, object)      # tuple[AlarmState], AlarmHealth
    sigRewound = Signal()                   # time jumped (replay scrub): views start over

    def __init__(self, source: DataSource, prompts: Prompts | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.prompts = prompts or Prompts()
        self.preview: Callable[[Command], str] | None = None  # consequence, as HTML
        self.dialog_parent = None
        self.latest: Snapshot = source.snapshot()
        self.alarms: tuple = ()
        self.alarm_health = None
        self.selected_module: str | None = None
        self.selected_interconnect: str | None = None
        self._event_index = 0
        self.run_to_s: float | None = None     # fast-forward target (screenshots)
        self.budget_s = BUDGET_S
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timeout)

    # -------------------------------------------------------------- clock
    def start(self) -> None:
        self._clock.start()
        self._timer.start()
        self.publish()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    @property
    def speed(self) -> float:
        return getattr(self.source, "speed", 1.0)

    @property
    def paused(self) -> bool:
        return bool(getattr(self.source, "paused", False))

    def set_speed(self, speed: float) -> None:
        if hasattr(self.source, "speed"):
            self.source.speed = speed
        self._timer.setInterval(FAST_TICK_MS if speed == 0 else TICK_MS)
        self.sigRunState.emit()

    def set_paused(self, paused: bool) -> None:
        if hasattr(self.source, "paused"):
            self.source.paused = paused
        self._clock.restart()
        self.sigRunState.emit()

    def step(self) -> None:
        """Advance one physics step (meant for use while paused)."""
        step_once = getattr(self.source, "step_once", None)
        if step_once is not None:
            step_once()
            self.publish()

    def _on_timeout(self) -> None:
        elapsed = self._clock.restart() / 1000.0
        if self.run_to_s is not None:
            fast_forward = getattr(self.source, "fast_forward", None)
            if fast_forward is not None:
                fast_forward(self.run_to_s, self.budget_s)
        else:
            catch_up = getattr(self.source, "catch_up", None)
            if catch_up is not None:
                catch_up(elapsed, self.budget_s)
        self.publish()

    def publish(self) -> Snapshot:
        """Take one snapshot, hand it to every view, then any new events."""
        self.latest = self.source.snapshot()
        self.sigSnapshot.emit(self.latest)
        alarms = getattr(self.source, "alarms", None)
        if alarms is not None:
            self.alarms, self.alarm_health = alarms(), self.source.alarm_health()
            self.sigAlarms.emit(self.alarms, self.alarm_health)
        if self.latest.event_count > self._event_index:
            events = self.source.events_since(self._event_index)
            self._event_index += len(events)
            if events:
                self.sigEvents.emit(events)
        return self.latest

    def rewind(self) -> None:
        """The source jumped in time (a replay scrubbed): views drop what they accumulated
        and take it again (trends from the recording), the events from the start. While
        they do, ``latest`` is already the moment jumped to."""
        self._event_index = 0
        self.latest = self.source.snapshot()
        self.sigRewound.emit()
        self.publish()

    # -------------------------------------------------------------- selection
    def select_module(self, module_id: str | None) -> None:
        self.selected_module = module_id
        self.sigSelection.emit("module", module_id or "")

    def select_interconnect(self, link_id: str | None) -> None:
        self.selected_interconnect = link_id
        self.sigSelection.emit("interconnect", link_id or "")

    # -------------------------------------------------------------- commands
    def issue(self, command: Command, origin: str = "") -> CommandRecord | None:
        """Confirm if hazardous, submit, publish. None when the operator declined."""
        hazard = self.source.hazard(command)
        if hazard and self.preview is not None:
            hazard = f"<p>{escape(hazard)}</p>{self.preview(command)}"
        if hazard and not self.prompts.confirm(self.dialog_parent, command.text(), hazard):
            return None
        record = self.source.submit(command)
        self.sigCommandIssued.emit(record, origin)
        self.publish()
        return record

    def choose(self, title: str, label: str, items: list[str]) -> str | None:
        return self.prompts.choose(self.dialog_parent, title, label, items)
