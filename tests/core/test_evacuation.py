"""The plant's ranking of evacuation targets: refused last with the reason, the safest
(no alarm, not a dead end, nearest, roomiest) first and recommended."""

from __future__ import annotations

from habitat_gui.contract.alarms import AlarmState
from habitat_gui.core.operations.command_bus import parse
from habitat_gui.core.operations.evacuation import evacuation_options
from habitat_gui.core.operations.scenario import resolve
from habitat_gui.core.simulation import Simulation


def _hab3_after_the_failure() -> Simulation:
    return Simulation.from_scenario(resolve("hab3-generator-failure"))  # failed at 00:30


def _rank(sim: Simulation, alarms=None, refuse: dict[str, str] | None = None):
    refuse = refuse or {}
    return evacuation_options(sim.snapshot(), sim.alarms() if alarms is None else alarms,
                              sim.alarm_limits(), "hab-3",
                              lambda c: refuse.get(c.arguments["to"]) or sim.check(c))


def _alarm(module: str) -> AlarmState:
    return AlarmState(f"{module}.co2_ppm.high", "CO2 high", "medium", "UNACKNOWLEDGED", True,
                      12000.0, "ppm", 10000.0, module, module, 10.0, None, None, "", "", "",
                      "co2_ppm", "HIGH")


def test_the_open_neighbour_is_recommended_over_the_dead_end_and_the_far_modules():
    options = _rank(_hab3_after_the_failure())
    # hab-4 is as near as hab-2 but a dead end behind the failing module
    assert [o.target for o in options] == ["hab-2", "command", "hab-1", "workshop", "hab-4"]
    best = options[0]
    assert best.recommended and sum(o.recommended for o in options) == 1
    assert (best.hatches, best.opens, best.passes) == (("hab-2/hab-3",), ("hab-2/hab-3",), ())
    assert (best.moving, best.crew_after) == (15, 20)
    hab4 = next(o for o in options if o.target == "hab-4")
    assert hab4.onward == 0 and "dead end behind hab-3" in hab4.why
    hab1 = next(o for o in options if o.target == "hab-1")
    assert hab1.passes == ("hab-2", "command") and len(hab1.hatches) == 3


def test_an_alarm_on_the_neighbour_moves_it_down_and_a_refusal_to_the_end():
    sim = _hab3_after_the_failure()
    options = _rank(sim, alarms=(_alarm("hab-2"),))
    assert options[0].target != "hab-2"
    hab2 = next(o for o in options if o.target == "hab-2")
    assert hab2.alarms and hab2.why.startswith("alarm: hab-2 CO2 high")
    refused = _rank(sim, refuse={"hab-2": "hab-2 is unsafe"})
    assert refused[-1].target == "hab-2" and refused[-1].refused == "hab-2 is unsafe"
    assert not refused[-1].recommended and refused[0].recommended


def test_nothing_is_recommended_when_every_target_is_refused():
    sim = _hab3_after_the_failure()
    options = _rank(sim, refuse={m.id: "read-only" for m in sim.snapshot().modules})
    assert options and not any(o.recommended or o.offered for o in options)


def test_past_the_differential_the_options_plan_the_equalisation_first():
    sim = Simulation.from_scenario(resolve("hab3-generator-failure"))
    sim.run_until(136800)  # Hab-3 4.6 kPa below Hab-2
    options = _rank(sim)
    assert not any(o.offered or o.recommended for o in options)
    best = options[0]
    assert best.target == "hab-2" and "exceeds 3 kPa" in best.refused
    assert (best.equalise, best.open_valves) == (("hab-2/hab-3",), ("hab-2/hab-3",))
    assert best.plan == "equalise first: open the PEV on hab-2/hab-3 (about 5 min to within " \
                        "3 kPa)"
    assert best.equalise_s == sim.snapshot().interconnect("hab-2/hab-3").equalise_s
    hab4 = next(o for o in options if o.target == "hab-4")
    assert hab4.open_valves == ("hab-3/hab-4",) and hab4.equalise_s < best.equalise_s
    assert sim.submit(parse("open_equalisation interconnect=hab-2/hab-3")).outcome == \
        "accepted"
    opening = _rank(sim)[0]
    assert opening.open_valves == () and opening.plan.startswith(
        "equalise first: the PEV on hab-2/hab-3 is open (about 5 min")
