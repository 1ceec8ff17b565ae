"""Training objectives of a scenario: the expected responses a trainee is scored on.

An objective is met by the first accepted command that is not the scenario's own (its
submitter is not ``"scenario"``) whose name matches and whose arguments match the given
subset (values may be shell-style patterns: ``interconnect = "*hab-3*"``). Acknowledging an
alarm is the ``acknowledge`` command like any other.

Deadlines: ``within_s`` counts from the objective's trigger, the first raise of its
``after_alarm`` or, when it names none, of the first alarm of the run; ``before`` is a
measured condition (``{ module = "hab-3", quantity = "ppo2_kpa", below = 16.0 }``): the
command must come before the module's sensor first reads past the limit. The earlier of the
two is the deadline.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fnmatch import fnmatchcase
from collections.abc import Iterable

from ..operations.alarm_board import AlarmBoard
from ..operations.alarm_definitions import builtin_alarms
from ...contract.events import CommandRecord
from ..operations.command_bus import COMMANDS
from .results import SCENARIO_SUBMITTER
from ..specfile import Table
from ..plant.world import World

QUANTITIES = {"pressure_kpa": ("pressure", "kPa", 0), "ppo2_kpa": ("ppO2", "kPa", 1),
              "co2_ppm": ("CO2", "ppm", 2)}  # name, unit, column of the measured readings
# the highest value a condition can name: a module's pressure range, CO2 as the whole air
_QUANTITY_HIGH = {"pressure_kpa": 200.0, "ppo2_kpa": 200.0, "co2_ppm": 1e6}
_LONGEST_S = 365 * 86400.0  # a scenario's longest duration
_HATCH_UNDO = {"seal": ("unseal", "open"), "close": ("open",), "open": ("close", "seal"),
               "unseal": ("seal",)}
_REFERENCE_KEYS = {"module": "module", "interconnect": "interconnect", "unit": "unit",
                   "alarm": "alarm"}  # arguments naming a part of the colony (and evacuate's to)


@dataclass(frozen=True)
class Condition:
    """A measured quantity of one module past a limit."""

    module: str
    quantity: str  # pressure_kpa | ppo2_kpa | co2_ppm
    below: bool
    limit: float

    @property
    def column(self) -> int:
        return QUANTITIES[self.quantity][2]

    def text(self) -> str:
        name, unit, _ = QUANTITIES[self.quantity]
        return f"{name} in {self.module} {'<' if self.below else '>'} {self.limit:g} {unit}"


@dataclass(frozen=True)
class Objective:
    """One expected response, its deadline and its points."""

    id: str
    text: str
    command: str
    args: tuple[tuple[str, str], ...]  # the argument subset to match (patterns)
    points: float = 10.0
    within_s: float | None = None
    after_alarm: str = ""  # the trigger of within_s; "" = the first alarm of the run
    before: Condition | None = None

    def wants(self) -> str:
        return " ".join([self.command, *(f"{k}={v}" for k, v in self.args)])

    def matches(self, record: CommandRecord) -> bool:
        """Whether an accepted trainee command does what this objective asks."""
        return (record.outcome == "accepted" and record.who != SCENARIO_SUBMITTER
                and record.command == self.command
                and all(fnmatchcase(record.args.get(k, ""), v) for k, v in self.args))

    def undone_by(self, record: CommandRecord, done: CommandRecord) -> bool:
        """Whether accepted ``record`` reverses ``done``, the command that met this."""
        if record.outcome != "accepted" or record.who == SCENARIO_SUBMITTER:
            return False
        was, now = done.args, record.args
        if self.command in _HATCH_UNDO:
            return (record.command in _HATCH_UNDO[self.command]
                    and now.get("interconnect") == was.get("interconnect"))
        if self.command == "switch_generator":
            return (record.command == "switch_generator"
                    and now.get("module") == was.get("module") and now.get("to") != was.get("to"))
        if self.command == "evacuate":
            return record.command == "evacuate" and now.get("to") == was.get("module")
        if self.command == "override":
            return record.command == "release_override" and now.get("unit") == was.get("unit")
        return False


def parse_objectives(tables: Iterable[Table], world: World) -> tuple[Objective, ...]:
    """Read and validate ``[[objectives]]`` against the scenario's colony."""
    board: AlarmBoard | None = None
    seen: set[str] = set()
    out = []
    for t in tables:
        ident = t.required("id", str)
        if ident in seen:
            raise t.error("id", f"duplicate objective {ident!r}; expected unique ids")
        seen.add(ident)
        if board is None:
            board = AlarmBoard(builtin_alarms(), world)
        known = {"module": world.module_ids, "interconnect": tuple(world.links),
                 "unit": (*world.units, *world.relays), "alarm": tuple(board.by_id)}
        name = t.required("command", str)
        cls = COMMANDS.get(name)
        if cls is None:
            raise t.error("command", f"unknown command {name!r}; expected one of "
                                     f"{', '.join(COMMANDS)}")
        fields = [f.name for f in dataclasses.fields(cls)]
        own = ("id", "text", "command", "points", "within_s", "after_alarm", "before")
        t.reject_unknown((*own, *fields))
        kinds = dict(_REFERENCE_KEYS, to="module") if name == "evacuate" else _REFERENCE_KEYS
        args = tuple((k, _pattern(t, k, known.get(kinds.get(k, "")))) for k in fields if t.has(k))
        after = t.optional("after_alarm", str, "")
        if after and after not in board.by_id:
            raise t.error("after_alarm", f"unknown alarm {after!r}; expected an alarm id "
                                         f"such as {', '.join(list(board.by_id)[:3])}")
        out.append(Objective(
            ident, t.required("text", str), name, args,
            t.number("points", 10.0, low=0.0, high=100.0),
            t.number("within_s", low=1.0, high=_LONGEST_S, unit="s")
            if t.has("within_s") else None,
            after, _condition(t, world) if t.has("before") else None))
    return tuple(out)


def _pattern(t: Table, key: str, known: tuple[str, ...] | None) -> str:
    value = t.required(key, str)
    if known is not None and not any(fnmatchcase(k, value) for k in known):
        raise t.error(key, f"'{key}' = {value!r} matches nothing; expected one of "
                           f"{', '.join(known[:8])}{' ...' if len(known) > 8 else ''}")
    return value


def _condition(t: Table, world: World) -> Condition:
    c = t.table("before")
    c.reject_unknown(("module", "quantity", "below", "above"))
    if c.has("below") == c.has("above"):
        raise c.error(None, "'before' needs exactly one of 'below' or 'above'")
    below = c.has("below")
    module = c.reference("module", world.module_ids, "module")
    quantity = c.choice("quantity", QUANTITIES)
    return Condition(module, quantity, below,
                     c.number("below" if below else "above", low=0.0,
                              high=_QUANTITY_HIGH[quantity], unit=QUANTITIES[quantity][1]))


__all__ = ["Condition", "Objective", "parse_objectives"]
