"""Scenarios: a habitat, a seed, a duration and timed faults and commands, read from TOML."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .command_base import Command, Rejected
from .command_bus import build
from ..maintenance.ageing import components
from ..plant import faults
from .. import resources
from ..plant.habitat import Habitat, load_habitat
from ..procedures.loader import builtin_procedures
from ..training.objectives import Objective, parse_objectives
from ..specfile import SpecError, Table, TomlDocument
from ..plant.world import World


@dataclass(frozen=True)
class ScenarioEvent:
    """At ``at_s`` either inject ``fault`` on ``target`` (``cause``: the component whose
    failure it is, "" for none named) or submit ``command``."""

    at_s: float
    fault: str | None = None
    target: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    command: Command | None = None
    cause: str = ""

    def describe(self) -> str:
        if self.command is not None:
            return self.command.text()
        extra = " ".join(f"{k}={v:g}" for k, v in self.params.items())
        return f"{self.fault} {self.target} {extra}".strip()


@dataclass(frozen=True)
class Scenario:
    name: str
    habitat: Habitat
    duration_s: float = 86400.0
    seed: int = 0
    description: str = ""
    events: tuple[ScenarioEvent, ...] = ()
    source: str = "<memory>"
    objectives: tuple[Objective, ...] = ()  # a training scenario's expected responses
    service_days: float | None = None  # the colony's age at the start; None: the habitat's
    wear_faults: bool = False  # components fail by wear (see core/maintenance/live.py)
    sensor_drift: bool = False  # sensors read through their aged calibration error
    procedure: str = ""  # the built-in procedure a trainee must follow ("" = none)
    start_s: float = 0.0  # where the run is handed over: the time before is simulated first
    text: str = field(default="", repr=False, compare=False)  # the file's text, if read


def load_scenario(path: Path, habitat: Habitat | None = None) -> Scenario:
    """Read and validate a scenario; ``habitat`` replaces the one the file names."""
    return parse_scenario(TomlDocument.read(path), habitat, path.parent)


def parse_scenario(doc: TomlDocument, habitat: Habitat | None = None,
                   folder: Path | None = None) -> Scenario:
    """Validate a parsed scenario; a habitat it names by path is found relative to
    ``folder``, and ``habitat`` replaces the one it names."""
    root = doc.root()
    root.reject_unknown(("name", "description", "habitat", "duration_s", "seed", "events",
                         "objectives", "service_days", "wear_faults",
                         "sensor_drift", "procedure", "start_s"))
    if habitat is None:
        ref = root.required("habitat", str)
        found = resources.find("habitats", ref, folder)
        if found is None:
            raise root.error("habitat", f"habitat {ref!r} is neither a built-in "
                             f"({', '.join(resources.builtin('habitats'))}) nor a file")
        habitat = load_habitat(found)
    duration = root.number("duration_s", 86400.0, low=1.0, high=365 * 86400.0, unit="s")
    seed = root.whole("seed", 0, low=0, high=2**63 - 1)
    start = root.number("start_s", 0.0, low=0.0, high=duration - 1.0, unit="s")
    world = World(habitat, seed)
    events = tuple(_event(t, world, duration) for t in root.tables("events"))
    return Scenario(name=root.optional("name", str, Path(doc.name).stem), habitat=habitat,
                    duration_s=duration, seed=seed,
                    description=root.optional("description", str, ""),
                    events=tuple(sorted(events, key=lambda e: e.at_s)), source=doc.name,
                    objectives=parse_objectives(root.tables("objectives"), world),
                    service_days=(root.number("service_days", low=0.0, high=36500.0,
                                              unit="days")
                                  if root.has("service_days") else None),
                    wear_faults=root.optional("wear_faults", bool, False),
                    sensor_drift=root.optional("sensor_drift", bool, False),
                    procedure=_procedure(root, habitat), start_s=start, text=doc.text)


def _procedure(root: Table, habitat: Habitat) -> str:
    """The required procedure's id, a built-in one that runs on ``habitat``."""
    if not root.has("procedure"):
        return ""
    return root.reference("procedure", builtin_procedures(habitat), "procedure")


def _event(t: Table, world: World, duration: float) -> ScenarioEvent:
    at_s = t.number("at_s", low=0.0, high=duration, unit="s")
    if t.has("fault") == t.has("command"):
        raise t.error(None, "an event needs either 'fault' or 'command'")
    rest = {k: v for k, v in t.data.items()
            if k not in ("at_s", "fault", "command", "target", "cause")}
    if t.has("fault"):
        kind = faults.FAULTS.get(t.required("fault", str))
        if kind is None:
            raise t.error("fault", f"unknown fault {t.data['fault']!r}; expected one of "
                                   f"{', '.join(faults.FAULTS)}")
        target = t.reference("target", faults.target_ids(world, kind.target), kind.target)
        params = faults.resolve_params(kind, rest)
        if isinstance(params, str):
            bad = next((k for k in rest if k in params), None)
            raise t.error(bad, params)
        cause = (t.reference("cause", tuple(c.id for c in components(world.habitat)
                                            if c.target == target), f"part of {target}")
                 if t.has("cause") else "")
        return ScenarioEvent(at_s, fault=kind.name, target=target, params=params, cause=cause)
    if t.has("cause"):
        raise t.error("cause", "a command has no cause; expected 'cause' only on a fault")
    try:
        command = build(t.required("command", str), rest)
    except Rejected as exc:
        raise t.error("command", str(exc)) from None
    return ScenarioEvent(at_s, command=command)


def resolve(name_or_path: str, habitat: Habitat | None = None) -> Scenario:
    """A built-in scenario by name or a scenario file."""
    path = resources.find("scenarios", name_or_path)
    if path is None:
        raise SpecError(name_or_path, 0, "no such scenario; built-in ones are "
                        + ", ".join(resources.builtin("scenarios")))
    return load_scenario(path, habitat)


__all__ = ["Scenario", "ScenarioEvent", "load_scenario", "parse_scenario", "resolve"]
