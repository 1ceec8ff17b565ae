"""Emergency O2 for people: each module's locker of masks, canisters and portable O2
concentrators, who wears a mask or a concentrator's cannula, what their canister has left,
and the blood's lag behind a change of breathing gas.

A person on a mask breathes ``MASK_FIO2`` (or the cabin's O2 fraction, if higher); the
canister's whole flow ends in the module's air (what the wearer does not take up is
breathed out or spills), so the module books it as the ``masks`` term of the gas books and
the wearer's uptake stays with the ``crew`` term. An empty canister is swapped at once for
the next one in the locker of the module the wearer is in; with none left, the mask goes
back to that locker and the wearer to cabin air. Taking a mask off returns it to the locker
of the module the wearer is in; the part-used canister is set aside.

A concentrator separates O2 from the cabin's own air and gives it back breathed out: it
changes no gas in the module, only what its user inspires, ``concentrator_fio2`` of the
cabin's fraction. It runs on the module's power without end and goes where its user goes;
stopped, it returns to the locker of the module its user is in.

SpO2 follows the air at once (the cabin air changes over minutes to hours), but after a
change of breathing gas it relaxes towards its new value with ``SPO2_TIME_CONSTANT_S``:
SpO2 = equilibrium + (SpO2 then - equilibrium then) exp(-(t - then) / tau).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from ..constants import (CANNULA_INSPIRED_FLOW_L_PER_MIN, CONCENTRATOR_FLOW_L_PER_MIN,
                         CONCENTRATOR_O2_FRACTION, MASK_FIO2, MASK_FLOW_L_PER_MIN,
                         MOLAR_MASS_KG_PER_MOL, O2_MOLAR_VOLUME_L, SPO2_TIME_CONSTANT_S, Gas)
from .agenda import action
from .atmosphere import Air
from .physiology import EXERTION, spo2_pct

if TYPE_CHECKING:
    from .world import World

MASK_O2_MOL_S = MASK_FLOW_L_PER_MIN / O2_MOLAR_VOLUME_L / 60.0
MASK_O2_KG_S = MASK_O2_MOL_S * MOLAR_MASS_KG_PER_MOL[Gas.O2]


def concentrator_fio2(cabin_fraction: np.ndarray) -> np.ndarray:
    """What a concentrator's user inspires, by nasal cannula, in air of ``cabin_fraction``."""
    return cabin_fraction + CONCENTRATOR_FLOW_L_PER_MIN * (
        CONCENTRATOR_O2_FRACTION - cabin_fraction) / CANNULA_INSPIRED_FLOW_L_PER_MIN


class Masks:
    """The lockers (per module) and the masks and concentrators in use (per person) of a
    world."""

    def __init__(self, world: World) -> None:
        mods = world.habitat.modules
        self.masks_left = np.array([m.masks for m in mods], dtype=int)
        self.canisters_left = np.array([m.o2_canisters for m in mods], dtype=int)
        self.canister_kg = np.array([m.o2_canister_kg for m in mods])
        self.concentrators_left = np.array([m.concentrators for m in mods], dtype=int)
        people = len(world.crew)
        self.worn = np.zeros(people, dtype=bool)
        self.on_concentrator = np.zeros(people, dtype=bool)
        self.full_kg = np.zeros(people)  # the worn canister's fill when new
        self.kg_at = np.zeros(people)  # its O2 at ``since_s``
        self.since_s = np.zeros(people)
        self.lag_pct = np.zeros(people)  # SpO2 above its equilibrium at ``lag_from_s``
        self.lag_from_s = np.zeros(people)

    def left_kg(self, k: int, t_s: float) -> float:
        return max(float(self.kg_at[k]) - MASK_O2_KG_S * (t_s - float(self.since_s[k])), 0.0)

    def left_pct(self, k: int, t_s: float) -> float | None:
        """What person ``k``'s canister has left, % of full; None off a mask."""
        return 100.0 * self.left_kg(k, t_s) / float(self.full_kg[k]) if self.worn[k] else None

    def o2_mol_s(self, crew_module: np.ndarray, modules: int) -> np.ndarray:
        """O2 per second the worn canisters put into each module's air."""
        return np.bincount(crew_module[self.worn], minlength=modules) * MASK_O2_MOL_S

    def spo2(self, world: World, air: Air) -> np.ndarray:
        """Each person's SpO2 (steps x crew) over the steps of ``air`` that start now."""
        fraction = air.o2_fraction[:, world.crew_module]
        if self.on_concentrator.any():
            fraction = np.where(self.on_concentrator, concentrator_fio2(fraction), fraction)
        if self.worn.any():
            fraction = np.where(self.worn, np.maximum(fraction, MASK_FIO2), fraction)
        exertion = np.array([EXERTION[p.activity] for p in world.crew])
        spo2 = spo2_pct(fraction, air.pressure_kpa[:, world.crew_module], exertion)
        if self.lag_pct.any():
            times = world.t_s + world.dt_s * np.arange(1, len(spo2) + 1)
            spo2 = spo2 + self.lag_pct * np.exp(-(times[:, None] - self.lag_from_s)
                                                / SPO2_TIME_CONSTANT_S)
        return spo2

    def _changed(self, world: World, k: int) -> None:
        """Person ``k`` breathes other gas from now: their SpO2 lags behind its new value."""
        air = Air(world.pressure_kpa[None], world.o2_fraction[None], world.ppo2_kpa[None],
                  world.co2_ppm[None])
        self.lag_pct[k], self.lag_from_s[k] = 0.0, world.t_s
        self.lag_pct[k] = world.crew_spo2[k] - self.spo2(world, air)[0, k]
        world.mark_dirty()

    def why_not_don(self, world: World, k: int) -> str | None:
        """Why person ``k`` cannot put on a mask now (None: they can)."""
        person = world.crew[k]
        where = world.module_ids[person.module]
        if (why := self._busy(world, k)) is not None:
            return why
        if self.masks_left[person.module] <= 0:
            return f"no mask left in the {where} locker"
        if self.canisters_left[person.module] <= 0:
            return f"no O2 canister left in the {where} locker"
        return None

    def _busy(self, world: World, k: int) -> str | None:
        """Why person ``k`` cannot take up a mask or a concentrator now, whatever the
        locker holds."""
        person = world.crew[k]
        if self.worn[k]:
            return f"{person.name} is already on a mask"
        if self.on_concentrator[k]:
            return f"{person.name} is already on a concentrator"
        if person.moving_to is not None:
            return f"{person.name} is walking to {world.module_ids[person.moving_to]}"
        return None

    def why_not_concentrator(self, world: World, k: int) -> str | None:
        """Why person ``k`` cannot go on a portable concentrator now (None: they can)."""
        if (why := self._busy(world, k)) is not None:
            return why
        i = world.crew[k].module
        if self.concentrators_left[i] <= 0:
            return f"no concentrator left in the {world.module_ids[i]} locker"
        return None

    def start_concentrator(self, world: World, k: int) -> str:
        """Person ``k`` goes on a concentrator from their module's locker."""
        i = world.crew[k].module
        self.concentrators_left[i] -= 1
        self.on_concentrator[k] = True
        self._changed(world, k)
        return (f"{world.crew[k].name} on a concentrator from the {world.module_ids[i]} "
                f"locker ({self.concentrators_left[i]} left)")

    def why_not_stop(self, world: World, k: int) -> str | None:
        return None if self.on_concentrator[k] else \
            f"{world.crew[k].name} is not on a concentrator"

    def stop_concentrator(self, world: World, k: int) -> str:
        """Person ``k`` stops theirs; it goes back to the locker where they are."""
        return self._back_to_cabin_air(world, k, self.on_concentrator,
                                       self.concentrators_left, "concentrator")

    def don(self, world: World, k: int) -> str:
        """Person ``k`` puts on a mask from their module's locker."""
        i = world.crew[k].module
        self.masks_left[i] -= 1
        self.worn[k] = True
        self._new_canister(world, k)
        self._changed(world, k)
        return (f"{world.crew[k].name} on a mask from the {world.module_ids[i]} locker "
                f"({self.masks_left[i]} masks, {self.canisters_left[i]} canisters left)")

    def why_not_doff(self, world: World, k: int) -> str | None:
        return None if self.worn[k] else f"{world.crew[k].name} is not on a mask"

    def doff(self, world: World, k: int) -> str:
        """Person ``k`` takes off their mask and returns it to the locker where they are."""
        return self._back_to_cabin_air(world, k, self.worn, self.masks_left, "mask")

    def _back_to_cabin_air(self, world: World, k: int, in_use: np.ndarray, left: np.ndarray,
                           what: str) -> str:
        """Person ``k`` gives up their ``what`` to the locker of the module they are in."""
        in_use[k] = False
        left[world.crew[k].module] += 1
        self._changed(world, k)
        return f"{world.crew[k].name} off the {what}, back on cabin air"

    def _new_canister(self, world: World, k: int) -> None:
        i = world.crew[k].module
        self.canisters_left[i] -= 1
        self.full_kg[k] = self.kg_at[k] = self.canister_kg[i]
        self.since_s[k] = world.t_s
        world.schedule(world.t_s + self.canister_kg[i] / MASK_O2_KG_S, "_canister_empty",
                       world.crew[k].name, float(world.t_s))


@action("_canister_empty")
def _canister_empty(world: World, name: str, since_s: float) -> None:
    """A worn canister runs out: the next from the locker, or back to cabin air."""
    masks, k = world.masks, world.crew_index[name]
    if not masks.worn[k] or not math.isclose(masks.since_s[k], since_s):
        return  # taken off, or swapped, since
    i = world.crew[k].module
    where = world.module_ids[i]
    if masks.canisters_left[i] > 0:
        masks._new_canister(world, k)
        world.log("crew", name, f"{name}: O2 canister empty, swapped for one from the {where} "
                  f"locker ({masks.canisters_left[i]} left)")
        return
    masks.doff(world, k)
    world.log("crew", name, f"{name}: O2 canister empty and none left in the {where} "
              "locker: back on cabin air")
