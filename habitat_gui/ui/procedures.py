"""The Procedures dock: the procedures that apply now (an alarm of theirs active, or the
selected module's), and one procedure run step by step against the live readings.

Checks tick themselves from the readings and say when a value leaves its range again after
passing; waits count down; a command step sends its command through :meth:`Station.issue`
(check, confirmation, submit). Every step is signed off by the station's operator with a
``sign_step`` command, so its outcome is audited, logged and recorded; skipping one asks
for a reason. The step machine is the core's (:mod:`habitat_gui.core.procedures.runner`),
the one ``habitat-sim procedure check`` uses.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ..contract.alarms import AlarmState
from ..contract.state import Snapshot
from ..contract.timefmt import duration, mission_time
from ..core.procedures.conditions import holds, observed
from ..core.procedures.definition import Procedure, Step
from ..core.procedures.runner import Judgement, Run
from ..core.procedures.results import CheckResult
from ..sources.protocol import Procedures as ProcedureSource
from ..sources.protocol import Rehearsal as RehearsalSource
from .extension import Window
from .station import Station

MARKS = {"done": "✓", "passed": "✓", "yes": "✓", "no": "✓", "called": "✓",
         "failed": "✗", "timed-out": "✗", "skipped": "⤼"}
ORIGIN = "procedure"
Rehearse = Callable[[Run], Callable[[], CheckResult]]


class ProcedurePanel(QWidget):
    """Choose a procedure, then do it step by step."""

    def __init__(self, station: Station, library: dict[str, Procedure],
                 rehearsal: Rehearse | None = None) -> None:
        super().__init__()
        self.setObjectName("procedurePanel")
        self.station = station
        self.library = library
        self.rehearsal = rehearsal
        self.run: Run | None = None
        self._offered: tuple[str, ...] = ()
        self._applied: set[str] = set()
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.choice = QComboBox(objectName="procedureChoice")
        self.choice.setAccessibleName(self.tr("Procedure to start"))
        self.start_button = QPushButton(self.tr("Start"), objectName="procedureStart")
        self.start_button.clicked.connect(self.start_chosen)
        row.addWidget(self.choice, 1)
        row.addWidget(self.start_button)
        layout.addLayout(row)
        self.title = QLabel(objectName="procedureTitle")
        self.title.setWordWrap(True)
        self.signer = QLabel(objectName="procedureSigner")
        self.next_label = QLabel(objectName="procedureNext")
        self.next_label.setWordWrap(True)
        self.next_label.setStyleSheet("font-size: 14pt; font-weight: bold")
        self.status = QLabel(objectName="procedureStatus")
        self.status.setWordWrap(True)
        for label in (self.title, self.signer, self.next_label, self.status):
            layout.addWidget(label)
        buttons = QHBoxLayout()
        self.act_button = QPushButton(objectName="procedureAct")
        self.act_button.clicked.connect(self.act)
        self.skip_button = QPushButton(self.tr("Skip..."), objectName="procedureSkip")
        self.skip_button.clicked.connect(self.skip)
        buttons.addWidget(self.act_button, 1)
        buttons.addWidget(self.skip_button)
        self.rehearse_button = QPushButton(self.tr("Rehearse the rest"),
                                           objectName="procedureRehearse")
        self.rehearse_button.setToolTip(self.tr(
            "Carry out the rest of the procedure on a copy of the colony as it is now"))
        self.rehearse_button.clicked.connect(self.rehearse)
        self.rehearse_button.setVisible(rehearsal is not None)
        buttons.addWidget(self.rehearse_button)
        layout.addLayout(buttons)
        self.rehearsed = QLabel(objectName="procedureRehearsal")
        self.rehearsed.setWordWrap(True)
        layout.addWidget(self.rehearsed)
        self.steps = QTreeWidget(objectName="procedureSteps")
        self.steps.setHeaderLabels([self.tr("Step"), self.tr("Outcome"), self.tr("Signed"),
                                    self.tr("Live")])
        self.steps.setRootIsDecorated(False)
        self.steps.setAccessibleName(self.tr("Procedure steps"))
        self.steps.setAccessibleDescription(self.tr(
            "Each step with its outcome, who signed it and when, and a check's live tick"))
        header = self.steps.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.steps, 1)
        station.sigSnapshot.connect(self.refresh)
        station.sigSelection.connect(lambda *_: self._offer())
        self._offer()
        self.refresh(station.latest)

    # -------------------------------------------------------------- offering
    def applying(self) -> list[Procedure]:
        """Procedures one of whose alarms is active now, or whose condition holds."""
        alarms, snap = self.station.alarms, self.station.latest
        return [p for p in self.library.values()
                if any(a.id in p.alarms and a.active for a in alarms)
                or (p.condition is not None and holds(p.condition, snap, alarms))]

    def offered(self) -> list[Procedure]:
        """What the chooser lists: those that apply, then the selected module's, then the
        rest."""
        now = self.applying()
        module = self.station.selected_module
        here = [p for p in self.library.values() if module in p.modules and p not in now]
        return now + here + [p for p in self.library.values() if p not in now + here]

    def _offer(self) -> None:
        offered = self.offered()
        now = {p.id for p in self.applying()}
        key = tuple(f"{p.id}{p.id in now}" for p in offered)
        if key == self._offered:
            return
        self._offered = key
        chosen = self.choice.currentData()
        newly = now - self._applied
        self._applied = now
        self.choice.clear()
        for p in offered:
            self.choice.addItem((self.tr("APPLIES: ") if p.id in now else "") + p.title, p.id)
        index = self.choice.findData(chosen)  # kept, unless another came to apply
        self.choice.setCurrentIndex(0 if newly or index < 0 else index)

    def start_chosen(self) -> None:
        if self.choice.currentData():
            self.start(self.choice.currentData())

    def start(self, procedure_id: str) -> None:
        """Begin ``procedure_id`` from its first step, now."""
        self.run = Run(self.library[procedure_id], self.library, self.station.latest.t_s)
        self.rehearsed.setText("")
        self.refresh(self.station.latest)

    def rehearse(self) -> None:
        """Carry out the rest on a copy of the colony now and say where it leads."""
        if self.rehearsal is None or self.run is None or self.run.finished:
            return
        result = self.rehearsal(self.run)()
        self.rehearsed.setText(rehearsal_html(result, self.tr))

    # -------------------------------------------------------------- acting
    def judgement(self) -> Judgement:
        assert self.run is not None
        return self.run.judge(self.station.latest, self.station.alarms)

    def act(self) -> None:
        """Send the current command step's command, or sign the current step off."""
        if self.run is None or (current := self.run.current) is None:
            return
        step = current[1]
        if step.kind == "command":
            assert step.command is not None
            record = self.station.issue(step.command, ORIGIN)
            if record is not None:
                accepted = record.outcome == "accepted"
                self._sign("done" if accepted else "failed", "" if accepted else record.reason)
            return
        outcome = self.judgement().outcome
        if outcome:
            self._sign(outcome)

    def skip(self) -> None:
        if self.run is None or self.run.current is None:
            return
        reason = self.station.prompts.reason(self.station.dialog_parent,
                                             self.tr("Skip step"),
                                             self.tr("Why is this step skipped?"))
        if reason:
            self._sign("skipped", reason)

    def _sign(self, outcome: str, note: str = "") -> None:
        assert self.run is not None
        record = self.station.issue(self.run.sign(outcome, note), ORIGIN)
        if record is not None and record.outcome == "accepted":
            self.run.advance(outcome, record.t_s, note, record.who)
        self.refresh(self.station.latest)

    # -------------------------------------------------------------- showing
    def refresh(self, snap: Snapshot) -> None:
        self._offer()
        operator = self.station.operator
        self.signer.setText(self.tr("Signing as {name} ({role})").format(
            name=operator.name, role=operator.role))
        run = self.run
        if run is None:
            self.title.setText(self.tr("No procedure running."))
            self.next_label.setText("")
            self.status.setText("")
            self._buttons(None, Judgement(""))
            self.steps.clear()
            return
        current = run.current
        shown = current[0] if current else run.procedure
        self.title.setText(f"<b>{shown.title}</b>")
        judged = self.judgement() if current else Judgement("")
        if current is None:
            self.next_label.setText(self.tr("Procedure complete."))
            self.status.setText(self._left_range(shown, snap))
        else:
            step = current[1]
            self.next_label.setText(self.tr("Next: {n}. {text}").format(
                n=shown.index(step.id) + 1, text=step.text))
            self.status.setText(" ".join(filter(None, (
                self._live(step, snap, judged), self._left_range(shown, snap)))))
        self._buttons(current[1] if current else None, judged)
        self._fill(shown, snap, current[1] if current else None)

    def _live(self, step: Step, snap: Snapshot, judged: Judgement) -> str:
        parts = []
        if step.kind == "command" and step.command is not None:
            refused = self.station.refusal(step.command)
            parts.append(step.command.text() + (f": {refused}" if refused else ""))
        if step.condition is not None:
            parts.append(self.tr("{expected}; now {value}").format(
                expected=step.condition.text(), value=observed(step.condition, snap)))
        if step.kind == "check":
            parts.append(self.tr("in range") if judged.outcome == "passed"
                         else self.tr("OUT OF RANGE"))
        if step.kind == "wait" and judged.left_s is not None:
            left = duration(judged.left_s)
            parts.append(self.tr("{left} left").format(left=left) if step.wait_s is not None
                         else self.tr("times out in {left}").format(left=left))
        return "; ".join(parts)

    def _left_range(self, procedure: Procedure, snap: Snapshot) -> str:
        """Checks passed earlier whose value has left its range since."""
        assert self.run is not None
        passed = {o.step for o in self.run.outcomes
                  if o.procedure == procedure.id and o.outcome == "passed"}
        left = [s for s in procedure.steps if s.id in passed and s.condition is not None
                and not holds(s.condition, snap, self.station.alarms)]
        return " ".join(self.tr("LEFT RANGE: {text}.").format(text=s.condition.text())
                        for s in left if s.condition is not None)

    def _buttons(self, step: Step | None, judged: Judgement) -> None:
        self.skip_button.setEnabled(step is not None)
        self.rehearse_button.setEnabled(step is not None)
        if step is None:
            self.act_button.setText(self.tr("Sign off"))
            self.act_button.setEnabled(False)
        elif step.kind == "command":
            self.act_button.setText(self.tr("Send: {command}").format(
                command=step.command.text() if step.command else ""))
            self.act_button.setEnabled(True)
        else:
            self.act_button.setText(self.tr("Sign off: {outcome}").format(
                outcome=judged.outcome or self.tr("waiting")))
            self.act_button.setEnabled(bool(judged.outcome))

    def _fill(self, procedure: Procedure, snap: Snapshot, current: Step | None) -> None:
        assert self.run is not None
        outcomes = {o.step: o for o in self.run.outcomes if o.procedure == procedure.id}
        if self.steps.topLevelItemCount() != len(procedure.steps):
            self.steps.clear()
            for step in procedure.steps:
                QTreeWidgetItem(self.steps, [step.text, "", "", ""]).setToolTip(
                    0, step.describe())
        for k, step in enumerate(procedure.steps):
            item = self.steps.topLevelItem(k)
            done = outcomes.get(step.id)
            mark = "▶ " if step is current else (MARKS.get(done.outcome, "") + " "
                                                  if done else "  ")
            live = ""
            if step.kind == "check" and step.condition is not None:
                live = "✓" if holds(step.condition, snap, self.station.alarms) else "✗"
            values = [f"{mark}{k + 1}. {step.text}",
                      (done.outcome + (f": {done.note}" if done.note else "")) if done else "",
                      f"{done.who} {mission_time(done.t_s)}" if done else "", live]
            for column, text in enumerate(values):
                if item.text(column) != text:
                    item.setText(column, text)
            font = item.font(0)
            if font.bold() != (step is current):
                font.setBold(step is current)
                item.setFont(0, font)


def rehearsal_html(result: CheckResult, tr: Callable[[str], str]) -> str:
    """A rehearsal's outcome: the steps that would fail, the danger ahead, the lowest SpO2."""
    d = result.danger
    lines = [tr("<b>Rehearsal</b> from {at} (a copy of the colony; nothing was sent):").format(
        at=mission_time(result.started_s))]
    for o in result.outcomes:
        mark = "✗" if o in result.failures else "✓"
        note = f": {escape(o.note)}" if o.note else ""
        lines.append(f"{mark} {escape(o.step)} {tr('would be')} {o.outcome}{note}")
    lines.append(tr("then {what} in {module} in {when}").format(
        what=d.words, module=d.module, when=duration(d.in_s)) if d.in_s is not None
        else tr("then no danger in an occupied module within {h:g} h").format(
            h=result.horizon_s / 3600))
    lines.append(tr("lowest SpO2 {spo2:.0f} % ({person})").format(
        spo2=d.lowest_spo2_pct, person=escape(d.lowest_person)))
    verdict = tr("LEADS TO TROUBLE") if not result.ok else tr("leads to safety")
    return "<br>".join([*lines, f"<b>{verdict}</b>"])


class ProcedureOffers(QWidget):
    """A button per procedure that ``pick`` names (APPLIES first, those that apply now
    marked), each starting it in the Procedures dock; refreshed as the alarms change and
    whenever :meth:`refresh` is called."""

    def __init__(self, panel: ProcedurePanel, show_dock: Callable[[], None],
                 pick: Callable[[], list[Procedure]], name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.panel, self.show_dock, self.pick = panel, show_dock, pick
        self.row = QVBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.shown_widgets: list[QWidget] = []
        self._shown: tuple[str, ...] | None = None
        panel.station.sigAlarms.connect(lambda *_: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        now = {p.id for p in self.panel.applying()}
        offered = sorted(self.pick(), key=lambda p: p.id not in now)
        key = tuple(f"{p.id}{p.id in now}" for p in offered)
        if key == self._shown:
            return
        self._shown = key
        for widget in self.shown_widgets:
            widget.deleteLater()
        self.shown_widgets = []
        for p in offered:
            for widget in self.offer(p, p.id in now):
                self.row.addWidget(widget)
                widget.show()  # at once, not on the next event loop pass
                self.shown_widgets.append(widget)
        self.setVisible(bool(offered))

    def offer(self, procedure: Procedure, applies: bool) -> list[QWidget]:
        """The widgets that offer ``procedure``: one button saying what it is."""
        return [self.button(procedure, (self.tr("APPLIES: ") if applies else "")
                            + self.tr("Procedure: {title}").format(title=procedure.title))]

    def button(self, procedure: Procedure, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"offer_{procedure.id}")
        button.clicked.connect(lambda _=False, ident=procedure.id: self.open(ident))
        return button

    def open(self, procedure_id: str) -> None:
        self.panel.start(procedure_id)
        self.show_dock()


def module_offers(panel: ProcedurePanel, show_dock: Callable[[], None]) -> ProcedureOffers:
    """In the module detail: the selected module's procedures."""
    station = panel.station
    offers = ProcedureOffers(panel, show_dock, lambda: [
        p for p in panel.offered() if station.selected_module in p.modules], "procedureOffers")
    station.sigSelection.connect(lambda *_: offers.refresh())
    return offers


class AlarmOffers(ProcedureOffers):
    """In the alarm detail pane: the procedures written for the alarm shown there."""

    def __init__(self, panel: ProcedurePanel, show_dock: Callable[[], None]) -> None:
        self.alarm_id = ""
        super().__init__(panel, show_dock, lambda: [
            p for p in panel.library.values() if self.alarm_id in p.alarms],
            "alarmProcedureOffers")

    def offer(self, procedure: Procedure, applies: bool) -> list[QWidget]:
        """A wrapped line naming the procedure (the pane is narrow), then its button."""
        label = QLabel(self.tr("<b>Procedure for this alarm</b>{now}: {title}").format(
            now=self.tr(" (applies now)") if applies else "", title=escape(procedure.title)))
        label.setWordWrap(True)
        return [label, self.button(procedure, self.tr("Start this procedure"))]

    def follow(self, alarm: AlarmState | None) -> None:
        self.alarm_id = alarm.id if alarm is not None else ""
        self.refresh()


def install(window: Window, source: ProcedureSource) -> ProcedurePanel:
    """The Procedures dock, tabbed with the module detail, and the offers in the module
    detail and the alarm detail."""
    panel = ProcedurePanel(window.station, source.procedures(),
                           source.rehearsal if isinstance(source, RehearsalSource) else None)
    dock = window.add_dock("procedures", window.tr("Procedures"), panel,
                           Qt.DockWidgetArea.RightDockWidgetArea, tab_with="detail")

    def show_dock() -> None:
        dock.show()
        dock.raise_()

    window.add_detail(module_offers(panel, show_dock))
    alarm_offers = AlarmOffers(panel, show_dock)
    window.add_alarm_detail(alarm_offers, alarm_offers.follow)
    return panel
