"""The station: drives the plant source from a QTimer and publishes one snapshot per tick.

Views connect to :attr:`Station.sigSnapshot` (and the other ``sig*`` signals) and never
touch the plant. Commands go through :meth:`Station.issue`: it asks the source whether the
command would be accepted (``check``), confirms it when the source says it is hazardous,
checks again when the operator says Execute, and only then submits it.
"""

from __future__ import annotations

from html import escape
from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ..contract.alarms import AlarmHealth, AlarmState
from ..contract.commands import Command
from ..contract.events import CommandRecord
from ..contract.state import Snapshot
from ..sources.protocol import ClockControl, Operator, PlantSource
from .confirm import Prompts
from .marks import Marks

TICK_MS = 50
FAST_TICK_MS = 20
BUDGET_S = 0.012
SPEEDS: tuple[tuple[str, float], ...] = (("1x", 1.0), ("10x", 10.0), ("60x", 60.0),
                                         ("600x", 600.0), ("max", 0.0))


class Station(QObject):
    """Clock, selection and command path shared by every view of one plant source."""

    sigSnapshot = Signal(object)            # Snapshot
    sigEvents = Signal(list)                # new Events since the last tick
    sigCommandIssued = Signal(object, str)  # CommandRecord, where it came from
    sigCommandRefused = Signal(object, str, str)  # Command, why, where it came from
    sigSelection = Signal(str, str)         # kind ('module'|'interconnect'), id
    sigRunState = Signal()                  # paused / speed changed
    sigAlarms = Signal(object, object)      # tuple[AlarmState], AlarmHealth
    sigRewound = Signal()                   # time jumped (replay scrub): views start over
    sigNotice = Signal(str)                 # why an action did nothing (the status bar)

    def __init__(self, source: PlantSource, prompts: Prompts | None = None,
                 parent: QObject | None = None, operator: Operator | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.clock = source if isinstance(source, ClockControl) else None
        self.operator = operator or Operator("operator")
        self.prompts = prompts or Prompts()
        self.preview: Callable[[Command], str] | None = None  # consequence, as HTML
        self.dialog_parent: QWidget | None = None
        self.alarms: tuple[AlarmState, ...] = source.alarms()
        self.alarm_health: AlarmHealth = source.alarm_health()
        self.marks = Marks(self.alarms)
        self.latest: Snapshot = source.snapshot()
        self.selected_module: str | None = None
        self.selected_interconnect: str | None = None
        self._event_index = 0
        self.run_to_s: float | None = None     # fast-forward target (screenshots)
        self.budget_s = BUDGET_S
        self._elapsed = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timeout)

    # -------------------------------------------------------------- clock
    def start(self) -> None:
        self._elapsed.start()
        self._timer.start()
        self.publish()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    @property
    def speed(self) -> float:
        return self.clock.speed if self.clock is not None else 1.0

    @property
    def paused(self) -> bool:
        return self.clock.paused if self.clock is not None else False

    def set_speed(self, speed: float) -> None:
        if self.clock is not None:
            self.clock.set_speed(speed)
        self._timer.setInterval(FAST_TICK_MS if speed == 0 else TICK_MS)
        self.sigRunState.emit()

    def set_paused(self, paused: bool) -> None:
        if self.clock is not None:
            self.clock.set_paused(paused)
        self._elapsed.restart()
        self.sigRunState.emit()

    def step(self) -> None:
        """Advance one physics step (meant for use while paused)."""
        if self.clock is not None:
            self.clock.step_once()
            self.publish()

    def _on_timeout(self) -> None:
        elapsed = self._elapsed.restart() / 1000.0
        if self.clock is not None:
            if self.run_to_s is not None:
                self.clock.fast_forward(self.run_to_s, self.budget_s)
            else:
                self.clock.catch_up(elapsed, self.budget_s)
        self.publish()

    def publish(self) -> Snapshot:
        """Take the alarms and one snapshot, hand them to every view, then any new events.
        The alarms come first, so a view marking the snapshot sees the alarms of its moment."""
        self.alarms, self.alarm_health = self.source.alarms(), self.source.alarm_health()
        self.marks = Marks(self.alarms)
        self.latest = self.source.snapshot()
        self.sigSnapshot.emit(self.latest)
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
    def refusal(self, command: Command) -> str | None:
        """Why the plant would refuse ``command`` now, or None if it would accept it."""
        return self.source.check(command, self.operator)

    def issue(self, command: Command, origin: str = "") -> CommandRecord | None:
        """Check, confirm if hazardous, check again, submit, publish. None when nothing was
        sent: the operator declined, or the plant would refuse it (``sigCommandRefused``
        says why, and a confirmation says it instead of offering Execute)."""
        refused = self.refusal(command)
        hazard = self.source.hazard(command) if refused is None else None
        if hazard:
            if self.preview is not None:
                hazard = f"<p><b>{escape(hazard)}</b></p>{self.preview(command)}"
            if not self.prompts.confirm(self.dialog_parent, command.text(), hazard,
                                        lambda: self.refusal(command)):
                return None
            refused = self.refusal(command)  # the plant went on while the question stood
        if refused is not None:
            if hazard:
                self.prompts.refused(self.dialog_parent, command.text(), refused)
            self.sigCommandRefused.emit(command, refused, origin)
            return None
        record = self.source.submit(command, self.operator)
        self.sigCommandIssued.emit(record, origin)
        self.publish()
        return record

    def notice(self, text: str) -> None:
        """Say why an action the operator asked for did nothing."""
        self.sigNotice.emit(text)

    def choose(self, title: str, label: str, items: list[str]) -> str | None:
        return self.prompts.choose(self.dialog_parent, title, label, items)
