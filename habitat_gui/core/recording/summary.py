"""What ``habitat-sim replay FILE`` reports of a recording, as text and as JSON."""

from __future__ import annotations

from typing import Any

from ...contract.timefmt import mission_time
from .reader import Recording


def summary(recording: Recording) -> str:
    """What ``habitat-sim replay FILE`` prints."""
    meta = recording.meta
    counts = recording.counts()
    lines = [f"recording {recording.name}",
             f"  {meta.get('scenario') or 'free run'} on {meta.get('habitat')}, "
             f"seed {recording.seed}, step {recording.dt_s:g} s, "
             f"program {meta.get('program_version')}",
             f"  {mission_time(recording.start_t_s)} to {mission_time(recording.end_t_s)} "
             "simulated"
             + ("" if recording.closed else " (not closed: the run ended abruptly; "
                                             "this is its last commit)")]
    if meta.get("parent"):
        lines.append(f"  branched from {meta['parent']} "
                     f"at {mission_time(recording.branch_t_s or 0)}")
    lines += [f"  note: {note}" for note in recording.notes]
    lines.append(f"  {counts['samples']} telemetry samples (every {recording.sample_s:g} s), "
                 f"{counts['events']} events, {counts['alarm_transitions']} alarm "
                 f"transitions, {counts['commands']} commands")
    lines += ["", "commands:"]
    lines += [f"  {mission_time(r.t_s)}  #{r.seq:<3} {r.who} ({r.role}): {r.command} "
              + " ".join(f"{k}={v}" for k, v in r.args.items())
              + f": {r.outcome}: {r.reason}" for r in recording.commands()]
    lines += ["", "alarm timeline:"]
    lines += [f"  {mission_time(t)}  {change:<17} {priority.upper():<7}{alarm:<22} {message}"
              for t, alarm, change, priority, message in recording.alarm_timeline()]
    return "\n".join(lines)


def as_json(recording: Recording) -> dict[str, Any]:
    """The JSON form of :func:`summary`."""
    meta = recording.meta
    return {"file": recording.name, "habitat": meta.get("habitat"),
            "scenario": meta.get("scenario") or None, "seed": recording.seed,
            "dt_s": recording.dt_s, "sample_s": recording.sample_s,
            "duration_s": recording.end_t_s, "closed": recording.closed,
            "parent": meta.get("parent") or None, "branch_t_s": recording.branch_t_s,
            "notes": recording.notes, "counts": recording.counts(),
            "commands": [{"seq": r.seq, "who": r.who, "role": r.role, "t_s": r.t_s,
                          "command": r.command, "args": r.args, "outcome": r.outcome,
                          "reason": r.reason, "wall_time": r.wall_time}
                         for r in recording.commands()],
            "alarms": [{"t_s": t, "alarm": alarm, "change": change,
                        "priority": priority or None, "message": message}
                       for t, alarm, change, priority, message in
                       recording.alarm_timeline()]}
