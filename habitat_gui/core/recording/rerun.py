"""Re-running a recording exactly: the simulation rebuilt from the stored texts and seed,
the recorded operator commands submitted again at their recorded times (scenario commands
come from the scenario text), and :func:`verify` comparing the re-run with the file."""

from __future__ import annotations

from collections.abc import Sequence

from ...contract.events import CommandRecord
from ..operations.command_bus import build
from ...contract.timefmt import mission_time
from ..simulation import Simulation
from .reader import Recording
from .recorder import Recorder
from .store import COMPARED, TIME_COLUMN

TEXTS = ("habitat", "scenario")  # the stored descriptions a re-run must have had


def play(simulation: Simulation, commands: Sequence[CommandRecord], until_s: float,
         start: int = 0) -> int:
    """Run ``simulation`` to ``until_s``, submitting ``commands[start:]`` due by then at
    their recorded times (who and role as recorded). Returns the index of the next one."""
    k = start
    while k < len(commands) and commands[k].t_s <= until_s + 1e-9:
        record = commands[k]
        simulation.run_until(record.t_s)
        simulation.submit(build(record.command, record.args), record.who, record.role)
        k += 1
    simulation.run_until(until_s)
    return k


def rerun(recording: Recording, until_s: float | None = None,
          simulation: Simulation | None = None) -> Simulation:
    """The recorded run again, to ``until_s`` (default: where the recording ends); in
    ``simulation`` if given (a fresh ``recording.simulation()`` something already watches)."""
    sim = simulation or recording.simulation()
    play(sim, recording.operator_commands(),
         recording.end_t_s if until_s is None else until_s)
    return sim


def verify(recording: Recording, simulation: Simulation | None = None) -> list[str]:
    """Re-run the recording with a recorder of its own and compare the two: telemetry,
    events and commands row by row, every step by its hash, and the habitat and scenario
    descriptions the re-run had with those stored. Empty when equal. As in
    :func:`rerun`, ``simulation`` may be a fresh one already watched (a debrief)."""
    sim = simulation or recording.simulation()
    recorder = Recorder(sim, ":memory:", sample_s=recording.sample_s,
                        alarms_text=recording.meta["alarms_text"])
    play(sim, recording.operator_commands(), recording.end_t_s)
    recorder.flush()
    again = Recording(recorder.connection, "re-run")
    differences = []
    for table in COMPARED:
        ours, theirs = recording.rows(table), again.rows(table)
        if ours != theirs:
            k = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b),
                     min(len(ours), len(theirs)))
            row = ours[k] if k < len(ours) else theirs[k]
            differences.append(f"{table}: {len(ours)} rows recorded, {len(theirs)} re-run; "
                               f"first difference at row {k + 1}, "
                               f"t = {mission_time(row[TIME_COLUMN[table]])}")
    for key in ("end_t_s", "steps_sha256"):
        if recording.meta.get(key) != again.meta.get(key):
            differences.append(f"{key}: recorded {recording.meta.get(key)}, "
                               f"re-run {again.meta.get(key)}")
    for key in TEXTS:
        if recording.meta.get(f"{key}_text", "") != again.meta.get(f"{key}_text", ""):
            differences.append(f"{key}: the re-run's {key} file is not the recorded one")
    recorder.close()
    return differences
