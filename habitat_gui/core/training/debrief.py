"""The debrief of a training run: what the trainee did against the scenario's objectives.

A :class:`DebriefTracker` watches a simulation from its start (``Simulation.watchers``):
every step's crew SpO2 for the hypoxia exposure and every step's measured readings for the
objectives' ``before`` conditions. Everything else comes from what the simulation already
keeps: the command audit log, the alarm occurrences and the crew's modules. Commands count
for the trainees when neither the scenario (``who == "scenario"``) nor the instructor (the
supervisor role: its ``inject_fault`` and anything else it sends) sent them.

The score, out of 100:

- objectives, 60: 60 x the points of the objectives met / all their points (60 when the
  scenario has none); an objective later undone by the trainee counts as not met;
- acknowledgement, 10: 10 x the mean over the alarm occurrences the trainee could act on of
  max(0, 1 - t / 600 s), t the time from raise to acknowledgement, 0 for one never
  acknowledged (also when it cleared, or was shelved, suppressed or taken out of service
  first); 10 only when there was none. The trainee could act on the occurrences raised from
  the incident on (the first raise of an alarm the objectives name in ``after_alarm``, else
  the first alarm of the run): what stood before it is the scenario's setting, not its test.
  One never acknowledged that rose less than 600 s before the end is not counted: its time
  had not run out;
- crew, 20: 20 less 1 per 5 person-minutes with SpO2 below 90 % (hypoxic) and 1 per
  person-minute below 67 % (fainting), at least 0;
- discipline, 10: 10 less 2 per rejected command and 5 per command that undid an objective,
  at least 0; 0 when the trainee sent no command at all (nothing done is nothing to judge).

Times to acknowledge count from the raise, or from the scenario's ``start_s`` for an alarm
already standing when the run was handed over (it went unnoticed before the drill).

Per trainee (``Debrief.trainees``, by the audit's name): the commands they sent, rejected
and undoing, the objectives their commands met, the alarm occurrences they acknowledged,
and their points: the points of those objectives less 2 per rejected and 5 per undoing
command, at least 0.

Beside the score, when the scenario requires a procedure (``procedure = "ID"``), its
adherence (:mod:`.adherence`): steps in order, skipped with a reason, time per step.
"""

from __future__ import annotations

import copy


import numpy as np

from ..constants import SPO2_FAINTING_PCT, SPO2_HYPOXIC_PCT
from ...contract.events import CommandRecord
from ...contract.timefmt import duration, mission_time
from .objectives import Objective
from ..procedures.loader import builtin_procedures
from .adherence import adherence
from .results import (SCENARIO_SUBMITTER, Adherence, CommandLine, Debrief, Exposure,
                      ObjectiveResult, Progress, ScorePart, TraineeResult)
from ..simulation import Simulation
from ..plant.stepping import Recent

ACK_ZERO_S = 600.0
OBJECTIVES_MAX, ACK_MAX, CREW_MAX, DISCIPLINE_MAX = 60.0, 10.0, 20.0, 10.0
HYPOXIC_PERSON_MIN_PER_POINT = 5.0
SEVERE_PERSON_MIN_PER_POINT = 1.0
REJECTED_PENALTY, UNDO_PENALTY = 2.0, 5.0


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

    def follow(self, simulation: Simulation) -> DebriefTracker:
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
        hypoxic = spo2 < SPO2_HYPOXIC_PCT
        self._hypoxic_s += float(hypoxic.sum()) * world.dt_s
        self._severe_s += float((spo2 < SPO2_FAINTING_PCT).sum()) * world.dt_s
        self._exposed |= hypoxic.any(axis=0)
        step, k = np.unravel_index(int(np.argmin(spo2)), spo2.shape)
        if spo2[step, k] < self._lowest[0]:
            self._lowest = (float(spo2[step, k]), int(k), float(recent.t_s[step]))

    # ------------------------------------------------------------- objectives
    def progress(self, final: bool = False) -> Progress:
        """Each objective's status now; with ``final`` what is still pending is missed."""
        sim = self.simulation
        occurrences = sim.alarm_board.occurrences
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
                        f"not done within {duration(o.within_s)} of {anchor.id}"))
        if i in self._hits and o.before is not None:
            due.append((self._hits[i], f"{o.before.text()} at {mission_time(self._hits[i])}"))
        deadline, why = min(due) if due else (None, "")
        done = next((r for r in history if o.matches(r)), None)

        def result(status: str, t_s: float | None, reason: str) -> ObjectiveResult:
            return ObjectiveResult(o.id, o.text, o.points, status, t_s, deadline, reason)

        if done is not None and (deadline is None or done.t_s <= deadline):
            undo = next((r for r in history if r.seq > done.seq and o.undone_by(r, done)), None)
            if undo is not None:
                return result("undone", done.t_s,
                              f"by {_record_text(undo)} at {mission_time(undo.t_s)}")
            return result("met", done.t_s, _record_text(done))
        if deadline is not None and now >= deadline:
            late = f"; done late at {mission_time(done.t_s)}" if done is not None else ""
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
        occurrences = sorted(sim.alarm_board.occurrences, key=lambda o: o.raised_s)
        start = sim.start_s

        def shown(o) -> float:  # when the trainee first saw it: its raise or the start
            return max(o.raised_s, start)

        acked = [o.acknowledged_s - shown(o) for o in occurrences
                 if o.acknowledged_s is not None]
        incident = self.incident_s(occurrences)
        counted = [o.acknowledged_s - o.raised_s if o.acknowledged_s is not None else None
                   for o in occurrences if incident is not None and o.raised_s >= incident
                   and (o.acknowledged_s is not None or sim.t_s - o.raised_s >= ACK_ZERO_S)]
        first_ack = (min(o.acknowledged_s for o in occurrences if o.acknowledged_s is not None)
                     - shown(occurrences[0]) if acked else None)
        met_by: dict[int, str] = {}  # seq of the command that met an objective -> its id
        undid: set[int] = set()  # seqs of the commands that undid one
        notes = {}
        for r in progress.objectives:
            if r.status in ("met", "undone"):
                done = next(x for x in sim.history if self._objective(r.id).matches(x))
                notes[done.seq] = f"meets {r.id}"
                if r.status == "met":
                    met_by[done.seq] = r.id
                else:
                    undo = next(x for x in sim.history if x.seq > done.seq
                                and self._objective(r.id).undone_by(x, done))
                    notes[undo.seq] = f"undoes {r.id}"
                    undid.add(undo.seq)
        commands = tuple(CommandLine(r.t_s, r.who, _record_text(r), r.outcome, r.reason,
                                     notes.get(r.seq, "")) for r in sim.history)
        wrong = tuple(c for c, r in zip(commands, sim.history) if by_trainee(r)
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
        acted = any(by_trainee(r) for r in sim.history)
        return Debrief(
            sim.scenario.name if sim.scenario else "free run", sim.t_s, progress, len(occurrences),
            len(acked), first_ack, sum(acked) / len(acked) if acked else None, commands, wrong,
            exposure, displaced, _score(progress, counted, exposure, rejected, undoing, acted),
            self._adherence(), _trainees(sim.history, progress, met_by, undid, occurrences))

    def _adherence(self) -> Adherence | None:
        """How the trainee followed the procedure the scenario requires (beside the score),
        its time counted from the first raise of one of its alarms."""
        sim = self.simulation
        if sim.scenario is None or not sim.scenario.procedure:
            return None
        library = builtin_procedures(sim.scenario.habitat)
        procedure = library[sim.scenario.procedure]
        start = min((max(o.raised_s, sim.start_s) for o in sim.alarm_board.occurrences
                     if o.id in procedure.alarms), default=None)
        return adherence(procedure, library, sim.history, start)

    def incident_s(self, occurrences) -> float | None:
        """When the incident the objectives respond to began: the first raise of an alarm
        they name in ``after_alarm``, else of any alarm; None before it."""
        named = {o.after_alarm for o in self.objectives if o.after_alarm}
        return min((x.raised_s for x in occurrences if not named or x.id in named),
                   default=None)

    def _objective(self, ident: str) -> Objective:
        return next(o for o in self.objectives if o.id == ident)


def by_trainee(record: CommandRecord) -> bool:
    """Whether a trainee sent the command: not the scenario, nor the instructor (whose role
    is supervisor: the faults it injects and whatever else it does steer the drill)."""
    return record.who != SCENARIO_SUBMITTER and record.role != "supervisor"


def _trainees(history: list[CommandRecord], progress: Progress, met_by: dict[int, str],
              undid: set[int], occurrences) -> tuple[TraineeResult, ...]:
    """Each trainee's own figures, in the order they first sent a command: the objectives
    their commands met (their points), less the discipline penalties of their rejected and
    undoing commands (at least 0), and the alarm occurrences they acknowledged."""
    points = {o.id: o.points for o in progress.objectives}
    acks = {(o.id, o.acknowledged_s) for o in occurrences if o.acknowledged_s is not None}
    out = []
    for who in dict.fromkeys(r.who for r in history if by_trainee(r)):
        own = [r for r in history if r.who == who and by_trainee(r)]
        met = tuple(met_by[r.seq] for r in own if r.seq in met_by)
        rejected = sum(1 for r in own if r.outcome == "rejected")
        undoing = sum(1 for r in own if r.seq in undid)
        acknowledged = sum(1 for r in own if r.command == "acknowledge"
                           and r.outcome == "accepted"
                           and (r.args.get("alarm"), r.t_s) in acks)
        score = sum(points[i] for i in met) - REJECTED_PENALTY * rejected \
            - UNDO_PENALTY * undoing
        out.append(TraineeResult(who, len(own), rejected, undoing, met, acknowledged,
                                 round(max(0.0, score), 1)))
    return tuple(out)


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
                  f"{len(ack_s)} alarm{'' if len(ack_s) == 1 else 's'} from the incident on; "
                  f"full marks at once, none after {duration(ACK_ZERO_S)} or unacknowledged"),
        ScorePart("crew", round(crew, 1), CREW_MAX,
                  f"{exposure.hypoxic_person_min:.1f} person-min < {SPO2_HYPOXIC_PCT:g} %, "
                  f"{exposure.severe_person_min:.1f} < {SPO2_FAINTING_PCT:g} %"),
        ScorePart("discipline", round(discipline, 1), DISCIPLINE_MAX,
                  f"{rejected} rejected, {undoing} undoing an objective" if acted
                  else "no command sent"))


__all__ = ["DebriefTracker"]
