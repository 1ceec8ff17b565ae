"""Stepping the world in batches: many 1 s steps computed at once, checked, and kept up to
the first at which automation must act.

Batches never cross the fixed time grid (``BATCH_MAX`` steps, at most ``BATCH_MAX_S``). A
batch computes its exact updates at once, then checks what the sensors and automation saw at
each step; the steps up to the first at which automation acts (or a relief valve opens, or a
gas runs out) stand, automation acts there, and the rest are dropped. Where a run pauses
inside a batch changes nothing, so a run sliced any way reproduces the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from . import atmosphere, books
from .. import blas
from ..constants import MOLAR_MASS_KG_PER_MOL, O2_CANDLE_KG, SPO2_HYPOXIC_PCT, Gas

if TYPE_CHECKING:
    from .world import World

BATCH_MAX = 300  # steps of the time grid: no batch of steps crosses a grid line ...
BATCH_MAX_S = 1800.0  # ... nor lasts longer than this (long forecast steps)
GROWING_HOLE_BATCH = 10  # a growing hole is widened once per this many steps
MOLAR_MASS = np.array(MOLAR_MASS_KG_PER_MOL)
VALVE_GASES = [Gas.N2, Gas.O2]  # what a make-up valve adds, in the order of its tanks


@dataclass(frozen=True)
class Recent:
    """The steps of the last advance, for whatever watches every step (alarms, recorders)."""

    t_s: np.ndarray  # steps
    readings: np.ndarray  # steps x modules x (pressure kPa, ppO2 kPa, CO2 ppm) as measured
    spo2_pct: np.ndarray  # steps x crew
    air: atmosphere.Air  # the true air, steps x modules
    o2_reserve_kg: np.ndarray  # steps x modules: make-up O2 tank and candles


@dataclass
class Batch:
    """Steps computed ahead; the first ``stand`` of them are the world's future."""

    history: np.ndarray  # steps x modules x gases
    air: atmosphere.Air
    readings: np.ndarray  # steps x modules x (pressure, ppO2, CO2) as measured
    stand: int
    automation_acts: bool
    exact: bool
    valve_add: np.ndarray  # mol per step from each make-up valve
    tanks_kg: list[tuple[float, float]]  # N2 and O2 in each make-up tank at the start
    spo2: np.ndarray  # steps x crew
    hypoxia_s: np.ndarray  # crew exposure at the start
    hypoxia_dose: np.ndarray
    start: np.ndarray  # the state the first step starts from
    terms: books.StepTerms  # what each source and sink moves in a step
    books_at_start: np.ndarray  # the world's gas books when the batch began
    floored_mol: np.ndarray | None  # an exact step's floor at zero and relief (modules x
    vented_mol: np.ndarray | None  # gases); None for the other batches
    done: int = 0


class Stepper:
    """The world's batch in flight and the stepping through it."""

    def __init__(self, world: World) -> None:
        blas.one_thread()  # the batches' products are small: more threads only spin
        self.world = world
        self.batch: Batch | None = None

    def cut(self, at_s: float) -> None:
        """End the batch in flight before the first step that starts at or after ``at_s``,
        as if it had been planned with something due then."""
        batch, world = self.batch, self.world
        if batch is not None:
            ends = batch.done + max(math.ceil((at_s - world.t_s) / world.dt_s - 1e-9), 1)
            if ends < batch.stand:
                batch.stand, batch.automation_acts = ends, False

    def advance(self, max_steps: int) -> int:
        """Advance up to ``max_steps`` steps of the world's composed step (the agenda due
        now has run); returns the steps taken (at least one)."""
        world = self.world
        if self.batch is None:
            self.batch = self._begin_batch()
        batch = self.batch
        steps = min(max_steps, batch.stand - batch.done)
        self._accept(batch, steps)
        if batch.done == batch.stand:
            self.batch = None
            if world.hatches is not None and not batch.exact:
                atmosphere.equalise(world.n, world.hatches)
            world.compose()
            if batch.automation_acts:
                world.controls.act()
        if self._adjust_time(np.array([world.t_s]))[0]:
            world.controls.adjust_generators(world.measured[:, 1])
        return steps

    def _adjust_time(self, times: np.ndarray) -> np.ndarray:
        """Whether the step ending at each time passed a review of the generator set points
        (every ``generator_adjust_every_s`` on the clock)."""
        world = self.world
        every = world.habitat.automation.generator_adjust_every_s
        return np.floor(times / every + 1e-9) > np.floor((times - world.dt_s) / every + 1e-9)

    def _batch_steps(self) -> int:
        """Steps until the grid line, the next agenda item, or a make-up tank running dry."""
        world = self.world
        grid = min(BATCH_MAX * world.dt_s, BATCH_MAX_S)
        end = (math.floor(world.t_s / grid + 1e-9) + 1) * grid
        next_s = world.agenda.next_s()
        if next_s is not None:
            end = min(end, next_s)
        steps = min(int(math.ceil((end - world.t_s) / world.dt_s - 1e-9)), world.valve_steps)
        if world.growing_holes:
            steps = min(steps, GROWING_HOLE_BATCH)
        return max(steps, 1)

    def _begin_batch(self) -> Batch:
        world = self.world
        steps = self._batch_steps()
        if world.growing_holes:
            for hole in world.holes:
                hole.diameter_cm += hole.growth_cm_per_s * world.dt_s * steps
            world.rebuild_leaks()
            world.compose()
        transport = None
        if world.hatches is not None:
            atmosphere.equalise(world.n, world.hatches)
            trial = world.hatches.mixing @ (world.step_keep * world.n + world.step_add)
            transport = atmosphere.quasi_steady(trial, world.hatches) @ world.hatches.mixing
        start = world.n.copy()
        floored = vented = None
        if world.orifices:
            history, _, _ = self._sequential(steps, transport, exact=False)
        else:
            history = atmosphere.propagate(world.n, world.step_keep, world.step_add, transport,
                                           steps)
        air, readings = self._observe(history)
        stand, acts = self._check_batch(history, air, readings)
        exact = stand == 0
        if exact:  # the first step needs a relief valve or clamping: take it alone, exactly
            transport = world.hatches.mixing if world.hatches else None
            history, floored, vented = self._sequential(1, transport, True)
            air, readings = self._observe(history)
            stand, acts = 1, bool(world.controls.due(readings[0]))
        tanks = [(world.pc_units[i].n2_kg, world.pc_units[i].o2_kg) for i in world.pc_index]
        spo2 = world.masks.spo2(world, air)
        return Batch(history, air, readings, stand, acts, exact, world.valve_add.copy(), tanks,
                     spo2, world.crew_hypoxia_s.copy(), world.crew_hypoxia_dose.copy(), start,
                     books.step_terms(world, transport), world.books.flows_mol.copy(), floored,
                     vented)

    def _sequential(self, steps: int, transport: np.ndarray | None,
                    exact: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Step by step, for what is not linear: seal cracks and open equalisation valves,
        relief valves, clamping. The states, and the moles the floor at zero added and the
        relief valves vented."""
        world = self.world
        hatches = world.hatches  # open whenever there is a transport
        history = np.empty((steps, *world.n.shape))
        floored, vented = np.zeros(world.n.shape), np.zeros(world.n.shape)
        x = world.n
        for k in range(steps):
            x = world.step_keep * x + world.step_add
            if transport is not None and hatches is not None:
                x = transport @ x
                atmosphere.equalise(x, hatches)  # an orifice draws on its side's whole group
            for link in world.orifices:
                atmosphere.orifice_flow(x, link.a, link.b, link.orifice_mm(), world.kpa_per_mol,
                                        world.temperature_k, world.dt_s)
            if exact:
                floored -= np.minimum(x, 0.0)
                np.maximum(x, 0.0, out=x)
                vented += x
                atmosphere.relieve(x, world.kpa_per_mol,
                                   world.habitat.automation.relief_above_kpa)
                vented -= x
            history[k] = x
        return history, floored, vented

    def _check_batch(self, history: np.ndarray, air: atmosphere.Air,
                     readings: np.ndarray) -> tuple[int, bool]:
        """How many steps of the batch stand, and whether automation acts at the last one."""
        world = self.world
        bad = (air.pressure_kpa > world.habitat.automation.relief_above_kpa).any(axis=1) \
            | (history < 0).any(axis=(1, 2))
        first_bad = int(np.argmax(bad)) if bad.any() else len(history)
        due = world.controls.due(readings[:first_bad])
        times = world.t_s + world.dt_s * np.arange(1, first_bad + 1)
        review = np.flatnonzero(self._adjust_time(times))  # the steps that review set points
        if len(review):
            gens = world.controls.adjustable_generators()
            current = np.array([g.setting_pct for g in gens])
            wanted = world.controls.generator_settings(readings[review, :, 1], gens)
            due[review] |= (wanted != current).any(axis=1)
        saturated_next = world.scrub_k_step * (history[:first_bad, :, Gas.CO2]
                                               + world.co2_add_before_scrub) \
            >= world.scrub_cap_step
        flips = ((saturated_next != world.scrub_saturated)
                 & (world.scrub_cap_step > 0)).any(axis=1)
        stop = due | flips
        if stop.any():
            last = int(np.argmax(stop))
            return last + 1, bool(due[last])
        return first_bad, False

    def _observe(self, history: np.ndarray) -> tuple[atmosphere.Air, np.ndarray]:
        """Derived air and sensor readings for the states of a batch starting now; each
        step's noise depends only on the seed and the step's place on the time grid."""
        world = self.world
        air = atmosphere.air(history, world.kpa_per_mol)
        true = np.stack((air.pressure_kpa, air.ppo2_kpa, air.co2_ppm), axis=-1)
        return air, world.readout.read(true, int(round(world.t_s / world.dt_s)), world.dt_s)

    def _accept(self, batch: Batch, steps: int) -> None:
        """Take the next ``steps`` steps of the batch as the world's own."""
        world = self.world
        lo, hi = batch.done, batch.done + steps
        batch.done = hi
        world.books.settle(batch.books_at_start, batch.terms, hi,
                           batch.start + batch.history[:hi - 1].sum(axis=0))
        if batch.floored_mol is not None:
            world.books.floor(batch.floored_mol)
        world.books.relieve(world, batch.vented_mol)
        world.n = batch.history[hi - 1].copy()
        reserve = np.repeat((world.candles_left * O2_CANDLE_KG)[None, :], steps, axis=0) \
            .astype(float)
        if len(world.pc_index):
            tank_o2 = np.array([o2_kg for _, o2_kg in batch.tanks_kg])
            per_step = batch.valve_add[world.pc_index, Gas.O2] * MOLAR_MASS_KG_PER_MOL[Gas.O2]
            reserve[:, world.pc_index] += np.maximum(
                tank_o2 - np.arange(lo + 1, hi + 1)[:, None] * per_step, 0.0)
        a = batch.air
        world.recent = Recent(world.t_s + world.dt_s * np.arange(1, steps + 1),
                              batch.readings[lo:hi], batch.spo2[lo:hi],
                              atmosphere.Air(a.pressure_kpa[lo:hi], a.o2_fraction[lo:hi],
                                             a.ppo2_kpa[lo:hi], a.co2_ppm[lo:hi]), reserve)
        world.t_s = round(world.t_s + world.dt_s * steps, 9)
        used_kg = (batch.valve_add[world.pc_index] * (hi * MOLAR_MASS))[:, VALVE_GASES]
        for i, (n2_kg, o2_kg), (n2_used, o2_used) in zip(world.pc_index, batch.tanks_kg,
                                                         used_kg.tolist()):
            unit = world.pc_units[i]
            unit.n2_kg, unit.o2_kg = max(n2_kg - n2_used, 0.0), max(o2_kg - o2_used, 0.0)
        world.set_present(batch.air, batch.readings, hi - 1)
        a = batch.air
        np.minimum(world.min_ppo2_kpa, a.ppo2_kpa[lo:hi].min(axis=0), out=world.min_ppo2_kpa)
        np.maximum(world.max_co2_ppm, a.co2_ppm[lo:hi].max(axis=0), out=world.max_co2_ppm)
        np.minimum(world.min_pressure_kpa, a.pressure_kpa[lo:hi].min(axis=0),
                   out=world.min_pressure_kpa)
        self._breathe(batch, lo, hi)

    def _breathe(self, batch: Batch, lo: int, hi: int) -> None:
        """Crew SpO2 after steps ``lo..hi`` of a batch: latest, lowest, exposure so far."""
        world = self.world
        if not world.crew:
            return
        spo2 = batch.spo2
        world.crew_spo2 = spo2[hi - 1]
        np.minimum(world.crew_min_spo2, spo2[lo:hi].min(axis=0), out=world.crew_min_spo2)
        world.crew_hypoxia_s = batch.hypoxia_s.copy()
        world.crew_hypoxia_dose = batch.hypoxia_dose.copy()
        if spo2[:hi].min() < SPO2_HYPOXIC_PCT:  # else nobody's exposure grew
            deficit = np.maximum(SPO2_HYPOXIC_PCT - spo2[:hi], 0.0)
            world.crew_hypoxia_s += (deficit > 0).sum(axis=0) * world.dt_s
            world.crew_hypoxia_dose += deficit.sum(axis=0) * world.dt_s

