"""Ranking the modules a crew could evacuate to, from what the plant publishes.

Works on published data alone (the snapshot, the alarm states and limits) and the command
path's dry run, so every source ranks the same way: a module the plant would refuse comes
last with the reason; among the rest the safest is the one no alarm marks, that is not a
dead end behind the module left, that is fewest hatches away, that has the most room per
person once they arrive, and whose air is furthest inside the alarm limits. Where a closed
hatch on the way stands across more than it may be opened across, the option carries the
plan: open its pressure equalisation valve first, and how long that takes (as the plant
publishes it); such a module ranks before the ones refused for other reasons.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable

from ...contract.alarms import AlarmLimit, AlarmState
from ...contract.commands import Command
from ...contract.evacuation import EvacuationOption
from ...contract.state import InterconnectState, ModuleState, Snapshot
from ..plant.equalisation import in_words

AIR = ("ppo2_kpa", "co2_ppm", "pressure_kpa")  # the readings the ranking weighs

Tree = dict[str, tuple[str, InterconnectState] | None]


def _walk(links: tuple[InterconnectState, ...], start: str, avoid: str = "") -> Tree:
    """Fewest-hatch paths from ``start`` through hatches that are not sealed (as the
    command path walks them), never entering ``avoid``."""
    previous: Tree = {start: None}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        for link in links:
            if link.state == "sealed" or here not in link.between:
                continue
            there = link.between[1] if here == link.between[0] else link.between[0]
            if there not in previous and there != avoid:
                previous[there] = (here, link)
                queue.append(there)
    return previous


def _path(tree: Tree, goal: str) -> list[tuple[str, InterconnectState]]:
    steps = []
    while (step := tree.get(goal)) is not None:
        steps.append(step)
        goal = step[0]
    return steps[::-1]


def equalisation_plan(route: list[InterconnectState]) -> tuple[tuple[str, ...],
                                                                tuple[str, ...], float, str]:
    """The closed hatches of ``route`` that must equalise before the crew can open them,
    the valves among them to open, the time until the slowest is within its limit, and
    that in words: "equalise first: open the PEV on hab-2/hab-3 (about 5 min to within
    3 kPa)"."""
    waiting = [k for k in route if k.state == "closed" and k.equalise_s]
    if not waiting:
        return (), (), 0.0, ""
    slowest = max(waiting, key=lambda k: k.equalise_s or 0.0)
    wait_s = slowest.equalise_s or 0.0
    to_open = tuple(k.id for k in waiting if not k.pev_open)
    within = f" to within {slowest.open_limit_kpa:g} kPa" if slowest.open_limit_kpa else ""
    doing = (f"open the PEV on {', '.join(to_open)}" if to_open else
             f"the PEV on {', '.join(k.id for k in waiting)} is open")
    return (tuple(k.id for k in waiting), to_open, wait_s,
            f"equalise first: {doing} ({in_words(wait_s)}{within})")


def air_margin(module: ModuleState, limits: tuple[AlarmLimit, ...]) -> float:
    """How far the module's air is inside its nearest alarm limit, as a fraction of it."""
    margins = [(getattr(module.reading, lim.quantity) - lim.value) / lim.value
               * (1 if lim.when == "below" else -1)
               for lim in limits if lim.quantity in AIR and lim.value]
    return min(margins, default=1.0)


def evacuation_options(snapshot: Snapshot, alarms: tuple[AlarmState, ...],
                       limits: tuple[AlarmLimit, ...], module_id: str,
                       refusal: Callable[[Command], str | None]) -> tuple[EvacuationOption, ...]:
    """Every other module as a place to move ``module_id``'s crew: the ones the plant would
    accept first, safest first (the first is recommended), then the refused ones."""
    tree = _walk(snapshot.interconnects, module_id)
    moving = snapshot.module(module_id).crew_count
    ranked = []
    for m in snapshot.modules:
        if m.id == module_id:
            continue
        steps = _path(tree, m.id)
        marking = sorted((a for a in alarms if a.module == m.id and a.marks),
                         key=lambda a: a.number)
        onward = len(_walk(snapshot.interconnects, m.id, avoid=module_id)) - 1
        after = m.crew_count + moving
        room = m.volume_m3 / max(after, 1)
        words = [("alarm: " + ", ".join(a.text for a in marking)) if marking else "no alarm",
                 f"{len(steps)} hatch{'es' if len(steps) != 1 else ''} away" if steps
                 else "no way there",
                 f"way on to {onward} more module{'s' if onward != 1 else ''}" if onward
                 else f"dead end behind {module_id}",
                 f"{room:.1f} m³ a person"]
        refused = refusal(Command.of("evacuate", module=module_id, to=m.id)) or ""
        waiting, to_open, wait_s, plan = equalisation_plan([link for _, link in steps])
        standing = 2 if refused and not waiting else 1 if refused else 0
        key = (standing, -(marking[0].number if marking else 9), onward == 0,
               len(steps), -room, -air_margin(m, limits), m.id)
        ranked.append((key, EvacuationOption(
            module_id, m.id, m.name, refused, tuple(link.id for _, link in steps),
            tuple(link.id for _, link in steps if link.state == "closed"),
            tuple(here for here, _ in steps[1:]), m.reading, moving, after,
            tuple(a.text for a in marking), onward, False, "; ".join(words), waiting,
            to_open, wait_s, plan)))
    ranked.sort(key=lambda pair: pair[0])
    options = [option for _, option in ranked]
    if options and options[0].offered:
        options[0] = dataclasses.replace(options[0], recommended=True)
    return tuple(options)


__all__ = ["evacuation_options", "air_margin", "equalisation_plan"]
