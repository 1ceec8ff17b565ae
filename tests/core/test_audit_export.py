"""Audit exports: CSV rows match the audit, the HTML report is well formed and says the figures."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

import pytest

from habitat_gui import cli
from habitat_gui.core.maintenance import export
from habitat_gui.core.maintenance.audit import audit as run_audit
from habitat_gui.core.maintenance import ageing, audit_report
from habitat_gui.core import resources
from habitat_gui.core.plant.habitat import load_habitat


@pytest.fixture(scope="module")
def ares_report():
    habitat = load_habitat(resources.builtin("habitats")["ares"])
    return audit_report.report(habitat, ageing.DEFAULT_DAYS, 0)


class Page(HTMLParser):
    """Checks that every element closes in order and collects the tables' cell texts."""

    VOID = {"meta", "br", "hr", "img", "link", "input"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self.heading = ""
        self._text: list[str] | None = None
        self._row: list[str] | None = None
        self._in_h2 = False

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag == "h2":
            self._in_h2, self.heading = True, ""
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._text = []

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()
        if tag == "h2":
            self._in_h2 = False
        elif tag in ("td", "th") and self._row is not None:
            self._row.append("".join(self._text or []).strip())
            self._text = None
        elif tag == "tr" and self._row is not None:
            self.tables.setdefault(self.heading, []).append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._in_h2:
            self.heading += data
        if self._text is not None:
            self._text.append(data)


def parse_page(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    assert not page.errors and not page.stack, (page.errors, page.stack)
    return page


def test_csv_has_one_row_per_component_matching_the_audit(ares_report):
    audit, _, _ = ares_report
    life = {audit.findings[0].id: 0.0, audit.findings[-1].id: 412.4}
    rows = list(csv.DictReader(io.StringIO(export.to_csv(audit, life))))
    assert tuple(rows[0]) == export.CSV_FIELDS
    assert [r["id"] for r in rows] == [f.id for f in audit.findings]
    for row, f in zip(rows, audit.findings):
        assert (row["module"], row["kind"], row["class"], row["fault"], row["skill"]) == \
            (f.module, f.kind, f.cls, f.fault, f.skill)
        assert float(row["condition"]) == pytest.approx(f.condition, abs=5e-5)
        assert float(row["priority"]) == pytest.approx(f.priority, abs=5e-5)
        assert float(row["person_hours"]) == f.person_hours
        parts = [p.rsplit(" x", 1) for p in row["parts"].split("; ")]
        assert [(p, int(n)) for p, n in parts] == list(f.parts)
        assert row["verified"] == ("yes" if f.verified else "no")
    assert rows[0]["remaining_life_days"] == "0" and rows[-1]["remaining_life_days"] == "412"
    assert all(r["remaining_life_days"] == "" for r in rows[1:-1])
    assert sum(r["class"] == "replace_now" for r in rows) == audit.counts["replace_now"]


def test_html_report_is_well_formed_and_carries_the_figures(ares_report):
    audit, crew, plan = ares_report
    need = audit.parts_needed()
    inventory = {"relay": need["relay"] + 5, "connector": 2, "spare fan": 3}
    page = parse_page(export.to_html("Ares <audit>", audit, crew, plan, inventory))
    classes = {row[0]: row[1] for row in page.tables["Condition by class"][1:]}
    assert classes == {"nominal": str(audit.counts["nominal"]),
                       "degrading": str(audit.counts["degrading"]),
                       "replace now": str(audit.counts["replace_now"]),
                       "backlog (person-hours)": f"{audit.backlog_person_hours:.0f}"}
    parts = {row[0]: row[1:] for row in page.tables["Spare parts needed for the backlog"][1:]}
    assert parts["relay"] == [str(need["relay"]), str(need["relay"] + 5), ""]
    assert parts["connector"] == [str(need["connector"]), "2", str(need["connector"] - 2)]
    assert parts["spare fan"] == ["0", "3", ""]
    assert parts["hull seal kit"] == [str(need["hull seal kit"]), "-", str(need["hull seal kit"])]
    top = page.tables["Top 20 priorities"][1:]
    assert [r[1] for r in top] == [f.id for f in audit.findings[:20]]
    by_module = page.tables["Components by module and class"][1:]
    assert sum(int(r[1]) + int(r[2]) + int(r[3]) for r in by_module) == len(audit.findings)
    assert [r[0] for r in page.tables["Crew roster and skills"][1:]] == [p.name for p in crew]
    assert [tuple(r[:2]) for r in page.tables["Cross-training plan"][1:]] == \
        [(p, export.words(s)) for p, s, _ in plan.trainings]
    weeks = page.tables["Backlog by week"]
    assert weeks[1][0] == "without training" and weeks[2][0] == "with training"
    assert [float(h) for h in weeks[1][1:]] == pytest.approx(
        [plan.without.backlog_by_day[k] for k in range(6, len(plan.without.backlog_by_day), 7)],
        abs=0.5)
    assert len(page.tables[f"All {len(audit.jobs())} jobs by priority"]) == len(audit.jobs()) + 1
    assert "<title>Ares &lt;audit&gt;</title>" in export.to_html("Ares <audit>", audit, crew, plan)


def test_parts_balance_is_what_the_report_and_the_view_show():
    balance = export.parts_balance({"relay": 5, "connector": 2}, {"relay": 3, "gasket": 4,
                                                              "connector": 2})
    assert balance == [("connector", 2, 2, 0), ("gasket", 0, 4, 0), ("relay", 5, 3, 2)]
    assert export.parts_balance({"relay": 1}, {}) == [("relay", 1, None, 1)]


def test_cli_audit_writes_csv_and_html(tmp_path, capsys):
    out_csv, out_html = tmp_path / "audit.csv", tmp_path / "audit.html"
    assert cli.main(["audit", "--days", "900", "--seed", "3", "--csv", str(out_csv),
                     "--html", str(out_html)]) == 0
    assert "maintenance audit after 900 days" in capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    habitat = load_habitat(resources.builtin("habitats")["ares"])
    audit = run_audit(ageing.age(habitat, 900, 3))
    assert [r["id"] for r in rows] == [f.id for f in audit.findings]
    page = parse_page(out_html.read_text(encoding="utf-8"))
    assert page.tables["Condition by class"][3] == ["replace now",
                                                    str(audit.counts["replace_now"])]
