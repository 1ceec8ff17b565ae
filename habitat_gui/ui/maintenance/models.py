"""The maintenance view's table models, filter and the rows of its report tables."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView

from ...contract.timefmt import mission_time
from ...core.maintenance import records
from ...core.maintenance import export
from .. import style
from ..tables import TEXT_ROLES, HeaderedModel, ReadOnlyTable

SORT_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CLASS_WORDS = export.CLASS_WORDS
REPLACE_FILL = QColor("#e8d49c")  # calm amber: due now (with the words REPLACE NOW, bold)
PLAN_DAYS_SHOWN = 14
ROW_PX = 22
PROJECT_DAYS = 365
REFRESH_SIM_S = 300.0  # while shown, read the report again after this much simulated time
REFRESH_WALL_MS = 1000  # but not more often than this
SIDE_BY_SIDE_BELOW_PX = 520  # a lower view puts the component's plot beside its text
EVENT_KINDS = ("fault", "maintenance")  # wear failures, repairs starting and ending


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def life_cell(days: float | None) -> str:
    """Remaining life to the replace-now line as the table writes it."""
    if days is None:
        return "-"
    return "due" if days <= 0 else f"{days:.0f}"


def repair_text(job: records.RepairJob) -> str:
    """``working (Kim) until D+0 05:10``; the last repair of a component is the one shown."""
    when = {"walking": " on the way", "working": f" until {mission_time(job.done_t_s)}"}
    return f"{job.state} ({job.person}){when.get(job.state, '')}"


# ----------------------------------------------------------------------------- models
class ComponentModel(HeaderedModel):
    """One row per audited component (the report's findings)."""

    HEADERS = ("Component", "Module", "Kind", "Condition", "Class", "Priority", "Life (days)",
               "Would cause", "Person-h", "Skill", "Repair")
    NUMERIC = (3, 5, 6, 8)
    LIFE, REPAIR = 6, 10

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: tuple[records.Finding, ...] = ()
        self.life: dict[str, float | None] = {}
        self.repairs: dict[str, str] = {}

    def set_rows(self, rows: tuple[records.Finding, ...], life: dict[str, float | None],
                 repairs: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows, self.life, self.repairs = rows, life, repairs
        self.endResetModel()

    def update(self, life: dict[str, float | None], repairs: dict[str, str]) -> None:
        """New remaining lives and repair states for the same rows."""
        self.life, self.repairs = life, repairs
        if self.rows:
            self.dataChanged.emit(self.index(0, self.LIFE), self.index(len(self.rows) - 1,
                                                                      self.REPAIR))

    def text(self, f: records.Finding, col: int) -> str:
        return (f.id, f.module, export.words(f.kind), f"{f.condition:.2f}",
                "REPLACE NOW" if f.cls == "replace_now" else CLASS_WORDS[f.cls],
                f"{f.priority:.2f}", life_cell(self.life.get(f.id)), export.words(f.fault),
                f"{f.person_hours:g}", export.words(f.skill),
                self.repairs.get(f.id, ""))[col]

    def sort_key(self, f: records.Finding, col: int):
        if col == 3:
            return f.condition
        if col == 4:
            return records.CLASSES.index(f.cls)
        if col == 5:
            return f.priority
        if col == 6:
            life = self.life.get(f.id)
            return float("inf") if life is None else life
        if col == 8:
            return f.person_hours
        return self.text(f, col)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        f, col = self.rows[index.row()], index.column()
        if role in TEXT_ROLES:
            return self.text(f, col)
        if role == SORT_ROLE:
            return self.sort_key(f, col)
        if role == ID_ROLE:
            return f.id
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self.NUMERIC:
            return RIGHT
        if col == 4 and f.cls == "replace_now":
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(REPLACE_FILL)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(style.TEXT)
            if role == Qt.ItemDataRole.FontRole:
                return _bold()
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{f.id} ({export.words(f.kind)} of {f.target})\n"
                    f"condition {f.condition:.2f}, p(fail) {f.p_fail:.2f}, "
                    f"priority {f.priority:.2f}\n" + (f.note or ""))
        return None


class ComponentFilter(QSortFilterProxyModel):
    """Rows of one module and/or one class, and whose id holds the search text."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.module: str | None = None
        self.cls: str | None = None
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(0)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filters(self, module: str | None, cls: str | None) -> None:
        self.beginFilterChange()
        self.module, self.cls = module, cls
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        f = self.sourceModel().rows[row]
        return ((self.module is None or f.module == self.module)
                and (self.cls is None or f.cls == self.cls)
                and super().filterAcceptsRow(row, parent))


class ListModel(HeaderedModel):
    """Rows of text cells; columns from ``numeric`` on are right-aligned; cells named in
    ``marked`` are bold on the calm amber (something is short)."""

    def __init__(self, headers: tuple[str, ...], numeric: int = 99, parent=None) -> None:
        super().__init__(parent)
        self.HEADERS = headers
        self.numeric = numeric
        self.rows: list[tuple[str, ...]] = []
        self.tips: list[str] = []
        self.marked: set[tuple[int, int]] = set()

    def set_rows(self, rows: list[tuple[str, ...]], headers: tuple[str, ...] | None = None,
                 tips: list[str] | None = None,
                 marked: set[tuple[int, int]] | None = None) -> None:
        self.beginResetModel()
        self.rows = rows
        self.HEADERS = headers or self.HEADERS
        self.tips = tips or []
        self.marked = marked or set()
        self.endResetModel()

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        row, col = index.row(), index.column()
        if role in TEXT_ROLES:
            return self.rows[row][col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= self.numeric:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and row < len(self.tips):
            return self.tips[row]
        if (row, col) in self.marked:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(REPLACE_FILL)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(style.TEXT)
            if role == Qt.ItemDataRole.FontRole:
                return _bold()
        return None


# ----------------------------------------------------------------------------- tables of the report
def plan_rows(plan: records.RepairPlan, crew: tuple[records.Crewmember, ...], days: int
              ) -> tuple[tuple[str, ...], list[tuple[str, ...]], list[str]]:
    """Headers, person x day hours and a tooltip per person (their jobs by day)."""
    hours: dict[str, dict[int, float]] = {}
    jobs: dict[str, list[str]] = {}
    for a in plan.assignments:
        if a.day <= days:
            hours.setdefault(a.person, {}).setdefault(a.day, 0.0)
            hours[a.person][a.day] += a.hours
            jobs.setdefault(a.person, []).append(f"day {a.day}: {a.job} ({a.hours:.1f} h)")
    headers = ("Person", "Skills", *(f"d{d}" for d in range(1, days + 1)), "Total h")
    rows, tips = [], []
    for p in crew:
        if p.name not in hours:
            continue
        by_day = hours[p.name]
        skills = export.skills_text(p.skills)
        rows.append((p.name, skills,
                     *(f"{by_day[d]:.1f}" if d in by_day else "" for d in range(1, days + 1)),
                     f"{sum(by_day.values()):.1f}"))
        tips.append("\n".join(jobs[p.name]))
    return headers, rows, tips


def parts_rows(need: dict[str, int], stock: dict[str, int]
               ) -> tuple[list[tuple[str, ...]], set[tuple[int, int]]]:
    """The spare parts table (the exports' balance) and its short cells, to be marked."""
    balance = export.parts_balance(need, stock)
    rows = [(part, str(needed), str(on_hand or 0), str(short) if short else "")
            for part, needed, on_hand, short in balance]
    return rows, {(k, 3) for k, (*_, short) in enumerate(balance) if short}


def compact_table(object_name: str, accessible_name: str, model) -> ReadOnlyTable:
    """A read-only table with one-line rows."""
    table = ReadOnlyTable(object_name, accessible_name, model)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(ROW_PX)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table
