"""The debrief as one self-contained HTML page: score, trainees, objectives, figures,
adherence to the procedure, command log and the trends as embedded PNG pictures (data
URIs), for the trainee's record."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape

from ..constants import SPO2_FAINTING_PCT, SPO2_HYPOXIC_PCT
from .results import Debrief, displaced_text
from ...contract.timefmt import duration, mission_time

_STYLE = """body{font-family:'DejaVu Sans',sans-serif;margin:2em;color:#1e1e1e;background:#f4f4f4}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #bbb;padding:3px 8px;
text-align:left}th{background:#ddd}.num{text-align:right}.missed,.undone,.rejected{color:#a00000;
font-weight:bold}.met{color:#1f5f1f}img{max-width:100%;border:1px solid #bbb;margin:.3em 0}"""


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]],
           classes: Sequence[str] = ()) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        f"<tr class=\"{escape(classes[k]) if classes else ''}\">"
        + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
        for k, row in enumerate(rows))
    return f"<table><tr>{head}</tr>{body}</table>"


def _trainees(debrief: Debrief) -> list[str]:
    """The Trainees table (each person by their own commands), or nothing when none sent one."""
    if not debrief.trainees:
        return []
    return ["<h2>Trainees</h2>",
            _table(("Who", "Points", "Commands", "Rejected", "Undoing", "Objectives met",
                    "Alarms acknowledged"),
                   [(t.who, f"{t.points:g}", str(t.commands), str(t.rejected), str(t.undid),
                     ", ".join(t.objectives) or "none", str(t.acknowledged))
                    for t in debrief.trainees])]


def debrief_html(debrief: Debrief, pictures: dict[str, bytes] | None = None,
                 title: str = "") -> str:
    """The page; ``pictures`` maps a caption to PNG bytes."""
    d, p, e = debrief, debrief.progress, debrief.exposure
    heading = title or f"Debrief: {d.scenario}"
    trigger = (f"{p.trigger} raised at {mission_time(p.trigger_s)}" if p.trigger_s is not None
               else "none rose")
    parts = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
             f"<title>{escape(heading)}</title><style>{_STYLE}</style></head><body>",
             f"<h1>{escape(heading)}</h1>",
             f"<p>{escape(mission_time(d.t_s))} simulated; first alarm: {escape(trigger)}.</p>",
             f"<h2>Score: {d.total:g} / 100</h2>",
             _table(("Part", "Points", "Of", "Why"),
                    [(s.name, f"{s.points:.1f}", f"{s.max_points:g}", s.detail) for s in d.score]),
             *_trainees(d),
             "<h2>Objectives</h2>",
             _table(("Objective", "Points", "Status", "At", "Due", "Detail"),
                    [(o.text, f"{o.points if o.status == 'met' else 0:g} / {o.points:g}",
                      o.status, mission_time(o.t_s) if o.t_s is not None else "",
                      mission_time(o.deadline_s) if o.deadline_s is not None else "", o.reason)
                     for o in p.objectives], [o.status for o in p.objectives]),
             "<h2>Figures</h2>",
             _table(("Figure", "Value"), [
                 ("alarms raised", str(d.alarms_raised)),
                 ("alarms acknowledged", str(d.alarms_acknowledged)),
                 ("first acknowledgement after the first alarm",
                  duration(d.first_ack_s)),
                 ("mean time to acknowledge",
                  duration(d.mean_ack_s)),
                 (f"person-minutes with SpO2 < {SPO2_HYPOXIC_PCT:g} %",
                  f"{e.hypoxic_person_min:.1f} ({e.people_exposed} people)"),
                 (f"person-minutes with SpO2 < {SPO2_FAINTING_PCT:g} %",
                  f"{e.severe_person_min:.1f}"),
                 ("lowest SpO2", f"{e.lowest_spo2_pct:.1f} % ({e.lowest_who} at "
                                 f"{mission_time(e.lowest_t_s)})"),
                 ("people displaced", displaced_text(d.displaced)),
                 ("wrong commands", str(len(d.wrong)))])]
    if (a := d.adherence) is not None:
        parts += [f"<h2>Procedure: {escape(a.title)}</h2>",
                  f"<p>{a.in_order} of {len(a.steps)} steps in order; "
                  + ("finished" if a.finished else f"not finished (next: {escape(a.next_step)})")
                  + "</p>",
                  _table(("Time", "Step", "Outcome", "Took", "Order", "Signed by", "Reason"),
                         [(mission_time(s.t_s), s.step, s.outcome, duration(s.took_s),
                           "in order" if s.in_order else "out of order", s.who, s.note)
                          for s in a.steps],
                         ["met" if s.in_order else "missed" for s in a.steps])]
    if pictures:
        parts.append("<h2>Trends</h2>")
        for caption, png in pictures.items():
            data = base64.b64encode(png).decode("ascii")
            parts.append(f"<figure><img alt=\"{escape(caption)}\" "
                         f"src=\"data:image/png;base64,{data}\">"
                         f"<figcaption>{escape(caption)}</figcaption></figure>")
    parts += ["<h2>Command log</h2>",
              _table(("Time", "Who", "Command", "Outcome", "Reason", "Note"),
                     [(mission_time(c.t_s), c.who, c.text, c.outcome, c.reason, c.note)
                      for c in d.commands], [c.outcome for c in d.commands]),
              "</body></html>"]
    return "\n".join(parts)


__all__ = ["debrief_html"]
