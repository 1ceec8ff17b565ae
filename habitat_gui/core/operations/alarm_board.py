"""The alarm board (ISA-18.2): every alarm of one world, watched at every step.

The :class:`AlarmBoard` makes one alarm per module, unit, relay or person of each definition
(:mod:`.alarm_definitions`), evaluates them over the steps of each advance at once (numpy),
and runs the lifecycle of each:

    NORMAL -> UNACKNOWLEDGED -> ACKNOWLEDGED -> NORMAL (condition normal and acknowledged)
    UNACKNOWLEDGED -> RETURNED-UNACKNOWLEDGED -> NORMAL (when acknowledged)

latched to the highest priority seen (a rise above what was acknowledged asks again), and
three modes out of service: SHELVED (until an expiry in sim time), SUPPRESSED-BY-DESIGN (a
module's environment while it holds nobody and every interconnect of it is sealed) and
OUT-OF-SERVICE. Results depend only on the steps, never on how a run is sliced.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...contract.alarms import (ACKNOWLEDGED, NORMAL, OUT_OF_SERVICE, PRIORITIES, RETURNED,
                               SHELVED, SUPPRESSED, UNACKNOWLEDGED, AlarmHealth, AlarmLimit,
                               AlarmState)
from ...contract.timefmt import duration, mission_time
from ..constants import EVACUATION_PRESSURE_KPA
from ..records import FlatRecord, shallow_copy
from .alarm_definitions import ANALOG, STATE, AlarmDefinition

# Health figures (ISA-18.2): a flood is more than FLOOD_COUNT alarms in HEALTH_WINDOW_S;
# chattering is CHATTER_CYCLES activations within CHATTER_WINDOW_S; stale is active > 24 h.
HEALTH_WINDOW_S = 600.0
FLOOD_COUNT = 10
CHATTER_CYCLES = 3
CHATTER_WINDOW_S = 60.0
STALE_S = 86400.0
_QUANTITY_COLUMN = {"pressure_kpa": 0, "ppo2_kpa": 1, "co2_ppm": 2}


@dataclass
class Occurrence(FlatRecord):
    """One alarm occurrence, for the report: raised until cleared (or taken out of service)."""

    id: str
    priority: str
    module: str
    message: str
    raised_s: float
    acknowledged_s: float | None = None
    returned_s: float | None = None
    cleared_s: float | None = None
    ended: str = ""  # "" | cleared | shelved | suppressed | out-of-service

    def record(self) -> dict[str, Any]:
        out = {"id": self.id, "priority": self.priority, "module": self.module,
               "message": self.message, "raised_s": self.raised_s,
               "acknowledged_s": self.acknowledged_s, "returned_s": self.returned_s,
               "cleared_s": self.cleared_s}
        if self.ended and self.ended != "cleared":
            out["ended"] = self.ended
        return out


@dataclass
class AlarmInstance:
    """One alarm of the board: a definition on one target, its condition, state and mode."""

    id: str
    definition: AlarmDefinition
    target: str
    kind: str  # module | unit | relay | person
    index: int  # module, person index; for units and relays the state slot
    level: int = 0  # present (delayed) severity of the condition, 0 normal
    priority: int = 0  # latched
    acked_priority: int = 0
    state: str = NORMAL
    mode: str = ""  # "" in service | SHELVED | SUPPRESSED | OUT_OF_SERVICE
    shelved_until: float | None = None
    note: str = ""  # why it is shelved or out of service (the operator's reason)
    occurrence: Occurrence | None = None
    active_since: float | None = None
    activations: list[float] = field(default_factory=list)
    chattered: bool = False

    def __deepcopy__(self, memo: dict[int, Any]) -> AlarmInstance:
        """A copy sharing the immutable definition (cloning a 50-module board field by
        field took half of a forecast's preparation on the UI thread)."""
        twin = shallow_copy(self)
        twin.activations = list(self.activations)
        twin.occurrence = copy.deepcopy(self.occurrence, memo)
        return twin


def _per_column(parts: tuple[np.ndarray, ...], over_steps: Callable) -> np.ndarray:
    """One figure per source column: ``over_steps`` of the parts given per step, the held
    parts as they are, side by side."""
    return np.concatenate([over_steps(p) if p.ndim == 2 else p for p in parts])


class AlarmBoard:
    """Every alarm of one world and its lifecycle; plain data, deep-copied with the world."""

    def __init__(self, definitions: tuple[AlarmDefinition, ...], world: Any) -> None:
        self.definitions = definitions
        m = len(world.module_ids)
        persons = [p.name for p in world.crew]
        self.instances: list[AlarmInstance] = []
        self.by_id: dict[str, AlarmInstance] = {}
        self._slot: dict[str, int] = {}
        self._state_watch: list[tuple[str, str]] = []  # (unit/relay id, state watched)
        columns: list[tuple[int, float, float, float, int, float]] = []
        starts: list[int] = []
        for d in definitions:
            for target, kind, index in self._targets(d, world, persons):
                ident = d.alarm_id(target)
                if ident in self.by_id:
                    continue
                if d.watch in STATE:
                    index = len(self._state_watch)
                    self._state_watch.append((target, d.state))
                    src = 4 * m + len(persons) + index
                elif d.watch == "spo2_pct":
                    src = 4 * m + index
                elif d.watch == "breach_time_min":
                    src = 3 * m + index
                else:
                    src = 3 * index + _QUANTITY_COLUMN[d.watch]
                inst = AlarmInstance(ident, d, target, kind, index)
                self._slot[ident] = len(self.instances)
                self.instances.append(inst)
                self.by_id[ident] = inst
                starts.append(len(columns))
                sign = -1.0 if d.when == "below" else 1.0
                for level, limit in d.limits:
                    columns.append((src, sign, sign * limit, sign * limit - d.deadband, level,
                                    d.delay_s))
        cols = np.array(columns, dtype=float).reshape(-1, 6)
        self._src = cols[:, 0].astype(int)
        self._sign, self._on, self._off = cols[:, 1], cols[:, 2], cols[:, 3]
        self._level = cols[:, 4].astype(np.int8)
        self._delay = cols[:, 5]
        self._starts = np.array(starts, dtype=int)
        self._inst_of_col = np.repeat(np.arange(len(starts)), np.diff([*starts, len(columns)]))
        self._first_col = self._starts
        self._cond = np.zeros(len(columns), dtype=bool)  # carried across advances
        self._run_s = np.zeros(len(columns))
        self._levels = np.zeros(len(starts), dtype=np.int8)
        self._state_now = np.zeros(len(self._state_watch))
        self._suppress_now = np.zeros(len(starts), dtype=bool)
        self._suppressed = np.zeros(len(starts), dtype=bool)  # mode is SUPPRESSED
        self._shelf_end = np.full(len(starts), np.inf)  # expiry of each shelved alarm
        self._values = np.full(len(starts), np.nan)
        self._suppressible = np.array([i.kind == "module" and i.definition.suppress_when_isolated
                                       for i in self.instances], dtype=bool)
        self._module_of = np.array([i.index if i.kind == "module" else 0
                                    for i in self.instances], dtype=int)
        self.occurrences: list[Occurrence] = []
        self._news: list[tuple[float, str, str, dict]] = []  # raises and clears to log
        self.raises: list[float] = []  # times of every annunciated activation
        self.t_s = world.t_s
        self.version = 0
        self.observe(world)

    @staticmethod
    def _targets(d: AlarmDefinition, world: Any, persons: list[str]):
        if d.scope == "module":
            return [(mid, "module", i) for i, mid in enumerate(world.module_ids)]
        if d.scope == "person":
            return [(name, "person", k) for k, name in enumerate(persons)]
        if d.scope == "relay":
            return [(rid, "relay", 0) for rid in world.relays]
        kind = STATE[d.watch][1]
        return [(uid, "unit", 0) for uid, u in world.units.items() if u.kind == kind]

    # ------------------------------------------------------------- observation
    def observe(self, world: Any) -> None:
        """What is watched between steps: unit and relay states and the isolation of modules.
        Call just before an advance, after the agenda due now has run (it holds for all
        of the advance's steps)."""
        units, relays = world.units, world.relays
        self._state_now = np.array([relays[target].fused if target in relays
                                    else units[target].state == state
                                    for target, state in self._state_watch], dtype=float)
        modules = [p.module for p in world.crew]
        isolated = np.bincount(modules, minlength=len(world.module_ids)) == 0
        isolated[[i for link in world.links.values() if link.state != "sealed"
                  for i in (link.a, link.b)]] = False
        self._suppress_now = self._suppressible & isolated[self._module_of]
        self._person_module = [world.module_ids[i] for i in modules]

    def _breach_minutes(self, world: Any, pressure: np.ndarray) -> np.ndarray:
        """Per step, minutes until the evacuation pressure in each module with a hole of its
        own (as World.breach_time_s: modules joined by open hatches bleed through it too),
        on the measured pressure; infinite where the module has no hole (one row held for
        every step when no module has one)."""
        rate = world.breach_rate_per_s()
        holed = np.asarray(world.hole_rate_per_s) > 0
        if not holed.any():
            return np.full(pressure.shape[-1], np.inf)
        time_s = np.maximum(np.log(np.maximum(pressure, 1e-9) / EVACUATION_PRESSURE_KPA),
                            0.0) / np.where(holed, rate, 1.0)
        return np.where(holed, time_s / 60.0, np.inf)

    # ------------------------------------------------------------- evaluation
    def evaluate(self, world: Any) -> None:
        """Run the alarms over the steps of the last advance (``world.recent``)."""
        recent = world.recent
        if recent is None or not len(recent.t_s) or not len(self.instances):
            return
        times = recent.t_s
        n = len(times)
        readings = recent.readings
        m = readings.shape[1]
        # The sources in column order, each part per step (steps x columns) or held for the
        # whole advance (one row): readings, breach minutes, SpO2, unit and relay states.
        parts = (readings.reshape(n, m * 3), self._breach_minutes(world, readings[:, :, 0]),
                 recent.spo2_pct, self._state_now)
        # Only columns whose limit is crossed in this advance, or abnormal already, need the
        # step-by-step hysteresis and delay; every other column stays normal.
        highest = _per_column(parts, lambda p: p.max(axis=0))
        lowest = _per_column(parts, lambda p: p.min(axis=0))
        top = np.where(self._sign > 0, highest[self._src], -lowest[self._src])
        busy = np.flatnonzero((top > self._on) | self._cond)
        levels = np.zeros((n, len(self.instances)), dtype=np.int8)
        if len(busy):
            sources = np.concatenate([np.broadcast_to(p, (n, p.shape[-1])) for p in parts],
                                     axis=1)
            x = sources[:, self._src[busy]] * self._sign[busy]
            idx = np.arange(n)[:, None]
            last_on = np.maximum.accumulate(np.where(x > self._on[busy], idx, -1), axis=0)
            last_off = np.maximum.accumulate(np.where(x < self._off[busy], idx, -1), axis=0)
            cond = np.where((last_on < 0) & (last_off < 0), self._cond[busy], last_on > last_off)
            last_false = np.maximum.accumulate(np.where(cond, -1, idx), axis=0)
            run = np.where(last_false < 0, self._run_s[busy] + (idx + 1) * world.dt_s,
                           (idx - last_false) * world.dt_s)
            active = cond & (run >= self._delay[busy] - 1e-9)
            self._cond[busy], self._run_s[busy] = cond[-1], np.minimum(run[-1], 1e12)
            owners = self._inst_of_col[busy]
            first = np.flatnonzero(np.diff(owners, prepend=-1))
            levels[:, owners[first]] = np.maximum.reduceat(
                np.where(active, self._level[busy], 0), first, axis=1)
            before = np.concatenate((self._levels[None], levels[:-1]), axis=0)
            changed = (levels != before).any(axis=0)
        else:
            changed = self._levels != 0
        t_end = float(times[-1])
        self._values = _per_column(parts, lambda p: p[-1])[self._src[self._first_col]]
        due = changed | (self._suppress_now != self._suppressed) | (self._shelf_end <= t_end + 1e-9)
        for j in np.flatnonzero(due).tolist():
            self._replay(self.instances[j], levels[:, j], times, bool(self._suppress_now[j]))
        self._levels = levels[-1].copy()
        self.t_s = t_end
        for t, ident, message, data in self._news:
            world.log_at(t, "alarm", ident, message, **data)
        self._news.clear()

    def _replay(self, inst: AlarmInstance, levels: np.ndarray, times: np.ndarray,
                suppressed: bool) -> None:
        """Apply one alarm's changes over the steps, in time order: suppression first (it
        holds from the first step), then each change of level, then a shelf expiring."""
        if suppressed != (inst.mode == SUPPRESSED):
            t0 = float(times[0])
            if suppressed and inst.mode == "":
                self._take_out(inst, SUPPRESSED, t0)
            elif not suppressed and inst.mode == SUPPRESSED:
                self._return(inst, t0, int(levels[0]))
        prev = np.concatenate(([inst.level], levels[:-1]))
        steps = np.flatnonzero(levels != prev).tolist()
        expiry = None
        if inst.mode == SHELVED and inst.shelved_until is not None \
                and inst.shelved_until <= float(times[-1]) + 1e-9:
            expiry = int(np.searchsorted(times, inst.shelved_until - 1e-9))
        for k in sorted(set(steps + ([expiry] if expiry is not None else []))):
            t = float(times[k])
            if k in steps:
                self._level_change(inst, int(levels[k]), t)
            if k == expiry and inst.mode == SHELVED:
                self._return(inst, t, inst.level, suppressed)

    def _level_change(self, inst: AlarmInstance, level: int, t: float) -> None:
        old, inst.level = inst.level, level
        if level and not old:
            inst.active_since = t
        elif not level:
            inst.active_since = None
        if inst.mode:
            return
        self.version += 1
        if level and not old:
            if inst.state == NORMAL:
                self._raise(inst, level, t)
            else:  # returned-unacknowledged, active again: the same occurrence
                assert inst.occurrence is not None  # raised and in service: it has one
                inst.state = UNACKNOWLEDGED
                inst.occurrence.returned_s = None
                self._activation(inst, t)
        if level > inst.priority:
            inst.priority = level
            if inst.occurrence is not None:
                inst.occurrence.priority = PRIORITIES[level - 1]
            if inst.state == ACKNOWLEDGED and level > inst.acked_priority:
                inst.state = UNACKNOWLEDGED  # worse than what was acknowledged: ask again
                self._activation(inst, t)
        if not level and old:
            if inst.state == ACKNOWLEDGED:
                self._clear(inst, t)
            elif inst.state == UNACKNOWLEDGED:
                assert inst.occurrence is not None  # raised and in service: it has one
                inst.state = RETURNED
                inst.occurrence.returned_s = t

    def _raise(self, inst: AlarmInstance, level: int, t: float) -> None:
        d = inst.definition
        inst.state, inst.priority, inst.acked_priority = UNACKNOWLEDGED, level, 0
        inst.occurrence = Occurrence(inst.id, PRIORITIES[level - 1], self._display(inst),
                                     d.message, t)
        self.occurrences.append(inst.occurrence)
        self._news.append((t, inst.id, f"{PRIORITIES[level - 1].upper()}: "
                                       f"{self._display(inst)} {d.message}",
                           {"alarm": inst.id, "priority": PRIORITIES[level - 1],
                            "change": "raised"}))
        self._activation(inst, t)

    def _activation(self, inst: AlarmInstance, t: float) -> None:
        self.raises.append(t)
        inst.activations = [a for a in inst.activations if a > t - CHATTER_WINDOW_S] + [t]
        if len(inst.activations) >= CHATTER_CYCLES:
            inst.chattered = True

    def _clear(self, inst: AlarmInstance, t: float) -> None:
        inst.state, inst.priority, inst.acked_priority = NORMAL, 0, 0
        if inst.occurrence is not None:
            inst.occurrence.cleared_s = t
            inst.occurrence.ended = "cleared"
        inst.occurrence = None
        self._news.append((t, inst.id, f"{inst.id} cleared", {"alarm": inst.id,
                                                            "change": "cleared"}))

    def _take_out(self, inst: AlarmInstance, mode: str, t: float) -> None:
        self.version += 1
        if inst.occurrence is not None:
            inst.occurrence.ended = {SHELVED: "shelved", SUPPRESSED: "suppressed",
                                     OUT_OF_SERVICE: "out-of-service"}[mode]
        inst.occurrence = None
        inst.state, inst.priority, inst.acked_priority = NORMAL, 0, 0
        self._set_mode(inst, mode)

    def _set_mode(self, inst: AlarmInstance, mode: str, until: float | None = None) -> None:
        j = self._slot[inst.id]
        inst.mode, inst.shelved_until = mode, until
        if mode in ("", SUPPRESSED):
            inst.note = ""
        self._suppressed[j] = mode == SUPPRESSED
        self._shelf_end[j] = until if until is not None else np.inf

    def _return(self, inst: AlarmInstance, t: float, level: int, suppressed: bool = False) -> None:
        self.version += 1
        self._set_mode(inst, SUPPRESSED if suppressed else "")
        inst.level = level
        if not suppressed and level:
            self._raise(inst, level, t)

    def _display(self, inst: AlarmInstance) -> str:
        if inst.kind == "module":
            return inst.target
        if inst.kind == "person":
            return self._person_module[inst.index]
        return inst.target.rsplit(".", 1)[0]

    # ------------------------------------------------------------- operator actions
    def get(self, alarm: str) -> AlarmInstance:
        inst = self.by_id.get(alarm)
        if inst is None:
            raise KeyError(alarm)
        return inst

    def acknowledge(self, alarm: str, t: float) -> str:
        inst = self.get(alarm)
        self.version += 1
        if inst.occurrence is not None and inst.occurrence.acknowledged_s is None:
            inst.occurrence.acknowledged_s = t
        if inst.state == RETURNED:
            self._clear(inst, t)
            return f"{alarm} acknowledged and cleared"
        inst.state, inst.acked_priority = ACKNOWLEDGED, inst.priority
        return f"{alarm} acknowledged"

    def shelve(self, alarm: str, t: float, minutes: float, note: str = "") -> str:
        """Shelve ``alarm`` for ``minutes`` (it returns by itself then); ``note`` is why."""
        inst = self.get(alarm)
        self._take_out(inst, SHELVED, t)
        self._set_mode(inst, SHELVED, t + 60.0 * minutes)
        inst.note = note
        return (f"{alarm} shelved for {duration(minutes * 60.0)}, until "
                f"{mission_time(t + 60.0 * minutes)}" + (f": {note}" if note else ""))

    def unshelve(self, alarm: str, t: float) -> str:
        inst = self.get(alarm)
        self._return(inst, t, inst.level, bool(self._suppress_now[self._slot[inst.id]]))
        return f"{alarm} returned to service"

    def remove_from_service(self, alarm: str, t: float, note: str = "") -> str:
        inst = self.get(alarm)
        self._take_out(inst, OUT_OF_SERVICE, t)
        inst.note = note
        return f"{alarm} taken out of service" + (f": {note}" if note else "")

    def return_to_service(self, alarm: str, t: float) -> str:
        inst = self.get(alarm)
        self._return(inst, t, inst.level, bool(self._suppress_now[self._slot[inst.id]]))
        return f"{alarm} returned to service"

    # ------------------------------------------------------------- publishing
    def shown_state(self, inst: AlarmInstance) -> str:
        return inst.mode or inst.state

    def states(self) -> tuple[AlarmState, ...]:
        """Every alarm that is not NORMAL and in service, most urgent first."""
        out = [self._publish(inst) for inst in self.instances
               if inst.mode or inst.state != NORMAL]
        return tuple(sorted(out, key=_urgency))

    def state_of(self, alarm: str) -> AlarmState:
        return self._publish(self.get(alarm))

    def _publish(self, inst: AlarmInstance) -> AlarmState:
        d = inst.definition
        shown = inst.priority or inst.level
        limit = dict(d.limits).get(shown) if d.watch in ANALOG else None
        occ = inst.occurrence
        value = float(self._values[self._slot[inst.id]]) if d.watch in ANALOG else None
        return AlarmState(
            inst.id, d.message, PRIORITIES[shown - 1] if shown else "", inst.mode or inst.state,
            inst.level > 0, value, d.unit, limit,
            inst.target, occ.module if occ else self._display(inst),
            occ.raised_s if occ else None, occ.acknowledged_s if occ else None,
            inst.shelved_until, d.cause, d.consequence, d.action, d.watch, d.word,
            d.max_shelve_min, inst.note)

    def limits(self) -> tuple[AlarmLimit, ...]:
        """Where each definition on a measured module quantity rises, by priority."""
        return tuple(AlarmLimit(d.watch, PRIORITIES[level - 1], value, d.when)
                     for d in self.definitions if d.watch in ANALOG and d.scope == "module"
                     for level, value in d.limits)

    def health(self) -> AlarmHealth:
        now = self.t_s
        raises = self.raises
        recent = sum(1 for r in raises if r > now - HEALTH_WINDOW_S)
        return AlarmHealth(
            now, recent, recent > FLOOD_COUNT, flood_time_s(raises, now),
            sum(1 for i in self.instances if i.chattered),
            sum(1 for i in self.instances if i.active_since is not None and not i.mode
                and now - i.active_since > STALE_S),
            sum(1 for i in self.instances if i.level and not i.mode),
            sum(1 for i in self.instances if not i.mode and i.state in (UNACKNOWLEDGED, RETURNED)),
            sum(1 for i in self.instances if i.mode == SHELVED),
            sum(1 for i in self.instances if i.mode == SUPPRESSED),
            sum(1 for i in self.instances if i.mode == OUT_OF_SERVICE),
            len(raises), _shares(self.occurrences))

    def report(self) -> list[dict[str, Any]]:
        return [o.record() for o in self.occurrences]


def _urgency(a: AlarmState) -> tuple:
    waiting = a.state in (UNACKNOWLEDGED, RETURNED)
    in_service = a.state in (UNACKNOWLEDGED, ACKNOWLEDGED, RETURNED)
    return (not in_service, not waiting, -PRIORITIES.index(a.priority) if a.priority else 1,
            -(a.raised_s or 0.0), a.id)


def _shares(occurrences: list[Occurrence]) -> tuple[float, float, float]:
    total = len(occurrences)
    if not total:
        return (0.0, 0.0, 0.0)
    return tuple(100.0 * sum(1 for o in occurrences if o.priority == p) / total
                 for p in PRIORITIES)  # type: ignore[return-value]


def flood_time_s(raises: list[float], now: float) -> float:
    """Time so far with more than FLOOD_COUNT alarms raised in the trailing window."""
    if len(raises) <= FLOOD_COUNT:
        return 0.0
    edges = sorted([(r, 1) for r in raises] + [(min(r + HEALTH_WINDOW_S, now), -1)
                                                for r in raises if r + HEALTH_WINDOW_S <= now])
    total, count, since = 0.0, 0, 0.0
    for t, step in edges:
        if count > FLOOD_COUNT:
            total += t - since
        count += step
        since = t
    if count > FLOOD_COUNT:
        total += now - since
    return total


__all__ = ["AlarmBoard", "AlarmInstance", "Occurrence", "flood_time_s"]
