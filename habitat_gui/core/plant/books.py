"""The gas books: every mole that enters or leaves the colony's air, by source and sink.

For each gas: what was there at t = 0 plus the flows of every term (+ in, - out) is what is
there now. A step of the composed physics is affine, n <- T (keep * n + add), with T moving
gas between modules only; so each term's share of one step is ``const + slope * n`` per
module, and over the steps that stand it is ``const * steps + slope * (sum of the states each
step started from)``, exact whatever the batch. The floor at zero and the relief valves act
outside that affine step; their moles are measured where they act (:mod:`.stepping`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ...contract.state import GasBooks
from ..constants import GAS_SYMBOLS, MOLAR_MASS_KG_PER_MOL, Gas

if TYPE_CHECKING:
    from .world import World

TERMS = ("electrolysis", "candles", "masks", "make-up", "crew", "scrubbers", "humidity control",
         "leaks", "relief", "floor", "rounding")
(ELECTROLYSIS, CANDLES, MASKS, MAKE_UP, CREW, SCRUBBERS, HUMIDITY, LEAKS, RELIEF, FLOOR,
 ROUNDING) = range(len(TERMS))
_MOLAR_MASS = np.array(MOLAR_MASS_KG_PER_MOL)


@dataclass(frozen=True)
class StepTerms:
    """Each term's moles in one step from state n: ``const + slope * n`` (terms x modules x
    gases)."""

    const: np.ndarray
    slope: np.ndarray

    def over(self, steps: int, started_from: np.ndarray) -> np.ndarray:
        """Moles by term and gas over ``steps`` steps whose starting states sum to
        ``started_from`` (modules x gases)."""
        return self.const.sum(axis=1) * steps + (self.slope * started_from).sum(axis=1)


def step_terms(world: World, transport: np.ndarray | None) -> StepTerms:
    """The terms of the world's composed step (:meth:`World.compose`), split as it builds it:
    sources, scrubbers, humidity control, then the leaks on what that leaves; and what the
    hatch ``transport`` gains or loses in floating point (its columns sum to 1 within about
    1e-15, which over a week of steps is some 1e-9 of the air)."""
    m, gases = world.n.shape
    const, slope = np.zeros((len(TERMS), m, gases)), np.zeros((len(TERMS), m, gases))
    o2_flows = world.o2_flows  # where the O2 is gone, the step's O2 flows stop
    const[CREW] = world.crew_step
    const[ELECTROLYSIS, :, Gas.O2] = world.generation_o2_mol_s * world.dt_s
    const[CANDLES, :, Gas.O2] = world.candle_o2_mol_s * world.dt_s
    const[MASKS, :, Gas.O2] = world.mask_o2_mol_s * world.dt_s
    const[MAKE_UP] = world.valve_add
    const[:, :, Gas.O2] *= o2_flows
    saturated = world.scrub_saturated
    const[SCRUBBERS, :, Gas.CO2] = -np.where(saturated, world.scrub_cap_step, 0.0)
    slope[SCRUBBERS, :, Gas.CO2] = -np.where(saturated, 0.0, world.scrub_k_step)
    keep_h2o = world.humidity_keep_step  # n <- keep (n + added) + set (1 - keep)
    added_h2o = const[:, :, Gas.H2O].sum(axis=0)
    const[HUMIDITY, :, Gas.H2O] = (1.0 - keep_h2o) * (world.humidity_set_mol - added_h2o)
    slope[HUMIDITY, :, Gas.H2O] = keep_h2o - 1.0
    lost = (1.0 - world.leak_keep)[:, None]
    const[LEAKS] = -lost * const.sum(axis=0)
    slope[LEAKS] = -lost * (1.0 + slope.sum(axis=0))
    if transport is not None:
        excess = (transport.sum(axis=0) - 1.0)[:, None]
        const[ROUNDING] = excess * world.step_add
        slope[ROUNDING] = excess * world.step_keep
    return StepTerms(const, slope)


class Books:
    """A world's gas books in moles, and its relief valves' lifts."""

    def __init__(self, n: np.ndarray) -> None:
        self.initial_mol = n.sum(axis=0)
        self.flows_mol = np.zeros((len(TERMS), n.shape[1]))
        self.relief_open = np.zeros(n.shape[0], dtype=bool)
        self.relief_mol = np.zeros(n.shape)  # vented by each open valve since it lifted

    def settle(self, at_batch_start: np.ndarray, terms: StepTerms, steps: int,
               started_from: np.ndarray) -> None:
        """The books after the first ``steps`` steps of a batch: from the books as they stood
        at its start, never added piece by piece, so that where a run pauses inside a batch
        changes nothing (the same numbers, bit for bit)."""
        self.flows_mol = at_batch_start + terms.over(steps, started_from)

    def floor(self, added_mol: np.ndarray) -> None:
        """Gas a step added where it would have left less than none (modules x gases)."""
        self.flows_mol[FLOOR] += added_mol.sum(axis=0)

    def relieve(self, world: World, vented_mol: np.ndarray | None) -> None:
        """Book what the relief valves vented in a step (None: nothing) and log each valve
        that lifts in it, and each open valve that reseats, with what it vented while open.
        Called with the world's clock at the step's start."""
        if vented_mol is None and not self.relief_open.any():
            return
        vented = np.zeros_like(self.relief_mol) if vented_mol is None else vented_mol
        self.flows_mol[RELIEF] -= vented.sum(axis=0)
        venting = vented.sum(axis=1) > 0
        for i in np.flatnonzero(self.relief_open & ~venting):
            kg = self.relief_mol[i] * _MOLAR_MASS
            mid = world.module_ids[i]
            world.log("automation", mid, f"{mid}: relief valve reseated, {kg.sum():.3f} kg "
                      "vented while open", vented_kg=by_gas(kg))
            self.relief_mol[i] = 0.0
        for i in np.flatnonzero(venting & ~self.relief_open):
            mid = world.module_ids[i]
            world.log("automation", mid, f"{mid}: relief valve lifted above "
                      f"{world.habitat.automation.relief_above_kpa:g} kPa")
        self.relief_open = venting
        self.relief_mol += vented

    def publish(self, n: np.ndarray) -> GasBooks:
        """The books in kg for a snapshot, with the air ``n`` holds now."""
        return GasBooks(by_gas(self.initial_mol * _MOLAR_MASS),
                        {term: by_gas(mol * _MOLAR_MASS)
                         for term, mol in zip(TERMS, self.flows_mol)},
                        by_gas(n.sum(axis=0) * _MOLAR_MASS))


def by_gas(values: np.ndarray) -> dict[str, float]:
    return dict(zip(GAS_SYMBOLS, values.tolist()))
