"""Automatic controls of the world, acting on MEASURED values: the make-up valves, O2
candles, standby scrubbers and generator set points."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..constants import GENERATOR_SETTING_STEP_PCT, O2_CANDLE_BURN_S
from .agenda import action
from .equipment import ON, Generator

if TYPE_CHECKING:
    from .world import World


class Controls:
    """The world's automatic controls; work on the world's state."""

    def __init__(self, world: World) -> None:
        self.world = world

    def due(self, readings: np.ndarray) -> np.ndarray:
        """For readings of one step or a batch of steps, whether an automatic control acts."""
        world = self.world
        auto = world.habitat.automation
        pressure, ppo2, co2 = readings[..., 0], readings[..., 1], readings[..., 2]
        due = np.zeros(pressure.shape[:-1], dtype=bool)
        if len(world.pc_index):
            n2, o2 = self._valves_wanted(pressure.take(world.pc_index, axis=-1),
                                         ppo2.take(world.pc_index, axis=-1))
            n2_open, o2_open = self._valves_open()
            due |= ((n2 != n2_open) | (o2 != o2_open)).any(axis=-1)
        if len(world.standby):
            on = np.array([u.auto_on for u in world.standby])
            co2_s = co2.take(world.standby_module, axis=-1)
            want = (co2_s > auto.standby_scrubber_on_above_ppm) | (
                on & (co2_s > auto.standby_scrubber_off_below_ppm))
            due |= (want != on).any(axis=-1)
        due |= ((ppo2 < auto.candle_below_kpa) & (world.candles_left > 0)
                & (world.candle_burning_until <= world.t_s)).any(axis=-1)
        return due

    def _valves_open(self) -> tuple[np.ndarray, np.ndarray]:
        """Whether each pressure control's N2 and O2 make-up valve is open now."""
        world = self.world
        units = [world.pc_units[i] for i in world.pc_index]
        return (np.array([u.n2_open for u in units], dtype=bool),
                np.array([u.o2_open for u in units], dtype=bool))

    def _valves_wanted(self, pressure: np.ndarray,
                       ppo2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """N2 and O2 make-up valve states the controls want, with hysteresis, for readings
        (... x pressure controls)."""
        world = self.world
        auto = world.habitat.automation
        units = [world.pc_units[i] for i in world.pc_index]
        working = np.array([u.powered and not u.failed and not u.locked_for for u in units])
        forced = working & np.array([u.override == "on" for u in units])
        automatic = working & np.array([u.override is None for u in units])
        n2_open, o2_open = self._valves_open()
        n2 = (pressure < auto.n2_on_below_kpa) | (n2_open & (pressure < auto.n2_off_above_kpa))
        o2 = (ppo2 < auto.o2_on_below_kpa) | (o2_open & (ppo2 < auto.o2_off_above_kpa))
        return forced | (automatic & n2), forced | (automatic & o2)

    def act(self) -> None:
        """Controls acting on the MEASURED values of the present step."""
        world = self.world
        auto = world.habitat.automation
        pressure, ppo2, co2 = world.measured[:, 0], world.measured[:, 1], world.measured[:, 2]
        if len(world.pc_index):
            n2_wanted, o2_wanted = self._valves_wanted(pressure[world.pc_index],
                                                       ppo2[world.pc_index])
            for i, n2, o2 in zip(world.pc_index, n2_wanted.tolist(), o2_wanted.tolist()):
                unit = world.pc_units[i]
                if (n2, o2) != (unit.n2_open, unit.o2_open):
                    unit.n2_open, unit.o2_open = n2, o2
                    world.log("automation", unit.id, f"{unit.id}: {unit.state.lower()}",
                              pressure_kpa=round(float(pressure[i]), 2),
                              ppo2_kpa=round(float(ppo2[i]), 2))
        candles = (ppo2 < auto.candle_below_kpa) & (world.candles_left > 0) \
            & (world.candle_burning_until <= world.t_s)
        for i in np.flatnonzero(candles):
            self.light_candle(int(i))
        for unit in world.standby:
            i = world.index[unit.module]
            want = bool(co2[i] > auto.standby_scrubber_on_above_ppm
                        or (unit.auto_on and co2[i] > auto.standby_scrubber_off_below_ppm))
            if want != unit.auto_on:
                unit.auto_on = want
                world.log("automation", unit.id, f"{unit.id} "
                          f"{'started' if want else 'stopped'} at {co2[i]:.0f} ppm measured")
        world.mark_dirty()

    def light_candle(self, i: int) -> None:
        world = self.world
        world.candles_left[i] -= 1
        world.candle_burning_until[i] = world.t_s + O2_CANDLE_BURN_S
        world.schedule(world.candle_burning_until[i], "_candle_out", i)
        world.mark_dirty()
        world.log("automation", world.module_ids[i], f"{world.module_ids[i]}: O2 candle lit "
                  f"({world.candles_left[i]} left)",
                  ppo2_kpa=round(float(world.measured[i, 1]), 2))

    def adjustable_generators(self) -> list[Generator]:
        return [g for g in self.world.generator_units if g.state == ON and g.override is None]

    def generator_settings(self, ppo2: np.ndarray, gens: list[Generator]) -> np.ndarray:
        """Set points the O2 control would choose (25 % steps) for readings (... x modules)."""
        world = self.world
        auto = world.habitat.automation
        step = GENERATOR_SETTING_STEP_PCT
        current = np.array([g.setting_pct for g in gens], dtype=int)
        reading = ppo2.take([world.index[g.module] for g in gens], axis=-1)
        raised = np.minimum(current + step, 100)
        lowered = np.maximum(current - step, step)
        return np.where(reading < auto.generator_raise_below_kpa, raised,
                        np.where(reading > auto.generator_lower_above_kpa, lowered, current))

    def adjust_generators(self, ppo2: np.ndarray) -> None:
        world = self.world
        gens = self.adjustable_generators()
        for gen, setting in zip(gens, self.generator_settings(ppo2, gens).tolist()):
            if setting != gen.setting_pct:
                gen.setting_pct = setting
                world.mark_dirty()
                world.log("automation", gen.id, f"{gen.id} set to {setting} %",
                          ppo2_kpa=round(float(ppo2[world.index[gen.module]]), 2))


@action("_candle_out")
def _candle_out(world: World, i: int) -> None:
    """A candle burnt out: the furnace takes the next at once while ppO2 is still low."""
    world.mark_dirty()
    if (world.measured[i, 1] < world.habitat.automation.candle_below_kpa
            and world.candles_left[i] > 0):
        world.controls.light_candle(i)
