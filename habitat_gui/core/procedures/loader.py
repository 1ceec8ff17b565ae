"""Reading procedures from TOML (``resources/procedures/*.toml``), validated against the
colony they run on: every module, unit, relay, interconnect, alarm and command they name
must exist, with one-line errors naming the file and line.

A condition is a small table, never code: ``{ module = "hab-3", quantity = "ppo2_kpa",
above = 19.0 }`` (``above`` and/or ``below``; across an interconnect ``{ interconnect =
"hab-2/hab-3", quantity = "differential_kpa", below = 3.0 }``), ``{ alarm =
"hab-3.oga-a.failed" }`` (active now), ``{ unit = "hab-3.oga-b", state = "RUNNING" }`` (or
``relay``, ``interconnect``, ``pev``: an interconnect's equalisation valve, ``open`` or
``closed``), and ``{ all = [...] }``, ``{ any = [...] }``, ``{ not = {...} }``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ...contract.commands import Command
from ...contract.commands import parse as parse_command
from .. import resources
from ..operations.alarm_board import AlarmBoard
from ..operations.alarm_definitions import STATE, builtin_alarms
from ..operations.command_base import Rejected
from ..operations.command_bus import COMMANDS
from ..plant.habitat import Habitat, load_habitat
from ..plant.world import World
from ..specfile import SpecError, Table, TomlDocument
from .definition import (DIFFERENTIAL, END, MAX_WAIT_S, QUANTITIES, AlarmActive, AllOf, AnyOf,
                         Condition, Differential, Not, Procedure, Reading, StateIs, Step)

STATES = {"unit": tuple(sorted({s for _, _, states in STATE.values() for s in states}
                               | {"STANDBY"})),
          "relay": ("PRIMARY", "BACKUP", "PRIMARY (FUSED)", "BACKUP (FUSED)"),
          "interconnect": ("open", "closed", "sealed"),
          "pev": ("open", "closed")}  # an interconnect's pressure equalisation valve
_KIND_KEYS = ("check", "command", "wait_for", "wait_s", "decide", "call")
_STEP_KEYS = ("id", "text", *_KIND_KEYS, "timeout_s", "then", "else")
_REFERENCES = {"module": "module", "interconnect": "interconnect", "unit": "unit",
               "alarm": "alarm"}  # command arguments naming a part (and evacuate's to)


@dataclass(frozen=True)
class Colony:
    """The names a procedure may use: the colony's parts and its alarms."""

    modules: tuple[str, ...]
    parts: dict[str, tuple[str, ...]]  # unit, relay, interconnect, pev -> ids
    alarms: tuple[str, ...]

    @classmethod
    def of(cls, habitat: Habitat) -> Colony:
        world = World(habitat, 0)
        board = AlarmBoard(builtin_alarms(), world)
        return cls(world.module_ids, {"unit": tuple(world.units), "relay": tuple(world.relays),
                                      "interconnect": tuple(world.links),
                                      "pev": tuple(k.id for k in world.links.values()
                                                   if k.pev_mm > 0)},
                   tuple(board.by_id))

    def known(self, kind: str) -> tuple[str, ...]:
        return self.modules if kind == "module" else (
            self.alarms if kind == "alarm" else self.parts[kind])


def builtin_habitat() -> Habitat:
    return load_habitat(resources.builtin("habitats")["ares"])


def parse_procedure(doc: TomlDocument, colony: Colony) -> Procedure:
    """Validate one procedure file (calls are checked by :func:`library`)."""
    root = doc.root()
    root.reject_unknown(("id", "title", "description", "applies", "modules", "scenarios",
                         "steps"))
    applies = root.table("applies")
    applies.reject_unknown(("alarms", "condition"))
    if not applies.data:
        raise root.error(None, "missing [applies]: an alarm id or a condition on readings")
    alarms = tuple(_name(applies, "alarms", i, v, colony.alarms, "alarm")
                   for i, v in enumerate(applies.optional("alarms", list, [])))
    steps = root.tables("steps")
    if not steps:
        raise root.error(None, "a procedure needs at least one [[steps]]")
    parsed = tuple(_step(t, str(k + 1), colony) for k, t in enumerate(steps))
    _check_targets(parsed, steps)
    return Procedure(
        id=root.optional("id", str, Path(doc.name).stem),
        title=root.required("title", str), steps=parsed, alarms=alarms,
        condition=condition(applies, "condition", colony) if applies.has("condition") else None,
        modules=tuple(_name(root, "modules", i, v, colony.modules, "module")
                      for i, v in enumerate(root.optional("modules", list, []))),
        scenarios=tuple(_name(root, "scenarios", i, v, resources.builtin("scenarios"),
                              "scenario")
                        for i, v in enumerate(root.optional("scenarios", list, []))),
        description=root.optional("description", str, ""), source=doc.name, text=doc.text)


def _name(t: Table, key: str, index: int, value: object, known: Iterable[str],
          what: str) -> str:
    options = tuple(known)
    if not isinstance(value, str) or value not in options:
        raise t.error(key, f"'{key}' entry {index + 1}: unknown {what} {value!r}; expected "
                           f"one of {', '.join(options[:8])}{' ...' if len(options) > 8 else ''}")
    return value


def _step(t: Table, default_id: str, colony: Colony) -> Step:
    t.reject_unknown(_STEP_KEYS)
    kinds = [k for k in _KIND_KEYS if t.has(k)]
    if len(kinds) > 1:
        raise t.error(kinds[1], f"a step is one of {', '.join(_KIND_KEYS)} or an "
                                f"instruction; this one has {' and '.join(kinds)}")
    kind = kinds[0] if kinds else "instruction"
    ident = t.optional("id", str, default_id)
    if ident in (END, "next"):
        raise t.error("id", f"step id {ident!r} is reserved")
    step = Step(ident, {"wait_for": "wait", "wait_s": "wait", "decide": "decision"}.get(
        kind, kind), t.required("text", str), t.doc.line_of(t.path))
    if not t.has("timeout_s") and kind == "wait_for":
        raise t.error("wait_for", "a wait for a condition needs 'timeout_s'")
    if t.has("timeout_s") and kind != "wait_for":
        raise t.error("timeout_s", "'timeout_s' belongs to a step with 'wait_for'")
    if t.has("else") and kind != "decide":
        raise t.error("else", "'else' belongs to a step with 'decide'")
    if kind in ("check", "wait_for", "decide"):
        step = dataclasses.replace(step, condition=condition(t, kind, colony))
    if kind == "wait_for":
        step = dataclasses.replace(step, timeout_s=t.number("timeout_s", low=1.0, high=MAX_WAIT_S,
                                                                 unit="s"))
    if kind == "wait_s":
        step = dataclasses.replace(step, wait_s=t.number("wait_s", low=1.0, high=MAX_WAIT_S,
                                                         unit="s"))
    step = dataclasses.replace(step, then=t.optional("then", str, "next"),
                               otherwise=t.optional("else", str, "next"))
    if kind == "command":
        step = dataclasses.replace(step, command=_command(t, colony))
    if kind == "call":
        step = dataclasses.replace(step, procedure=t.required("call", str))
    return step


def _command(t: Table, colony: Colony) -> Command:
    try:
        command = parse_command(t.required("command", str))
    except ValueError as exc:
        raise t.error("command", str(exc)) from None
    cls = COMMANDS.get(command.name)
    if cls is None:
        raise t.error("command", f"unknown command {command.name!r}; expected one of "
                                 f"{', '.join(COMMANDS)}")
    fields = tuple(f.name for f in dataclasses.fields(cls))
    if set(command.arguments) != set(fields):
        raise t.error("command", str(Rejected(f"{command.name} takes "
                                              f"{' '.join(f + '=...' for f in fields)}")))
    references = dict(_REFERENCES, to="module") if command.name == "evacuate" else _REFERENCES
    for key, v in command.args:
        kind = references.get(key)
        if kind is not None and v not in colony.known(kind):
            raise t.error("command", f"{command.name}: unknown {kind} {v!r}")
    return command


def condition(t: Table, key: str, colony: Colony) -> Condition:
    """The condition in ``t[key]``."""
    if not isinstance(t.data.get(key), dict) or not t.data[key]:
        raise t.error(key, f"'{key}' must be a condition table such as "
                           "{ module = \"hab-3\", quantity = \"ppo2_kpa\", above = 19.0 }")
    return _condition(t.table(key), colony)


def _condition(c: Table, colony: Colony) -> Condition:
    if c.has("all") or c.has("any"):
        word = "all" if c.has("all") else "any"
        c.reject_unknown((word,))
        items = c.tables(word)
        if not items:
            raise c.error(word, f"'{word}' needs at least one condition")
        parts = tuple(_condition(item, colony) for item in items)
        return AllOf(parts) if word == "all" else AnyOf(parts)
    if c.has("not"):
        c.reject_unknown(("not",))
        return Not(condition(c, "not", colony))
    if c.has("alarm"):
        c.reject_unknown(("alarm",))
        return AlarmActive(c.reference("alarm", colony.alarms, "alarm"))
    if c.has("interconnect") and c.has("quantity"):
        c.reject_unknown(("interconnect", "quantity", "above", "below"))
        quantity = c.choice("quantity", DIFFERENTIAL)
        return Differential(c.reference("interconnect", colony.known("interconnect"),
                                        "interconnect"), *_range(c, DIFFERENTIAL[quantity]))
    part = next((p for p in STATES if c.has(p)), None)
    if part is not None:
        c.reject_unknown((part, "state"))
        return StateIs(part, c.reference(part, colony.known(part), part),
                       c.choice("state", STATES[part]))
    c.reject_unknown(("module", "quantity", "above", "below"))
    quantity = c.choice("quantity", QUANTITIES)
    return Reading(c.reference("module", colony.modules, "module"), quantity,
                   *_range(c, QUANTITIES[quantity]))


def _range(c: Table, quantity: tuple[str, str, float, float]) -> tuple[float | None,
                                                                        float | None]:
    """A reading condition's ``above`` and ``below`` (at least one, in order), within the
    ``quantity``'s (name, unit, low, high)."""
    if not (c.has("above") or c.has("below")):
        raise c.error(None, "a reading condition needs 'above' or 'below' (or both)")
    _, unit, low, high = quantity
    above, below = (c.number(k, low=low, high=high, unit=unit) if c.has(k) else None
                    for k in ("above", "below"))
    if above is not None and below is not None and above >= below:
        raise c.error("below", f"'below' ({below:g}) must be more than 'above' ({above:g})")
    return above, below


def _check_targets(steps: tuple[Step, ...], tables: list[Table]) -> None:
    """Step ids unique; a decision goes forward only (so a procedure always ends)."""
    seen: dict[str, int] = {}
    for k, (step, t) in enumerate(zip(steps, tables)):
        if step.id in seen:
            raise t.error("id", f"duplicate step id {step.id!r}")
        seen[step.id] = k
    for k, (step, t) in enumerate(zip(steps, tables)):
        for key, target in (("then", step.then), ("else", step.otherwise)):
            if target in ("next", END):
                continue
            if target not in seen:
                raise t.error(key, f"'{key}' = {target!r}: no such step; expected a step id, "
                                   "'next' or 'end'")
            if seen[target] <= k:
                raise t.error(key, f"'{key}' = {target!r} goes back; a decision goes forward "
                                   "only (so every procedure ends)")


def library(paths: list[Path], colony: Colony) -> dict[str, Procedure]:
    """Procedures by id, with every call resolved and no procedure calling itself."""
    return library_of([TomlDocument.read(path) for path in paths], colony)


def library_of(docs: list[TomlDocument], colony: Colony) -> dict[str, Procedure]:
    """:func:`library` of documents read already (a plant server's, say)."""
    found: dict[str, Procedure] = {}
    for doc in docs:
        procedure = parse_procedure(doc, colony)
        if procedure.id in found:
            raise SpecError(doc.name, 1, f"duplicate procedure id {procedure.id!r} (also in "
                                         f"{found[procedure.id].source})")
        found[procedure.id] = procedure
    for procedure in found.values():
        for step in procedure.steps:
            if step.kind == "call" and step.procedure not in found:
                raise SpecError(procedure.source, step.line,
                                f"step {step.id} calls unknown procedure {step.procedure!r}; "
                                f"expected one of {', '.join(found)}")
        _no_cycle(procedure, found, ())
    return found


def _no_cycle(procedure: Procedure, found: dict[str, Procedure], chain: tuple[str, ...]) -> None:
    if procedure.id in chain:
        raise SpecError(procedure.source, 1, "procedure calls itself: "
                        + " -> ".join((*chain, procedure.id)))
    for step in procedure.steps:
        if step.kind == "call":
            _no_cycle(found[step.procedure], found, (*chain, procedure.id))


def builtin_procedures(habitat: Habitat | None = None) -> dict[str, Procedure]:
    """The built-in procedures, validated against ``habitat`` (default: the built-in one)."""
    colony = Colony.of(habitat or builtin_habitat())
    return library(list(resources.builtin("procedures").values()), colony)


def resolve(name_or_path: str, habitat: Habitat | None = None) -> tuple[Procedure,
                                                                        dict[str, Procedure]]:
    """A built-in procedure by id or a procedure file, and the library its calls use (the
    built-ins, the file in place of one of the same name)."""
    paths = dict(resources.builtin("procedures"))
    path = resources.find("procedures", name_or_path)
    if path is None:
        raise SpecError(name_or_path, 0, "no such procedure; built-in ones are "
                        + ", ".join(paths))
    paths[path.stem] = path
    found = library(list(paths.values()), Colony.of(habitat or builtin_habitat()))
    return next(p for p in found.values() if p.source == str(path)), found
