"""A live simulation as the panel and the plant server start one: the colony or the
scenario asked for, recorded (the run's system of record) to a new file in the recordings
folder with the folder's retention policy applied, to a file named, or not at all."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from .. import folders, retention
from ..core import resources
from ..core.operations.scenario import resolve
from ..core.plant.habitat import load_habitat
from ..core.recording.recorder import Recorder
from ..core.simulation import Simulation
from .simulated import SimulatedSource

log = logging.getLogger(__name__)


def build_source(habitat_file: str | Path | None, scenario: str | None, seed: int | None,
                 speed: float, record: bool | Path = True,
                 program: str = "habitat-panel") -> SimulatedSource:
    """The simulation the options ask for, recorded to a new file in the recordings folder
    when ``record`` is True (a file that cannot be made is a warning on stderr and in the
    log, naming ``program``, and the run goes on unrecorded), to the file ``record`` names
    (OSError when it cannot be made), or not when False; SpecError for bad files."""
    habitat = load_habitat(Path(habitat_file)) if habitat_file else None
    if scenario:
        sim = Simulation.from_scenario(resolve(scenario, habitat), seed)
    else:
        habitat = habitat or load_habitat(resources.builtin("habitats")["ares"])
        sim = Simulation(habitat, seed=seed or 0)
    if isinstance(record, Path):
        return SimulatedSource(sim, speed, Recorder(sim, record, keep_running=True))
    recorder, unrecorded = None, None
    if record:
        try:
            recorder = Recorder(sim, folders.new_recording_path(), keep_running=True)
        except OSError as exc:  # the plant runs on; the panel's status bar says so
            unrecorded = f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc)
            warn(program, f"not recording: {unrecorded}")
        prune_recordings([Path(recorder.path)] if recorder else [], program)
    return SimulatedSource(sim, speed, recorder, unrecorded)


def warn(program: str, text: str) -> None:
    """One line on stderr and in the log: the run goes on."""
    log.warning("%s", text)
    print(f"{program}: {text}", file=sys.stderr)


def prune_recordings(in_use: list[Path], program: str) -> None:
    """Apply the recordings folder's retention policy (habitat_gui/retention.py), keeping
    ``in_use``."""
    try:
        retention.prune(folders.recordings_dir(), retention.policy(), in_use)
    except (OSError, ValueError) as exc:  # a bad limit, a folder that cannot be read
        warn(program, f"recordings not pruned: {exc}")
