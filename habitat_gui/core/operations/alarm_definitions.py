"""Alarm definitions (ISA-18.2), read from TOML.

A definition (``resources/alarms.toml``) names what is watched, the limits per priority, a
delay against chattering (the condition must persist ``delay_s``), a deadband for clearing,
and guidance (cause, consequence, operator action). Its id holds the placeholder of its scope
(``{module}``, ``{unit}``, ``{relay}`` or ``{person}``): the board
(:mod:`.alarm_board`) makes one alarm of it per module, unit, relay or person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...contract.alarms import PRIORITIES
from ..resources import resources_dir
from ..specfile import Table, TomlDocument

# What can be watched: scope, and for state watches the unit kind and the states it can be in.
ANALOG = {"ppo2_kpa": ("module", "kPa"), "co2_ppm": ("module", "ppm"),
          "pressure_kpa": ("module", "kPa"), "breach_time_min": ("module", "min"),
          "spo2_pct": ("person", "%")}
# What an analog value can be: a module's pressure range (0-200 kPa, the habitat file's), CO2
# as the whole air, a breach time up to a year, a saturation.
RANGES = {"ppo2_kpa": (0.0, 200.0), "co2_ppm": (0.0, 1e6), "pressure_kpa": (0.0, 200.0),
          "breach_time_min": (0.0, 525600.0), "spo2_pct": (0.0, 100.0)}
STATE = {"generator_state": ("unit", "o2_generator", ("OFF", "WARMUP", "ON", "FAILED",
                                                           "NO WATER")),
         "scrubber_state": ("unit", "co2_scrubber", ("FAILED", "RUNNING", "OFF", "STANDBY")),
         "pressure_control_state": ("unit", "pressure_control", ("FAILED", "OFF")),
         "relay_state": ("relay", "", ("FUSED",))}
_PLACEHOLDER = re.compile(r"\{(module|unit|relay|person)\}")


MAX_SHELVE_MIN = 12 * 60.0  # the longest any alarm may be shelved


@dataclass(frozen=True)
class AlarmDefinition:
    id: str  # pattern, e.g. "{module}.ppo2"
    watch: str
    message: str
    cause: str
    consequence: str
    action: str
    limits: tuple[tuple[int, float], ...] = ()  # (level 1..3, limit), analog watches
    when: str = "below"
    state: str = ""  # state watches
    deadband: float = 0.0
    delay_s: float = 0.0
    suppress_when_isolated: bool = False
    max_shelve_min: float = MAX_SHELVE_MIN  # the longest this alarm may be shelved
    source: str = ""

    def __deepcopy__(self, memo: dict) -> AlarmDefinition:
        return self  # immutable: clones share it

    def alarm_id(self, target: str) -> str:
        """The id of this definition's alarm on ``target``."""
        return _PLACEHOLDER.sub(target, self.id)

    @property
    def scope(self) -> str:
        return ANALOG[self.watch][0] if self.watch in ANALOG else STATE[self.watch][0]

    @property
    def unit(self) -> str:
        return ANALOG[self.watch][1] if self.watch in ANALOG else ""

    @property
    def word(self) -> str:
        """The word beside its marker: the state watched for, LEAK for a breach, else LOW or
        HIGH by the side of the limit."""
        if self.watch == "breach_time_min":
            return "LEAK"
        if self.watch not in ANALOG:
            return self.state
        return "LOW" if self.when == "below" else "HIGH"


_KEYS = ("id", "watch", "when", "limits", "state", "priority", "deadband", "delay_s",
         "suppress_when_isolated", "max_shelve_min", "message", "cause", "consequence",
         "action")


def load_alarms(path: Path | None = None) -> tuple[AlarmDefinition, ...]:
    """Read and validate alarm definitions; raises :class:`SpecError` on the first problem."""
    return parse_alarms(TomlDocument.read(path or resources_dir() / "alarms.toml"))


_BUILTIN: tuple[TomlDocument, tuple[AlarmDefinition, ...]] | None = None


def builtin_alarms() -> tuple[AlarmDefinition, ...]:
    """The built-in definitions, read once."""
    return _builtin()[1]


def builtin_alarms_text() -> str:
    """The text of the built-in definitions as they were read."""
    return _builtin()[0].text


def _builtin() -> tuple[TomlDocument, tuple[AlarmDefinition, ...]]:
    global _BUILTIN
    if _BUILTIN is None:
        doc = TomlDocument.read(resources_dir() / "alarms.toml")
        _BUILTIN = doc, parse_alarms(doc)
    return _BUILTIN


def parse_alarms(doc: TomlDocument) -> tuple[AlarmDefinition, ...]:
    root = doc.root()
    root.reject_unknown(("alarms",))
    out = tuple(_definition(t, doc.name) for t in root.tables("alarms"))
    seen: dict[tuple[str, str], int] = {}
    for index, d in enumerate(out):
        kind = STATE[d.watch][1] if d.watch in STATE else d.watch
        if (d.id, kind) in seen:
            raise doc.error(("alarms", index, "id"), f"duplicate alarm {d.id!r}; each "
                            f"definition must name its alarms differently")
        seen[(d.id, kind)] = index
    return out


def _definition(t: Table, source: str) -> AlarmDefinition:
    t.reject_unknown(_KEYS)
    ident = t.required("id", str)
    watch = t.choice("watch", (*ANALOG, *STATE))
    scope = ANALOG[watch][0] if watch in ANALOG else STATE[watch][0]
    places = _PLACEHOLDER.findall(ident)
    if places != [scope]:
        raise t.error("id", f"id {ident!r} must hold {{{scope}}} once (it watches "
                            f"{watch}, one alarm per {scope}); e.g. \"{{{scope}}}.name\"")
    texts = {k: t.required(k, str) for k in ("message", "cause", "consequence", "action")}
    for key, value in texts.items():
        if not value.strip():
            raise t.error(key, f"'{key}' is empty; expected a sentence for the operator")
    common = dict(id=ident, watch=watch, **texts, source=source,
                  delay_s=t.number("delay_s", 0.0, low=0, high=3600, unit="s"),
                  max_shelve_min=t.number("max_shelve_min", MAX_SHELVE_MIN, low=1,
                                          high=MAX_SHELVE_MIN, unit="min"))
    if watch in STATE:
        for key in ("when", "limits", "deadband", "suppress_when_isolated"):
            if t.has(key):
                raise t.error(key, f"'{key}' does not apply to {watch}; expected state and "
                                   f"priority")
        state = t.choice("state", STATE[watch][2])
        level = PRIORITIES.index(t.choice("priority", PRIORITIES)) + 1
        return AlarmDefinition(**common, limits=((level, 0.5),), when="above", state=state)
    if t.has("state") or t.has("priority"):
        raise t.error("state" if t.has("state") else "priority",
                      f"{watch} is a value: give 'limits' per priority, not a state")
    when = t.choice("when", ("below", "above"))
    raw = t.required("limits", dict)
    limits_t = t.table("limits")
    limits_t.reject_unknown(PRIORITIES)
    if not raw:
        raise t.error("limits", "'limits' is empty; expected at least one of low, medium, high")
    low, high = RANGES[watch]
    unit = ANALOG[watch][1]
    limits = tuple((PRIORITIES.index(p) + 1, limits_t.number(p, low=low, high=high, unit=unit))
                   for p in PRIORITIES if p in raw)
    values = [v for _, v in limits]
    ordered = values == sorted(values, reverse=(when == "below"))
    if not ordered or len(set(values)) != len(values):
        raise t.error("limits", f"limits {dict(raw)} must get more severe in order: "
                                f"{'lower' if when == 'below' else 'higher'} for a higher priority")
    return AlarmDefinition(**common, limits=limits, when=when,
                           deadband=_deadband(t, values, when, RANGES[watch], unit),
                           suppress_when_isolated=t.optional("suppress_when_isolated", bool,
                                                             False))


def _deadband(t: Table, values: list[float], when: str, span: tuple[float, float],
              unit: str) -> float:
    """The deadband: less than the gap between two limits, so each priority clears before
    the next, and small enough that the least severe limit can clear within the range."""
    least = values[0]
    room = span[1] - least if when == "below" else least - span[0]
    gaps = [abs(a - b) for a, b in zip(values, values[1:])]
    deadband = t.number("deadband", 0.0, low=0.0, high=room, unit=unit)
    if gaps and deadband >= min(gaps):
        raise t.error("deadband", f"'deadband' is {deadband:g} {unit}; expected less than the "
                                  f"{min(gaps):g} {unit} between two limits")
    return deadband


__all__ = ["AlarmDefinition", "MAX_SHELVE_MIN", "ANALOG", "STATE", "load_alarms",
           "parse_alarms", "builtin_alarms", "builtin_alarms_text"]
