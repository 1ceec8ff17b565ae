"""Maintenance audit: seeded decay, inspection and cross-check, repair and cross-training plans."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace

import pytest

from habitat_gui import cli
from habitat_gui.core.maintenance import data as maintenance_data
from habitat_gui.core.maintenance.records import kinds
from habitat_gui.core.maintenance.audit import audit as run_audit, condition_class, p_fail
from habitat_gui.core.maintenance import records
from habitat_gui.core.maintenance import ageing, audit_report, cross_training, roster
from habitat_gui.core import resources
from habitat_gui.core.plant.habitat import load_habitat
from habitat_gui.core.simulation import Simulation


@pytest.fixture(scope="module")
def ares():
    return load_habitat(resources.builtin("habitats")["ares"])


@pytest.fixture(scope="module")
def ares_report(ares):
    return audit_report.report(ares, ageing.DEFAULT_DAYS, 0)


def conditions(audit):
    return {f.id: f.condition for f in audit.findings}


def test_decay_is_seeded_and_reproducible(ares):
    first = run_audit(ageing.age(ares, 1200, 7))
    again = run_audit(ageing.age(ares, 1200, 7))
    other = run_audit(ageing.age(ares, 1200, 8))
    assert first == again
    assert conditions(first) != conditions(other)
    new = run_audit(ageing.age(ares, 0, 7)).findings
    assert all(f.condition == 1.0 and f.cls == "nominal" for f in new)
    young, old = conditions(run_audit(ageing.age(ares, 300, 7))), conditions(first)
    assert all(old[k] <= young[k] for k in young if not k.endswith((".pressure", ".o2", ".co2")))


def test_every_model_part_has_components(ares):
    fleet = ageing.age(ares, 1200, 0)
    targets = {c.target for c in fleet.components}
    assert set(ares.module_ids()) <= targets
    assert {i.id for i in ares.interconnects} <= targets
    assert {e.id for e in ares.equipment} <= targets
    assert {s.id for s in ares.sensors} <= targets
    assert {f"{m}.relay" for m in ("hab-1", "hab-2", "hab-3", "hab-4")} <= targets
    assert {c.kind for c in fleet.components} == set(kinds())


def test_dust_beside_an_airlock_decays_faster(ares):
    no_airlock = replace(ares, interconnects=tuple(replace(i, kind="hatch")
                                                   for i in ares.interconnects))
    dusty = {c.id: c for c in ageing.age(ares, 1200, 3).components}
    clean = {c.id: c for c in ageing.age(no_airlock, 1200, 3).components}
    near = [k for k, c in dusty.items() if c.dust and c.kind in ("wiring_harness", "hull_seal")]
    assert near and {dusty[k].module for k in near} == {"command", "workshop"}
    assert all(dusty[k].condition < clean[k].condition for k in near)
    assert all(dusty[k].condition == clean[k].condition
               for k in dusty if not dusty[k].dust and not k.startswith("command/workshop"))


def test_ares_audit_has_a_credible_size(ares_report):
    audit, _, _ = ares_report
    counts = audit.counts
    assert 200 <= counts["degrading"] <= 290
    assert 60 <= counts["replace_now"] <= 110
    assert 450 <= audit.backlog_person_hours <= 750
    priorities = [f.priority for f in audit.findings]
    assert priorities == sorted(priorities, reverse=True)
    for f in audit.findings:
        assert f.cls == condition_class(f.condition)
        assert f.priority == pytest.approx(kinds()[f.kind].criticality * p_fail(f.condition))


def test_audit_finds_an_injected_fused_relay(ares):
    sim = Simulation(ares, seed=1)
    sim.inject("relay_fused", "hab-3.relay")
    sim.advance(5)
    audit = run_audit(ageing.age(ares, 0, 1), sim.world)
    found = {f.id: f for f in audit.findings}["hab-3.relay"]
    assert found.cls == "replace_now" and found.fault == "relay_fused"
    assert audit.findings[0].id == "hab-3.relay"
    assert audit.counts["replace_now"] == 1 and audit.counts["degrading"] == 0


def test_audit_finds_a_miscalibrated_sensor_by_cross_check(ares):
    sim = Simulation(ares, seed=1)
    sim.inject("sensor_miscalibration", "hab-2.pressure", gain=0.08)
    sim.advance(5)
    audit = run_audit(ageing.age(ares, 0, 1), sim.world)
    bad = [f for f in audit.findings if f.cls != "nominal"]
    assert [f.id for f in bad] == ["hab-2.pressure"]
    assert bad[0].cls == "replace_now" and bad[0].fault == "sensor_miscalibration"
    assert bad[0].verified and bad[0].note == "cross-checked"
    # the audit never reads the sensor's own error: the same sensor, healthy, is nominal
    clean = Simulation(ares, seed=1)
    clean.advance(5)
    assert run_audit(ageing.age(ares, 0, 1), clean.world).counts["nominal"] == len(audit.findings)


def test_isolated_module_checks_pressure_against_ppo2(ares):
    sim = Simulation(ares, seed=1)
    sim.inject("sensor_miscalibration", "hab-4.o2", gain=-0.1)
    for link in ares.interconnects:
        sim.world.links[link.id].state = "closed"
    sim.advance(5)
    found = {f.id: f for f in run_audit(ageing.age(ares, 0, 1), sim.world).findings}
    assert found["hab-4.o2"].cls != "nominal" and found["hab-4.pressure"].cls != "nominal"
    assert found["hab-1.o2"].cls == "nominal"
    assert not found["hab-4.co2"].verified


def test_plan_respects_hours_and_skills(ares_report):
    audit, crew, plan = ares_report
    people = {p.name: p for p in crew}
    ready = {(p, s): d for p, s, d in plan.trainings}
    jobs = {f.id: f for f in audit.jobs()}
    for repair, trained in ((plan.without, {}), (plan.with_training, ready)):
        worked = defaultdict(float)
        for a in repair.assignments:
            worked[(a.day, a.person)] += a.hours
            skill = jobs[a.job].skill
            assert (people[a.person].level(skill) >= 1
                    or trained.get((a.person, skill), 10 ** 9) <= a.day)
        assert all(h <= people[name].hours_per_day + 1e-9 for (_, name), h in worked.items())
        assert repair.backlog_by_day == tuple(sorted(repair.backlog_by_day, reverse=True))


def test_cross_training_shortens_the_backlog(ares_report):
    _, _, plan = ares_report
    assert plan.trainings
    assert plan.with_training.horizon_days < plan.without.horizon_days
    assert all(a >= b for a, b in zip(plan.without.backlog_by_day,
                                      plan.with_training.backlog_by_day))


def test_cross_training_removes_single_points_of_failure(ares):
    audit = run_audit(ageing.age(ares, 1200, 0))
    crew = (records.Crewmember("A", "hab-1", 4, {"electrical": 3}),
            records.Crewmember("B", "hab-1", 4, {"life_support": 2, "fabrication": 2}),
            records.Crewmember("C", "hab-2", 4, {"life_support": 1, "pressure_suits": 2}),
            records.Crewmember("D", "hab-2", 4, {"fabrication": 1, "pressure_suits": 1}),
            records.Crewmember("E", "hab-3", 2, {"medical": 2}))
    plan = cross_training.cross_training(audit, crew)
    assert plan.single_points_before == ("electrical",)
    assert plan.single_points_after == ()
    assert any(skill == "electrical" for _, skill, _ in plan.trainings)


def test_crew_skills_are_seeded(ares):
    assert roster.crew_skills(ares, 4) == roster.crew_skills(ares, 4)
    assert roster.crew_skills(ares, 4) != roster.crew_skills(ares, 5)
    for p in roster.crew_skills(ares, 4):
        assert p.skills and all(s in maintenance_data.builtin().skills and 1 <= lvl <= 3
                                for s, lvl in p.skills.items())


def test_cli_audit_json(tmp_path, capsys):
    out = tmp_path / "audit.json"
    assert cli.main(["audit", "--days", "1200", "--seed", "0", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "degrading" in text and "person-hours" in text and "cross-training" in text
    data = json.loads(out.read_text())
    assert set(data["counts"]) == {"nominal", "degrading", "replace_now"}
    assert data["backlog_person_hours"] > 0
    assert {"id", "module", "kind", "condition", "class", "priority"} <= set(data["components"][0])
    assert sum(data["counts"].values()) == len(data["components"])
    assert isinstance(data["plan"], list) and data["plan"]
    assert {"person", "learns", "ready_day"} <= set(data["plan"][0])


def test_cli_audit_bad_habitat_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "X"\n[[modules]]\nid = "a"\nvolume_m3 = "big"\n')
    assert cli.main(["audit", "--habitat", str(bad)]) == cli.EXIT_BAD_INPUT
    err = capsys.readouterr().err.strip()
    assert err == f"{bad}:4: 'volume_m3' must be a number, got 'big'"


@pytest.mark.parametrize("days", ["nan", "inf", "-1", "-inf", "1e300", "36501", "ten"])
def test_cli_audit_rejects_days_that_are_no_age(days, capsys):
    assert cli.main(["audit", f"--days={days}"]) == cli.EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    assert out == "" and err == (f"habitat-sim audit: error: argument --days: expected days "
                                 f"between 0 and 36500, got {days}\n")


def test_cli_audit_ages_the_fleet_once_for_every_export(tmp_path, monkeypatch, capsys):
    aged = []
    age = ageing.age
    monkeypatch.setattr(ageing, "age", lambda *a, **k: aged.append(a) or age(*a, **k))
    assert cli.main(["audit", "--days", "300", "--json", str(tmp_path / "a.json"),
                     "--csv", str(tmp_path / "a.csv"), "--html", str(tmp_path / "a.html")]) == 0
    assert len(aged) == 1
    assert (tmp_path / "a.csv").read_text().count("\n") == len(
        json.loads((tmp_path / "a.json").read_text())["components"]) + 1


def test_roster_comes_from_the_habitat_file_else_from_the_seed(ares):
    crew = {p.name: p for p in roster.roster(ares, 4)}
    assert crew["Kaur"].skills == {"electrical": 2} and crew["Kaur"].hours_per_day == 2.0
    # every ares person is given in the file
    assert roster.roster(ares, 4) == roster.roster(ares, 5)
    unlisted = replace(ares, crew=tuple(replace(c, skills=None, maintenance_hours_per_day=None)
                                        if c.name == "Kaur" else c for c in ares.crew))
    drawn = {p.name: p for p in roster.crew_skills(unlisted, 4)}["Kaur"]
    assert {p.name: p for p in roster.roster(unlisted, 4)}["Kaur"] == drawn
    assert sum(p.hours_per_day for p in roster.roster(ares)) == 64.0


def test_habitat_spares_override_the_default_part_by_part(ares, tmp_path):
    text = resources.builtin("habitats")["ares"].read_text() + '\n[spares]\nrelay = 1\n'
    path = tmp_path / "ares.toml"
    path.write_text(text)
    sim = Simulation(load_habitat(path), seed=0)
    inventory = sim.maintenance().inventory
    assert inventory["relay"] == 1
    assert inventory["connector"] == maintenance_data.builtin().spares["connector"]
