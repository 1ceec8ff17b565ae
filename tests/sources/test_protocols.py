"""What each plant source declares: the capabilities the panel finds by ``isinstance``."""

from __future__ import annotations

from scripted_source import ScriptedSource

from habitat_gui.contract.commands import parse
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.recording.reader import Recording
from habitat_gui.core.recording.recorder import Recorder
from habitat_gui.core.simulation import Simulation
from habitat_gui.sources.protocol import (ClockControl, Forecasting, History, Maintenance,
                                          PlantSource, Recording as Recorded, Replay, Training)
from habitat_gui.sources.replay import READ_ONLY, ReplaySource
from habitat_gui.sources.simulated import SimulatedSource

CAPABILITIES = (ClockControl, Forecasting, History, Maintenance, Recorded, Replay, Training)


def _declared(source) -> set[str]:
    return {c.__name__ for c in CAPABILITIES if isinstance(source, c)}


def test_the_scripted_plant_is_a_plant_source_and_nothing_more():
    source = ScriptedSource()
    assert isinstance(source, PlantSource) and _declared(source) == set()


def test_the_embedded_simulation_declares_what_a_simulation_can_do():
    source = SimulatedSource(Simulation.from_scenario(resolve("seal-breach")))
    assert isinstance(source, PlantSource)
    assert _declared(source) == {"ClockControl", "Forecasting", "Maintenance", "Recording",
                                 "Training"}
    assert source.recording_path() is None
    assert source.snapshot().simulation.seed == 4


def test_a_replay_declares_replay_and_its_recorded_history(tmp_path):
    sim = Simulation.from_scenario(resolve("seal-breach"))
    with Recorder(sim, tmp_path / "run.sqlite"):
        sim.run_until(120)
    source = ReplaySource(Recording.open(tmp_path / "run.sqlite"))
    assert isinstance(source, PlantSource) and {"Replay", "History"} <= _declared(source)
    source.seek(60)
    history = source.recorded_history(3600)
    assert len(history.t_s) and set(history.values) >= {"ppo2_kpa", "o2_pct", "co2_ppm",
                                                         "pressure_kpa"}
    assert history.values["ppo2_kpa"].shape == (len(history.t_s), len(source.habitat.modules))
    assert source.check(parse("close interconnect=hab-2/hab-3")) == READ_ONLY
    source.close()
