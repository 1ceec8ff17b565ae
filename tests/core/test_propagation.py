"""The two ways of propagating a batch of steps give the same states (within 1e-9), and each
colony takes the one :func:`atmosphere.propagate` is documented to choose."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from threadpoolctl import threadpool_info

from habitat_gui.core import resources
from habitat_gui.core.plant import atmosphere
from habitat_gui.core.plant.generated import grid_colony
from habitat_gui.core.plant.habitat import load_habitat
from habitat_gui.core.plant.world import World

RTOL = 1e-9


def _sparse_colony(seed: int, modules: int, dt_s: float):
    """Random modules joined only to a few neighbours (a random tree and a few more links),
    a random state, and the batch's transport as the stepping builds it."""
    rng = np.random.default_rng(seed)
    volume = rng.uniform(20.0, 500.0, modules)
    temperature = rng.uniform(285.0, 300.0, modules)
    links = [(k, int(rng.integers(k)), float(rng.uniform(0.01, 2.0)))
             for k in range(1, modules)]
    links += [(int(a), int(b), 0.5) for a, b in rng.integers(modules, size=(modules // 5, 2))
              if a != b]
    hatches = atmosphere.open_hatches(volume, temperature, links, dt_s)
    n = rng.uniform(1.0, 1e4, (modules, 5))
    keep = 1.0 - rng.uniform(0.0, 1e-3, (modules, 5))
    add = rng.uniform(0.0, 0.5, (modules, 5))
    return n, keep, add, _transport(n, keep, add, hatches)


def _transport(n: np.ndarray, keep: np.ndarray, add: np.ndarray,
               hatches: atmosphere.OpenHatches | None) -> np.ndarray | None:
    """The batch's transport as :class:`stepping.Stepper` composes it."""
    if hatches is None:
        return None
    atmosphere.equalise(n, hatches)
    trial = hatches.mixing @ (keep * n + add)
    return atmosphere.quasi_steady(trial, hatches) @ hatches.mixing


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), modules=st.integers(1, 90),
       steps=st.integers(1, 300), dt_s=st.sampled_from([1.0, 60.0]))
def test_step_by_step_agrees_with_doubling_on_random_sparse_colonies(seed, modules, steps,
                                                                    dt_s):
    n, keep, add, transport = _sparse_colony(seed, modules, dt_s)
    doubled = atmosphere.by_doubling(n, keep, add, transport, steps)
    stepped = atmosphere.step_by_step(n, keep, add, transport, steps)
    np.testing.assert_allclose(stepped, doubled, rtol=RTOL, atol=0.0)


def test_without_open_hatches_both_ways_agree():
    n, keep, add, _ = _sparse_colony(7, 12, 1.0)
    np.testing.assert_allclose(atmosphere.step_by_step(n, keep, add, None, 300),
                               atmosphere.by_doubling(n, keep, add, None, 300), rtol=RTOL,
                               atol=0.0)


def _batch_of(world: World) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    world.advance(1)  # composed, hatches open
    n = world.n.copy()
    return n, world.step_keep, world.step_add, _transport(n, world.step_keep,
                                                         world.step_add, world.hatches)


def test_a_generated_200_module_colony_steps_as_by_doubling_within_1e_9():
    n, keep, add, transport = _batch_of(World(grid_colony(200), seed=3))
    assert transport is not None
    stepped = atmosphere.propagate(n, keep, add, transport, 300)
    np.testing.assert_array_equal(stepped, atmosphere.step_by_step(n, keep, add, transport,
                                                                   300))
    np.testing.assert_allclose(stepped, atmosphere.by_doubling(n, keep, add, transport, 300),
                               rtol=RTOL, atol=0.0)


def test_the_built_in_colony_takes_the_doubling_at_every_batch_length():
    n, keep, add, transport = _batch_of(World(load_habitat(resources.builtin("habitats")
                                                           ["ares"]), seed=1))
    for steps in (1, 2, 30, 299, 300):
        np.testing.assert_array_equal(atmosphere.propagate(n, keep, add, transport, steps),
                                      atmosphere.by_doubling(n, keep, add, transport, steps))


def test_a_world_pins_blas_to_one_thread():
    World(grid_colony(4), seed=1)
    blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert blas and all(lib["num_threads"] == 1 for lib in blas)
