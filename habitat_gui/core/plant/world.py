"""The simulated colony: gas in every module, equipment, crew, and the rates of one step.

All state is plain data (numpy arrays, dataclasses, a seeded generator), so the whole world
can be deep-copied to run ahead. The world holds its collaborators and calls them: the
equipment logic (:mod:`.equipment_logic`), the automatic controls (:mod:`.controls`), the
sensor readout (:mod:`.sensing`) and the stepper (:mod:`.stepping`). Timed happenings
(warm-ups, arrivals, scenario faults and commands) wait on one agenda (:mod:`.agenda`)
ordered by time and insertion, which keeps runs deterministic.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from . import atmosphere, crew
from .books import Books
from ..constants import (EVACUATION_PRESSURE_KPA, GAS_COUNT, HUMIDIFY_MIN_PRESSURE_KPA,
                         MOLAR_MASS_KG_PER_MOL, O2_CANDLE_BURN_S, O2_CANDLE_KG, R_J_PER_MOL_K,
                         SECONDS_PER_DAY, ZERO_C_K, Gas, kg_per_h_to_mol_per_s)
from .agenda import ACTIONS, Agenda
from .breaches import Hole
from .controls import Controls
from .crew import BREATH_MOL_S, Person
from .equipment import (ON, AnyUnit, Generator, PressureControl, Relay, Scrubber, Sensor,
                        make_unit)
from .equipment_logic import EquipmentLogic
from ...contract.events import Event
from .habitat import Habitat
from .interconnects import Link
from .masks import Masks
from .sensing import SENSOR_COLUMN, SensorReadout
from .stepping import BATCH_MAX, MOLAR_MASS, VALVE_GASES, Recent, Stepper
from .water import WaterStores

if TYPE_CHECKING:
    from ..maintenance.live import LiveMaintenance
    from ..operations.alarm_board import AlarmBoard


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
        self.temperature_k = np.array([x.temperature_c + ZERO_C_K for x in mods])
        self.kpa_per_mol = R_J_PER_MOL_K * self.temperature_k / self.volume_m3 / 1000.0
        self.n = np.zeros((m, GAS_COUNT))
        for i, x in enumerate(mods):
            total = x.pressure_kpa / self.kpa_per_mol[i]
            water = min(x.humidity_kpa / self.kpa_per_mol[i], total)
            self.n[i, Gas.H2O] = water
            self.n[i, Gas.CO2] = x.co2_ppm * 1e-6 * total
            self.n[i, Gas.O2] = x.o2_pct / 100.0 * total
            self.n[i, Gas.N2] = max(total - water - self.n[i, Gas.CO2] - self.n[i, Gas.O2], 0.0)
        self.books = Books(self.n)
        self.humidity_set_mol = np.array([x.humidity_kpa for x in mods]) / self.kpa_per_mol
        self.design_leak_per_s = np.array([x.design_leak_fraction_per_day for x in mods]) \
            / SECONDS_PER_DAY
        self.candles_left = np.array([x.o2_candles for x in mods], dtype=int)
        self.candle_burning_until = np.full(m, -1.0)
        self.links = {i.id: Link(i.id, self.index[i.between[0]], self.index[i.between[1]],
                                 i.state, i.kind, i.exchange_flow_m3_s, i.seal_crack_mm,
                                 i.pev_orifice_mm)
                      for i in habitat.interconnects}
        self.units: dict[str, AnyUnit] = {e.id: make_unit(e) for e in habitat.equipment}
        self.generator_units = [u for u in self.units.values() if isinstance(u, Generator)]
        self.relays = {f"{g.module}.relay": Relay(f"{g.module}.relay", g.module)
                       for g in self.generator_units}
        self.sensors = {s.id: Sensor(s, s.gain, s.bias, s.noise) for s in habitat.sensors}
        self.crew = [Person(c.name, self.index[c.module], c.activity, c.schedule)
                     for c in habitat.crew]
        self.crew_index = {p.name: k for k, p in enumerate(self.crew)}
        self.masks = Masks(self)
        self.holes: list[Hole] = []
        self.agenda = Agenda()
        self.water = WaterStores(self)
        self.equipment_logic = EquipmentLogic(self)
        self.controls = Controls(self)
        self.readout = SensorReadout(self.sensors, self.index, seed)
        self.stepper = Stepper(self)
        self.events: list[Event] = []
        self._dirty = True
        self._hatches_key: tuple | None = None
        self.crew_hypoxia_s = np.zeros(len(self.crew))
        self.crew_hypoxia_dose = np.zeros(len(self.crew))
        self.recent: Recent | None = None
        self.service_days = habitat.service_days  # the colony's age at t = 0
        self.maintenance: LiveMaintenance | None = None  # made on first use (live.of)
        self.alarms: AlarmBoard | None = None  # a simulation's world has one
        for gen in self.units.values():  # the colony was running before t = 0
            if isinstance(gen, Generator) and gen.role == "primary" and gen.spec.running:
                gen.state = ON
        self._rebuild()
        air = self.read_present()
        self.min_ppo2_kpa = self.ppo2_kpa.copy()
        self.max_co2_ppm = self.co2_ppm.copy()
        self.min_pressure_kpa = self.pressure_kpa.copy()
        self.crew_spo2 = self.masks.spo2(self, air)[0]
        self.crew_min_spo2 = self.crew_spo2.copy()
        for person in self.crew:
            crew.schedule_next_activity(self, person)

    # ----------------------------------------------------------------- agenda and log
    def schedule(self, at_s: float, action: str, *args: Any) -> None:
        """Run the agenda action ``action`` with the world and ``args`` before the first step
        that starts at or after ``at_s``.

        A batch in flight is cut there, as if it had been planned with the item: otherwise
        the item would run at whichever advance happens to start first after ``at_s``, and
        the result would depend on how the run is sliced."""
        self.agenda.add(at_s, action, args)
        self.stepper.cut(at_s)

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

    # ----------------------------------------------------------------- rates
    def _rebuild(self) -> None:
        """Recompute the rates that stay constant until something changes."""
        m, dt = len(self.module_ids), self.dt_s
        src = np.zeros((m, GAS_COUNT))
        self.crew_module = np.array([p.module for p in self.crew], dtype=int)
        if self.crew:  # each person's breath added to their module, in crew order
            np.add.at(src, self.crew_module, [BREATH_MOL_S[p.activity] for p in self.crew])
        self.crew_step = src * dt
        self.crew_o2_mol_s = -src[:, Gas.O2].copy()
        self.generation_o2_mol_s = np.zeros(m)
        scrub_cap, scrub_k = np.zeros(m), np.zeros(m)
        self.valve_mol = np.zeros((m, GAS_COUNT))
        self.pc_units: list[PressureControl | None] = [None] * m
        self.standby: list[Scrubber] = []
        for unit in self.units.values():
            i = self.index[unit.module]
            if isinstance(unit, Generator):
                self.generation_o2_mol_s[i] += unit.o2_mol_per_s()
            elif isinstance(unit, Scrubber):
                if unit.running():
                    scrub_cap[i] += kg_per_h_to_mol_per_s(unit.spec.capacity_kg_per_h, Gas.CO2)
                    scrub_k[i] += unit.spec.efficiency * unit.spec.process_flow_m3_s
                if unit.role == "standby" and unit.override is None and not unit.locked_for:
                    self.standby.append(unit)
            elif isinstance(unit, PressureControl):
                self.pc_units[i] = unit
                self.valve_mol[i, Gas.N2] = kg_per_h_to_mol_per_s(unit.spec.n2_rate_kg_per_h,
                                                                    Gas.N2) * dt
                self.valve_mol[i, Gas.O2] = kg_per_h_to_mol_per_s(unit.spec.o2_rate_kg_per_h,
                                                                    Gas.O2) * dt
        self.pc_index = np.array([i for i, u in enumerate(self.pc_units) if u is not None], int)
        self.standby_module = np.array([self.index[u.module] for u in self.standby], dtype=int)
        candle_mol_s = kg_per_h_to_mol_per_s(O2_CANDLE_KG / O2_CANDLE_BURN_S * 3600, Gas.O2)
        self.candle_o2_mol_s = np.where(self.candle_burning_until > self.t_s, candle_mol_s, 0.0)
        self.mask_o2_mol_s = self.masks.o2_mol_s(self.crew_module, m)
        src[:, Gas.O2] += (self.generation_o2_mol_s + self.candle_o2_mol_s
                           + self.mask_o2_mol_s)
        self.src_step = src * dt
        self.scrub_cap_step = scrub_cap * dt
        self.scrub_k_step = scrub_k * dt / self.volume_m3
        self.humidity_keep = math.exp(-dt / self.habitat.automation.humidity_time_constant_s)
        self._rebuild_hatches()
        self.rebuild_leaks()
        self.orifices = [k for k in self.links.values()
                         if k.state != "open" and k.orifice_mm() > 0]  # cracks, open PEVs
        self.water.rebuild()
        self._dirty = False
        self.stepper.batch = None
        self.compose()

    def _rebuild_hatches(self) -> None:
        """The transport through open hatches, made again only when they or the step change
        (the eigen-decomposition behind it is the dearest part of a rebuild)."""
        key = (tuple((k.a, k.b, k.exchange_flow_m3_s) for k in self.links.values()
                     if k.state == "open"), self.dt_s)
        if key != self._hatches_key:
            self.hatches = atmosphere.open_hatches(self.volume_m3, self.temperature_k,
                                                   list(key[0]), self.dt_s)
            self._hatches_key = key

    def rebuild_leaks(self) -> None:
        """Loss rates through the design leak and the holes (growing ones change them)."""
        conductance = np.zeros(len(self.module_ids))
        for hole in self.holes:
            conductance[hole.module] += hole.conductance_m3_per_s(
                float(self.temperature_k[hole.module]))
        self.hole_rate_per_s = conductance / self.volume_m3
        rate = self.design_leak_per_s + self.hole_rate_per_s
        # Gas behind open hatches drains through a hole as one body: scale each module's loss
        # so that its group decays exactly as exp(-dt x volume-weighted rate).
        group_rate = self.drained_together(rate)
        lost = np.divide(-np.expm1(-self.dt_s * group_rate), group_rate,
                         out=np.full_like(rate, self.dt_s), where=group_rate > 0)
        self.leak_keep = 1.0 - rate * lost
        self.growing_holes = any(h.growth_cm_per_s for h in self.holes)

    def compose(self) -> None:
        """Fold sources, make-up valves, scrubbers, humidity control and leaks into one affine
        step n <- keep * n + add (then hatch transport). Scrubbers remove
        min(capacity, k x CO2): each module is in one regime until the batch check flips it."""
        add = self.src_step.copy()
        self._compose_valves()
        add += self.valve_add
        # where the O2 is gone the crew cannot take it: their uptake stops until O2 returns
        self.o2_flows = ~(self.n[:, Gas.O2] + add[:, Gas.O2] < 0)
        add[:, Gas.O2] = np.where(self.o2_flows, add[:, Gas.O2], 0.0)
        keep = np.ones_like(add)
        co2_next = self.n[:, Gas.CO2] + add[:, Gas.CO2]
        self.scrub_saturated = self.scrub_k_step * co2_next >= self.scrub_cap_step
        keep[:, Gas.CO2] = np.where(self.scrub_saturated, 1.0, 1.0 - self.scrub_k_step)
        add_co2 = add[:, Gas.CO2] - np.where(self.scrub_saturated, self.scrub_cap_step, 0.0)
        keep_h2o = np.where(self._humidity_controlled(), self.humidity_keep, 1.0)
        self.humidity_keep_step = keep_h2o  # per module: 1 where humidity control rests
        add_h2o = add[:, Gas.H2O] * keep_h2o + self.humidity_set_mol * (1.0 - keep_h2o)
        add[:, Gas.CO2], add[:, Gas.H2O] = add_co2, add_h2o
        keep[:, Gas.H2O] = keep_h2o
        self.step_keep = keep * self.leak_keep[:, None]
        self.step_add = add * self.leak_keep[:, None]
        self.co2_add_before_scrub = self.src_step[:, Gas.CO2] + self.valve_add[:, Gas.CO2]

    def _humidity_controlled(self) -> np.ndarray:
        """Modules whose humidity control acts this batch: it dries any module above its set
        point, and adds water only where crew live above ``HUMIDIFY_MIN_PRESSURE_KPA``."""
        occupied = np.bincount(self.crew_module, minlength=len(self.module_ids)) > 0
        pressure_kpa = self.n.sum(axis=1) * self.kpa_per_mol
        humidify = occupied & (pressure_kpa >= HUMIDIFY_MIN_PRESSURE_KPA)
        return humidify | (self.n[:, Gas.H2O] > self.humidity_set_mol)

    def _compose_valves(self) -> None:
        """Moles per step from each open make-up valve (``valve_add``), never more than its
        tank holds, and the whole steps until the first open tank runs dry."""
        self.valve_add = np.zeros_like(self.src_step)
        self.valve_steps = BATCH_MAX
        if not len(self.pc_index):
            return
        units = [self.pc_units[i] for i in self.pc_index]
        tank_mol = np.array([(u.n2_kg, u.o2_kg) for u in units]) / MOLAR_MASS[VALVE_GASES]
        is_open = np.array([(u.n2_open, u.o2_open) for u in units], dtype=bool)
        rows = self.pc_index[:, None]
        per_step = np.where(is_open, np.minimum(self.valve_mol[rows, VALVE_GASES], tank_mol),
                            0.0)
        self.valve_add[rows, VALVE_GASES] = per_step
        flowing = per_step > 0
        if flowing.any():
            left = (tank_mol[flowing] / per_step[flowing]).min()
            self.valve_steps = min(BATCH_MAX, max(int(left + 1e-9), 1))

    # ----------------------------------------------------------------- stepping
    def step(self) -> None:
        """Advance one physics step of ``dt_s`` seconds."""
        self.advance(1)

    def advance(self, max_steps: int) -> int:
        """Advance up to ``max_steps`` steps; returns the steps taken (at least one). What
        is due on the agenda runs first; the steps run in batches (:mod:`.stepping`)."""
        self.run_due()
        if self._dirty:
            self._rebuild()
        return self.stepper.advance(max_steps)

    # ----------------------------------------------------------------- sensors
    def set_present(self, air: atmosphere.Air, readings: np.ndarray, k: int) -> None:
        """The air and readings of step ``k`` of ``air`` and ``readings`` are the present."""
        self.pressure_kpa, self.o2_fraction = air.pressure_kpa[k], air.o2_fraction[k]
        self.ppo2_kpa, self.co2_ppm = air.ppo2_kpa[k], air.co2_ppm[k]
        self.measured = readings[k]

    def read_present(self) -> atmosphere.Air:
        """Read the present air again through the sensors as they are now, without noise
        (at the start, and when the sensors are changed then); the air read."""
        air = atmosphere.air(self.n[None], self.kpa_per_mol)
        readings = np.stack((air.pressure_kpa, air.ppo2_kpa, air.co2_ppm), axis=-1)
        self.set_present(air, self.readout.read_without_noise(readings), 0)
        return air

    def mean_readings(self) -> np.ndarray:
        """What the instruments read now averaged over their noise (modules x pressure kPa,
        ppO2 kPa, CO2 ppm), as an audit's record of many samples shows it."""
        air = atmosphere.air(self.n[None], self.kpa_per_mol)
        true = np.stack((air.pressure_kpa, air.ppo2_kpa, air.co2_ppm), axis=-1)[0]
        return self.readout.read_mean(true, self.t_s)

    def expect_sensors(self) -> None:
        """Sensors without random noise (for forecasts of the expected future)."""
        for sensor in self.sensors.values():
            sensor.noise = 0.0
        self.sensors_changed()

    def sensors_changed(self) -> None:
        """Call after changing a sensor's gain, bias or drift."""
        self.readout.stale = True

    def measured_value(self, module: str, quantity: str) -> float:
        return float(self.measured[self.index[module], SENSOR_COLUMN[quantity]])

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
        return [max(math.log(max(p, 1e-9) / EVACUATION_PRESSURE_KPA), 0.0) / rate
                if rate > 0 else None
                for p, rate in zip(self.pressure_kpa.tolist(),
                                   self.breach_rate_per_s().tolist())]

    def o2_reserve_kg(self, i: int) -> float:
        unit = self.pc_units[i] if hasattr(self, "pc_units") else None
        return (unit.o2_kg if unit else 0.0) + self.candles_left[i] * O2_CANDLE_KG

    def reserve_time_s(self, i: int) -> float | None:
        """How long the module's emergency O2 (make-up tank and candles) covers its deficit."""
        deficit_mol_s = self.crew_o2_mol_s[i] - self.generation_o2_mol_s[i]
        if deficit_mol_s <= 0:
            return None
        return self.o2_reserve_kg(i) / (deficit_mol_s * MOLAR_MASS_KG_PER_MOL[Gas.O2])

