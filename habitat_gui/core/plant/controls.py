"""Equipment logic and automatic controls of the world: the generator bay and its relay,
power, and the controls that act on MEASURED values (make-up valves, O2 candles, standby
scrubbers, generator set points). A part of :class:`World`, kept here for size."""

from __future__ import annotations

import numpy as np

from .. import constants as C
from .equipment import FAILED, OFF, ON, WARMUP, Generator


class Controls:
    """Mixed into :class:`habitat_gui.core.plant.world.World`; works on its state."""

    # ----------------------------------------------------------------- equipment logic
    def generators(self, module: str) -> dict[str, Generator]:
        return {g.role: g for g in self.generator_units if g.module == module}

    def update_bay(self, module: str) -> None:
        """Apply the relay: changeover on failure, then start or stop each generator."""
        relay = self.relays[f"{module}.relay"]
        gens = self.generators(module)
        selected = gens.get(relay.position)
        other_role = "backup" if relay.position == "primary" else "primary"
        other = gens.get(other_role)
        if (selected is not None and selected.failed and relay.override is None
                and other is not None and not other.failed and not other.locked_for):
            if relay.fused or relay.locked_for:
                if not relay.changeover_blocked:
                    relay.changeover_blocked = True
                    why = "is fused" if relay.fused else "is locked out for a repair"
                    self.log("automation", relay.id, f"{relay.id} {why}: changeover to "
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
        elif not wanted or not gen.powered or gen.locked_for:
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


    # ----------------------------------------------------------------- automation
    def _automation_due(self, readings: np.ndarray) -> np.ndarray:
        """For readings of one step or a batch of steps, whether an automatic control acts."""
        auto = self.habitat.automation
        pressure, ppo2, co2 = readings[..., 0], readings[..., 1], readings[..., 2]
        due = np.zeros(pressure.shape[:-1], dtype=bool)
        if len(self.pc_index):
            n2, o2 = self._valves_wanted(pressure.take(self.pc_index, axis=-1),
                                         ppo2.take(self.pc_index, axis=-1))
            n2_open, o2_open = self._valves_open()
            due |= ((n2 != n2_open) | (o2 != o2_open)).any(axis=-1)
        if len(self.standby):
            on = np.array([u.auto_on for u in self.standby])
            co2_s = co2.take(self.standby_module, axis=-1)
            want = (co2_s > auto.standby_scrubber_on_above_ppm) | (
                on & (co2_s > auto.standby_scrubber_off_below_ppm))
            due |= (want != on).any(axis=-1)
        due |= ((ppo2 < auto.candle_below_kpa) & (self.candles_left > 0)
                & (self.candle_burning_until <= self.t_s)).any(axis=-1)
        return due

    def _valves_open(self) -> tuple[np.ndarray, np.ndarray]:
        """Whether each pressure control's N2 and O2 make-up valve is open now."""
        units = [self.pc_units[i] for i in self.pc_index]
        return (np.array([u.n2_open for u in units], dtype=bool),
                np.array([u.o2_open for u in units], dtype=bool))

    def _valves_wanted(self, pressure: np.ndarray,
                       ppo2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """N2 and O2 make-up valve states the controls want, with hysteresis, for readings
        (... x pressure controls)."""
        auto = self.habitat.automation
        units = [self.pc_units[i] for i in self.pc_index]
        working = np.array([u.powered and not u.failed and not u.locked_for for u in units])
        forced = working & np.array([u.override == "on" for u in units])
        automatic = working & np.array([u.override is None for u in units])
        n2_open, o2_open = self._valves_open()
        n2 = (pressure < auto.n2_on_below_kpa) | (n2_open & (pressure < auto.n2_off_above_kpa))
        o2 = (ppo2 < auto.o2_on_below_kpa) | (o2_open & (ppo2 < auto.o2_off_above_kpa))
        return forced | (automatic & n2), forced | (automatic & o2)

    def _automate(self) -> None:
        """Controls acting on the MEASURED values of the present step."""
        auto = self.habitat.automation
        pressure, ppo2, co2 = self.measured[:, 0], self.measured[:, 1], self.measured[:, 2]
        if len(self.pc_index):
            n2_wanted, o2_wanted = self._valves_wanted(pressure[self.pc_index],
                                                       ppo2[self.pc_index])
            for i, n2, o2 in zip(self.pc_index, n2_wanted.tolist(), o2_wanted.tolist()):
                unit = self.pc_units[i]
                if (n2, o2) != (unit.n2_open, unit.o2_open):
                    unit.n2_open, unit.o2_open = n2, o2
                    self.log("automation", unit.id, f"{unit.id}: {unit.state.lower()}",
                             pressure_kpa=round(float(pressure[i]), 2),
                             ppo2_kpa=round(float(ppo2[i]), 2))
        candles = (ppo2 < auto.candle_below_kpa) & (self.candles_left > 0) \
            & (self.candle_burning_until <= self.t_s)
        for i in np.flatnonzero(candles):
            self._light_candle(int(i))
        for unit in self.standby:
            i = self.index[unit.module]
            want = bool(co2[i] > auto.standby_scrubber_on_above_ppm
                        or (unit.auto_on and co2[i] > auto.standby_scrubber_off_below_ppm))
            if want != unit.auto_on:
                unit.auto_on = want
                self.log("automation", unit.id, f"{unit.id} {'started' if want else 'stopped'}"
                         f" at {co2[i]:.0f} ppm measured")
        self.mark_dirty()

    def _light_candle(self, i: int) -> None:
        self.candles_left[i] -= 1
        self.candle_burning_until[i] = self.t_s + C.O2_CANDLE_BURN_S
        self.schedule(self.candle_burning_until[i], "_candle_out", i)
        self.mark_dirty()
        self.log("automation", self.module_ids[i], f"{self.module_ids[i]}: O2 candle lit "
                 f"({self.candles_left[i]} left)", ppo2_kpa=round(float(self.measured[i, 1]), 2))

    def _candle_out(self, i: int) -> None:
        """A candle burnt out: the furnace takes the next at once while ppO2 is still low."""
        self.mark_dirty()
        if (self.measured[i, 1] < self.habitat.automation.candle_below_kpa
                and self.candles_left[i] > 0):
            self._light_candle(i)

    def _adjustable_generators(self) -> list[Generator]:
        return [g for g in self.generator_units if g.state == ON and g.override is None]

    def _generator_settings(self, ppo2: np.ndarray, gens: list[Generator]) -> np.ndarray:
        """Set points the O2 control would choose (25 % steps) for readings (... x modules)."""
        auto = self.habitat.automation
        step = C.GENERATOR_SETTING_STEP_PCT
        current = np.array([g.setting_pct for g in gens], dtype=int)
        reading = ppo2.take([self.index[g.module] for g in gens], axis=-1)
        raised = np.minimum(current + step, 100)
        lowered = np.maximum(current - step, step)
        return np.where(reading < auto.generator_raise_below_kpa, raised,
                        np.where(reading > auto.generator_lower_above_kpa, lowered, current))

    def _adjust_generators(self, ppo2: np.ndarray) -> None:
        gens = self._adjustable_generators()
        for gen, setting in zip(gens, self._generator_settings(ppo2, gens).tolist()):
            if setting != gen.setting_pct:
                gen.setting_pct = setting
                self.mark_dirty()
                self.log("automation", gen.id, f"{gen.id} set to {setting} %",
                         ppo2_kpa=round(float(ppo2[self.index[gen.module]]), 2))
