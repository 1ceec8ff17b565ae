"""The water that electrolysis splits: each module's store, drawn at 1.126 kg per kg O2
(2 H2O -> 2 H2 + O2, docs/physics.md).

The draw is constant between rebuilds of the world's rates, so the store is booked exactly
at each rebuild at the rates then in force, and the moment it runs dry is an agenda item.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING, Any

import numpy as np

from ..constants import ELECTROLYSIS_WATER_KG_PER_KG_O2, MOLAR_MASS_KG_PER_MOL, Gas
from .agenda import action
from .equipment import Generator

if TYPE_CHECKING:
    from .world import World

WATER_KG_PER_MOL_O2 = MOLAR_MASS_KG_PER_MOL[Gas.O2] * ELECTROLYSIS_WATER_KG_PER_KG_O2


class WaterStores:
    """Each module's electrolysis water (kg; infinite where the habitat sets no store)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.kg = np.array([math.inf if x.water_kg is None else x.water_kg
                            for x in world.habitat.modules])
        self.draw_kg_s: dict[str, float] = {}  # each running generator's draw since since_s
        self.module_draw_kg_s = np.zeros(len(self.kg))
        self.since_s = world.t_s
        self.empty_at_s = np.full(len(self.kg), math.inf)

    def settle(self) -> None:
        """Book the water drawn since the last booking, at the draws then in force."""
        world = self.world
        elapsed = world.t_s - self.since_s
        for unit_id, rate in self.draw_kg_s.items():
            gen = world.units[unit_id]
            assert isinstance(gen, Generator)
            used = rate * elapsed
            gen.water_used_kg += used
            i = world.index[gen.module]
            self.kg[i] = max(self.kg[i] - used, 0.0)
        self.since_s = world.t_s

    def rebuild(self) -> None:
        """Book what was drawn, take the running generators' new draws, and put on the
        agenda the moment each drawn store runs dry."""
        self.settle()
        world = self.world
        self.draw_kg_s = {g.id: g.o2_mol_per_s() * WATER_KG_PER_MOL_O2
                          for g in world.generator_units if g.o2_mol_per_s() > 0}
        self.module_draw_kg_s[:] = 0.0
        for unit_id, rate in self.draw_kg_s.items():
            self.module_draw_kg_s[world.index[world.units[unit_id].module]] += rate
        for i, (left, rate) in enumerate(zip(self.kg, self.module_draw_kg_s)):
            at_s = world.t_s + left / rate if rate > 0 and math.isfinite(left) else math.inf
            if not math.isclose(at_s, self.empty_at_s[i], rel_tol=0.0, abs_tol=1e-6):
                world.agenda.drop(functools.partial(_planned_for, i))
                if math.isfinite(at_s):
                    world.schedule(at_s, "water_out", i, at_s)
            self.empty_at_s[i] = at_s

    def left_kg(self, i: int) -> float | None:
        """Water in module ``i``'s store now (None where it has none)."""
        if not math.isfinite(self.kg[i]):
            return None
        drawn = self.module_draw_kg_s[i] * (self.world.t_s - self.since_s)
        return max(float(self.kg[i] - drawn), 0.0)

    def time_to_empty_s(self, i: int) -> float | None:
        """Seconds until module ``i``'s store runs dry at today's draw (None if never)."""
        at_s = self.empty_at_s[i]
        return float(at_s - self.world.t_s) if math.isfinite(at_s) else None

    def empty(self, module: str) -> bool:
        return bool(self.kg[self.world.index[module]] <= 0.0)


def _planned_for(i: int, name: str, args: tuple[Any, ...]) -> bool:
    """Whether an agenda item is module ``i``'s store running dry."""
    return name == "water_out" and args[0] == i


@action("water_out")
def water_out(world: World, i: int, at_s: float) -> None:
    """A module's water store runs dry: its generators stop (NO WATER)."""
    stores = world.water
    if stores.empty_at_s[i] != at_s:
        return  # the draw changed since this was planned
    stores.settle()
    stores.kg[i] = 0.0
    module = world.module_ids[i]
    world.log("automation", module, f"{module} electrolysis water store empty: O2 generation "
              "stopped")
    world.mark_dirty()
    world.update_bay(module)
