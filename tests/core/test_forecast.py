"""What-if forecasts: agreement with 1 s stepping, times to danger, proposed commands."""

from __future__ import annotations

import json

import numpy as np
import pytest

from habitat_gui import cli
from habitat_gui.core import resources
from habitat_gui.core.operations.command_bus import parse
from habitat_gui.core.operations.forecast import forecast
from habitat_gui.core.operations.forecast_results import QUANTITIES
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.simulation import Simulation


@pytest.mark.parametrize("name", sorted(resources.builtin("scenarios")))
def test_long_step_forecast_agrees_with_one_second_steps_within_one_percent(name):
    sim = Simulation.from_scenario(resolve(name))
    sim.run_until(3600)
    fast = forecast(sim, 6 * 3600)
    exact = forecast(sim, 6 * 3600, step_s=1.0)
    np.testing.assert_array_equal(fast.t_s, exact.t_s)
    for mid, module in exact.modules.items():
        for q in QUANTITIES:
            np.testing.assert_allclose(fast.modules[mid].trajectories[q], module.trajectories[q],
                                       rtol=0.01, err_msg=f"{name} {mid} {q}")


def test_forecast_leaves_the_running_simulation_untouched():
    sim = Simulation.from_scenario(resolve("seal-breach"))
    sim.run_until(600)
    before = sim.snapshot()
    forecast(sim, 3600, [parse("seal interconnect=hab-3/hab-4")])
    assert sim.snapshot() == before and len(sim.history) == 0


def test_time_to_evacuation_pressure_matches_the_run_that_follows():
    sim = Simulation.from_scenario(resolve("seal-breach"))
    sim.submit(parse("seal interconnect=hab-3/hab-4"))
    sim.run_until(301)
    ahead = forecast(sim, 3600).modules["hab-4"].times_s["time_to_pressure_below_65kpa_s"]
    assert ahead / 60 == pytest.approx(18.5, rel=0.05)
    t0 = sim.t_s
    while sim.snapshot().module("hab-4").truth.pressure_kpa > 65.3:
        sim.advance(10)
    assert sim.t_s - t0 == pytest.approx(ahead, abs=15)


def test_evacuating_and_sealing_shows_its_consequences():
    sim = Simulation.from_scenario(resolve("seal-breach"))
    sim.run_until(400)
    baseline = forecast(sim, 3 * 3600)
    acted = forecast(sim, 3 * 3600, [parse("evacuate module=hab-4 to=hab-3"),
                                     (240.0, parse("seal interconnect=hab-3/hab-4"))])
    assert acted.rejected == ()
    urgent = baseline.modules["hab-3"].most_urgent()
    assert urgent is not None and urgent[0] == "ppO2 < 16 kPa" and urgent[1] < 2 * 3600
    assert acted.modules["hab-3"].most_urgent() is None
    assert acted.modules["hab-4"].most_urgent() is not None
    assert min(acted.min_spo2_pct.values()) > min(baseline.min_spo2_pct.values()) + 10


def test_rejected_proposals_are_reported():
    sim = Simulation.from_scenario(resolve("nominal-day"))
    result = forecast(sim, 600, [parse("open interconnect=hab-2/hab-3")])
    assert result.rejected == ("hab-2/hab-3 is already open",)


def test_cli_forecast_json(tmp_path, capsys):
    out = tmp_path / "f.json"
    code = cli.main(["forecast", "seal-breach", "--at", "400", "--horizon", "7200",
                     "--command", "evacuate module=hab-4 to=hab-3",
                     "--command", "+240 seal interconnect=hab-3/hab-4", "--json", str(out)])
    assert code == 0
    data = json.loads(out.read_text())
    assert data["at_s"] == 400 and data["horizon_s"] == 7200
    keys = {"time_to_ppo2_below_16kpa_s", "time_to_pressure_below_65kpa_s",
            "time_to_co2_above_1pct_s", "time_to_reserve_exhausted_s"}
    assert set(data["baseline"]["modules"]["hab-3"]) == keys
    assert data["baseline"]["modules"]["hab-3"]["time_to_pressure_below_65kpa_s"] > 0
    assert data["with_commands"]["modules"]["hab-3"]["time_to_pressure_below_65kpa_s"] is None
    assert set(data["with_commands"]["crew"]["Yuki"]) == {"min_spo2_pct"}
    printed = capsys.readouterr().out
    assert "with commands" in printed and "ppO2 < 16 kPa in 1 h" in printed
    assert cli.main(["forecast", "seal-breach", "--command", "launch rockets"]) == 2


def test_a_drifting_sensor_forecast_goes_on_from_its_reading_danger_from_the_truth():
    sim = Simulation.from_scenario(resolve("worn-colony"))  # command pressure reads 0.5 % low
    sim.run_until(600)
    gain = sim.world.sensors["command.pressure"].gain
    ahead = forecast(sim, 6 * 3600).modules["command"]
    read, true = ahead.readings["pressure_kpa"], ahead.trajectories["pressure_kpa"]
    assert read[0] == sim.snapshot().module("command").reading.pressure_kpa
    assert read[1:] == pytest.approx(true[1:] * (1 + gain), rel=1e-6)  # no noise ahead
    assert gain < -0.004 and ahead.times_s["time_to_pressure_below_65kpa_s"] is None
