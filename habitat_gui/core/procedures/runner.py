"""The step machine of one procedure run, shared by the panel (the operator signs each step)
and the automatic check (:mod:`.check`).

A :class:`Run` knows where the procedure stands (calls nest), judges the current step on
the published snapshot and alarms (:meth:`Run.judge`), makes the ``sign_step`` command that
records a step's outcome through the plant's one command path (so it is audited with the
signer's name, logged and recorded), and moves on once that command is accepted
(:meth:`Run.advance`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...contract.alarms import AlarmState
from ...contract.commands import Command
from ...contract.state import Snapshot
from .conditions import holds
from .definition import END, Procedure, Step


@dataclass(frozen=True)
class Outcome:
    """What one step came to, when, and who signed it."""

    procedure: str
    step: str
    text: str
    kind: str
    outcome: str  # one of definition.OUTCOMES
    note: str
    started_s: float
    t_s: float
    who: str = ""


@dataclass(frozen=True)
class Judgement:
    """The current step on the present readings: the outcome signing it would record (""
    while a wait still waits), and seconds left of its wait or timeout."""

    outcome: str
    left_s: float | None = None


@dataclass
class Run:
    """One run of ``procedure`` (with ``library`` for the procedures it calls)."""

    procedure: Procedure
    library: dict[str, Procedure]
    started_s: float
    stack: list[tuple[Procedure, int]] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    step_started_s: float = 0.0

    def __post_init__(self) -> None:
        if not self.stack:
            self.stack = [(self.procedure, 0)]
        self.step_started_s = self.started_s

    def copy(self) -> Run:
        """An independent run at the same place (for a rehearsal)."""
        twin = Run(self.procedure, self.library, self.started_s, list(self.stack),
                   list(self.outcomes))
        twin.step_started_s = self.step_started_s
        return twin

    @property
    def current(self) -> tuple[Procedure, Step] | None:
        """The procedure and step to do next; None once the run has ended."""
        if not self.stack:
            return None
        procedure, index = self.stack[-1]
        return procedure, procedure.steps[index]

    @property
    def finished(self) -> bool:
        return not self.stack

    def judge(self, snapshot: Snapshot, alarms: tuple[AlarmState, ...]) -> Judgement:
        """The current step on these readings (instructions, commands and calls: their
        plain outcome)."""
        current = self.current
        if current is None:
            return Judgement("")
        step = current[1]
        elapsed = snapshot.t_s - self.step_started_s
        met = step.condition is not None and holds(step.condition, snapshot, alarms)
        if step.kind == "check":
            return Judgement("passed" if met else "failed")
        if step.kind == "decision":
            return Judgement("yes" if met else "no")
        if step.kind == "call":
            return Judgement("called")
        if step.kind == "wait":
            limit = step.wait_s if step.wait_s is not None else step.timeout_s
            assert limit is not None  # the loader requires one of them
            left = max(limit - elapsed, 0.0)
            if met or (step.wait_s is not None and left <= 0):
                return Judgement("done", left)
            return Judgement("timed-out" if left <= 0 else "", left)
        return Judgement("done")

    def sign(self, outcome: str, note: str = "") -> Command:
        """The command that records ``outcome`` of the current step."""
        current = self.current
        assert current is not None, "the run has ended"
        procedure, step = current
        return Command.of("sign_step", procedure=procedure.id, step=step.id, outcome=outcome,
                          note=note)

    def advance(self, outcome: str, t_s: float, note: str = "", who: str = "") -> None:
        """Record ``outcome`` of the current step (once its ``sign_step`` was accepted) and
        move to the step it leads to."""
        current = self.current
        assert current is not None, "the run has ended"
        procedure, step = current
        self.outcomes.append(Outcome(procedure.id, step.id, step.text, step.kind, outcome,
                                     note, self.step_started_s, t_s, who))
        self.step_started_s = t_s
        if outcome == "called":
            self.stack.append((self.library[step.procedure], 0))
            return
        target = step.otherwise if outcome == "no" else step.then
        self._go(target)

    def _go(self, target: str) -> None:
        procedure, index = self.stack.pop()
        if target == "next":
            index += 1
        elif target != END:
            index = procedure.index(target)
        if target != END and index < len(procedure.steps):
            self.stack.append((procedure, index))
        elif self.stack:  # a called procedure ended: its caller goes on past the call
            _, call = self.current  # type: ignore[misc]
            self._go(call.then)
