"""Remaining life and condition trends from the audit on record and each component's wear."""

from __future__ import annotations

from dataclasses import replace

import pytest

from habitat_gui.core import constants
from habitat_gui.core.maintenance import data as maintenance_data
from habitat_gui.core.maintenance import records
from habitat_gui.core.maintenance import ageing
from habitat_gui.core import resources
from habitat_gui.core.maintenance import outlook
from habitat_gui.core.plant.habitat import load_habitat
from habitat_gui.core.simulation import Simulation


@pytest.fixture(scope="module")
def report():
    return Simulation(load_habitat(resources.builtin("habitats")["ares"])).maintenance()


def test_life_is_the_time_to_the_replace_now_line_from_the_audited_condition(report):
    life = outlook.report_life(report)
    by_id = {c.id: c for c in report.components}
    degrading = [f for f in report.audit.findings if f.cls == "degrading"]
    assert degrading and all(life[f.id] == 0.0 for f in report.audit.findings
                             if f.cls == "replace_now")
    for f in degrading[::20]:
        at = ageing.condition_at(replace(by_id[f.id], condition=f.condition), life[f.id])
        assert at == pytest.approx(maintenance_data.builtin().replace_below, abs=1e-6)
    ten_days_on = replace(report, t_s=report.t_s + 10 * constants.SECONDS_PER_DAY,
                          service_days=report.service_days + 10)
    later = outlook.report_life(ten_days_on)
    assert all(later[f.id] == pytest.approx(max(life[f.id] - 10.0, 0.0)) for f in degrading)


def test_trend_runs_from_new_through_the_record_to_the_projection(report):
    f = next(f for f in report.audit.findings if f.cls == "degrading")
    trend = outlook.trend(report, f.id, ahead_days=400)
    life = outlook.report_life(report)[f.id]
    assert trend.past_days[0] == pytest.approx(0.0, abs=1e-6)  # never repaired: new at day 0
    assert trend.past[0] == pytest.approx(1.0)
    assert trend.past[-1] == pytest.approx(f.condition) == trend.recorded
    assert trend.projected_days[0] == trend.recorded_day == pytest.approx(report.service_days)
    assert trend.projected_days[-1] == pytest.approx(report.service_days + 400)
    below = next(d for d, c in zip(trend.projected_days, trend.projected)
                 if c < maintenance_data.builtin().replace_below)
    assert below == pytest.approx(report.service_days + life, abs=400 / outlook.TREND_POINTS + 1)
    assert all(a >= b for a, b in zip(trend.projected, trend.projected[1:]))
    assert outlook.trend(report, "no-such-component") is None


def test_a_repair_puts_the_record_at_its_end(report):
    f = next(f for f in report.audit.findings if f.cls == "replace_now")
    done_t_s = 5 * constants.SECONDS_PER_DAY
    repaired = replace(
        report, t_s=done_t_s, service_days=report.service_days + 5,
        audit=replace(report.audit, findings=tuple(
            replace(g, condition=1.0, cls="nominal") if g.id == f.id else g
            for g in report.audit.findings)),
        repairs=(records.RepairJob(f.id, "Kim", 0.0, done_t_s, "done"),))
    assert outlook.recorded_t_s(repaired)[f.id] == done_t_s
    trend = outlook.trend(repaired, f.id)
    assert trend.recorded_day == pytest.approx(report.service_days + 5)
    assert trend.past_days[0] == pytest.approx(trend.recorded_day) and trend.past[0] == 1.0
    assert outlook.report_life(repaired)[f.id] > 100


def test_a_component_found_failed_shows_its_wear_then_the_drop(report):
    f = next(f for f in report.audit.findings if f.id == "hab-3.relay")
    failed = replace(report, audit=replace(report.audit, findings=tuple(
        replace(g, condition=0.0, cls="replace_now") if g.id == f.id else g
        for g in report.audit.findings)))
    trend = outlook.trend(failed, f.id)
    assert trend.past_days[0] == 0.0 and trend.past[0] == 1.0
    assert trend.past[-2] == pytest.approx(f.condition, rel=1e-6) and trend.past[-1] == 0.0
    assert all(c == 0.0 for c in trend.projected) and outlook.report_life(failed)[f.id] == 0.0
