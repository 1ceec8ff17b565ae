"""The simulated colony: gas in every module, equipment, crew, and one physics step.

All state is plain data (numpy arrays, dataclasses, a seeded generator), so the whole world
can be deep-copied to run ahead. Timed happenings (warm-ups, arrivals, scenario faults and
commands) wait on one agenda ordered by time and insertion, which keeps runs deterministic.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import constants as C
from .constants import Gas
from .equipment import FAILED, OFF, ON, WARMUP, Generator, PressureControl, Relay, Scrubber, Sensor, \
    Unit, make_unit
from .habitat import SENSOR_QUANTITIES, Habitat
from .physiology import spo2_pct

_SENSOR_COLUMN = {q: i for i, q in enumerate(SENSOR_QUANTITIES)}
_MOLAR_MASS = np.array(C.MOLAR_MASS_KG_PER_MOL)


@dataclass(frozen=True)
class Event:
    """Something that happened, for the log and the report."""

    t_s: float
    kind: str  # fault | automation | command | crew | info
    source: str
    message: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Link:
    """An interconnect between modules ``a`` and ``b`` (indices)."""

    id: str
    a: int
    b: int
    state: str
    kind: str
    exchange_flow_m3_s: float
    crack_mm: float


@dataclass
class Hole:
    """A breach to Mars in one module; choked flow through ``diameter_cm``."""

    module: int
    diameter_cm: float
    growth_cm_per_s: float
    discharge_coefficient: float

    def conductance_m3_per_s(self, temperature_k: float) -> float:
        """V / tau: tau = V / (R_s T Cd A 0.00235) (physics.md)."""
        area_m2 = math.pi * (self.diameter_cm / 200.0) ** 2
        return (C.AIR_SPECIFIC_GAS_CONSTANT_J_PER_KG_K * temperature_k
                * self.discharge_coefficient * area_m2 * C.CHOKED_FLOW_S_PER_M)


@dataclass
class Person:
    name: str
    module: int
    activity: str
    schedule: tuple[tuple[float, str], ...] = ()
    moving_to: int | None = None
    arrive_at_s: float = 0.0
    route: tuple[str, ...] = ()


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
        self.relays = {f"{g.module}.relay": Relay(f"{g.module}.relay", g.module)
                       for g in self.units.values() if isinstance(g, Generator)}
        self.sensors = {s.id: Sensor(s, s.gain, s.bias, s.noise) for s in habitat.sensors}
        self.crew = [Person(c.name, self.index[c.module], c.activity, c.schedule)
                     for c in habitat.crew]
        self.crew_index = {p.name: k for k, p in enumerate(self.crew)}
        self.holes: list[Hole] = []
        self.agenda: list[tuple[float, int, str, tuple]] = []
        self._seq = 0
        self.events: list[Event] = []
        self.last_generator_adjust_s = 0.0
        self._dirty = True
        self._sensors_stale = True
        self._derive()
        self.min_ppo2_kpa = self.ppo2_kpa.copy()
        self.max_co2_ppm = self.co2_ppm.copy()
        self.min_pressure_kpa = self.pressure_kpa.copy()
        self._read_sensors()
        k = len(self.crew)
        self.crew_spo2 = np.zeros(k)
        self._breathe(0.0)
        self.crew_min_spo2 = self.crew_spo2.copy()
        self.crew_hypoxia_s = np.zeros(k)
        self.crew_hypoxia_dose = np.zeros(k)
        for gen in self.units.values():  # the colony was running before t = 0
            if isinstance(gen, Generator) and gen.role == "primary" and gen.spec.running:
                gen.state = ON
        for person in self.crew:
            self._schedule_next_activity(person)

    # ----------------------------------------------------------------- agenda and log
    def schedule(self, at_s: float, action: str, *args: Any) -> None:
        """Run ``self.<action>(*args)`` before the first step that starts at or after ``at_s``."""
        self._seq += 1
        heapq.heappush(self.agenda, (at_s, self._seq, action, args))

    def run_due(self) -> None:
        while self.agenda and self.agenda[0][0] <= self.t_s + 1e-9:
            _, _, action, args = heapq.heappop(self.agenda)
            getattr(self, action)(*args)

    def log(self, kind: str, source: str, message: str, **data: Any) -> Event:
        event = Event(self.t_s, kind, source, message, data)
        self.events.append(event)
        return event

    def mark_dirty(self) -> None:
        self._dirty = True

    # ----------------------------------------------------------------- equipment logic
    def generators(self, module: str) -> dict[str, Generator]:
        return {g.role: g for g in self.units.values()
                if isinstance(g, Generator) and g.module == module}

    def update_bay(self, module: str) -> None:
        """Apply the relay: changeover on failure, then start or stop each generator."""
        relay = self.relays[f"{module}.relay"]
        gens = self.generators(module)
        selected = gens.get(relay.position)
        other_role = "backup" if relay.position == "primary" else "primary"
        other = gens.get(other_role)
        if (selected is not None and selected.failed and relay.override is None
                and other is not None and not other.failed):
            if relay.fused:
                if not relay.changeover_blocked:
                    relay.changeover_blocked = True
                    self.log("automation", relay.id, f"{relay.id} is fused: changeover to "
                             f"{other_role} did not happen")
            else:
                relay.position = other_role
                self.log("automation", relay.id, f"{relay.id} changed over to {other_role} "
                         f"({other.id}) after {selected.id} failed")
        for role, gen in gens.items():
            wanted = (gen.override == "on" if gen.override is not None
                      else relay.position == role and gen.spec.running)
            self._drive_generator(gen, wanted)

    def _drive_generator(self, gen: Generator, wanted: bool) -> None:
        previous = gen.state
        if gen.failed:
            gen.state = FAILED
        elif not wanted or not gen.powered:
            gen.state = OFF
        elif gen.state == OFF:
            gen.state = WARMUP
            gen.warm_at_s = self.t_s + gen.spec.warmup_min * 60.0
            self.schedule(gen.warm_at_s, "_warmed", gen.id, gen.warm_at_s)
        if gen.state != previous:
            self.mark_dirty()
            if gen.state == WARMUP:
                self.log("automation", gen.id, f"{gen.id} warming up "
                         f"({gen.spec.warmup_min:g} min)")
            elif gen.state == OFF and gen.powered:
                self.log("automation", gen.id, f"{gen.id} stopped")

    def _warmed(self, unit_id: str, warm_at_s: float) -> None:
        gen = self.units[unit_id]
        assert isinstance(gen, Generator)
        if gen.state == WARMUP and gen.warm_at_s == warm_at_s:
            gen.state = ON
            self.mark_dirty()
            self.log("automation", gen.id, f"{gen.id} ON at {gen.setting_pct} %")

    def set_power(self, unit_id: str, powered: bool) -> None:
        unit = self.units[unit_id]
        if unit.powered == powered:
            return
        unit.powered = powered
        self.mark_dirty()
        self.log("fault" if not powered else "automation", unit_id,
                 f"{unit_id} {'lost power' if not powered else 'power restored'}")
        if isinstance(unit, Generator):
            self.update_bay(unit.module)

    def corrosion_dropout(self, unit_id: str, mean_interval_s: float, outage_s: float) -> None:
        """Corroded wiring: the unit loses power for a while, then the cycle repeats."""
        self.set_power(unit_id, False)
        self.schedule(self.t_s + outage_s * (0.5 + self.rng.random()), "corrosion_restore",
                      unit_id, mean_interval_s, outage_s)

    def corrosion_restore(self, unit_id: str, mean_interval_s: float, outage_s: float) -> None:
        self.set_power(unit_id, True)
        self.schedule(self.t_s + self.rng.exponential(mean_interval_s), "corrosion_dropout",
                      unit_id, mean_interval_s, outage_s)

    # ----------------------------------------------------------------- crew
    def _schedule_next_activity(self, person: Person) -> None:
        if not person.schedule:
            return
        hour = (self.t_s / C.SECONDS_PER_HOUR) % 24.0
        current = [a for h, a in person.schedule if h <= hour + 1e-9]
        activity = current[-1] if current else person.schedule[-1][1]
        if activity != person.activity:
            person.activity = activity
            self.mark_dirty()
        later = [h for h, _ in person.schedule if h > hour + 1e-9]
        next_hour = later[0] if later else person.schedule[0][0] + 24.0
        self.schedule(self.t_s + (next_hour - hour) * C.SECONDS_PER_HOUR,
                      "_next_activity", person.name)

    def _next_activity(self, name: str) -> None:
        self._schedule_next_activity(self.crew[self.crew_index[name]])

    def _arrive(self, name: str) -> None:
        person = self.crew[self.crew_index[name]]
        if person.moving_to is None:
            return
        person.module, person.moving_to, person.route = person.moving_to, None, ()
        self.mark_dirty()
        self.log("crew", name, f"{name} arrived in {self.module_ids[person.module]}")

    # ----------------------------------------------------------------- rebuild on change
    def _rebuild(self) -> None:
        """Recompute the rates that stay constant until something changes."""
        m, dt = len(self.module_ids), self.dt_s
        src = np.zeros((m, C.GAS_COUNT))
        for p in self.crew:
            rates = C.METABOLISM_KG_PER_H[p.activity]
            src[p.module, Gas.O2] -= C.kg_per_h_to_mol_per_s(rates[Gas.O2], Gas.O2)
            src[p.module, Gas.CO2] += C.kg_per_h_to_mol_per_s(rates[Gas.CO2], Gas.CO2)
            src[p.module, Gas.H2O] += C.kg_per_h_to_mol_per_s(rates[Gas.H2O], Gas.H2O)
        self.crew_o2_mol_s = -src[:, Gas.O2].copy()
        self.generation_o2_mol_s = np.zeros(m)
        scrub_cap = np.zeros(m)
        scrub_k = np.zeros(m)
        self.n2_valve_mol = np.zeros(m)
        self.o2_valve_mol = np.zeros(m)
        self.pc_auto = np.zeros(m, dtype=bool)
        self.pc_forced = np.zeros(m, dtype=bool)
        self.pc_units: list[PressureControl | None] = [None] * m
        for unit in self.units.values():
            i = self.index[unit.module]
            if isinstance(unit, Generator):
                self.generation_o2_mol_s[i] += unit.o2_mol_per_s()
            elif isinstance(unit, Scrubber) and unit.running():
                scrub_cap[i] += C.kg_per_h_to_mol_per_s(unit.spec.capacity_kg_per_h, Gas.CO2)
                scrub_k[i] += unit.spec.efficiency * unit.spec.process_flow_m3_s
            elif isinstance(unit, PressureControl):
                self.pc_units[i] = unit
                working = unit.powered and not unit.failed
                self.pc_auto[i] = working and unit.override is None
                self.pc_forced[i] = working and unit.override == "on"
                self.n2_valve_mol[i] = C.kg_per_h_to_mol_per_s(unit.spec.n2_rate_kg_per_h,
                                                               Gas.N2) * dt
                self.o2_valve_mol[i] = C.kg_per_h_to_mol_per_s(unit.spec.o2_rate_kg_per_h,
                                                               Gas.O2) * dt
        candle_mol_s = C.kg_per_h_to_mol_per_s(C.O2_CANDLE_KG / C.O2_CANDLE_BURN_S * 3600, Gas.O2)
        self.candle_o2_mol_s = np.where(self.candle_burning_until > self.t_s, candle_mol_s, 0.0)
        src[:, Gas.O2] += self.generation_o2_mol_s + self.candle_o2_mol_s
        self.src_step = src * dt
        self.scrub_cap_step = scrub_cap * dt
        self.scrub_k_step = scrub_k * dt / self.volume_m3
        self.any_scrubber = bool(scrub_cap.any())
        self.any_pc = any(u is not None for u in self.pc_units)
        self.humidity_keep = math.exp(-dt / self.habitat.automation.humidity_time_constant_s)
        self._rebuild_leaks()
        self._rebuild_links()
        self.crew_module = np.array([p.module for p in self.crew], dtype=int)
        self._dirty = False

    def _rebuild_leaks(self) -> None:
        conductance = np.zeros(len(self.module_ids))
        for hole in self.holes:
            conductance[hole.module] += hole.conductance_m3_per_s(C.AIR_REFERENCE_TEMPERATURE_K)
        self.hole_rate_per_s = conductance / self.volume_m3
        self.leak_keep = np.exp(-self.dt_s * (self.design_leak_per_s + self.hole_rate_per_s))
        self.growing_holes = any(h.growth_cm_per_s for h in self.holes)

    def _rebuild_links(self) -> None:
        m = len(self.module_ids)
        open_links = [k for k in self.links.values() if k.state == "open"]
        self.cracks = [k for k in self.links.values() if k.state != "open" and k.crack_mm > 0]
        self.mixing = None
        if not open_links:
            return
        inv_sqrt_v = 1.0 / np.sqrt(self.volume_m3)
        sym = np.zeros((m, m))
        parent = list(range(m))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for k in open_links:
            u = np.zeros(m)
            u[k.a], u[k.b] = inv_sqrt_v[k.a], -inv_sqrt_v[k.b]
            sym -= k.exchange_flow_m3_s * np.outer(u, u)
            parent[find(k.a)] = find(k.b)
        values, vectors = np.linalg.eigh(sym)
        exp_sym = (vectors * np.exp(values * self.dt_s)) @ vectors.T
        self.mixing = (np.sqrt(self.volume_m3)[:, None] * exp_sym) * inv_sqrt_v[None, :]
        roots = np.array([find(i) for i in range(m)])
        self.group = (roots[:, None] == roots[None, :]).astype(float)
        capacity = self.volume_m3 / self.temperature_k
        self.group_weight = capacity / (self.group @ capacity)

    # ----------------------------------------------------------------- the step
    def step(self) -> None:
        """Advance one physics step of ``dt_s`` seconds."""
        self.run_due()
        if self._dirty:
            self._rebuild()
        n, dt = self.n, self.dt_s
        n += self.src_step
        if self.any_pc:
            self._make_up()
        if self.any_scrubber:
            n[:, Gas.CO2] -= np.minimum(self.scrub_cap_step, self.scrub_k_step * n[:, Gas.CO2])
        n[:, Gas.H2O] = self.humidity_set_mol + (n[:, Gas.H2O] - self.humidity_set_mol) \
            * self.humidity_keep
        if self.growing_holes:
            for hole in self.holes:
                hole.diameter_cm += hole.growth_cm_per_s * dt
            self._rebuild_leaks()
        n *= self.leak_keep[:, None]
        if self.cracks:
            self._crack_flows()
        if self.mixing is not None:
            n[:] = self.mixing @ n
            self._equalise(n)
        np.maximum(n, 0.0, out=n)
        self._relieve()
        self.t_s += dt
        self._derive()
        np.minimum(self.min_ppo2_kpa, self.ppo2_kpa, out=self.min_ppo2_kpa)
        np.maximum(self.max_co2_ppm, self.co2_ppm, out=self.max_co2_ppm)
        np.minimum(self.min_pressure_kpa, self.pressure_kpa, out=self.min_pressure_kpa)
        self._read_sensors()
        self._automate()
        self._breathe(dt)

    def _equalise(self, n: np.ndarray) -> None:
        """Open hatches equalise pressure within a step: modules above the group pressure send
        gas of their own composition, shared among those below in proportion to their lack."""
        moles = n.sum(axis=1)
        delta = self.group_weight * (self.group @ moles) - moles
        lack = np.maximum(delta, 0.0)
        outflow = (np.maximum(-delta, 0.0) / np.maximum(moles, 1e-300))[:, None] * n
        share = lack / np.maximum(self.group @ lack, 1e-300)
        n += share[:, None] * (self.group @ outflow) - outflow

    def _make_up(self) -> None:
        """N2 and O2 make-up valves, limited by what is left in the tanks."""
        for i, unit in enumerate(self.pc_units):
            if unit is None or not (unit.n2_open or unit.o2_open):
                continue
            if unit.n2_open and unit.n2_kg > 0:
                mol = min(self.n2_valve_mol[i], unit.n2_kg / C.MOLAR_MASS_KG_PER_MOL[Gas.N2])
                self.n[i, Gas.N2] += mol
                unit.n2_kg -= mol * C.MOLAR_MASS_KG_PER_MOL[Gas.N2]
            if unit.o2_open and unit.o2_kg > 0:
                mol = min(self.o2_valve_mol[i], unit.o2_kg / C.MOLAR_MASS_KG_PER_MOL[Gas.O2])
                self.n[i, Gas.O2] += mol
                unit.o2_kg -= mol * C.MOLAR_MASS_KG_PER_MOL[Gas.O2]

    def _crack_flows(self) -> None:
        """Subsonic orifice flow through degraded seals of hatches that are not open."""
        n, kpa_per_mol = self.n, self.kpa_per_mol
        for link in self.cracks:
            pa = n[link.a].sum() * kpa_per_mol[link.a]
            pb = n[link.b].sum() * kpa_per_mol[link.b]
            hi, lo = (link.a, link.b) if pa >= pb else (link.b, link.a)
            dp_pa = abs(pa - pb) * 1000.0
            area_m2 = math.pi * (link.crack_mm / 2000.0) ** 2
            density = 1000.0 * max(pa, pb) / (C.AIR_SPECIFIC_GAS_CONSTANT_J_PER_KG_K
                                              * self.temperature_k[hi])
            kg = C.DEFAULT_DISCHARGE_COEFFICIENT * area_m2 * math.sqrt(2 * density * dp_pa) \
                * self.dt_s
            total_hi = n[hi].sum()
            mass_hi = float(n[hi] @ _MOLAR_MASS)
            # never move more than half of what would equalise the two sides
            limit = 0.5 * dp_pa / 1000.0 / (kpa_per_mol[hi] + kpa_per_mol[lo])
            mol = min(kg * total_hi / mass_hi, limit) if mass_hi > 0 else 0.0
            if mol > 0:
                moved = n[hi] * (mol / total_hi)
                n[hi] -= moved
                n[lo] += moved

    def _relieve(self) -> None:
        limit = self.habitat.automation.relief_above_kpa
        pressure = self.n.sum(axis=1) * self.kpa_per_mol
        over = pressure > limit
        if over.any():
            self.n[over] *= (limit / pressure[over])[:, None]

    def _derive(self) -> None:
        total = self.n.sum(axis=1)
        self.pressure_kpa = total * self.kpa_per_mol
        safe = np.maximum(total, 1e-300)
        self.o2_fraction = self.n[:, Gas.O2] / safe
        self.ppo2_kpa = self.pressure_kpa * self.o2_fraction
        self.co2_ppm = self.n[:, Gas.CO2] / safe * 1e6

    def _read_sensors(self) -> None:
        """Measured values (pressure kPa, ppO2 kPa, CO2 ppm) per module, through sensor error."""
        true = np.column_stack((self.pressure_kpa, self.ppo2_kpa, self.co2_ppm))
        if self._sensors_stale:
            self._pack_sensors()
        bias = self._sensor_bias
        if self._any_drift:
            bias = bias + self._sensor_drift * (self.t_s - self._sensor_since)
        noise = self.rng.standard_normal(true.shape) * self._sensor_noise
        self.measured = true * (1.0 + self._sensor_gain) + bias + noise

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
        self._sensors_stale = False

    def sensors_changed(self) -> None:
        """Call after changing a sensor's gain, bias or drift."""
        self._sensors_stale = True

    def measured_value(self, module: str, quantity: str) -> float:
        return float(self.measured[self.index[module], _SENSOR_COLUMN[quantity]])

    def _automate(self) -> None:
        """Controls acting on MEASURED values, as real automation would."""
        auto = self.habitat.automation
        pressure, ppo2, co2 = self.measured[:, 0], self.measured[:, 1], self.measured[:, 2]
        if self.any_pc:
            for i, unit in enumerate(self.pc_units):
                if unit is None:
                    continue
                n2 = self.pc_forced[i] or (self.pc_auto[i] and (
                    pressure[i] < auto.n2_on_below_kpa
                    or (unit.n2_open and pressure[i] < auto.n2_off_above_kpa)))
                o2 = self.pc_forced[i] or (self.pc_auto[i] and (
                    ppo2[i] < auto.o2_on_below_kpa
                    or (unit.o2_open and ppo2[i] < auto.o2_off_above_kpa)))
                if n2 != unit.n2_open or o2 != unit.o2_open:
                    unit.n2_open, unit.o2_open = bool(n2), bool(o2)
                    self.log("automation", unit.id, f"{unit.id}: {unit.state.lower()}",
                             pressure_kpa=round(float(pressure[i]), 2),
                             ppo2_kpa=round(float(ppo2[i]), 2))
        candles = (ppo2 < auto.candle_below_kpa) & (self.candles_left > 0) \
            & (self.candle_burning_until <= self.t_s)
        if candles.any():
            for i in np.flatnonzero(candles):
                self.candles_left[i] -= 1
                self.candle_burning_until[i] = self.t_s + C.O2_CANDLE_BURN_S
                self.schedule(self.candle_burning_until[i], "mark_dirty")
                self.log("automation", self.module_ids[i], f"{self.module_ids[i]}: O2 candle lit "
                         f"({self.candles_left[i]} left)", ppo2_kpa=round(float(ppo2[i]), 2))
            self.mark_dirty()
        for unit in self.units.values():
            if isinstance(unit, Scrubber) and unit.role == "standby" and unit.override is None:
                i = self.index[unit.module]
                want = (co2[i] > auto.standby_scrubber_on_above_ppm
                        or (unit.auto_on and co2[i] > auto.standby_scrubber_off_below_ppm))
                if want != unit.auto_on:
                    unit.auto_on = want
                    self.mark_dirty()
                    self.log("automation", unit.id, f"{unit.id} {'started' if want else 'stopped'}"
                             f" at {co2[i]:.0f} ppm measured")
        if self.t_s - self.last_generator_adjust_s >= auto.generator_adjust_every_s:
            self.last_generator_adjust_s = self.t_s
            self._adjust_generators(ppo2)

    def _adjust_generators(self, ppo2: np.ndarray) -> None:
        auto = self.habitat.automation
        for unit in self.units.values():
            if not isinstance(unit, Generator) or unit.state != ON or unit.override is not None:
                continue
            reading = ppo2[self.index[unit.module]]
            step = C.GENERATOR_SETTING_STEP_PCT
            setting = unit.setting_pct
            if reading < auto.generator_raise_below_kpa:
                setting = min(setting + step, 100)
            elif reading > auto.generator_lower_above_kpa:
                setting = max(setting - step, step)
            if setting != unit.setting_pct:
                unit.setting_pct = setting
                self.mark_dirty()
                self.log("automation", unit.id, f"{unit.id} set to {setting} %",
                         ppo2_kpa=round(float(reading), 2))

    def _breathe(self, dt: float) -> None:
        if not self.crew:
            return
        if self._dirty or not hasattr(self, "crew_module"):
            self.crew_module = np.array([p.module for p in self.crew], dtype=int)
        module_spo2 = spo2_pct(self.o2_fraction, self.pressure_kpa)
        self.crew_spo2 = module_spo2[self.crew_module]
        if dt:
            np.minimum(self.crew_min_spo2, self.crew_spo2, out=self.crew_min_spo2)
            deficit = np.maximum(C.SPO2_HYPOXIC_PCT - self.crew_spo2, 0.0)
            self.crew_hypoxia_s += (deficit > 0) * dt
            self.crew_hypoxia_dose += deficit * dt

    # ----------------------------------------------------------------- figures
    def breach_time_s(self, i: int) -> float | None:
        """Time until the evacuation pressure limit under the present holes (tau ln(P/P_lim))."""
        rate = self.hole_rate_per_s[i] if hasattr(self, "hole_rate_per_s") else 0.0
        if rate <= 0:
            return None
        return max(math.log(max(self.pressure_kpa[i], 1e-9) / C.EVACUATION_PRESSURE_KPA), 0.0) \
            / rate

    def o2_reserve_kg(self, i: int) -> float:
        unit = self.pc_units[i] if hasattr(self, "pc_units") else None
        return (unit.o2_kg if unit else 0.0) + self.candles_left[i] * C.O2_CANDLE_KG

    def reserve_time_s(self, i: int) -> float | None:
        """How long the module's emergency O2 (make-up tank and candles) covers its deficit."""
        deficit_mol_s = self.crew_o2_mol_s[i] - self.generation_o2_mol_s[i]
        if deficit_mol_s <= 0:
            return None
        return self.o2_reserve_kg(i) / (deficit_mol_s * C.MOLAR_MASS_KG_PER_MOL[Gas.O2])
