"""Adherence to the procedure a training scenario requires: the trainee's signed steps
(``sign_step`` commands) replayed through the procedure's step machine.

A step is in order when it is the one the procedure stood at when it was signed (decisions
followed as they were signed); one signed out of order puts the procedure at that step (if
it has it) and goes on from there. A skip always has a reason (the plant refuses one
without). The time of a step runs from the previous signature (the first from the first
alarm of the run).
"""

from __future__ import annotations

from ...contract.events import CommandRecord
from ..procedures.definition import Procedure
from ..procedures.runner import Run
from .results import SCENARIO_SUBMITTER, Adherence, AdherenceStep


def adherence(procedure: Procedure, library: dict[str, Procedure],
              history: list[CommandRecord], start_s: float | None) -> Adherence:
    """How the signatures in ``history`` followed ``procedure``."""
    signed = [r for r in history if r.command == "sign_step" and r.outcome == "accepted"
              and r.who != SCENARIO_SUBMITTER]
    first = start_s if start_s is not None else (signed[0].t_s if signed else 0.0)
    run = Run(procedure, library, first)
    steps = []
    for r in signed:
        where, step_id = r.args["procedure"], r.args["step"]
        current = run.current
        in_order = current is not None and (current[0].id, current[1].id) == (where, step_id)
        if not in_order and current is not None and any(s.id == step_id
                                                        for s in current[0].steps):
            run.stack[-1] = (current[0], current[0].index(step_id))  # resume from there
            current = run.current
        took = r.t_s - run.step_started_s
        text = current[1].text if current is not None and current[1].id == step_id else ""
        steps.append(AdherenceStep(where, step_id, text, r.args["outcome"], r.args["note"],
                                   r.who, r.t_s, round(took, 1), in_order))
        if text:
            run.advance(r.args["outcome"], r.t_s, r.args["note"], r.who)
    nxt = run.current
    return Adherence(procedure.id, procedure.title, tuple(steps), run.finished,
                     f"{nxt[0].id} step {nxt[1].id}: {nxt[1].text}" if nxt else "")
