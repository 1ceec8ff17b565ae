"""The maintenance view (L4), driven by clicks: sort, filter, detail, inspect, repair, export."""

from __future__ import annotations

import csv
import io

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from habitat_gui.core.maintenance import data as maintenance_data
from habitat_gui.contract.commands import Command
from habitat_gui.ui.maintenance import models
from habitat_gui.ui.maintenance.view import MaintenanceView
from patience import PATIENCE_MS
from support import OFFSCREEN_NOISE, ScriptedPrompts, ares_source, make_window

# opening the view floats its dock, which the offscreen plugin cannot raise
pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, r"This plugin does not support raise\(\)")


def open_view(qtbot, tmp_path, source=None, prompts=None):
    window = make_window(qtbot, tmp_path, source, prompts)
    window.command_actions["maintenance_view"].trigger()
    view = window.docks["maintenance"].view()
    qtbot.waitUntil(view.on_screen, timeout=PATIENCE_MS)
    return window, view


def click_header(qtbot, view, column: int) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def click_row(qtbot, view, component_id: str) -> None:
    row = view.visible_ids().index(component_id)
    index = view.proxy.index(row, 0)
    view.table.scrollTo(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.table.visualRect(index).center())


def close_door_of(seal_id: str) -> Command:
    return Command.of("close", interconnect=seal_id.rsplit(".", 1)[0])


def column_values(view, column: int) -> list:
    return [view.proxy.index(r, column).data(models.SORT_ROLE)
            for r in range(view.proxy.rowCount())]


def test_the_view_opens_from_the_menu_with_the_published_audit(qtbot, tmp_path):
    window, view = open_view(qtbot, tmp_path)
    report = window.station.source.maintenance()
    assert window.docks["maintenance"].isFloating()
    assert view.proxy.rowCount() == len(report.audit.findings) == 454
    assert f"Backlog {report.audit.backlog_person_hours:.0f} person-hours" in view.summary.text()
    assert f"replace now <b>{report.audit.counts['replace_now']}</b>" in view.summary.text()
    # highest priority first, as the audit orders it
    assert view.visible_ids()[:5] == [f.id for f in report.audit.findings[:5]]
    parts = {view.parts_model.rows[r][0]: view.parts_model.rows[r][1:]
             for r in range(view.parts_model.rowCount())}
    need = report.audit.parts_needed()
    assert parts["relay"] == (str(need["relay"]), str(report.inventory["relay"]),
                              str(need["relay"] - report.inventory["relay"]))
    trained = [view.training_model.rows[r][0] for r in range(view.training_model.rowCount())]
    assert trained == [p for p, _, _ in report.training.trainings]


def test_clicking_headers_sorts_and_the_filters_narrow_the_table(qtbot, tmp_path):
    _, view = open_view(qtbot, tmp_path)
    click_header(qtbot, view, 3)  # condition
    first = column_values(view, 3)
    click_header(qtbot, view, 3)
    second = column_values(view, 3)
    assert {tuple(first), tuple(second)} == {tuple(sorted(first)), tuple(sorted(first,
                                                                               reverse=True))}
    assert first != second
    click_header(qtbot, view, 6)  # remaining life: numbers, not text
    lives = column_values(view, 6)
    assert lives in (sorted(lives), sorted(lives, reverse=True))

    view.set_module_filter("hab-3")
    rows = [view.components.rows[view.proxy.mapToSource(view.proxy.index(r, 0)).row()]
            for r in range(view.proxy.rowCount())]
    assert rows and {f.module for f in rows} == {"hab-3"}
    assert view.buttons["inspect"].text() == "Inspect hab-3"
    view.set_class_filter("replace_now")
    ids = view.visible_ids()
    expected = [f.id for f in view.report.audit.findings
                if f.module == "hab-3" and f.cls == "replace_now"]
    assert sorted(ids) == sorted(expected) and ids
    assert view.shown.text() == f"{len(ids)} of 454 components"
    view.set_class_filter(None)
    qtbot.keyClicks(view.search, "STACK")
    assert view.visible_ids() and all(i.startswith("hab-3.") and "stack" in i
                                      for i in view.visible_ids())
    view.search.clear()
    view.set_module_filter(None)
    assert view.proxy.rowCount() == 454


def test_selecting_a_component_shows_its_detail_and_trend(qtbot, tmp_path):
    _, view = open_view(qtbot, tmp_path)
    f = next(f for f in view.report.audit.findings if f.cls == "degrading")
    click_row(qtbot, view, f.id)
    assert view.selected_id() == f.id
    text = view.detail.text()
    assert f.id in text and "degrading" in text and f"{f.person_hours:g} person-hours" in text
    life = view.life[f.id]
    assert life > 0 and f"{life:.0f} days to the replace-now line" in text
    past_x, past_y = view.past_curve.getData()
    ahead_x, ahead_y = view.future_curve.getData()
    assert past_y[0] == pytest.approx(1.0) and past_y[-1] == pytest.approx(f.condition)
    assert ahead_x[0] == pytest.approx(view.report.service_days)
    replace_below = maintenance_data.builtin().replace_below
    crossing = ahead_x[next(k for k, c in enumerate(ahead_y) if c < replace_below)]
    assert crossing == pytest.approx(view.report.service_days + life, abs=4.0)
    assert view.buttons["repair"].isEnabled() and not view.buttons["cancel"].isEnabled()
    nominal = next(f for f in view.report.audit.findings if f.cls == "nominal")
    click_row(qtbot, view, nominal.id)
    assert not view.buttons["repair"].isEnabled()


def test_inspect_and_schedule_repair_go_through_the_command_path(qtbot, tmp_path):
    source = ares_source("hab3-generator-failure")
    # at the drill's start the relay has fused and the generator failed
    prompts = ScriptedPrompts()
    window, view = open_view(qtbot, tmp_path, source, prompts)
    relay = next(f for f in view.report.audit.findings if f.id == "hab-3.relay")
    assert relay.cls != "replace_now"  # on record from before: nobody has looked yet
    assert any(r.fused for r in window.station.latest.relays if r.module == "hab-3")
    view.set_module_filter("hab-3")
    qtbot.mouseClick(view.buttons["inspect"], Qt.MouseButton.LeftButton)
    record = source.simulation.history[-1]
    assert (record.command, record.args, record.outcome) == ("inspect", {"module": "hab-3"},
                                                             "accepted")
    assert "hab-3" in view.report.inspected_t_s
    relay = next(f for f in view.report.audit.findings if f.id == "hab-3.relay")
    assert relay.cls == "replace_now" and "fused" in relay.note

    click_row(qtbot, view, "hab-3.relay")
    label, person = view.repair_candidates(relay)[0]
    prompts.target = label
    qtbot.mouseClick(view.buttons["repair"], Qt.MouseButton.LeftButton)
    assert prompts.choices[-1][0] == label and "electrical" in label
    record = source.simulation.history[-1]
    assert (record.command, record.args["person"], record.outcome) == \
        ("repair", person, "accepted"), record.reason
    row = view.visible_ids().index("hab-3.relay")
    assert view.proxy.index(row, 10).data().startswith(f"walking ({person})")
    assert view.buttons["cancel"].isEnabled() and not view.buttons["repair"].isEnabled()

    for _ in range(3):  # the end is re-estimated when the work begins, after the walk
        source.simulation.run_until(view.report.repairs[-1].done_t_s + 2)
        window.station.publish()  # the repair's events arrive: the view reads the report
        if view.report.repairs[-1].state == "done":
            break
    assert view.report.repairs[-1].state == "done"
    relay = next(f for f in view.report.audit.findings if f.id == "hab-3.relay")
    assert relay.cls == "nominal" and view.life["hab-3.relay"] > 0
    assert not any(r.fused for r in window.station.latest.relays if r.module == "hab-3")
    row = view.visible_ids().index("hab-3.relay")
    assert view.proxy.index(row, 4).data() == "nominal"
    assert view.selected_id() == "hab-3.relay" and "repaired" in view.detail.text()


def test_a_repair_that_takes_a_unit_offline_asks_first_and_cancel_returns_the_parts(
        qtbot, tmp_path):
    prompts = ScriptedPrompts(confirm=False)
    window, view = open_view(qtbot, tmp_path, prompts=prompts)
    window.station.preview = None  # the forecast beside the confirmation is tested elsewhere
    history = window.station.source.simulation.history
    f = next(f for f in view.report.audit.findings  # the standby scrubber: not running
             if f.id.startswith("hab-4.cdra-b.harness") and f.cls != "nominal")
    click_row(qtbot, view, f.id)
    prompts.target = view.repair_candidates(f)[0][0]
    before = dict(view.report.inventory)
    qtbot.mouseClick(view.buttons["repair"], Qt.MouseButton.LeftButton)
    command, hazard = prompts.confirmations[-1]
    assert command.startswith(f"repair component={f.id}") and "stays offline" in hazard
    assert not history  # declined: nothing submitted
    prompts.answer = True
    qtbot.mouseClick(view.buttons["repair"], Qt.MouseButton.LeftButton)
    assert history[-1].outcome == "accepted", history[-1].reason
    assert view.report.inventory["harness segment"] == before["harness segment"] - 1
    qtbot.mouseClick(view.buttons["cancel"], Qt.MouseButton.LeftButton)
    assert history[-1].command == "cancel_repair" and history[-1].outcome == "accepted"
    assert view.report.inventory == before and view.report.repairs[-1].state == "cancelled"
    assert view.buttons["repair"].isEnabled() and not view.buttons["cancel"].isEnabled()


def test_export_buttons_write_the_files(qtbot, tmp_path, monkeypatch):
    _, view = open_view(qtbot, tmp_path)
    target = {"csv": tmp_path / "audit.csv", "html": tmp_path / "audit.html"}
    for kind in ("csv", "html"):
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            staticmethod(lambda *a, k=kind: (str(target[k]), "")))
        qtbot.mouseClick(view.buttons[kind], Qt.MouseButton.LeftButton)
    rows = list(csv.DictReader(io.StringIO(target["csv"].read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == [f.id for f in view.report.audit.findings]
    assert rows[0]["remaining_life_days"] == "0"
    html = target["html"].read_text(encoding="utf-8")
    assert "Ares Base: maintenance audit" in html and "on hand" in html


def test_an_export_that_cannot_be_written_warns_with_the_path_and_reason(qtbot, tmp_path,
                                                                        monkeypatch):
    _, view = open_view(qtbot, tmp_path)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda parent, title, text, *a: shown.append((title, text))))
    folder = tmp_path / "a-folder"
    folder.mkdir()
    missing = tmp_path / "no-such-folder" / "audit.html"
    for kind, target in (("csv", folder), ("html", missing)):
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            staticmethod(lambda *a, t=target: (str(t), "")))
        qtbot.mouseClick(view.buttons[kind], Qt.MouseButton.LeftButton)
    assert shown == [("Export the audit", f"Cannot write {folder}:\nIs a directory"),
                     ("Export the audit", f"Cannot write {missing}:\nNo such file or directory")]
    assert not missing.parent.exists()


def test_the_view_is_built_when_first_wanted_and_reads_the_report_only_when_shown(
        qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    dock = window.docks["maintenance"]
    window.station.publish()
    assert not dock.built  # a tab behind the trends: nothing built or read at start
    window.station.source.simulation.advance(3600)
    window.station.publish()
    assert not dock.built
    window.command_actions["maintenance_view"].trigger()
    view = dock.view()
    qtbot.waitUntil(view.on_screen, timeout=PATIENCE_MS)
    assert view.refresh_count == 1 and view.report.t_s == 3600
    window.station.publish()  # a tick with little time passed: no new read
    assert view.refresh_count == 1
    window.station.issue(close_door_of("hab-1/command.seal-1"))
    assert view.refresh_count == 2
    dock.setFloating(False)
    window.docks["trends"].raise_()
    qtbot.waitUntil(lambda: not view.on_screen(), timeout=PATIENCE_MS)
    window.station.issue(close_door_of("hab-2/hab-3.seal-1"))
    assert view.refresh_count == 2 and view.stale  # hidden: read when shown again
    dock.raise_()
    qtbot.waitUntil(lambda: view.refresh_count == 3, timeout=PATIENCE_MS)
    assert not view.stale


def test_a_shown_view_follows_the_plant_at_most_once_a_wall_second(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, show=False)
    station, now = window.station, [10.0]
    view = MaintenanceView(station, station.source, clock=lambda: now[0])
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(view.on_screen, timeout=PATIENCE_MS)
    view.refresh()
    before = view.refresh_count
    station.source.simulation.advance(2 * models.REFRESH_SIM_S)
    station.publish()
    assert view.refresh_count == before  # the plant moved on, but no wall time passed
    now[0] += models.REFRESH_WALL_MS / 1000.0
    station.publish()
    assert view.refresh_count == before + 1 and view.report.t_s == station.latest.t_s
    now[0] += 10 * models.REFRESH_WALL_MS / 1000.0
    station.publish()
    assert view.refresh_count == before + 1  # wall time passed, but the plant stood still


def test_repairing_a_part_that_did_not_cause_the_fault_warns_first(qtbot, tmp_path):
    source = ares_source("hab3-generator-failure")  # the primary failed hours ago
    prompts = ScriptedPrompts(confirm=False)
    window, view = open_view(qtbot, tmp_path, source=source, prompts=prompts)
    window.station.preview = None  # the forecast beside the confirmation is tested elsewhere
    window.station.issue(Command.of("inspect", module="hab-3"))
    view.refresh()
    click_row(qtbot, view, "hab-3.oga-a.stack-4")
    assert "not the cause (the cause is hab-3.oga-a.harness-7)" in view.detail.text()
    f = view.selected()
    prompts.target = view.repair_candidates(f)[0][0]
    qtbot.mouseClick(view.buttons["repair"], Qt.MouseButton.LeftButton)
    command, hazard = prompts.confirmations[-1]
    assert command.startswith("repair component=hab-3.oga-a.stack-4")
    assert "Repairing hab-3.oga-a.stack-4 will not clear hab-3.oga-a's fault: the cause is " \
           "hab-3.oga-a.harness-7." in hazard
    assert source.simulation.history[-1].command != "repair"  # declined: not sent
