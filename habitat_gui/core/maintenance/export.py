"""The maintenance audit as CSV (one row per component) and as a printable HTML report.

Both are plain text built with the standard library (``csv``, ``html.escape``); the HTML
is one self-contained page (inline CSS, no scripts, no external files) with print styles.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from html import escape
from collections.abc import Iterable

from .cross_training import TrainingPlan
from .records import CLASSES, Audit, Crewmember, Finding, RepairPlan, horizon_text

CSV_FIELDS = ("id", "module", "kind", "condition", "class", "priority", "p_fail", "fault",
              "person_hours", "skill", "parts", "verified", "note", "remaining_life_days")
CLASS_WORDS = {"nominal": "nominal", "degrading": "degrading", "replace_now": "replace now"}
TOP = 20
DAYS_PER_WEEK = 7

Life = Mapping[str, "float | None"]  # component id -> days to the replace-now line


def words(name: str) -> str:
    """``life_support`` -> ``life support``: identifiers as the reports print them."""
    return name.replace("_", " ")


def skills_text(skills: Mapping[str, int]) -> str:
    """``{"electrical": 2, "medical": 1}`` -> ``electrical 2, medical 1``."""
    return ", ".join(f"{words(s)} {level}" for s, level in sorted(skills.items()))


def parts_text(parts: Iterable[tuple[str, int]]) -> str:
    """``(("relay", 1), ("connector", 2))`` -> ``relay x1; connector x2``."""
    return "; ".join(f"{part} x{count}" for part, count in parts)


def life_text(days: float | None) -> str:
    """Days to the replace-now line, rounded; ``""`` when unknown or never."""
    return "" if days is None else f"{days:.0f}"


def csv_rows(audit: Audit, life: Life | None = None) -> list[dict[str, str]]:
    """One row per component, in the audit's order (highest priority first)."""
    life = life or {}
    return [{"id": f.id, "module": f.module, "kind": f.kind,
             "condition": f"{f.condition:.4f}", "class": f.cls,
             "priority": f"{f.priority:.4f}", "p_fail": f"{f.p_fail:.4f}", "fault": f.fault,
             "person_hours": f"{f.person_hours:g}", "skill": f.skill,
             "parts": parts_text(f.parts), "verified": "yes" if f.verified else "no",
             "note": f.note, "remaining_life_days": life_text(life.get(f.id))}
            for f in audit.findings]


def to_csv(audit: Audit, life: Life | None = None) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(audit, life))
    return out.getvalue()


def parts_balance(need: Mapping[str, int], stock: Mapping[str, int]
                  ) -> list[tuple[str, int, int | None, int]]:
    """Per spare part, by name: needed, on hand (None when the stock does not list it) and
    short (0 when enough)."""
    return [(part, need.get(part, 0), stock.get(part),
             max(need.get(part, 0) - stock.get(part, 0), 0))
            for part in sorted(set(need) | set(stock))]


def weekly_backlog(plan: RepairPlan) -> list[float]:
    """Person-hours left at the end of each whole week of the plan."""
    return [plan.backlog_by_day[k]
            for k in range(DAYS_PER_WEEK - 1, len(plan.backlog_by_day), DAYS_PER_WEEK)]


def by_module(audit: Audit) -> dict[str, dict[str, int]]:
    """Component counts per module and class, modules in alphabetical order."""
    out: dict[str, dict[str, int]] = {}
    for f in sorted(audit.findings, key=lambda f: f.module):
        out.setdefault(f.module, dict.fromkeys(CLASSES, 0))[f.cls] += 1
    return out


# ------------------------------------------------------------------ HTML
CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #1e1e1e;
       background: #ffffff; margin: 1.5em; }
h1 { font-size: 16pt; margin: 0 0 0.2em 0; }
h2 { font-size: 12pt; border-bottom: 1px solid #7a7a7a; margin: 1.4em 0 0.4em 0; }
p.meta { color: #555555; margin: 0 0 1em 0; }
table { border-collapse: collapse; margin: 0.3em 0 0.6em 0; }
th, td { border: 1px solid #b0b0b0; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #e4e4e4; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.replace_now td.cls { font-weight: bold; }
td.short { font-weight: bold; }
.figures td { font-size: 11pt; }
section { break-inside: avoid; }
section.long { break-inside: auto; }
@media print {
  body { margin: 0; font-size: 9pt; }
  h2 { break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  section.long { break-before: page; }
}
"""


def _names(skills: Iterable[str]) -> str:
    return ", ".join(words(s) for s in skills) or "none"


def _cell(value: object, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<td{attr}>{escape(str(value))}</td>"


def _table(headers: Iterable[str], rows: Iterable[str], numeric_from: int = 99) -> str:
    head = "".join(f'<th class="num">{escape(h)}</th>' if k >= numeric_from
                   else f"<th>{escape(h)}</th>" for k, h in enumerate(headers))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _finding_row(f: Finding, life: Life) -> str:
    return (f'<tr class="{f.cls}">' + _cell(f"{f.priority:.2f}", "num") + _cell(f.id)
            + _cell(f.module) + _cell(words(f.kind)) + _cell(f"{f.condition:.2f}", "num")
            + _cell(CLASS_WORDS[f.cls], "cls") + _cell(life_text(life.get(f.id)), "num")
            + _cell(words(f.fault)) + _cell(f"{f.person_hours:g}", "num") + _cell(words(f.skill))
            + _cell(parts_text(f.parts)) + _cell(f.note) + "</tr>")


FINDING_HEADERS = ("priority", "component", "module", "kind", "condition", "class",
                   "life (days)", "would cause", "person-hours", "skill", "parts", "note")


def _findings_table(findings: Iterable[Finding], life: Life) -> str:
    return _table(FINDING_HEADERS, (_finding_row(f, life) for f in findings))


def to_html(title: str, audit: Audit, crew: tuple[Crewmember, ...], training: TrainingPlan,
            inventory: Mapping[str, int] | None = None, life: Life | None = None,
            when: str = "") -> str:
    """The printable report: counts by class, backlog, parts needed against the inventory,
    top priorities, components by module and class, crew and skills, the cross-training plan
    and the backlog by week with and without it, then every job by priority."""
    life = life or {}
    counts = audit.counts
    meta = (f"Audit after {audit.days:g} days of service, seed {audit.seed}"
            + (f", {when}" if when else "") + f". {len(audit.findings)} components.")
    figures = _table(("", "components"), [
        *(f"<tr>{_cell(CLASS_WORDS[c])}{_cell(counts[c], 'num')}</tr>" for c in CLASSES),
        f"<tr>{_cell('backlog (person-hours)')}"
        f"{_cell(f'{audit.backlog_person_hours:.0f}', 'num')}</tr>"], numeric_from=1)
    need = audit.parts_needed()
    stock = dict(inventory or {})
    part_rows = [f"<tr>{_cell(part)}{_cell(needed, 'num')}"
                 + _cell('-' if on_hand is None else on_hand, 'num')
                 + _cell(short or "", "num short" if short else "num") + "</tr>"
                 for part, needed, on_hand, short in parts_balance(need, stock)]
    parts = _table(("part", "needed", "on hand", "short"), part_rows, numeric_from=1) \
        if inventory is not None else _table(("part", "needed"), (
            f"<tr>{_cell(p)}{_cell(n, 'num')}</tr>" for p, n in sorted(need.items())), 1)
    modules = _table(("module", *(CLASS_WORDS[c] for c in CLASSES)), (
        f"<tr>{_cell(m)}" + "".join(_cell(n[c], "num") for c in CLASSES) + "</tr>"
        for m, n in by_module(audit).items()), numeric_from=1)
    roster = _table(("name", "module", "maintenance h/day", "skills (level)"), (
        f"<tr>{_cell(p.name)}{_cell(p.module)}{_cell(f'{p.hours_per_day:g}', 'num')}"
        + _cell(skills_text(p.skills)) + "</tr>"
        for p in crew))
    trainings = _table(("person", "learns", "level 1 from day"), (
        f"<tr>{_cell(p)}{_cell(words(s))}{_cell(d, 'num')}</tr>"
        for p, s, d in training.trainings),
        numeric_from=2) if training.trainings else "<p>No cross-training needed.</p>"
    without, with_ = weekly_backlog(training.without), weekly_backlog(training.with_training)
    weeks = _table(("person-hours left", *(f"week {k + 1}" for k in range(len(without)))), (
        f"<tr>{_cell(name)}" + "".join(_cell(f"{h:.0f}", "num") for h in hours) + "</tr>"
        for name, hours in (("without training", without), ("with training", with_))),
        numeric_from=1)
    jobs = audit.jobs()
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>{CSS}</style></head><body>
<h1>{escape(title)}</h1>
<p class="meta">{escape(meta)}</p>
<section><h2>Condition by class</h2>{figures}</section>
<section><h2>Spare parts needed for the backlog</h2>{parts}</section>
<section><h2>Top {min(TOP, len(audit.findings))} priorities</h2>
{_findings_table(audit.findings[:TOP], life)}</section>
<section><h2>Components by module and class</h2>{modules}</section>
<section><h2>Crew roster and skills</h2>{roster}</section>
<section><h2>Cross-training plan</h2>{trainings}
<p>Skills resting on one person: {escape(_names(training.single_points_before))} before,
{escape(_names(training.single_points_after))} after.
Backlog cleared without training: {escape(horizon_text(training.without))}; with training:
{escape(horizon_text(training.with_training))}.</p></section>
<section><h2>Backlog by week</h2>{weeks}</section>
<section class="long"><h2>All {len(jobs)} jobs by priority</h2>
{_findings_table(jobs, life)}</section>
</body></html>
"""
