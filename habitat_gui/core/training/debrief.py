"""The debrief of a training run: what the trainee did against the scenario's objectives.

A :class:`DebriefTracker` watches a simulation from its start (``Simulation.watchers``):
every step's crew SpO2 for the hypoxia exposure and every step's measured readings for the
objectives' ``before`` conditions. Everything else comes from what the simulation already
keeps: the command audit log, the alarm occurrences and the crew's modules. Commands count
for the trainee when the scenario did not submit them (``who != "scenario"``).

The score, out of 100:

- objectives, 60: 60 x the points of the objectives met / all their points (60 when the
  scenario has none); an objective later undone by the trainee counts as not met;
- acknowledgement, 10: 10 x the mean over alarm occurrences of max(0, 1 - t / 600 s), t the
  time from raise to acknowledgement, 0 for one never acknowledged (also when it cleared,
  or was shelved, suppressed or taken out of service first); 10 only when no alarm rose;
- crew, 20: 20 less 1 per 5 person-minutes with SpO2 below 90 % (hypoxic) and 1 per
  person-minute below 67 % (fainting), at least 0;
- discipline, 10: 10 less 2 per rejected command and 5 per command that undid an objective,
  at least 0; 0 when the trainee sent no command at all (nothing done is nothing to judge).
"""

from __future__ import annotations

import copy

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from .. import constants as C
from ..operations.commands import CommandRecord
from .objectives import SCENARIO_SUBMITTER, Objective
from ..operations.report import clock
from ..simulation import Simulation
from ..plant.stepping import Recent

ACK_ZERO_S = 600.0
OBJECTIVES_MAX, ACK_MAX, CREW_MAX, DISCIPLINE_MAX = 60.0, 10.0, 20.0, 10.0
HYPOXIC_PERSON_MIN_PER_POINT = 5.0
SEVERE_PERSON_MIN_PER_POINT = 1.0
REJECTED_PENALTY, UNDO_PENALTY = 2.0, 5.0


@dataclass(frozen=True)
class ObjectiveResult:
    """Where one objective stands: pending, met, missed or undone."""

    id: str
    text: str
    points: float
    status: str
    t_s: float | None  # when the command that met it (or came late) was accepted
    deadline_s: float | None  # when it is (or was) due, once known
    reason: str  # what met it, or why it was missed or undone

    def summary(self) -> str:
        if self.status == "met" and self.t_s is not None:
            return f"met at {clock(self.t_s)}"
        return self.status + (f": {self.reason}" if self.status != "pending" else "")


@dataclass(frozen=True)
class Progress:
    """The live state of a training run's objectives (immutable)."""

    t_s: float
    ends_s: float  # the scenario's end
    trigger: str  # the first alarm of the run, "" until one rose
    trigger_s: float | None
    objectives: tuple[ObjectiveResult, ...]

    @property
    def met_points(self) -> float:
        return sum(o.points for o in self.objectives if o.status == "met")

    @property
    def total_points(self) -> float:
        return sum(o.points for o in self.objectives)


@dataclass(frozen=True)
class Exposure:
    """Crew hypoxia over the run."""

    hypoxic_person_min: float  # person-minutes with SpO2 < 90 %
    severe_person_min: float  # person-minutes with SpO2 < 67 %
    people_exposed: int  # people who spent any time below 90 %
    lowest_spo2_pct: float
    lowest_who: str
    lowest_t_s: float


@dataclass(frozen=True)
class CommandLine:
    """One command of the run as the debrief shows it."""

    t_s: float
    who: str
    text: str
    outcome: str
    reason: str
    note: str  # "meets <id>", "undoes <id>" or ""


@dataclass(frozen=True)
class ScorePart:
    name: str
    points: float
    max_points: float
    detail: str


@dataclass(frozen=True)
class Debrief:
    """The figures of a finished (or stopped) training run."""

    scenario: str
    t_s: float
    progress: Progress
    alarms_raised: int
    alarms_acknowledged: int
    first_ack_s: float | None  # from the first alarm's raise to the first acknowledgement
    mean_ack_s: float | None  # over the acknowledged occurrences
    commands: tuple[CommandLine, ...]
    wrong: tuple[CommandLine, ...]  # the trainee's rejected and undoing commands
    exposure: Exposure
    displaced: tuple[tuple[str, str, str], ...]  # person, from module, to module
    score: tuple[ScorePart, ...]

    @property
    def total(self) -> float:
        return round(sum(p.points for p in self.score), 1)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["total"] = self.total
        out["progress"]["met_points"] = self.progress.met_points
        out["progress"]["total_points"] = self.progress.total_points
        return out

    def text(self) -> str:
        p = self.progress
        lines = [f"Debrief: {self.scenario}, {clock(self.t_s)} simulated",
                 f"first alarm: {p.trigger} raised at {clock(p.trigger_s)}"
                 if p.trigger_s is not None else "first alarm: none rose", "", "objectives:"]
        for o in p.objectives:
            got = o.points if o.status == "met" else 0.0
            lines.append(f"  {o.id:<12}{got:>5g}/{o.points:<4g} {o.text}: {o.summary()}")
        lines += ["", f"alarms: {self.alarms_raised} raised, {self.alarms_acknowledged} "
                      f"acknowledged; first acknowledgement {_span(self.first_ack_s)} after the "
                      f"first alarm, mean time to acknowledge {_span(self.mean_ack_s)}"]
        trainee = [c for c in self.commands if c.who != SCENARIO_SUBMITTER]
        lines.append(f"commands: {len(trainee)} by the trainee, {len(self.wrong)} wrong")
        lines += [f"  {clock(c.t_s)}  {c.text}: {c.outcome.upper()}: {c.reason}"
                  + (f" [{c.note}]" if c.note else "") for c in self.wrong]
        e = self.exposure
        lines.append(f"crew: {e.hypoxic_person_min:.1f} person-min with SpO2 < "
                     f"{C.SPO2_HYPOXIC_PCT:g} % ({e.people_exposed} people), "
                     f"{e.severe_person_min:.1f} below {C.SPO2_FAINTING_PCT:g} %; lowest "
                     f"{e.lowest_spo2_pct:.1f} % ({e.lowest_who} at {clock(e.lowest_t_s)})")
        lines.append(f"displaced: {displaced_text(self.displaced)}")
        lines += ["", f"score: {self.total:g}/100"]
        lines += [f"  {s.name:<16}{s.points:>5.1f}/{s.max_points:<4g} {s.detail}"
                  for s in self.score]
        return "\n".join(lines)


def displaced_text(moves: tuple[tuple[str, str, str], ...]) -> str:
    """``"15 people: hab-3 -> hab-2 15"`` or ``"nobody"``."""
    if not moves:
        return "nobody"
    counts: dict[tuple[str, str], int] = {}
    for _, start, end in moves:
        counts[(start, end)] = counts.get((start, end), 0) + 1
    return f"{len(moves)} people: " + ", ".join(f"{a} -> {b} {n}" for (a, b), n in counts.items())


def _span(t_s: float | None) -> str:
    if t_s is None:
        return "-"
    minutes, seconds = divmod(int(round(t_s)), 60)
    if not minutes:
        return f"{seconds} s"
    return f"{minutes} min {seconds:02d} s" if seconds else f"{minutes} min"


class DebriefTracker:
    """Watches a simulation from its start and reports progress and the debrief."""

    def __init__(self, simulation: Simulation) -> None:
        self.simulation = simulation
        scenario = simulation.scenario
        self.objectives: tuple[Objective, ...] = scenario.objectives if scenario else ()
        world = simulation.world
        self._home = tuple(p.module for p in world.crew)
        self._hits: dict[int, float] = {}  # objective index -> first time its condition held
        self._hypoxic_s = 0.0
        self._severe_s = 0.0
        self._exposed = np.zeros(len(world.crew), dtype=bool)
        spo2 = np.asarray(world.crew_spo2, dtype=float)
        k = int(np.argmin(spo2)) if len(spo2) else 0
        self._lowest = (float(spo2[k]) if len(spo2) else 100.0, k, world.t_s)
        simulation.watchers.append(self.watch)

    def follow(self, simulation: Simulation) -> "DebriefTracker":
        """A copy of what this tracker has seen, watching ``simulation`` from here on: a
        clone of the watched simulation at the same moment (replay checkpoints, branches)."""
        twin = copy.copy(self)
        twin.simulation = simulation
        twin._hits = dict(self._hits)
        twin._exposed = self._exposed.copy()
        simulation.watchers.append(twin.watch)
        return twin

    def watch(self, recent: Recent) -> None:
        """Take in the steps of one advance."""
        world = self.simulation.world
        for i, o in enumerate(self.objectives):
            if o.before is None or i in self._hits:
                continue
            values = recent.readings[:, world.index[o.before.module], o.before.column]
            past = values < o.before.limit if o.before.below else values > o.before.limit
            if past.any():
                self._hits[i] = float(recent.t_s[int(np.argmax(past))])
        spo2 = recent.spo2_pct
        if not spo2.size:
            return
        hypoxic = spo2 < C.SPO2_HYPOXIC_PCT
        self._hypoxic_s += float(hypoxic.sum()) * world.dt_s
        self._severe_s += float((spo2 < C.SPO2_FAINTING_PCT).sum()) * world.dt_s
        self._exposed |= hypoxic.any(axis=0)
        step, k = np.unravel_index(int(np.argmin(spo2)), spo2.shape)
        if spo2[step, k] < self._lowest[0]:
            self._lowest = (float(spo2[step, k]), int(k), float(recent.t_s[step]))

    # ------------------------------------------------------------- objectives
    def progress(self, final: bool = False) -> Progress:
        """Each objective's status now; with ``final`` what is still pending is missed."""
        sim = self.simulation
        occurrences = sim.world.alarms.occurrences
        first = min(occurrences, key=lambda o: o.raised_s, default=None)
        results = tuple(self._judge(i, o, sim.history, occurrences, first, final)
                        for i, o in enumerate(self.objectives))
        ends_s = sim.scenario.duration_s if sim.scenario else float("inf")
        return Progress(sim.t_s, ends_s, first.id if first else "",
                        first.raised_s if first else None, results)

    def _judge(self, i: int, o: Objective, history: list[CommandRecord], occurrences, first,
               final: bool) -> ObjectiveResult:
        now = self.simulation.t_s
        anchor = first if not o.after_alarm else min(
            (x for x in occurrences if x.id == o.after_alarm), key=lambda x: x.raised_s,
            default=None)
        due: list[tuple[float, str]] = []
        if o.within_s is not None and anchor is not None:
            due.append((anchor.raised_s + o.within_s,
                        f"not done within {_span(o.within_s)} of {anchor.id}"))
        if i in self._hits and o.before is not None:
            due.append((self._hits[i], f"{o.before.text()} at {clock(self._hits[i])}"))
        deadline, why = min(due) if due else (None, "")
        done = next((r for r in history if o.matches(r)), None)

        def result(status: str, t_s: float | None, reason: str) -> ObjectiveResult:
            return ObjectiveResult(o.id, o.text, o.points, status, t_s, deadline, reason)

        if done is not None and (deadline is None or done.t_s <= deadline):
            undo = next((r for r in history if r.seq > done.seq and o.undone_by(r, done)), None)
            if undo is not None:
                return result("undone", done.t_s, f"by {_record_text(undo)} at {clock(undo.t_s)}")
            return result("met", done.t_s, _record_text(done))
        if deadline is not None and now >= deadline:
            late = f"; done late at {clock(done.t_s)}" if done is not None else ""
            return result("missed", done.t_s if done else None, why + late)
        if final:
            return result("missed", None, "not done by the end of the run")
        return result("pending", None, "")

    # ------------------------------------------------------------- the debrief
    def debrief(self) -> Debrief:
        """The debrief of the run so far, as if it ended now."""
        sim = self.simulation
        world = sim.world
        progress = self.progress(final=True)
        occurrences = sorted(world.alarms.occurrences, key=lambda o: o.raised_s)
        acked = [o.acknowledged_s - o.raised_s for o in occurrences
                 if o.acknowledged_s is not None]
        counted = [o.acknowledged_s - o.raised_s if o.acknowledged_s is not None else None
                   for o in occurrences]
        first_ack = (min(o.acknowledged_s for o in occurrences if o.acknowledged_s is not None)
                     - occurrences[0].raised_s if acked else None)
        notes = {}
        for r in progress.objectives:
            if r.status in ("met", "undone"):
                done = next(x for x in sim.history if self._objective(r.id).matches(x))
                notes[done.seq] = f"meets {r.id}"
                if r.status == "undone":
                    undo = next(x for x in sim.history if x.seq > done.seq
                                and self._objective(r.id).undone_by(x, done))
                    notes[undo.seq] = f"undoes {r.id}"
        commands = tuple(CommandLine(r.t_s, r.who, _record_text(r), r.outcome, r.reason,
                                     notes.get(r.seq, "")) for r in sim.history)
        wrong = tuple(c for c in commands if c.who != SCENARIO_SUBMITTER
                      and (c.outcome == "rejected" or c.note.startswith("undoes")))
        lowest, k, at = self._lowest
        exposure = Exposure(round(self._hypoxic_s / 60.0, 2), round(self._severe_s / 60.0, 2),
                            int(self._exposed.sum()), round(lowest, 2),
                            world.crew[k].name if world.crew else "", at)
        ids = world.module_ids
        displaced = tuple((p.name, ids[home], ids[p.module])
                          for p, home in zip(world.crew, self._home) if p.module != home)
        rejected = sum(1 for c in wrong if c.outcome == "rejected")
        undoing = len(wrong) - rejected
        acted = any(c.who != SCENARIO_SUBMITTER for c in commands)
        return Debrief(
            sim.scenario.name if sim.scenario else "free run", sim.t_s, progress, len(occurrences),
            len(acked), first_ack, sum(acked) / len(acked) if acked else None, commands, wrong,
            exposure, displaced, _score(progress, counted, exposure, rejected, undoing, acted))

    def _objective(self, ident: str) -> Objective:
        return next(o for o in self.objectives if o.id == ident)


def _record_text(record: CommandRecord) -> str:
    return " ".join([record.command, *(f"{k}={v}" for k, v in record.args.items())])


def _score(progress: Progress, ack_s: list[float | None], exposure: Exposure, rejected: int,
           undoing: int, acted: bool) -> tuple[ScorePart, ...]:
    total = progress.total_points
    share = progress.met_points / total if total else 1.0
    met = sum(1 for o in progress.objectives if o.status == "met")
    ack = (sum(max(0.0, 1.0 - t / ACK_ZERO_S) for t in ack_s if t is not None) / len(ack_s)
           if ack_s else 1.0)
    crew = max(0.0, CREW_MAX - exposure.hypoxic_person_min / HYPOXIC_PERSON_MIN_PER_POINT
               - exposure.severe_person_min / SEVERE_PERSON_MIN_PER_POINT)
    discipline = max(0.0, DISCIPLINE_MAX - REJECTED_PENALTY * rejected
                     - UNDO_PENALTY * undoing) if acted else 0.0
    return (
        ScorePart("objectives", round(OBJECTIVES_MAX * share, 1), OBJECTIVES_MAX,
                  f"{met} of {len(progress.objectives)} met, {progress.met_points:g} of "
                  f"{total:g} points"),
        ScorePart("acknowledgement", round(ACK_MAX * ack, 1), ACK_MAX,
                  f"{len(ack_s)} alarm{'' if len(ack_s) == 1 else 's'}; full marks at once, "
                  f"none after {ACK_ZERO_S:g} s or unacknowledged"),
        ScorePart("crew", round(crew, 1), CREW_MAX,
                  f"{exposure.hypoxic_person_min:.1f} person-min < {C.SPO2_HYPOXIC_PCT:g} %, "
                  f"{exposure.severe_person_min:.1f} < {C.SPO2_FAINTING_PCT:g} %"),
        ScorePart("discipline", round(discipline, 1), DISCIPLINE_MAX,
                  f"{rejected} rejected, {undoing} undoing an objective" if acted
                  else "no command sent"))


__all__ = ["DebriefTracker", "Debrief", "Progress", "ObjectiveResult", "Exposure",
           "CommandLine", "ScorePart", "displaced_text"]
