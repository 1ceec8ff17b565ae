"""What a training run's debrief says: objectives met, adherence to the procedure,
exposure, commands and the score.
Plain data: the panel reads it without the simulation."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..constants import SPO2_FAINTING_PCT, SPO2_HYPOXIC_PCT
from ...contract.timefmt import duration, mission_time

SCENARIO_SUBMITTER = "scenario"  # who the audit names for a scenario's own commands

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
            return f"met at {mission_time(self.t_s)}"
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
class AdherenceStep:
    """One signed procedure step as the debrief judges it."""

    procedure: str
    step: str
    text: str  # "" when the procedure has no such step where it stood
    outcome: str
    note: str  # the reason of a skip
    who: str
    t_s: float
    took_s: float  # since the previous signature (the first: since the first alarm)
    in_order: bool


@dataclass(frozen=True)
class Adherence:
    """How the trainee followed the procedure the scenario requires."""

    procedure: str
    title: str
    steps: tuple[AdherenceStep, ...]
    finished: bool
    next_step: str  # where it stood at the end, "" when finished

    @property
    def in_order(self) -> int:
        return sum(1 for s in self.steps if s.in_order)

    def text(self) -> str:
        skipped = [s for s in self.steps if s.outcome == "skipped"]
        lines = [f"procedure {self.procedure} ({self.title}): {self.in_order} of "
                 f"{len(self.steps)} steps in order, {len(skipped)} skipped with a reason, "
                 + ("finished" if self.finished else f"not finished (next: {self.next_step})")]
        lines += [f"  {mission_time(s.t_s)}  {s.step:<10} {s.outcome:<9} {duration(s.took_s):>12}"
                  f"  {'in order' if s.in_order else 'OUT OF ORDER'}  {s.who}"
                  + (f": {s.note}" if s.note else "") for s in self.steps]
        return "\n".join(lines)


@dataclass(frozen=True)
class TraineeResult:
    """What one person did in a training run, by the commands they sent."""

    who: str
    commands: int  # sent (accepted or not)
    rejected: int
    undid: int  # commands that undid an objective
    objectives: tuple[str, ...]  # ids of the objectives their commands met
    acknowledged: int  # alarm occurrences they acknowledged
    points: float  # the objectives' points they met, less the discipline penalties

    def text(self) -> str:
        return (f"{self.who}: {self.points:g} points; {self.commands} commands, "
                f"{self.rejected} rejected, {self.undid} undoing; met "
                f"{', '.join(self.objectives) or 'none'}; {self.acknowledged} alarms "
                "acknowledged")


@dataclass(frozen=True)
class Debrief:
    """The figures of a finished (or stopped) training run."""

    scenario: str
    t_s: float
    progress: Progress
    alarms_raised: int
    alarms_acknowledged: int
    first_ack_s: float | None  # from the first alarm's raise (or the start) to the first ack
    mean_ack_s: float | None  # over the acknowledged occurrences, each from its raise or the start
    commands: tuple[CommandLine, ...]
    wrong: tuple[CommandLine, ...]  # the trainee's rejected and undoing commands
    exposure: Exposure
    displaced: tuple[tuple[str, str, str], ...]  # person, from module, to module
    score: tuple[ScorePart, ...]
    adherence: Adherence | None = None  # to the procedure the scenario requires, if any
    trainees: tuple[TraineeResult, ...] = ()  # each person who sent a command, by name

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
        lines = [f"Debrief: {self.scenario}, {mission_time(self.t_s)} simulated",
                 f"first alarm: {p.trigger} raised at {mission_time(p.trigger_s)}"
                 if p.trigger_s is not None else "first alarm: none rose", "", "objectives:"]
        for o in p.objectives:
            got = o.points if o.status == "met" else 0.0
            lines.append(f"  {o.id:<12}{got:>5g}/{o.points:<4g} {o.text}: {o.summary()}")
        if self.adherence is not None:
            lines += ["", self.adherence.text()]
        lines += ["", f"alarms: {self.alarms_raised} raised, {self.alarms_acknowledged} "
                      f"acknowledged; first acknowledgement {duration(self.first_ack_s)} "
                      f"after the first alarm, mean time to acknowledge "
                      f"{duration(self.mean_ack_s)}"]
        sent = sum(t.commands for t in self.trainees)
        lines.append(f"commands: {sent} by the trainees, {len(self.wrong)} wrong")
        lines += [f"  {mission_time(c.t_s)}  {c.text}: {c.outcome.upper()}: {c.reason}"
                  + (f" [{c.note}]" if c.note else "") for c in self.wrong]
        e = self.exposure
        lines.append(f"crew: {e.hypoxic_person_min:.1f} person-min with SpO2 < "
                     f"{SPO2_HYPOXIC_PCT:g} % ({e.people_exposed} people), "
                     f"{e.severe_person_min:.1f} below {SPO2_FAINTING_PCT:g} %; lowest "
                     f"{e.lowest_spo2_pct:.1f} % ({e.lowest_who} at {mission_time(e.lowest_t_s)})")
        lines.append(f"displaced: {displaced_text(self.displaced)}")
        lines += ["", "trainees:" if self.trainees else "trainees: none sent a command"]
        lines += [f"  {t.text()}" for t in self.trainees]
        lines += ["", f"score: {self.total:g}/100"]
        lines += [f"  {s.name:<16}{s.points:>5.1f}/{s.max_points:<4g} {s.detail}"
                  for s in self.score]
        return "\n".join(lines)


def progress_from_dict(data: dict[str, Any]) -> Progress:
    """A :class:`Progress` from its ``asdict`` form (as JSON gives it back)."""
    return Progress(data["t_s"], data["ends_s"], data["trigger"], data["trigger_s"],
                    tuple(ObjectiveResult(**o) for o in data["objectives"]))


def debrief_from_dict(data: dict[str, Any]) -> Debrief:
    """A :class:`Debrief` from :meth:`Debrief.as_dict` (as JSON gives it back)."""
    adherence = data.get("adherence")
    return Debrief(
        data["scenario"], data["t_s"], progress_from_dict(data["progress"]),
        data["alarms_raised"], data["alarms_acknowledged"], data["first_ack_s"],
        data["mean_ack_s"], tuple(CommandLine(**c) for c in data["commands"]),
        tuple(CommandLine(**c) for c in data["wrong"]), Exposure(**data["exposure"]),
        tuple((who, start, end) for who, start, end in data["displaced"]),
        tuple(ScorePart(**p) for p in data["score"]),
        None if adherence is None else Adherence(
            adherence["procedure"], adherence["title"],
            tuple(AdherenceStep(**step) for step in adherence["steps"]),
            adherence["finished"], adherence["next_step"]),
        tuple(TraineeResult(**{**t, "objectives": tuple(t["objectives"])})
              for t in data.get("trainees", ())))


def displaced_text(moves: tuple[tuple[str, str, str], ...]) -> str:
    """``"15 people, hab-3 -> hab-2"``, ``"17 people: 15 hab-3 -> hab-2, 2 hab-1 ->
    command"`` or ``"nobody"``."""
    if not moves:
        return "nobody"
    counts: dict[tuple[str, str], int] = {}
    for _, start, end in moves:
        counts[(start, end)] = counts.get((start, end), 0) + 1
    people = f"{len(moves)} {'person' if len(moves) == 1 else 'people'}"
    if len(counts) == 1:
        (a, b), = counts
        return f"{people}, {a} -> {b}"
    return f"{people}: " + ", ".join(f"{n} {a} -> {b}" for (a, b), n in counts.items())

