"""The gas books close: for every gas, what was there plus every named source and sink is
what is there now; the relief valve's outflow is in them and its lifts are logged."""

from __future__ import annotations

import dataclasses

import pytest

from habitat_gui.contract.state import GasBooks
from habitat_gui.core import resources
from habitat_gui.core.operations import command_bus as cmd
from habitat_gui.core.plant.habitat import EquipmentSpec, InterconnectSpec, load_habitat
from habitat_gui.core.simulation import Simulation

from builders import habitat, module

TERMS = {"electrolysis", "candles", "masks", "make-up", "crew", "scrubbers", "humidity control",
         "leaks", "relief", "floor", "rounding"}
GASES = ("O2", "CO2", "N2", "H2O", "Ar")
CLOSE_REL = 1e-11  # of the inventory and the flows together: floating-point rounding


def _books(sim: Simulation) -> GasBooks:
    books = sim.snapshot().gas_books
    assert books is not None
    return books


def assert_closed(books: GasBooks) -> None:
    """Every gas: initial + the flows of every named term = now."""
    assert set(books.flows_kg) == TERMS
    for gas in GASES:
        flows = [books.flows_kg[term][gas] for term in TERMS]
        scale = books.initial_kg[gas] + sum(abs(kg) for kg in flows)
        assert books.initial_kg[gas] + sum(flows) == pytest.approx(
            books.now_kg[gas], rel=0, abs=CLOSE_REL * scale), gas


@pytest.fixture(scope="module")
def ares_week() -> Simulation:
    sim = Simulation(load_habitat(resources.builtin("habitats")["ares"]))
    sim.run_until(7 * 86400.0)
    return sim


def test_a_week_of_the_default_colony_closes_its_gas_books(ares_week):
    books = _books(ares_week)
    assert_closed(books)
    flows = books.flows_kg
    assert flows["electrolysis"]["O2"] > 200 and flows["crew"]["O2"] < -200
    assert flows["crew"]["CO2"] > 200 and flows["scrubbers"]["CO2"] < -200
    assert flows["crew"]["H2O"] > 0 > flows["humidity control"]["H2O"]
    assert all(flows["leaks"][gas] < 0 for gas in ("O2", "CO2", "N2", "H2O"))
    assert flows["relief"] == dict.fromkeys(GASES, 0.0)
    assert flows["floor"] == dict.fromkeys(GASES, 0.0)
    assert books.now_kg["N2"] < books.initial_kg["N2"]  # the design leak, named


def test_a_breach_closes_the_books_with_the_hole_among_the_leaks():
    sim = Simulation(load_habitat(resources.builtin("habitats")["ares"]))
    sim.inject("leak", "hab-4", hole_diameter_cm=2.0)
    sim.advance(1800)
    books = _books(sim)
    assert_closed(books)
    assert books.flows_kg["leaks"]["N2"] < -0.05 * books.initial_kg["N2"]


def _overpressured() -> Simulation:
    """Two small rooms joined by an open hatch, near the relief set point, one leaking a
    little (else the humidity control, making good the water vented, would hold the valves
    open), the make-up valves of the other forced open."""
    equipment = [EquipmentSpec("b.pcs", "pressure_control", "b", n2_tank_kg=20, o2_tank_kg=5)]
    sim = Simulation(habitat([module("a", 20.0, pressure_kpa=104.5,
                                     design_leak_fraction_per_day=0.02),
                              module("b", 20.0, pressure_kpa=104.5)],
                             [InterconnectSpec("a/b", ("a", "b"), "open")], equipment))
    assert sim.submit(cmd.parse("override unit=b.pcs state=on"), who="tester",
                      role="operator").outcome == "accepted"
    return sim


def test_the_relief_valve_is_metered_in_the_books_and_logged_on_lift_and_reseat():
    sim = _overpressured()
    sim.advance(1800)
    lifted = [e for e in sim.events_since(0) if "relief valve lifted" in e.message]
    assert {e.source for e in lifted} == {"a", "b"}
    assert all(e.t_s < 1800 for e in lifted)
    assert not [e for e in sim.events_since(0) if "reseated" in e.message]
    vented = _books(sim).flows_kg["relief"]
    assert vented["N2"] < -0.1 and vented["O2"] < 0 and vented["CO2"] < 0
    assert_closed(_books(sim))

    assert sim.submit(cmd.parse("release_override unit=b.pcs"), who="tester",
                      role="operator").outcome == "accepted"
    sim.advance(600)
    reseated = [e for e in sim.events_since(0) if "relief valve reseated" in e.message]
    assert {e.source for e in reseated} == {"a", "b"}
    books = _books(sim)
    assert_closed(books)
    for gas in GASES:  # what the valves vented while open is what the books hold
        assert -sum(e.data["vented_kg"][gas] for e in reseated) == pytest.approx(
            books.flows_kg["relief"][gas], rel=1e-9, abs=1e-15)
    assert max(sim.snapshot().module(m).truth.pressure_kpa for m in "ab") <= 104.8 + 1e-9


def test_an_open_equalisation_valve_moves_gas_between_modules_and_the_books_close():
    """Ares with Hab-3 shut off 4.6 kPa below the rest, its crew breathing, then its PEV
    open for half an hour: the flow is inside the colony, so no term of its own."""
    ares = load_habitat(resources.builtin("habitats")["ares"])
    shut = dataclasses.replace(
        ares, modules=tuple(dataclasses.replace(m, pressure_kpa=96.7) if m.id == "hab-3" else m
                            for m in ares.modules),
        interconnects=tuple(dataclasses.replace(i, state="closed") if "hab-3" in i.between
                            else i for i in ares.interconnects))
    sim = Simulation(shut)
    assert sim.submit(cmd.parse("open_equalisation interconnect=hab-2/hab-3"),
                      who="tester").outcome == "accepted"
    sim.advance(1800)
    books = _books(sim)
    assert_closed(books)
    assert sim.snapshot().module("hab-3").truth.pressure_kpa > 100.0  # it did equalise
