"""The simulated colony: gas in every module, equipment, crew, and one physics step.

All state is plain data (numpy arrays, dataclasses, a seeded generator), so the whole world
can be deep-copied to run ahead. Timed happenings (warm-ups, arrivals, scenario faults and
commands) wait on one agenda ordered by time and insertion, which keeps runs deterministic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from . import atmosphere
from .. import constants as C
from ..constants import Gas
from .agenda import ACTIONS, Agenda, action
from .controls import Controls
from .equipment import ON, Generator, PressureControl, Relay, Scrubber, Sensor, Unit, make_unit
from .equipment_logic import EquipmentLogic
from .habitat import SENSOR_QUANTITIES, Habitat
from .physiology import spo2_pct
from ..records import FlatRecord

if TYPE_CHECKING:
    from ..maintenance.live import LiveMaintenance

_SENSOR_COLUMN = {q: i for i, q in enumerate(SENSOR_QUANTITIES)}
_MOLAR_MASS = np.array(C.MOLAR_MASS_KG_PER_MOL)
_VALVE_GASES = [Gas.N2, Gas.O2]  # what a make-up valve adds, in the order of its tanks
BATCH_MAX = 300  # steps of the time grid: no batch of steps crosses a grid line ...
BATCH_MAX_S = 1800.0  # ... nor lasts longer than this (long forecast steps)
GROWING_HOLE_BATCH = 10  # a growing hole is widened once per this many steps


def _breath_mol_s(rates_kg_per_h: dict[Gas, float]) -> np.ndarray:
    """What one person's breath puts into the air per second, per gas (O2 taken)."""
    row = np.zeros(C.GAS_COUNT)
    for gas, sign in ((Gas.O2, -1.0), (Gas.CO2, 1.0), (Gas.H2O, 1.0)):
        row[gas] = sign * C.kg_per_h_to_mol_per_s(rates_kg_per_h[gas], gas)
    return row


_BREATH_MOL_S = {activity: _breath_mol_s(rates)
                 for activity, rates in C.METABOLISM_KG_PER_H.items()}


@dataclass(frozen=True)
class Event:
    """Something that happened, for the log and the report."""

    t_s: float
    kind: str  # fault | automation | command | crew | alarm | maintenance
    source: str
    message: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Link(FlatRecord):
    """An interconnect between modules ``a`` and ``b`` (indices)."""

    id: str
    a: int
    b: int
    state: str
    kind: str
    exchange_flow_m3_s: float
    crack_mm: float
    locked_for: str = ""  # the seal whose repair has it locked shut ("" = free)


@dataclass
class Hole(FlatRecord):
    """A breach to Mars in one module; choked flow through ``diameter_cm``."""

    module: int
    diameter_cm: float
    growth_cm_per_s: float
    discharge_coefficient: float

    def conductance_m3_per_s(self, temperature_k: float) -> float:
        """V / tau: tau = V / (R_s T Cd A 0.00235) (docs/physics.md)."""
        area_m2 = math.pi * (self.diameter_cm / 200.0) ** 2
        return (C.AIR_SPECIFIC_GAS_CONSTANT_J_PER_KG_K * temperature_k
                * self.discharge_coefficient * area_m2 * C.CHOKED_FLOW_S_PER_M)


@dataclass
class Person(FlatRecord):
    name: str
    module: int
    activity: str
    schedule: tuple[tuple[float, str], ...] = ()
    moving_to: int | None = None
    arrive_at_s: float = 0.0
    route: tuple[str, ...] = ()


def sensor_noise(seed: int, block: int, shape: tuple[int, ...]) -> np.ndarray:
    """Standard normal sensor noise for one block of the time grid, from its own stream."""
    return np.random.Generator(np.random.Philox(key=(seed << 64) | block)).standard_normal(shape)


@dataclass(frozen=True)
class Recent:
    """The steps of the last advance, for whatever watches every step (alarms, recorders)."""

    t_s: np.ndarray  # steps
    readings: np.ndarray  # steps x modules x (pressure kPa, ppO2 kPa, CO2 ppm) as measured
    spo2_pct: np.ndarray  # steps x crew
    air: "atmosphere.Air"  # the true air, steps x modules
    o2_reserve_kg: np.ndarray  # steps x modules: make-up O2 tank and candles


@dataclass
class Batch:
    """Steps computed ahead; the first ``stand`` of them are the world's future."""

    history: np.ndarray  # steps x modules x gases
    air: "atmosphere.Air"
    readings: np.ndarray  # steps x modules x (pressure, ppO2, CO2) as measured
    stand: int
    automation_acts: bool
    exact: bool
    valve_add: np.ndarray  # mol per step from each make-up valve
    tanks_kg: list[tuple[float, float]]  # N2 and O2 in each make-up tank at the start
    spo2: np.ndarray  # steps x crew
    hypoxia_s: np.ndarray  # crew exposure at the start
    hypoxia_dose: np.ndarray
    done: int = 0


class World:
    """The colony's full state and its 1 s physics step."""

    def __init__(self, habitat: Habitat, seed: int = 0, dt_s: float = 1.0) -> None:
        self.habitat = habitat
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.t_s = 0.0
        self.dt_s = dt_s
        self.module_ids = habitat.module_ids()
        self.index = {mid: i for i, mid in enumerate(self.module_ids)}
        m = len(self.module_ids)
        mods = habitat.modules
        self.volume_m3 = np.array([x.volume_m3 for x in mods])
        self.temperature_k = np.array([x.temperature_c + C.ZERO_C_K for x in mods])
        self.kpa_per_mol = C.R_J_PER_MOL_K * self.temperature_k / self.volume_m3 / 1000.0
        self.n = np.zeros((m, C.GAS_COUNT))
        for i, x in enumerate(mods):
            total = x.pressure_kpa / self.kpa_per_mol[i]
            water = min(x.humidity_kpa / self.kpa_per_mol[i], total)
            self.n[i, Gas.H2O] = water
            self.n[i, Gas.CO2] = x.co2_ppm * 1e-6 * total
            self.n[i, Gas.O2] = x.o2_pct / 100.0 * total
            self.n[i, Gas.N2] = max(total - water - self.n[i, Gas.CO2] - self.n[i, Gas.O2], 0.0)
        self.humidity_set_mol = np.array([x.humidity_kpa for x in mods]) / self.kpa_per_mol
        self.design_leak_per_s = np.array([x.design_leak_fraction_per_day for x in mods]) \
            / C.SECONDS_PER_DAY
        self.candles_left = np.array([x.o2_candles for x in mods], dtype=int)
        self.candle_burning_until = np.full(m, -1.0)
        self.links = {i.id: Link(i.id, self.index[i.between[0]], self.index[i.between[1]],
                                 i.state, i.kind, i.exchange_flow_m3_s, i.seal_crack_mm)
                      for i in habitat.interconnects}
        self.units: dict[str, Unit] = {e.id: make_unit(e) for e in habitat.equipment}
        self.generator_units = [u for u in self.units.values() if isinstance(u, Generator)]
        self.relays = {f"{g.module}.relay": Relay(f"{g.module}.relay", g.module)
                       for g in self.generator_units}
        self.sensors = {s.id: Sensor(s, s.gain, s.bias, s.noise) for s in habitat.sensors}
        self.crew = [Person(c.name, self.index[c.module], c.activity, c.schedule)
                     for c in habitat.crew]
        self.crew_index = {p.name: k for k, p in enumerate(self.crew)}
        self.holes: list[Hole] = []
        self.agenda = Agenda()
        self.equipment_logic = EquipmentLogic(self)
        self.controls = Controls(self)
        self.events: list[Event] = []
        self._dirty = True
        self._sensors_stale = True
        self._batch: Batch | None = None
        self._hatches_key: tuple | None = None
        self._noise_block: tuple[int, np.ndarray | None] = (-1, None)
        self.crew_hypoxia_s = np.zeros(len(self.crew))
        self.crew_hypoxia_dose = np.zeros(len(self.crew))
        self.recent: Recent | None = None
        self.service_days = habitat.service_days  # the colony's age at t = 0
        self.maintenance: LiveMaintenance | None = None  # made on first use (live.of)
        for gen in self.units.values():  # the colony was running before t = 0
            if isinstance(gen, Generator) and gen.role == "primary" and gen.spec.running:
                gen.state = ON
        self._rebuild()
        air = self.read_present()
        self.min_ppo2_kpa = self.ppo2_kpa.copy()
        self.max_co2_ppm = self.co2_ppm.copy()
        self.min_pressure_kpa = self.pressure_kpa.copy()
        self.crew_spo2 = spo2_pct(air.o2_fraction, air.pressure_kpa)[0, self.crew_module]
        self.crew_min_spo2 = self.crew_spo2.copy()
        for person in self.crew:
            self._schedule_next_activity(person)

    # ----------------------------------------------------------------- agenda and log
    def schedule(self, at_s: float, action: str, *args: Any) -> None:
        """Run the agenda action ``action`` with the world and ``args`` before the first step
        that starts at or after ``at_s``.

        A batch in flight is cut there, as if it had been planned with the item: otherwise
        the item would run at whichever advance happens to start first after ``at_s``, and
        the result would depend on how the run is sliced."""
        self.agenda.add(at_s, action, args)
        batch = self._batch
        if batch is not None:
            ends = batch.done + max(math.ceil((at_s - self.t_s) / self.dt_s - 1e-9), 1)
            if ends < batch.stand:
                batch.stand, batch.automation_acts = ends, False

    def run_due(self) -> None:
        """Run the agenda's items due now, in order."""
        while (item := self.agenda.pop_due(self.t_s)) is not None:
            ACTIONS[item[2]](self, *item[3])

    def log(self, kind: str, source: str, message: str, **data: Any) -> Event:
        event = Event(self.t_s, kind, source, message, data)
        self.events.append(event)
        return event

    def log_at(self, t_s: float, kind: str, source: str, message: str, **data: Any) -> Event:
        """Log something that happened at ``t_s`` within the last advance, in time order."""
        event = Event(t_s, kind, source, message, data)
        at = len(self.events)
        while at and self.events[at - 1].t_s > t_s:
            at -= 1
        self.events.insert(at, event)
        return event

    def mark_dirty(self) -> None:
        self._dirty = True

    # ----------------------------------------------------------------- equipment
    def generators(self, module: str) -> dict[str, Generator]:
        """The generators of a module's bay, by role."""
        return self.equipment_logic.generators(module)

    def update_bay(self, module: str) -> None:
        """Apply the bay's relay: changeover on failure, then start or stop each generator."""
        self.equipment_logic.update_bay(module)

    def set_power(self, unit_id: str, powered: bool) -> None:
        self.equipment_logic.set_power(unit_id, powered)

    # ----------------------------------------------------------------- crew
    def scheduled_activity(self, schedule: tuple[tuple[float, str], ...]) -> str:
        """What a (non-empty) daily schedule has a person doing at the present hour."""
        hour = (self.t_s / C.SECONDS_PER_HOUR) % 24.0
        current = [a for h, a in schedule if h <= hour + 1e-9]
        return current[-1] if current else schedule[-1][1]

    def resume_routine(self, person: Person, schedule: tuple[tuple[float, str], ...],
                       activity: str) -> None:
        """The person goes back to ``schedule`` (what it has for now, its next change on the
        agenda) or, without one, to ``activity``."""
        person.schedule = schedule
        waiting = any(name == "_next_activity" and args == (person.name,)
                      for name, args in self.agenda)
        if schedule and not waiting:
            self._schedule_next_activity(person)
        else:
            person.activity = self.scheduled_activity(schedule) if schedule else activity
        self.mark_dirty()

    def _schedule_next_activity(self, person: Person) -> None:
        if not person.schedule:
            return
        hour = (self.t_s / C.SECONDS_PER_HOUR) % 24.0
        activity = self.scheduled_activity(person.schedule)
        if activity != person.activity:
            person.activity = activity
            self.mark_dirty()
        later = [h for h, _ in person.schedule if h > hour + 1e-9]
        next_hour = later[0] if later else person.schedule[0][0] + 24.0
        self.schedule(self.t_s + (next_hour - hour) * C.SECONDS_PER_HOUR,
                      "_next_activity", person.name)

    def set_all_activities(self, activity: str) -> None:
        """Every person at ``activity`` from now on, schedules set aside."""
        for person in self.crew:
            person.activity, person.schedule = activity, ()
        self.mark_dirty()

    # ----------------------------------------------------------------- rates
    def _rebuild(self) -> None:
        """Recompute the rates that stay constant until something changes."""
        m, dt = len(self.module_ids), self.dt_s
        src = np.zeros((m, C.GAS_COUNT))
        self.crew_module = np.array([p.module for p in self.crew], dtype=int)
        if self.crew:  # each person's breath added to their module, in crew order
            np.add.at(src, self.crew_module, [_BREATH_MOL_S[p.activity] for p in self.crew])
        self.crew_o2_mol_s = -src[:, Gas.O2].copy()
        self.generation_o2_mol_s = np.zeros(m)
        scrub_cap, scrub_k = np.zeros(m), np.zeros(m)
        self.valve_mol = np.zeros((m, C.GAS_COUNT))
        self.pc_units: list[PressureControl | None] = [None] * m
        self.standby: list[Scrubber] = []
        for unit in self.units.values():
            i = self.index[unit.module]
            if isinstance(unit, Generator):
                self.generation_o2_mol_s[i] += unit.o2_mol_per_s()
            elif isinstance(unit, Scrubber):
                if unit.running():
                    scrub_cap[i] += C.kg_per_h_to_mol_per_s(unit.spec.capacity_kg_per_h, Gas.CO2)
                    scrub_k[i] += unit.spec.efficiency * unit.spec.process_flow_m3_s
                if unit.role == "standby" and unit.override is None and not unit.locked_for:
                    self.standby.append(unit)
            elif isinstance(unit, PressureControl):
                self.pc_units[i] = unit
                self.valve_mol[i, Gas.N2] = C.kg_per_h_to_mol_per_s(unit.spec.n2_rate_kg_per_h,
                                                                    Gas.N2) * dt
                self.valve_mol[i, Gas.O2] = C.kg_per_h_to_mol_per_s(unit.spec.o2_rate_kg_per_h,
                                                                    Gas.O2) * dt
        self.pc_index = np.array([i for i, u in enumerate(self.pc_units) if u is not None], int)
        self.standby_module = np.array([self.index[u.module] for u in self.standby], dtype=int)
        candle_mol_s = C.kg_per_h_to_mol_per_s(C.O2_CANDLE_KG / C.O2_CANDLE_BURN_S * 3600, Gas.O2)
        self.candle_o2_mol_s = np.where(self.candle_burning_until > self.t_s, candle_mol_s, 0.0)
        src[:, Gas.O2] += self.generation_o2_mol_s + self.candle_o2_mol_s
        self.src_step = src * dt
        self.scrub_cap_step = scrub_cap * dt
        self.scrub_k_step = scrub_k * dt / self.volume_m3
        self.humidity_keep = math.exp(-dt / self.habitat.automation.humidity_time_constant_s)
        self._rebuild_hatches()
        self._rebuild_leaks()
        self.cracks = [k for k in self.links.values() if k.state != "open" and k.crack_mm > 0]
        self._dirty = False
        self._batch = None
        self._compose()

    def _rebuild_hatches(self) -> None:
        """The transport through open hatches, made again only when they or the step change
        (the eigen-decomposition behind it is the dearest part of a rebuild)."""
        key = (tuple((k.a, k.b, k.exchange_flow_m3_s) for k in self.links.values()
                     if k.state == "open"), self.dt_s)
        if key != self._hatches_key:
            self.hatches = atmosphere.open_hatches(self.volume_m3, self.temperature_k,
                                                   list(key[0]), self.dt_s)
            self._hatches_key = key

    def _rebuild_leaks(self) -> None:
        conductance = np.zeros(len(self.module_ids))
        for hole in self.holes:
            conductance[hole.module] += hole.conductance_m3_per_s(C.AIR_REFERENCE_TEMPERATURE_K)
        self.hole_rate_per_s = conductance / self.volume_m3
        rate = self.design_leak_per_s + self.hole_rate_per_s
        # Gas behind open hatches drains through a hole as one body: scale each module's loss
        # so that its group decays exactly as exp(-dt x volume-weighted rate).
        group_rate = self.drained_together(rate)
        lost = np.divide(-np.expm1(-self.dt_s * group_rate), group_rate,
                         out=np.full_like(rate, self.dt_s), where=group_rate > 0)
        self.leak_keep = 1.0 - rate * lost
        self.growing_holes = any(h.growth_cm_per_s for h in self.holes)

    def _compose(self) -> None:
        """Fold sources, make-up valves, scrubbers, humidity control and leaks into one affine
        step n <- keep * n + add (then hatch transport). Scrubbers remove
        min(capacity, k x CO2): each module is in one regime until the batch check flips it."""
        add = self.src_step.copy()
        self._compose_valves()
        add += self.valve_add
        # where the O2 is gone the crew cannot take it: their uptake stops until O2 returns
        add[:, Gas.O2] = np.where(self.n[:, Gas.O2] + add[:, Gas.O2] < 0, 0.0, add[:, Gas.O2])
        keep = np.ones_like(add)
        co2_next = self.n[:, Gas.CO2] + add[:, Gas.CO2]
        self.scrub_saturated = self.scrub_k_step * co2_next >= self.scrub_cap_step
        keep[:, Gas.CO2] = np.where(self.scrub_saturated, 1.0, 1.0 - self.scrub_k_step)
        add_co2 = add[:, Gas.CO2] - np.where(self.scrub_saturated, self.scrub_cap_step, 0.0)
        keep_h2o = self.humidity_keep
        add_h2o = add[:, Gas.H2O] * keep_h2o + self.humidity_set_mol * (1.0 - keep_h2o)
        add[:, Gas.CO2], add[:, Gas.H2O] = add_co2, add_h2o
        keep[:, Gas.H2O] = keep_h2o
        self.step_keep = keep * self.leak_keep[:, None]
        self.step_add = add * self.leak_keep[:, None]
        self.co2_add_before_scrub = self.src_step[:, Gas.CO2] + self.valve_add[:, Gas.CO2]

    def _compose_valves(self) -> None:
        """Moles per step from each open make-up valve (``valve_add``), never more than its
        tank holds, and the whole steps until the first open tank runs dry."""
        self.valve_add = np.zeros_like(self.src_step)
        self._valve_steps = BATCH_MAX
        if not len(self.pc_index):
            return
        units = [self.pc_units[i] for i in self.pc_index]
        tank_mol = np.array([(u.n2_kg, u.o2_kg) for u in units]) / _MOLAR_MASS[_VALVE_GASES]
        is_open = np.array([(u.n2_open, u.o2_open) for u in units], dtype=bool)
        rows = self.pc_index[:, None]
        per_step = np.where(is_open, np.minimum(self.valve_mol[rows, _VALVE_GASES], tank_mol),
                            0.0)
        self.valve_add[rows, _VALVE_GASES] = per_step
        flowing = per_step > 0
        if flowing.any():
            left = (tank_mol[flowing] / per_step[flowing]).min()
            self._valve_steps = min(BATCH_MAX, max(int(left + 1e-9), 1))

    # ----------------------------------------------------------------- stepping
    def step(self) -> None:
        """Advance one physics step of ``dt_s`` seconds."""
        self.advance(1)

    def advance(self, max_steps: int) -> int:
        """Advance up to ``max_steps`` steps; returns the steps taken (at least one).

        Steps run in batches that never cross the fixed time grid. A batch computes its exact
        1 s updates at once, then checks what the sensors and automation saw at each step; the
        steps up to the first at which automation acts (or a relief valve opens, or a gas runs
        out) stand, automation acts there, and the rest are dropped. Where a run pauses inside
        a batch changes nothing, so a run sliced any way reproduces the same numbers.
        """
        self.run_due()
        if self._dirty:
            self._rebuild()
        if self._batch is None:
            self._batch = self._begin_batch()
        batch = self._batch
        steps = min(max_steps, batch.stand - batch.done)
        self._accept(batch, steps)
        if batch.done == batch.stand:
            self._batch = None
            if self.hatches is not None and not batch.exact:
                atmosphere.equalise(self.n, self.hatches)
            self._compose()
            if batch.automation_acts:
                self.controls.act()
        if self._adjust_time(np.array([self.t_s]))[0]:
            self.controls.adjust_generators(self.measured[:, 1])
        return steps

    def _adjust_time(self, times: np.ndarray) -> np.ndarray:
        """Whether the step ending at each time passed a review of the generator set points
        (every ``generator_adjust_every_s`` on the clock)."""
        every = self.habitat.automation.generator_adjust_every_s
        return np.floor(times / every + 1e-9) > np.floor((times - self.dt_s) / every + 1e-9)

    def _batch_steps(self) -> int:
        """Steps until the grid line, the next agenda item, or a make-up tank running dry."""
        grid = min(BATCH_MAX * self.dt_s, BATCH_MAX_S)
        end = (math.floor(self.t_s / grid + 1e-9) + 1) * grid
        next_s = self.agenda.next_s()
        if next_s is not None:
            end = min(end, next_s)
        steps = min(int(math.ceil((end - self.t_s) / self.dt_s - 1e-9)), self._valve_steps)
        if self.growing_holes:
            steps = min(steps, GROWING_HOLE_BATCH)
        return max(steps, 1)

    def _begin_batch(self) -> "Batch":
        steps = self._batch_steps()
        if self.growing_holes:
            for hole in self.holes:
                hole.diameter_cm += hole.growth_cm_per_s * self.dt_s * steps
            self._rebuild_leaks()
            self._compose()
        transport = None
        if self.hatches is not None:
            atmosphere.equalise(self.n, self.hatches)
            trial = self.hatches.mixing @ (self.step_keep * self.n + self.step_add)
            transport = atmosphere.quasi_steady(trial, self.hatches) @ self.hatches.mixing
        if self.cracks:
            history = self._sequential(steps, transport, exact=False)
        else:
            history = atmosphere.propagate(self.n, self.step_keep, self.step_add, transport,
                                           steps)
        air, readings = self._observe(history)
        stand, acts = self._check_batch(history, air, readings)
        exact = stand == 0
        if exact:  # the first step needs a relief valve or clamping: take it alone, exactly
            history = self._sequential(1, self.hatches.mixing if self.hatches else None, True)
            air, readings = self._observe(history)
            stand, acts = 1, bool(self.controls.due(readings[0]))
        tanks = [(self.pc_units[i].n2_kg, self.pc_units[i].o2_kg) for i in self.pc_index]
        spo2 = spo2_pct(air.o2_fraction, air.pressure_kpa)[:, self.crew_module]
        return Batch(history, air, readings, stand, acts, exact, self.valve_add.copy(), tanks,
                     spo2, self.crew_hypoxia_s.copy(), self.crew_hypoxia_dose.copy())

    def _sequential(self, steps: int, transport: np.ndarray | None, exact: bool) -> np.ndarray:
        """Step by step, for what is not linear: seal cracks, relief valves, clamping."""
        history = np.empty((steps, *self.n.shape))
        x = self.n
        for k in range(steps):
            x = self.step_keep * x + self.step_add
            if transport is not None:
                x = transport @ x
                if exact:
                    atmosphere.equalise(x, self.hatches)
            for link in self.cracks:
                atmosphere.crack_flow(x, link.a, link.b, link.crack_mm, self.kpa_per_mol,
                                      self.temperature_k, self.dt_s)
            if exact:
                np.maximum(x, 0.0, out=x)
                atmosphere.relieve(x, self.kpa_per_mol, self.habitat.automation.relief_above_kpa)
            history[k] = x
        return history

    def _check_batch(self, history: np.ndarray, air: atmosphere.Air,
                     readings: np.ndarray) -> tuple[int, bool]:
        """How many steps of the batch stand, and whether automation acts at the last one."""
        bad = (air.pressure_kpa > self.habitat.automation.relief_above_kpa).any(axis=1) \
            | (history < 0).any(axis=(1, 2))
        first_bad = int(np.argmax(bad)) if bad.any() else len(history)
        due = self.controls.due(readings[:first_bad])
        times = self.t_s + self.dt_s * np.arange(1, first_bad + 1)
        review = np.flatnonzero(self._adjust_time(times))  # the steps that review set points
        if len(review):
            gens = self.controls.adjustable_generators()
            current = np.array([g.setting_pct for g in gens])
            wanted = self.controls.generator_settings(readings[review, :, 1], gens)
            due[review] |= (wanted != current).any(axis=1)
        saturated_next = self.scrub_k_step * (history[:first_bad, :, Gas.CO2]
                                              + self.co2_add_before_scrub) >= self.scrub_cap_step
        flips = ((saturated_next != self.scrub_saturated) & (self.scrub_cap_step > 0)).any(axis=1)
        stop = due | flips
        if stop.any():
            last = int(np.argmax(stop))
            return last + 1, bool(due[last])
        return first_bad, False

    def _observe(self, history: np.ndarray) -> tuple[atmosphere.Air, np.ndarray]:
        """Derived air and sensor readings for the states of a batch starting now; each
        step's noise depends only on the seed and the step's place on the time grid."""
        steps = len(history)
        air = atmosphere.air(history, self.kpa_per_mol)
        true = np.stack((air.pressure_kpa, air.ppo2_kpa, air.co2_ppm), axis=-1)
        if self._sensors_stale:
            self._pack_sensors()
        first = int(round(self.t_s / self.dt_s))
        bias = self._sensor_bias
        if self._any_drift:
            times = self.dt_s * np.arange(first + 1, first + steps + 1)
            bias = bias + self._sensor_drift * (times[:, None, None] - self._sensor_since)
        readings = true * (1.0 + self._sensor_gain)
        readings += bias
        if self._any_noise:  # forecasts expect sensors without noise: draw none for them
            readings += self._noise(first, steps, true.shape[1:]) * self._sensor_noise
        return air, readings

    def _accept(self, batch: "Batch", steps: int) -> None:
        """Take the next ``steps`` steps of the batch as the world's own."""
        lo, hi = batch.done, batch.done + steps
        batch.done = hi
        self.n = batch.history[hi - 1].copy()
        reserve = np.repeat((self.candles_left * C.O2_CANDLE_KG)[None, :], steps, axis=0) \
            .astype(float)
        if len(self.pc_index):
            tank_o2 = np.array([o2_kg for _, o2_kg in batch.tanks_kg])
            per_step = batch.valve_add[self.pc_index, Gas.O2] * C.MOLAR_MASS_KG_PER_MOL[Gas.O2]
            reserve[:, self.pc_index] += np.maximum(
                tank_o2 - np.arange(lo + 1, hi + 1)[:, None] * per_step, 0.0)
        a = batch.air
        self.recent = Recent(self.t_s + self.dt_s * np.arange(1, steps + 1),
                             batch.readings[lo:hi], batch.spo2[lo:hi],
                             atmosphere.Air(a.pressure_kpa[lo:hi], a.o2_fraction[lo:hi],
                                            a.ppo2_kpa[lo:hi], a.co2_ppm[lo:hi]), reserve)
        self.t_s = round(self.t_s + self.dt_s * steps, 9)
        used_kg = (batch.valve_add[self.pc_index] * (hi * _MOLAR_MASS))[:, _VALVE_GASES]
        for i, (n2_kg, o2_kg), (n2_used, o2_used) in zip(self.pc_index, batch.tanks_kg,
                                                         used_kg.tolist()):
            unit = self.pc_units[i]
            unit.n2_kg, unit.o2_kg = max(n2_kg - n2_used, 0.0), max(o2_kg - o2_used, 0.0)
        self._set_present(batch.air, batch.readings, hi - 1)
        a = batch.air
        np.minimum(self.min_ppo2_kpa, a.ppo2_kpa[lo:hi].min(axis=0), out=self.min_ppo2_kpa)
        np.maximum(self.max_co2_ppm, a.co2_ppm[lo:hi].max(axis=0), out=self.max_co2_ppm)
        np.minimum(self.min_pressure_kpa, a.pressure_kpa[lo:hi].min(axis=0),
                   out=self.min_pressure_kpa)
        self._breathe(batch, lo, hi)

    def _set_present(self, air: atmosphere.Air, readings: np.ndarray, k: int) -> None:
        self.pressure_kpa, self.o2_fraction = air.pressure_kpa[k], air.o2_fraction[k]
        self.ppo2_kpa, self.co2_ppm = air.ppo2_kpa[k], air.co2_ppm[k]
        self.measured = readings[k]

    def read_present(self) -> atmosphere.Air:
        """Read the present air again through the sensors as they are now, without noise
        (at the start, and when the sensors are changed then); the air read."""
        air = atmosphere.air(self.n[None], self.kpa_per_mol)
        self._pack_sensors()
        readings = np.stack((air.pressure_kpa, air.ppo2_kpa, air.co2_ppm), axis=-1)
        self._set_present(air, readings * (1.0 + self._sensor_gain) + self._sensor_bias, 0)
        return air

    def _noise(self, first: int, steps: int, shape: tuple[int, ...]) -> np.ndarray:
        """Noise rows for steps ``first ..``, from blocks of BATCH_MAX steps (last one kept)."""
        rows = []
        for block in range(first // BATCH_MAX, (first + steps - 1) // BATCH_MAX + 1):
            if self._noise_block[0] != block:
                self._noise_block = (block, sensor_noise(self.seed, block, (BATCH_MAX, *shape)))
            lo = max(first - block * BATCH_MAX, 0)
            rows.append(self._noise_block[1][lo:first + steps - block * BATCH_MAX])
        return rows[0] if len(rows) == 1 else np.concatenate(rows)

    def _pack_sensors(self) -> None:
        shape = (len(self.module_ids), len(SENSOR_QUANTITIES))
        self._sensor_gain, self._sensor_bias = np.zeros(shape), np.zeros(shape)
        self._sensor_drift, self._sensor_since = np.zeros(shape), np.zeros(shape)
        self._sensor_noise = np.zeros(shape)
        for s in self.sensors.values():
            at = (self.index[s.spec.module], _SENSOR_COLUMN[s.spec.quantity])
            self._sensor_gain[at], self._sensor_bias[at] = s.gain, s.bias
            self._sensor_drift[at], self._sensor_since[at] = s.drift_per_s, s.since_s
            self._sensor_noise[at] = s.noise
        self._any_drift = bool(self._sensor_drift.any())
        self._any_noise = bool(self._sensor_noise.any())
        self._sensors_stale = False

    def expect_sensors(self) -> None:
        """Sensors without random noise (for forecasts of the expected future)."""
        for sensor in self.sensors.values():
            sensor.noise = 0.0
        self.sensors_changed()

    def sensors_changed(self) -> None:
        """Call after changing a sensor's gain, bias or drift."""
        self._sensors_stale = True

    def measured_value(self, module: str, quantity: str) -> float:
        return float(self.measured[self.index[module], _SENSOR_COLUMN[quantity]])

    def _breathe(self, batch: "Batch", lo: int, hi: int) -> None:
        """Crew SpO2 after steps ``lo..hi`` of a batch: latest, lowest, exposure so far."""
        if not self.crew:
            return
        spo2 = batch.spo2
        self.crew_spo2 = spo2[hi - 1]
        np.minimum(self.crew_min_spo2, spo2[lo:hi].min(axis=0), out=self.crew_min_spo2)
        self.crew_hypoxia_s = batch.hypoxia_s.copy()
        self.crew_hypoxia_dose = batch.hypoxia_dose.copy()
        if spo2[:hi].min() < C.SPO2_HYPOXIC_PCT:  # else nobody's exposure grew
            deficit = np.maximum(C.SPO2_HYPOXIC_PCT - spo2[:hi], 0.0)
            self.crew_hypoxia_s += (deficit > 0).sum(axis=0) * self.dt_s
            self.crew_hypoxia_dose += deficit.sum(axis=0) * self.dt_s

    # ----------------------------------------------------------------- figures
    def drained_together(self, rate_per_s: np.ndarray) -> np.ndarray:
        """Per-module loss rates as felt by each module: gas joined by open hatches drains as
        one body, so a group shares its volume-weighted rate."""
        if self.hatches is None:
            return rate_per_s
        group, volume = self.hatches.group, self.volume_m3
        return (group @ (rate_per_s * volume)) / (group @ volume)

    def breach_rate_per_s(self) -> np.ndarray:
        """The rate at which each module's pressure falls through the present holes."""
        return self.drained_together(self.hole_rate_per_s)

    def breach_times_s(self) -> list[float | None]:
        """Per module, the time until the evacuation pressure limit under the present holes:
        tau ln(P/P_lim), where a module joined to others by open hatches bleeds their gas
        too; None without a leak."""
        return [max(math.log(max(p, 1e-9) / C.EVACUATION_PRESSURE_KPA), 0.0) / rate
                if rate > 0 else None
                for p, rate in zip(self.pressure_kpa.tolist(),
                                   self.breach_rate_per_s().tolist())]

    def o2_reserve_kg(self, i: int) -> float:
        unit = self.pc_units[i] if hasattr(self, "pc_units") else None
        return (unit.o2_kg if unit else 0.0) + self.candles_left[i] * C.O2_CANDLE_KG

    def reserve_time_s(self, i: int) -> float | None:
        """How long the module's emergency O2 (make-up tank and candles) covers its deficit."""
        deficit_mol_s = self.crew_o2_mol_s[i] - self.generation_o2_mol_s[i]
        if deficit_mol_s <= 0:
            return None
        return self.o2_reserve_kg(i) / (deficit_mol_s * C.MOLAR_MASS_KG_PER_MOL[Gas.O2])


@action("_next_activity")
def _next_activity(world: World, name: str) -> None:
    world._schedule_next_activity(world.crew[world.crew_index[name]])


@action("_arrive")
def _arrive(world: World, name: str) -> None:
    """A walking person arrives, unless stopped on the way or now on a later walk."""
    person = world.crew[world.crew_index[name]]
    if person.moving_to is None or world.t_s < person.arrive_at_s - 1e-9:
        return
    person.module, person.moving_to, person.route = person.moving_to, None, ()
    world.mark_dirty()
    world.log("crew", name, f"{name} arrived in {world.module_ids[person.module]}")
