"""What an instructor's drill offers across the seam: the faults that can be injected (with
their parameters and the ids they may name) and the scenarios that can be started."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .commands import Command


@dataclass(frozen=True)
class FaultParameter:
    """A numeric parameter of a fault; ``default`` None means the instructor must give it."""

    name: str
    default: float | None
    low: float
    high: float
    unit: str


@dataclass(frozen=True)
class FaultChoice:
    """A fault kind and where it may strike in this plant."""

    name: str  # generator_failure, leak, ...
    target_kind: str  # module | interconnect | o2_generator | co2_scrubber | relay | ...
    targets: tuple[str, ...]  # the ids it may name here
    parameters: tuple[FaultParameter, ...]
    summary: str


@dataclass(frozen=True)
class ScenarioChoice:
    """A scenario that runs on this plant's habitat."""

    name: str  # what start_scenario takes
    title: str
    description: str
    duration_s: float


def fault_choice_from_dict(data: dict[str, Any]) -> FaultChoice:
    """A :class:`FaultChoice` from its ``asdict`` form (as JSON gives it back)."""
    return FaultChoice(data["name"], data["target_kind"], tuple(data["targets"]),
                       tuple(FaultParameter(**p) for p in data["parameters"]),
                       data["summary"])


def scenario_choice_from_dict(data: dict[str, Any]) -> ScenarioChoice:
    """A :class:`ScenarioChoice` from its ``asdict`` form."""
    return ScenarioChoice(**data)


def fault_command(fault: str, target: str, values: dict[str, float]) -> Command:
    """``inject_fault fault=F target=T parameters='name=value ...'`` (no parameters: none)."""
    parameters = " ".join(f"{name}={value!r}" for name, value in values.items())
    return Command.of("inject_fault", fault=fault, target=target,
                      **({"parameters": parameters} if parameters else {}))


def probe(choices: tuple[FaultChoice, ...]) -> Command | None:
    """A valid injection to ask the plant's dry run about, whether it would let someone
    inject (the first fault with a target here, its parameters at their defaults or lowest),
    or None when no fault has a target."""
    choice = next((c for c in choices if c.targets), None)
    if choice is None:
        return None
    return fault_command(choice.name, choice.targets[0], {
        p.name: p.default if p.default is not None else p.low for p in choice.parameters})
