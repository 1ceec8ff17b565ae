"""Properties over random colonies and random operator behaviour (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habitat_gui.core.operations import command_bus as cmd
from habitat_gui.core import resources
from habitat_gui.core.plant.habitat import InterconnectSpec, load_habitat
from habitat_gui.core.simulation import Simulation
from habitat_gui.core.plant.world import World

from builders import habitat, module

STATES = ("open", "closed", "sealed")


@st.composite
def closed_colonies(draw):
    count = draw(st.integers(2, 6))
    modules = [module(f"m{i}", draw(st.floats(30, 500)),
                      pressure_kpa=draw(st.floats(50, 104)), o2_pct=draw(st.floats(10, 30)),
                      co2_ppm=draw(st.floats(0, 20000)), temperature_c=draw(st.floats(15, 30)),
                      humidity_kpa=0.0)
               for i in range(count)]
    links = [InterconnectSpec(f"m{i}/m{i + 1}", (f"m{i}", f"m{i + 1}"),
                              draw(st.sampled_from(STATES)),
                              exchange_flow_m3_s=draw(st.floats(0.0, 0.2)))
             for i in range(count - 1)]
    return habitat(modules, links)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(closed_colonies(), st.sampled_from([300.0, 3600.0]))
def test_gas_is_conserved_for_30_days_without_sources_sinks_or_leaks(hab, dt_s):
    world = World(hab, dt_s=dt_s)
    world.humidity_set_mol[:] = world.n[:, 3]  # humidity control holds what is there
    start = world.n.sum(axis=0).copy()
    while world.t_s < 30 * 86400:
        world.step()
        assert (world.n >= 0).all()
    np.testing.assert_allclose(world.n.sum(axis=0), start, rtol=1e-9, atol=1e-9)


ARES = load_habitat(resources.builtin("habitats")["ares"])
WORLD = World(ARES)
UNITS = [*WORLD.units, *WORLD.relays]
COMMAND_TEXTS = st.one_of(
    st.builds(lambda v, i: f"{v} interconnect={i}",
              st.sampled_from(["open", "close", "seal", "unseal"]),
              st.sampled_from([*WORLD.links, "nowhere"])),
    st.builds(lambda m, r: f"switch_generator module={m} to={r}",
              st.sampled_from(WORLD.module_ids), st.sampled_from(["primary", "backup", "x"])),
    st.builds(lambda a, b: f"evacuate module={a} to={b}",
              st.sampled_from(WORLD.module_ids), st.sampled_from(WORLD.module_ids)),
    st.builds(lambda u, s: f"override unit={u} state={s}",
              st.sampled_from(UNITS), st.sampled_from(["on", "off", "primary", "backup"])),
    st.builds(lambda u: f"release_override unit={u}", st.sampled_from(UNITS)),
)
FAULT_CHOICES = st.sampled_from([("generator_failure", "hab-3.oga-a", {}),
                                 ("relay_fused", "hab-3.relay", {}),
                                 ("leak", "hab-4", {"hole_diameter_cm": 2.0}),
                                 ("wiring_corrosion", "hab-2.cdra-b", {"mean_interval_s": 60.0}),
                                 ("scrubber_failure", "hab-1.cdra-a", {})])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(COMMAND_TEXTS, st.integers(0, 300), st.none() | FAULT_CHOICES),
                min_size=1, max_size=12))
def test_random_operator_sequences_never_crash_and_rejections_say_why(steps):
    sim = Simulation(ARES, seed=1)
    for text, wait_s, fault in steps:
        if fault:
            sim.inject(fault[0], fault[1], **fault[2])
        before = sim.snapshot()
        record = sim.submit(cmd.parse(text))
        if record.outcome == "rejected":
            assert record.reason.strip()
            after = sim.snapshot()
            assert after.interconnects == before.interconnects
            assert after.relays == before.relays and after.crew == before.crew
        sim.advance(wait_s)
        snap = sim.snapshot()
        assert all(m.truth.pressure_kpa >= 0 and m.truth.o2_pct >= 0 for m in snap.modules)
        assert sum(m.crew_count for m in snap.modules) == len(ARES.crew)
