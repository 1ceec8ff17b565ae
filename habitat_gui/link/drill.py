"""The instructor's drill and the training run over the link: the calls of InjectFault,
StartScenario and Debrief on a plant source that declares them, and the values of the
Plant's drill and training variables. Neither drill call is gated by the control token:
the instructor sets the drill while a trainee holds control."""

from __future__ import annotations

import dataclasses
import json
import logging
from typing import Any

from ..contract.commands import Command
from ..sources.link.schema import DRILL_METHODS, Method
from ..sources.protocol import Drill, Operator, PlantSource, Training
from .security import LinkUser

log = logging.getLogger(__name__)

UNGATED = frozenset(m.command for m in DRILL_METHODS)  # commands the token does not gate
NO_TRAINING = "this run is no training run"


def carry_out(source: PlantSource, spec: Method, args: dict[str, str],
              user: LinkUser) -> tuple[bool, str]:
    """An instructor's InjectFault (the command inject_fault, audited with the user's name)
    or StartScenario (a new run, logged with the user's name)."""
    operator = Operator(user.name or "", "supervisor")
    if spec.command == "start_scenario":
        if not isinstance(source, Drill):
            return False, "this plant runs no drill"
        refusal = source.start_scenario(args["scenario"], operator)
        accepted, reason = refusal is None, refusal or f"started {args['scenario']} " \
                                                       f"(run {source.run})"
    else:
        record = source.submit(Command.of(spec.command, **args), operator)
        accepted, reason = record.outcome == "accepted", record.reason
    log.info("%s by %s: %s", spec.name, user.name, reason)
    return accepted, reason


def debrief(source: PlantSource) -> tuple[bool, str]:
    """(True, the debrief as JSON) or (False, why there is none)."""
    made = source.debrief() if isinstance(source, Training) else None
    if made is None:
        return False, NO_TRAINING
    return True, json.dumps(made.as_dict())


def _json_list(items: tuple[Any, ...]) -> str:
    return json.dumps([dataclasses.asdict(item) for item in items])


def drill_values(source: Drill) -> tuple[tuple[str, str, Any], ...]:
    """The Plant's drill variables (name, kind, value) for the run the source is on."""
    return (("Plant.Run", "UInt32", source.run),
            ("Plant.FaultChoices", "String", _json_list(source.fault_choices())),
            ("Plant.ScenarioChoices", "String", _json_list(source.scenario_choices())))


def training_value(source: Training) -> str:
    """Plant.Training: the objectives' live status as JSON, "" when no training run."""
    progress = source.training()
    return "" if progress is None else json.dumps(dataclasses.asdict(progress))
