"""Gas transport between modules: hatch exchange, pressure equalisation, orifices in shut
hatches (seal cracks, equalisation valves), relief.

Pure functions on mole arrays ``n[module, gas]``; no simulation state of their own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..constants import (AIR_SPECIFIC_GAS_CONSTANT_J_PER_KG_K, DEFAULT_DISCHARGE_COEFFICIENT,
                         MOLAR_MASS_KG_PER_MOL, Gas)

_MOLAR_MASS = np.array(MOLAR_MASS_KG_PER_MOL)


@dataclass(frozen=True)
class OpenHatches:
    """Exact one-step exchange through open hatches, and the groups they join."""

    mixing: np.ndarray  # n <- mixing @ n: exchange flow Q between linked modules
    group: np.ndarray  # 1 where two modules are joined by open hatches
    weight: np.ndarray  # each module's share of its group's gas at equal pressure


def open_hatches(volume_m3: np.ndarray, temperature_k: np.ndarray,
                 links: list[tuple[int, int, float]], dt_s: float) -> OpenHatches | None:
    """Build the transport for ``links`` of (module a, module b, exchange flow m3/s).

    Exchange: dn_a/dt = Q (n_b / V_b - n_a / V_a). The operator is exp(K dt), computed
    through the symmetric form D^-1/2 K D^1/2 so that it is exact for any step.
    """
    if not links:
        return None
    m = len(volume_m3)
    inv_sqrt_v = 1.0 / np.sqrt(volume_m3)
    sym = np.zeros((m, m))
    parent = list(range(m))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b, flow in links:
        u = np.zeros(m)
        u[a], u[b] = inv_sqrt_v[a], -inv_sqrt_v[b]
        sym -= flow * np.outer(u, u)
        parent[root(a)] = root(b)
    values, vectors = np.linalg.eigh(sym)
    exp_sym = (vectors * np.exp(values * dt_s)) @ vectors.T
    mixing = (np.sqrt(volume_m3)[:, None] * exp_sym) * inv_sqrt_v[None, :]
    roots = np.array([root(i) for i in range(m)])
    group = (roots[:, None] == roots[None, :]).astype(float)
    capacity = volume_m3 / temperature_k
    return OpenHatches(mixing, group, capacity / (group @ capacity))


def equalise(n: np.ndarray, hatches: OpenHatches) -> None:
    """Equal pressure across each open group, in place: modules above it send gas of their
    own composition, shared among those below in proportion to what they lack."""
    moles = n.sum(axis=1)
    delta = hatches.weight * (hatches.group @ moles) - moles
    lack = np.maximum(delta, 0.0)
    outflow = (np.maximum(-delta, 0.0) / np.maximum(moles, 1e-300))[:, None] * n
    share = lack / np.maximum(hatches.group @ lack, 1e-300)
    n += share[:, None] * (hatches.group @ outflow) - outflow


def quasi_steady(trial: np.ndarray, hatches: OpenHatches) -> np.ndarray:
    """A linear stand-in for :func:`equalise` over a batch of steps.

    ``trial`` is one step ahead of an equalised state. The bulk flows that re-equalise it are
    held for the batch: each sender gives the same fraction of its own gas every step, shared
    among the receivers as in :func:`equalise`. The matrix is non-negative and conserves
    every gas exactly; the small drift it leaves is removed by an exact equalise at the end of
    the batch.
    """
    moles = trial.sum(axis=1)
    delta = hatches.weight * (hatches.group @ moles) - moles
    lack = np.maximum(delta, 0.0)
    rate = np.maximum(-delta, 0.0) / np.maximum(moles, 1e-300)
    share = lack / np.maximum(hatches.group @ lack, 1e-300)
    return np.eye(len(moles)) + (share[:, None] * hatches.group - np.eye(len(moles))) * rate


STEP_COST = 30_000  # a step's numpy calls (about 2 us) in matrix multiply-adds, as measured


def propagate(n: np.ndarray, keep: np.ndarray, add: np.ndarray, transport: np.ndarray | None,
              steps: int) -> np.ndarray:
    """The states after each of ``steps`` affine steps n <- T (keep * n + add).

    Two ways to the same states, whichever costs less: :func:`by_doubling` squares a
    (modules + 1) matrix per gas about log2(steps) times, :func:`step_by_step` pays a few
    numpy calls per step. Small colonies (the built-in one at any batch) take the doubling;
    large ones the steps, whose cost grows as modules^2 per step instead of modules^3.
    """
    m, gases = n.shape
    if gases * (m + 1) ** 3 * math.log2(steps) <= STEP_COST * steps:
        return by_doubling(n, keep, add, transport, steps)
    return step_by_step(n, keep, add, transport, steps)


def by_doubling(n: np.ndarray, keep: np.ndarray, add: np.ndarray,
                transport: np.ndarray | None, steps: int) -> np.ndarray:
    """:func:`propagate` by doubling: each gas evolves by its own (modules + 1) square
    matrix, and the states are filled from its powers (A, A^2, A^4 ...)."""
    m, gases = n.shape
    t = np.eye(m) if transport is None else transport
    step = np.zeros((gases, m + 1, m + 1))
    step[:, :m, :m] = t[None, :, :] * keep.T[:, None, :]
    step[:, :m, m] = (t @ add).T
    step[:, m, m] = 1.0
    states = np.empty((gases, m + 1, steps + 1))
    states[:, :m, 0], states[:, m, 0] = n.T, 1.0
    power, filled = step, 1
    while filled <= steps:
        take = min(filled, steps + 1 - filled)
        states[:, :, filled:filled + take] = power @ states[:, :, :take]
        filled += take
        if filled <= steps:
            power = power @ power
    history = np.empty((steps, m, gases))
    for gas in range(gases):  # one gas at a time: a faster copy than one whole transpose
        history[:, :, gas] = states[gas, :m, 1:].T
    return history


def step_by_step(n: np.ndarray, keep: np.ndarray, add: np.ndarray,
                 transport: np.ndarray | None, steps: int) -> np.ndarray:
    """:func:`propagate` one step at a time, all gases in one product with the transport;
    the same states as :func:`by_doubling` but for rounding (below 1e-12 relative)."""
    history = np.empty((steps, *n.shape))
    x, before = n, np.empty(n.shape)
    for k in range(steps):
        np.multiply(keep, x, out=before)
        before += add
        if transport is None:
            history[k] = before
        else:
            np.matmul(transport, before, out=history[k])
        x = history[k]
    return history


def orifice_kg_per_s(diameter_mm: float, density_kg_m3: float, dp_pa: float) -> float:
    """Subsonic flow through a sharp orifice: mass flow = Cd A sqrt(2 rho dP) (docs/physics.md,
    Hatches)."""
    area_m2 = math.pi * (diameter_mm / 2000.0) ** 2
    return DEFAULT_DISCHARGE_COEFFICIENT * area_m2 * math.sqrt(2.0 * density_kg_m3 * dp_pa)


def orifice_flow(n: np.ndarray, a: int, b: int, diameter_mm: float, kpa_per_mol: np.ndarray,
                 temperature_k: np.ndarray, dt_s: float) -> None:
    """Flow between ``a`` and ``b`` through an orifice in a shut hatch (a cracked seal, an
    open equalisation valve), in place: :func:`orifice_kg_per_s` with rho on the
    high-pressure side, never more than half of what would equalise them."""
    pa, pb = n[a].sum() * kpa_per_mol[a], n[b].sum() * kpa_per_mol[b]
    hi, lo = (a, b) if pa >= pb else (b, a)
    dp_pa = abs(pa - pb) * 1000.0
    total_hi = n[hi].sum()
    mass_hi = float(n[hi] @ _MOLAR_MASS)
    if dp_pa <= 0 or mass_hi <= 0:
        return
    density = 1000.0 * max(pa, pb) / (AIR_SPECIFIC_GAS_CONSTANT_J_PER_KG_K * temperature_k[hi])
    kg = orifice_kg_per_s(diameter_mm, density, dp_pa) * dt_s
    limit = 0.5 * dp_pa / 1000.0 / (kpa_per_mol[hi] + kpa_per_mol[lo])
    moved = n[hi] * (min(kg * total_hi / mass_hi, limit) / total_hi)
    n[hi] -= moved
    n[lo] += moved


def relieve(n: np.ndarray, kpa_per_mol: np.ndarray, limit_kpa: float) -> None:
    """Relief valves: vent to Mars down to ``limit_kpa``, in place."""
    pressure = n.sum(axis=1) * kpa_per_mol
    over = pressure > limit_kpa
    if over.any():
        n[over] *= (limit_kpa / pressure[over])[:, None]


@dataclass(frozen=True)
class Air:
    """Derived quantities of one state or a batch of states (leading axes kept)."""

    pressure_kpa: np.ndarray
    o2_fraction: np.ndarray
    ppo2_kpa: np.ndarray
    co2_ppm: np.ndarray


def total_moles(n: np.ndarray) -> np.ndarray:
    """Moles of all gases (last axis) together, added in gas order: the same figures as
    ``n.sum(axis=-1)`` gives for so few gases, without its slow reduction over a short axis."""
    total = n[..., 0]
    for gas in range(1, n.shape[-1]):
        total = total + n[..., gas]
    return total


def air(n: np.ndarray, kpa_per_mol: np.ndarray) -> Air:
    total = total_moles(n)
    pressure = total * kpa_per_mol
    safe = np.maximum(total, 1e-300)
    o2 = n[..., Gas.O2] / safe
    return Air(pressure, o2, pressure * o2, n[..., Gas.CO2] / safe * 1e6)
