"""A station's trends from the server's history (sources/link/history.py): the readings
standing at each stored plant time, NaN before a reading's first value."""

from __future__ import annotations

import numpy as np

from habitat_gui.sources.link.history import QUANTITY_NODES, history_names, on_plant_time


def test_names_are_the_plant_time_then_each_quantity_of_each_module():
    assert history_names(("a", "b"))[:4] == ["Plant.SimulationTimeS", "Modules.a.PpO2Kpa",
                                             "Modules.b.PpO2Kpa", "Modules.a.O2Pct"]
    assert len(history_names(("a", "b"))) == 1 + 2 * len(QUANTITY_NODES)


def test_each_plant_time_takes_the_readings_standing_at_its_wall_time():
    plant_time = (np.array([100.0, 105.0, 110.0]), np.array([0.0, 300.0, 600.0]))
    held = (np.array([100.0, 108.0]), np.array([21.0, 20.5]))  # changed at 108
    late = (np.array([106.0]), np.array([1.0]))  # first stored at 106
    flat = (np.array([99.0]), np.array([101.3]))
    series = [plant_time, held, late, *([flat, flat] * (len(QUANTITY_NODES) - 1))]
    recorded = on_plant_time(series, 2)
    assert recorded.t_s.tolist() == [0.0, 300.0, 600.0]
    ppo2 = recorded.values["ppo2_kpa"]
    assert ppo2[:, 0].tolist() == [21.0, 21.0, 20.5]
    assert np.isnan(ppo2[:2, 1]).all() and ppo2[2, 1] == 1.0
    assert (recorded.values["pressure_kpa"] == 101.3).all()
