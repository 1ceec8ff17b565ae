"""L2/L3: the selected module's life support: values, unit faceplates, doors, occupants.

Each faceplate shows a unit's state in words, its role, AUTO or OVERRIDE, condition,
setting and tanks, with the commands that apply as buttons. The result of the last
command given here (accepted, or rejected with the core's reason) is shown at the top.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFormLayout, QGridLayout, QGroupBox, QLabel,
                               QPushButton, QScrollArea, QVBoxLayout, QWidget)

from ..contract.timefmt import duration
from ..contract.state import Snapshot
from . import actions
from . import style
from .marks import BREACH, CARBON_DIOXIDE, OXYGEN, PRESSURE
from .station import Station


class CommandButtons(QWidget):
    """A row of buttons built from :mod:`actions` choices, refreshed every snapshot."""

    def __init__(self, station: Station, name: str, origin: str,
                 choices: Callable[[Station], list[actions.Choice]], parent=None,
                 columns: int = 3) -> None:
        super().__init__(parent)
        self.station, self.origin, self.choices = station, origin, choices
        self.current: dict[str, actions.Choice] = {}
        self.buttons: dict[str, QPushButton] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for k, choice in enumerate(choices(station)):
            button = QPushButton(choice.label, self)
            button.setObjectName(f"btn_{name}_{choice.key}")
            button.clicked.connect(lambda _=False, key=choice.key: self._on_clicked(key))
            layout.addWidget(button, k // columns, k % columns)
            self.buttons[choice.key] = button
        self.refresh(station.latest)

    def refresh(self, _snap: Snapshot) -> None:
        """Offer each command only when the plant would accept it; say why not."""
        self.current = {c.key: c for c in self.choices(self.station)}
        for key, button in self.buttons.items():
            choice = self.current.get(key)
            button.setEnabled(bool(choice and choice.offered))
            button.setToolTip(choice.blocked if choice else "")

    def _on_clicked(self, key: str) -> None:
        choice = self.current.get(key)
        if choice is not None:
            actions.run(self.station, choice, self.origin)


def _lock_line(locked_for: str) -> tuple[str, str]:
    return ("Lock-out", f"LOCKED OUT: {locked_for} under repair" if locked_for else "none")


def _unit_lines(u) -> list[tuple[str, str]]:
    lines = [("State", u.state), ("Role", u.role or "-"),
             ("Mode", f"OVERRIDE {u.override.upper()}" if u.override else "AUTO"),
             ("Condition", f"{100 * u.condition:.0f} % (worst part: "
                           f"{u.worst_part.removeprefix(u.id + '.')}, last inspection)"),
             ("Power", f"{u.power_kw:.2f} kW{'' if u.powered else ' (no supply)'}"),
             _lock_line(u.locked_for)]
    if u.setting_pct is not None:
        lines.append(("Setting", f"{u.setting_pct} %"))
    if u.n2_tank_kg is not None:
        lines.append(("N2 tank", f"{u.n2_tank_kg:.1f} kg"))
    if u.o2_tank_kg is not None:
        lines.append(("O2 tank", f"{u.o2_tank_kg:.1f} kg"))
    return lines


class Faceplate(QGroupBox):
    """One unit (or the relay): its figures in words and its command buttons."""

    def __init__(self, station: Station, unit_id: str, is_relay: bool, parent=None) -> None:
        super().__init__(unit_id, parent)
        self.setObjectName(f"faceplate_{unit_id}")
        self.station, self.unit_id, self.is_relay = station, unit_id, is_relay
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.values: dict[str, QLabel] = {}
        lines = self._lines(station.latest)
        for key, value in lines:
            label = QLabel(value)
            label.setObjectName(f"value_{unit_id}_{key.lower().replace(' ', '_')}")
            self.form.addRow(key, label)
            self.values[key] = label
        self.alarm = QLabel("")
        self.alarm.setObjectName(f"alarm_{unit_id}")
        layout.addWidget(self.alarm)
        choose = ((lambda st: actions.relay_choices(st, unit_id)) if is_relay
                  else (lambda st: actions.unit_choices(st, unit_id)))
        origin_module = unit_id.split(".", 1)[0]
        self.buttons = CommandButtons(station, unit_id, f"module:{origin_module}", choose, self)
        layout.addWidget(self.buttons)

    def _lines(self, snap: Snapshot) -> list[tuple[str, str]]:
        if self.is_relay:
            r = next(r for r in snap.relays if r.id == self.unit_id)
            return [("State", r.state), ("Position", r.position),
                    ("Mode", f"OVERRIDE {r.override.upper()}" if r.override else "AUTO"),
                    ("Fused", "YES" if r.fused else "no"), _lock_line(r.locked_for)]
        return _unit_lines(snap.unit(self.unit_id))

    def refresh(self, snap: Snapshot) -> None:
        for key, value in self._lines(snap):
            label = self.values.get(key)
            if label is not None and label.text() != value:
                label.setText(value)
        mode = self.values["Mode"].text()
        found = self.station.marks.target(self.unit_id)
        words = [style.mark_html(found)] if found else []
        if mode != "AUTO":
            words.append(f"<span style='background:{style.OVERRIDE.name()};color:white'>"
                         f"&nbsp;OVR&nbsp;</span> <b>{mode}</b> until released")
        text = " &nbsp; ".join(words)
        if self.alarm.text() != text:
            self.alarm.setText(text)
        self.buttons.refresh(snap)


class ModuleDetail(QWidget):
    """The selected module; rebuilt when the selection changes, refreshed every tick."""

    def __init__(self, station: Station, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("moduleDetail")
        self.station = station
        self.module_id: str | None = None
        outer = QVBoxLayout(self)
        self.title = QLabel("Select a module on the schematic")
        self.title.setObjectName("detailTitle")
        self.title.setStyleSheet("font-size: 11pt; font-weight: bold")
        outer.addWidget(self.title)
        self.feedback = QLabel("")
        self.feedback.setObjectName("commandFeedback")
        self.feedback.setWordWrap(True)
        outer.addWidget(self.feedback)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll, 1)
        self.body = QWidget()
        scroll.setWidget(self.body)
        self.body_layout = QVBoxLayout(self.body)
        self.faceplates: list[Faceplate] = []
        self.rows: list[CommandButtons] = []
        self.value_labels: dict[str, QLabel] = {}
        self.doors: dict[str, QLabel] = {}
        self.occupants: QLabel | None = None
        station.sigSnapshot.connect(self._on_snapshot)
        station.sigSelection.connect(self._on_selection)
        station.sigCommandIssued.connect(self._on_command)
        station.sigCommandRefused.connect(self._on_refused)

    def add_section(self, widget: QWidget) -> None:
        """A feature's widget under the title, kept across selections."""
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.insertWidget(outer.indexOf(self.feedback) + 1, widget)

    def _clear(self) -> None:
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.faceplates, self.rows, self.value_labels, self.doors = [], [], {}, {}

    def show_module(self, module_id: str) -> None:
        self._clear()
        self.module_id = module_id
        snap = self.station.latest
        m = snap.module(module_id)
        self.title.setText(f"{m.name} ({m.id}): {m.volume_m3:g} m³")
        self.feedback.setText("")
        values = QGroupBox("Atmosphere as measured"
                           + (" (simulated truth in brackets)" if m.truth else ""))
        form = QFormLayout(values)
        for key in ("ppO2", "O2", "CO2", "Pressure", "Temperature", "O2 reserve", "Leak",
                    "Crew"):
            label = QLabel("")
            label.setObjectName(f"detail_{key.lower().replace(' ', '_')}")
            form.addRow(key, label)
            self.value_labels[key] = label
        self.body_layout.addWidget(values)
        module_row = CommandButtons(self.station, module_id, f"module:{module_id}",
                                    lambda st: actions.module_choices(st, module_id), columns=2)
        self.rows.append(module_row)
        self.body_layout.addWidget(module_row)
        for u in snap.units:
            if u.module == module_id:
                self.faceplates.append(Faceplate(self.station, u.id, False))
        for r in snap.relays:
            if r.module == module_id:
                self.faceplates.append(Faceplate(self.station, r.id, True))
        grid = QGridLayout()
        for k, plate in enumerate(self.faceplates):
            grid.addWidget(plate, k, 0)
        holder = QWidget()
        holder.setLayout(grid)
        self.body_layout.addWidget(holder)
        doors = QGroupBox("Interconnects")
        dl = QVBoxLayout(doors)
        for link in snap.interconnects:
            if module_id in link.between:
                label = QLabel("")
                label.setObjectName(f"door_{link.id}")
                self.doors[link.id] = label
                dl.addWidget(label)
                row = CommandButtons(self.station, link.id, f"interconnect:{link.id}",
                                     lambda st, lid=link.id: actions.interconnect_choices(st, lid))
                self.rows.append(row)
                dl.addWidget(row)
        self.body_layout.addWidget(doors)
        people = QGroupBox("Occupants")
        self.occupants = QLabel("")
        self.occupants.setObjectName("occupants")
        self.occupants.setWordWrap(True)
        QVBoxLayout(people).addWidget(self.occupants)
        self.body_layout.addWidget(people)
        self.body_layout.addStretch(1)
        self._on_snapshot(snap)

    def _on_selection(self, kind: str, ident: str) -> None:
        if kind == "module" and ident and ident != self.module_id:
            self.show_module(ident)

    def _on_command(self, record, origin: str) -> None:
        ok = record.outcome == "accepted"
        self.feedback.setText(f"{'Accepted' if ok else '<b>REJECTED</b>'}: {record.command} "
                              f"{' '.join(f'{k}={v}' for k, v in record.args.items())}"
                              f"<br>{record.reason}")

    def _on_refused(self, command, reason: str, origin: str) -> None:
        self.feedback.setText(f"<b>NOT SENT</b>: {command.text()}<br>{reason}")

    def _on_snapshot(self, snap: Snapshot) -> None:
        if self.module_id is None or not self.value_labels:
            return
        m = snap.module(self.module_id)
        marks = self.station.marks

        def mark(quantities: tuple[str, ...], text: str) -> str:
            found = marks.quantity(m.id, quantities)
            return f"{text}  {found.label}" if found else text

        def sim(value: float | None, digits: int) -> str:
            return "" if value is None else f" (sim {value:.{digits}f})"
        v = self.value_labels
        r, truth = m.reading, m.truth
        v["ppO2"].setText(mark(OXYGEN, f"{r.ppo2_kpa:.2f} kPa"
                                       f"{sim(truth and truth.ppo2_kpa, 2)}"))
        v["O2"].setText(f"{r.o2_pct:.2f} %{sim(truth and truth.o2_pct, 2)}")
        v["CO2"].setText(mark(CARBON_DIOXIDE, f"{r.co2_ppm:.0f} ppm"
                                              f"{sim(truth and truth.co2_ppm, 0)}"))
        v["Pressure"].setText(mark(PRESSURE, f"{r.pressure_kpa:.2f} kPa"
                                             f"{sim(truth and truth.pressure_kpa, 2)}"))
        v["Temperature"].setText(f"{r.temperature_c:.1f} °C")
        water = ("" if m.water_kg is None else f"; electrolysis water {m.water_kg:.1f} kg, "
                 f"lasts {duration(m.water_time_s)}")
        v["O2 reserve"].setText(f"{m.o2_reserve_kg:.1f} kg, {m.o2_candles} candles; lasts "
                                f"{duration(m.reserve_time_s)}{water}")
        hole = f" (sim hole {truth.leak_hole_cm:.1f} cm)" if truth and truth.leak_hole_cm else ""
        v["Leak"].setText(mark(BREACH, f"65.3 kPa in {duration(m.breach_time_s)}{hole}")
                          if m.breach_time_s is not None else "none")
        v["Crew"].setText(str(m.crew_count))
        for plate in self.faceplates:
            plate.refresh(snap)
        for row in self.rows:
            row.refresh(snap)
        for lid, label in self.doors.items():
            link = snap.interconnect(lid)
            label.setText(f"<b>{lid}</b> ({link.kind}): {link.state.upper()}"
                          + (f" (sim crack {link.crack_mm:g} mm)" if link.crack_mm else "")
                          + (", PEV OPEN" if link.pev_open else "")
                          + (f", within {link.open_limit_kpa:g} kPa in "
                             f"{duration(link.equalise_s)} through its PEV"
                             if link.equalise_s and link.open_limit_kpa else "")
                          + (f", locked out: {link.locked_for} under repair"
                             if link.locked_for else ""))
        people = [c for c in snap.crew if c.module == self.module_id]
        text = ", ".join(f"{c.name} ({c.activity}, SpO2 {c.spo2_pct:.0f} %, {c.condition}"
                         + (f", moving to {c.moving_to}" if c.moving_to else "") + ")"
                         for c in people) or "nobody"
        if self.occupants.text() != text:
            self.occupants.setText(text)
