"""Alarm banner, alarm list and the Alarms menu (ISA-18.2 / ISA-101).

The banner always shows the most important unacknowledged alarm: a priority marker (red
square "1" HIGH, amber triangle "2" MEDIUM, yellow diamond "3" LOW: shape, number and word,
never colour alone), the alarm's text and what to do, with acknowledge, silence and mute.
The list shows every alarm that is not normal or not in service, the selected one's cause,
consequence and action in a pane beside it (:mod:`.alarm_detail`), filters by priority,
state and module, and acknowledges, shelves (for a reason and a duration) and jumps to the
alarm's display.
Every alarm action is a command through :meth:`Station.issue`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPointF, \
    QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QPen, \
    QPixmap, QPolygonF
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QFrame, QGridLayout,
                               QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QSplitter, QTableView, QVBoxLayout, QWidget)

from ..contract.timefmt import duration, mission_time
from ..contract.alarms import (ACKNOWLEDGED, OUT_OF_SERVICE, PRIORITY_NUMBER, RETURNED,
                               SHELVED, SUPPRESSED, UNACKNOWLEDGED, AlarmHealth, AlarmState)
from ..contract.commands import Command
from . import style
from .alarm_detail import AlarmDetail
from .annunciator import FLOOD_COUNT, Annunciator
from .elided import ElidedLabel
from .extension import ActionSpec, Window
from .sound import SoundPlayer
from .station import Station
from .tables import TEXT_ROLES, HeaderedModel

COLOURS = {"high": style.ALARM_HIGH, "medium": style.ALARM_MEDIUM, "low": style.ALARM_LOW}
WAITING = (UNACKNOWLEDGED, RETURNED)
ALARM_BUTTONS_PER_ROW = 4


def paint_marker(painter: QPainter, rect: QRectF, priority: str, hollow: bool = False) -> None:
    """Shape + number per priority: square 1 (high), triangle 2 (medium), diamond 3 (low);
    ``hollow`` (the blink phase of an unacknowledged alarm) draws it outlined in its colour."""
    if priority not in COLOURS:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(COLOURS[priority] if hollow else style.TEXT, 3 if hollow else 1))
    painter.setBrush(QBrush(QColor("#f4f4f4") if hollow else COLOURS[priority]))
    x, y, w, h = rect.x(), rect.y(), rect.width(), rect.height()
    if priority == "high":
        painter.drawRect(rect.adjusted(1, 1, -1, -1))
        number, text_rect = "1", rect
    elif priority == "medium":
        painter.drawPolygon(QPolygonF([QPointF(x + w / 2, y + 1), QPointF(x + w - 1, y + h - 1),
                                       QPointF(x + 1, y + h - 1)]))
        number, text_rect = "2", rect.adjusted(0, h * 0.2, 0, 0)
    else:
        painter.drawPolygon(QPolygonF([QPointF(x + w / 2, y + 1), QPointF(x + w - 1, y + h / 2),
                                       QPointF(x + w / 2, y + h - 1),
                                       QPointF(x + 1, y + h / 2)]))
        number, text_rect = "3", rect
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(int(h * 0.55), 7))
    painter.setFont(font)
    painter.setPen(QPen(style.TEXT if hollow else style.ink_on(PRIORITY_NUMBER[priority])))
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, number)
    painter.restore()


def marker_pixmap(priority: str, size: int = 16) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_marker(painter, QRectF(0, 0, size, size), priority)
    painter.end()
    return pixmap


def priority_text(a: AlarmState) -> str:
    return f"{a.number} {a.priority.upper()}" if a.priority else "-"


class PriorityMarker(QWidget):
    BLINK_MS = 500

    def __init__(self, size: int = 30, parent=None) -> None:
        super().__init__(parent)
        self.priority = ""
        self.hollow = False
        self.setFixedSize(QSize(size, size))
        self._blink = QTimer(self)
        self._blink.setInterval(self.BLINK_MS)
        self._blink.timeout.connect(self._on_blink)

    def set_blinking(self, blinking: bool) -> None:
        """Unacknowledged: alternate filled and outlined (shape and number stay)."""
        if blinking and not self._blink.isActive():
            self._blink.start()
        elif not blinking and self._blink.isActive():
            self._blink.stop()
            self.hollow = False
            self.update()

    def _on_blink(self) -> None:
        self.hollow = not self.hollow
        self.update()

    def set_priority(self, priority: str) -> None:
        if priority != self.priority:
            self.priority = priority
            self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        paint_marker(painter, QRectF(self.rect()), self.priority, self.hollow)
        painter.end()


# ----------------------------------------------------------------------------- banner
class AlarmBanner(QFrame):
    """The most important unacknowledged alarm, always in view."""

    def __init__(self, station: Station, annunciator: Annunciator, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("alarmBanner")
        self.setAccessibleName(self.tr("Alarm banner"))
        self.station, self.annunciator = station, annunciator
        self.top: AlarmState | None = None  # the alarm Acknowledge acts on
        self.shown: AlarmState | None = None  # the alarm the banner names
        self.setStyleSheet("#alarmBanner { border-bottom: 1px solid palette(mid); }")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 3, 8, 3)
        self.marker = PriorityMarker(28)
        self.word = QLabel()
        self.word.setObjectName("alarmBannerPriority")
        self.word.setMinimumWidth(72)
        self.message = ElidedLabel()  # the message gets the room; cut, it ends in "…"
        self.message.setObjectName("alarmBannerMessage")
        self.counts = QLabel()
        self.counts.setObjectName("alarmBannerCounts")
        self.ack = QPushButton(self.tr("Acknowledge"))
        self.ack.setObjectName("bannerAcknowledge")
        self.ack.clicked.connect(self.acknowledge)
        self.silence = QPushButton(self.tr("Silence"))
        self.silence.setObjectName("bannerSilence")
        self.silence.setToolTip(self.tr("Quiet the alarms sounding now (Ctrl+Shift+K)"))
        self.silence.clicked.connect(annunciator.silence)
        self.mute = QPushButton(self.tr("Mute"))
        self.mute.setObjectName("bannerMute")
        self.mute.setCheckable(True)
        self.mute.setToolTip(self.tr("No alarm sounds until unmuted"))
        self.mute.toggled.connect(annunciator.set_muted)
        self.no_sound = QLabel(self.tr("NO SOUND"))
        self._sound_problem: str | None = None  # as shown
        self.no_sound.setObjectName("bannerNoSound")
        self.no_sound.setAccessibleName(self.tr("Alarm sounds cannot play"))
        self.no_sound.setStyleSheet("font-weight: bold; border: 2px solid palette(window-text); "
                                    "padding: 1px 4px")
        for w in (self.marker, self.word):
            row.addWidget(w)
        row.addWidget(self.message, 1)
        for w in (self.counts, self.ack, self.silence, self.mute, self.no_sound):
            row.addWidget(w)
        station.sigAlarms.connect(self._on_alarms)
        annunciator.sigChanged.connect(self._on_sound_changed)
        self._on_alarms(station.alarms, station.alarm_health)
        self._on_sound_changed()

    def _on_alarms(self, alarms, health) -> None:
        waiting = [a for a in alarms if a.state in WAITING]
        top = waiting[0] if waiting else None
        self.top = top
        # nothing waiting: the most urgent alarm still standing, acknowledged, stays in view
        shown = top or next((a for a in alarms if a.state == ACKNOWLEDGED and a.active), None)
        self.shown = shown
        self.marker.set_priority(shown.priority if shown else "")
        self.marker.set_blinking(top is not None and top.state == UNACKNOWLEDGED)
        sheet = "font-weight: bold" if top else ""
        if self.message.styleSheet() != sheet:  # a style sheet set polishes the label again
            self.message.setStyleSheet(sheet)
        if shown is None:
            self.word.setText("")
            self.message.set_full_text(self.tr("No alarms standing"))
        else:
            self.word.setText(f"{shown.number} {shown.priority.upper()}")
            state = {RETURNED: self.tr("  (returned to normal)"),
                     ACKNOWLEDGED: self.tr("  (acknowledged, active)")}.get(shown.state, "")
            self.message.set_full_text(
                f"{mission_time(shown.raised_s or 0)}  {shown.text}{state}  ·  {shown.action}",
                f"{shown.cause}\n{shown.consequence}")
        active = health.active if health else 0
        flood = self.tr("FLOOD: +{n} more alarms · ").format(n=len(waiting) - 1) \
            if len(waiting) > FLOOD_COUNT else ""
        self.counts.setText(flood + self.tr("{w} unacknowledged · {a} active").format(
            w=len(waiting), a=active))
        self.ack.setEnabled(top is not None)
        self._show_audible()  # a player that failed is found out after it ran

    def _on_sound_changed(self) -> None:
        self.mute.setText(self.tr("Muted") if self.annunciator.muted else self.tr("Mute"))
        self._show_audible()

    def _show_audible(self) -> None:
        """Say so when the alarm sounds cannot play (no player, or the player fails)."""
        player = self.annunciator.player
        problem = "" if player.audible else player.problem
        if problem == self._sound_problem:
            return
        self._sound_problem = problem
        self.no_sound.setVisible(bool(problem))
        self.no_sound.setToolTip(self.tr("Alarm sounds cannot play: {why}").format(
            why=problem) if problem else "")
        self.mute.setToolTip(self.tr("No alarm sounds until unmuted") + (
            "" if problem else self.tr(" (they play through {player})").format(
                player=player.name)))

    def acknowledge(self) -> None:
        if self.top is not None:
            self.station.issue(Command.of("acknowledge", alarm=self.top.id), f"alarm:{self.top.id}")


# ----------------------------------------------------------------------------- list
class AlarmModel(HeaderedModel):
    HEADERS = ("Priority", "State", "Raised", "Alarm", "Message")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.all: tuple[AlarmState, ...] = ()
        self.rows: list[AlarmState] = []
        self.priority: str | None = None
        self.state: str | None = None
        self.module: str | None = None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        a = self.rows[index.row()]
        col = index.column()
        if role in TEXT_ROLES:
            return (priority_text(a), a.state,
                    mission_time(a.raised_s) if a.raised_s is not None else "-",
                    a.id, a.text)[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 0 and a.priority:
            return marker_pixmap(a.priority)
        if role == Qt.ItemDataRole.ToolTipRole:
            shelf = (f"\nShelved until {mission_time(a.shelved_until_s)}"
                     if a.shelved_until_s is not None else "")
            return (f"{a.text}\nCause: {a.cause}\nConsequence: {a.consequence}\n"
                    f"Action: {a.action}\nDisplay: {a.module}{shelf}")
        if role == Qt.ItemDataRole.FontRole and col in (0, 1) and a.state == UNACKNOWLEDGED:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and a.state in (SHELVED, SUPPRESSED,
                                                                  OUT_OF_SERVICE):
            return QApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.UserRole:
            return a.id
        return None

    def set_filter(self, priority: str | None, state: str | None, module: str | None) -> None:
        self.priority, self.state, self.module = priority, state, module
        self.set_alarms(self.all)

    def set_alarms(self, alarms: tuple[AlarmState, ...]) -> bool:
        """Show ``alarms`` through the filter; True when the rows were replaced."""
        self.all = alarms
        rows = [a for a in alarms
                if (self.priority is None or a.priority == self.priority)
                and (self.state is None or a.state == self.state)
                and (self.module is None or a.module == self.module)]
        if [a.id for a in rows] == [a.id for a in self.rows]:
            self.rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(rows) - 1, len(self.HEADERS) - 1))
            return False
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()
        return True


class AlarmPanel(QWidget):
    """The alarm list with filters, actions and the live alarm-health figures."""

    def __init__(self, station: Station, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("alarmPanel")
        self.station = station
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        self.health = QLabel()
        self.health.setObjectName("alarmHealth")
        self.health.setAccessibleName(self.tr("Alarm system health"))
        self.health.setWordWrap(True)
        column.addWidget(self.health)

        filters = QHBoxLayout()
        self.priority_filter = QComboBox()
        self.priority_filter.setObjectName("alarmPriorityFilter")
        self.priority_filter.addItem(self.tr("All priorities"), None)
        for p in ("high", "medium", "low"):
            self.priority_filter.addItem(marker_pixmap(p), p.upper(), p)
        self.state_filter = QComboBox()
        self.state_filter.setObjectName("alarmStateFilter")
        self.state_filter.addItem(self.tr("All states"), None)
        for s in (UNACKNOWLEDGED, ACKNOWLEDGED, RETURNED, SHELVED, SUPPRESSED, OUT_OF_SERVICE):
            self.state_filter.addItem(s, s)
        self.module_filter = QComboBox()
        self.module_filter.setObjectName("alarmModuleFilter")
        self.module_filter.addItem(self.tr("All modules"), None)
        for m in station.latest.modules:
            self.module_filter.addItem(m.id, m.id)
        for combo in (self.priority_filter, self.state_filter, self.module_filter):
            combo.currentIndexChanged.connect(self._on_filter)
            filters.addWidget(combo)
        filters.addStretch(1)
        column.addLayout(filters)

        self.model_ = AlarmModel(self)
        self.table = QTableView()
        self.table.setObjectName("alarmTable")
        self.table.setAccessibleName(self.tr("Alarm list"))
        self.table.setModel(self.model_)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for col, width in enumerate((100, 160, 100, 120)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(lambda _index: self.jump())
        self.detail = AlarmDetail()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("alarmSplit")
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([540, 360])  # the guidance readable beside the list
        column.addWidget(split, 1)
        self.table.selectionModel().selectionChanged.connect(self._show_detail)

        buttons = QGridLayout()  # two rows: every label whole in a narrow dock
        self.buttons: dict[str, QPushButton] = {}
        for key, label, handler in (
                ("acknowledge", self.tr("Acknowledge"), self.acknowledge_selected),
                ("acknowledge_all", self.tr("Acknowledge all visible"),
                 self.acknowledge_visible),
                ("shelve", self.tr("Shelve…"), self.shelve_selected),
                ("unshelve", self.tr("Unshelve"), self.unshelve_selected),
                ("out_of_service", self.tr("Out of service"), self.remove_selected),
                ("return_to_service", self.tr("Return to service"), self.return_selected),
                ("jump", self.tr("Go to display"), self.jump)):
            button = QPushButton(label)
            button.setObjectName(f"alarm_{key}")
            button.clicked.connect(handler)
            buttons.addWidget(button, *divmod(len(self.buttons), ALARM_BUTTONS_PER_ROW))
            self.buttons[key] = button
        buttons.setColumnStretch(ALARM_BUTTONS_PER_ROW, 1)
        column.addLayout(buttons)
        station.sigAlarms.connect(self._on_alarms)
        self._on_alarms(station.alarms, station.alarm_health)

    # ------------------------------------------------------------- updates
    def _on_alarms(self, alarms, health) -> None:
        chosen = self.selected_ids()
        if self.model_.set_alarms(alarms) and chosen:
            self.select(chosen)
        self._show_detail()
        if health is not None:
            self.health.setText(health_text(health))

    def _on_filter(self) -> None:
        chosen = self.selected_ids()
        self.model_.set_filter(self.priority_filter.currentData(),
                               self.state_filter.currentData(),
                               self.module_filter.currentData())
        self.select(chosen)

    def _show_detail(self, *_selection) -> None:
        chosen = self._selected()
        self.detail.show_alarm(chosen[0] if chosen else None)

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model_.rows[r].id for r in rows if r < len(self.model_.rows)]

    def select(self, ids: list[str]) -> None:
        sel = self.table.selectionModel()
        sel.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | \
            QItemSelectionModel.SelectionFlag.Rows
        for r, a in enumerate(self.model_.rows):
            if a.id in ids:
                sel.select(self.model_.index(r, 0), flags)

    def _selected(self) -> list[AlarmState]:
        ids = self.selected_ids()
        return [a for a in self.model_.rows if a.id in ids]

    # ------------------------------------------------------------- actions
    def _issue(self, command, alarm: AlarmState) -> None:
        self.station.issue(command, f"alarm:{alarm.id}")

    def acknowledge_selected(self) -> None:
        for a in self._selected():
            if a.state in WAITING:
                self._issue(Command.of("acknowledge", alarm=a.id), a)

    def acknowledge_visible(self) -> None:
        for a in list(self.model_.rows):
            if a.state in WAITING:
                self._issue(Command.of("acknowledge", alarm=a.id), a)

    def shelve_selected(self) -> None:
        chosen = [a for a in self._selected() if a.state not in (SHELVED, SUPPRESSED,
                                                                 OUT_OF_SERVICE)]
        if not chosen:
            return
        answer = self.station.prompts.shelve(self.station.dialog_parent, chosen)
        if answer is not None:
            minutes, reason = answer
            for a in chosen:
                self._issue(Command.of("shelve", alarm=a.id, minutes=f"{minutes:g}",
                                       reason=reason), a)

    def unshelve_selected(self) -> None:
        for a in self._selected():
            if a.state == SHELVED:
                self._issue(Command.of("unshelve", alarm=a.id), a)

    def remove_selected(self) -> None:
        chosen = [a for a in self._selected() if a.state != OUT_OF_SERVICE]
        reason = self.station.prompts.out_of_service(self.station.dialog_parent, chosen) \
            if chosen else None
        for a in chosen if reason else ():
            self._issue(Command.of("out_of_service", alarm=a.id, reason=reason), a)

    def return_selected(self) -> None:
        for a in self._selected():
            if a.state == OUT_OF_SERVICE:
                self._issue(Command.of("return_to_service", alarm=a.id), a)

    def jump(self) -> None:
        chosen = self._selected()
        if chosen and chosen[0].module:
            self.station.select_module(chosen[0].module)


def health_text(h: AlarmHealth) -> str:
    low, medium, high = h.share_pct
    flood = "FLOOD" if h.in_flood else "no flood"
    return (f"Alarm health: {h.per_10_min} in the last 10 min ({flood}; "
            f"{duration(h.flood_time_s)} in flood so far)  ·  "
            f"chattering {h.chattering}  ·  stale {h.stale}  ·  "
            f"{h.unacknowledged} unacknowledged, {h.active} active, {h.shelved} shelved, "
            f"{h.suppressed} suppressed, {h.out_of_service} out of service  ·  "
            f"priorities L/M/H {low:.0f}/{medium:.0f}/{high:.0f} % of {h.raised_total}")


# ----------------------------------------------------------------------------- window
@dataclass(frozen=True)
class AlarmViews:
    """What :func:`install` added: the annunciator, the banner and the alarm list."""

    annunciator: Annunciator
    banner: AlarmBanner
    panel: AlarmPanel


def install(window: Window, player: SoundPlayer | None = None) -> AlarmViews:
    """Add the annunciator, the banner (across the window, above the docks), the Alarms dock
    beside the trends and the Alarms menu."""
    station: Station = window.station
    annunciator = Annunciator(player, parent=window)
    station.sigAlarms.connect(annunciator.on_alarms)
    banner = AlarmBanner(station, annunciator)
    window.add_banner(banner, across=True)  # over the docks: the message gets the room
    panel = AlarmPanel(station)
    window.add_dock("alarms", window.tr("Alarms"), panel, Qt.DockWidgetArea.BottomDockWidgetArea,
                    orientation=Qt.Orientation.Horizontal)  # beside the trends, not behind
    window.add_menu(window.tr("&Alarms"), "alarmsMenu", "alarm_", [
        ActionSpec("ack_selected", "Acknowledge selected alarms", "Ctrl+Shift+A",
                   panel.acknowledge_selected),
        ActionSpec("ack_top", "Acknowledge the banner's alarm", "Ctrl+Shift+Z",
                   banner.acknowledge),
        ActionSpec("ack_visible", "Acknowledge all visible alarms", "Ctrl+Shift+L",
                   panel.acknowledge_visible),
        ActionSpec("shelve", "Shelve selected alarms…", "Ctrl+Shift+H", panel.shelve_selected),
        ActionSpec("jump", "Go to the selected alarm's display", "Ctrl+Shift+J", panel.jump),
        ActionSpec("silence", "Silence the alarms sounding now", "Ctrl+Shift+K",
                   annunciator.silence),
        ActionSpec("mute", "Mute alarm sounds", "Ctrl+Shift+M", banner.mute.toggle)])
    return AlarmViews(annunciator, banner, panel)


__all__ = ["install", "AlarmViews", "AlarmBanner", "AlarmPanel"]
