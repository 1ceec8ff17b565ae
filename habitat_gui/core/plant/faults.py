"""Faults that scenarios and the API can inject, with their parameters and effects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..constants import DEFAULT_DISCHARGE_COEFFICIENT, SECONDS_PER_HOUR
from .equipment import Generator, Scrubber
from .breaches import Hole
from .world import World


@dataclass(frozen=True)
class Param:
    """A numeric fault parameter; ``default`` None means required."""

    name: str
    default: float | None
    low: float
    high: float
    unit: str = ""


@dataclass(frozen=True)
class FaultKind:
    name: str
    target: str  # module | interconnect | o2_generator | co2_scrubber | relay | sensor | unit
    params: tuple[Param, ...] = ()
    summary: str = ""


FAULTS: dict[str, FaultKind] = {f.name: f for f in (
    FaultKind("generator_failure", "o2_generator", summary="the generator stops for good"),
    FaultKind("relay_fused", "relay", summary="the changeover relay cannot switch by itself"),
    FaultKind("leak", "module", (
        Param("hole_diameter_cm", None, 0.01, 100.0, "cm"),
        Param("growth_cm_per_h", 0.0, 0.0, 100.0, "cm/h"),
        Param("discharge_coefficient", DEFAULT_DISCHARGE_COEFFICIENT, 0.1, 1.0),
    ), "a hole to Mars (choked flow)"),
    FaultKind("scrubber_failure", "co2_scrubber", summary="the scrubber stops for good"),
    FaultKind("wiring_corrosion", "unit", (
        Param("mean_interval_s", 1800.0, 1.0, 1e7, "s"),
        Param("outage_s", 120.0, 1.0, 1e6, "s"),
    ), "intermittent loss of power to a unit"),
    FaultKind("sensor_miscalibration", "sensor", (
        Param("gain", 0.0, -0.9, 10.0),
        Param("bias", 0.0, -1e6, 1e6, "sensor units"),
        Param("drift_per_h", 0.0, -1e6, 1e6, "sensor units per hour"),
    ), "measured = (1 + gain) x true + bias (+ drift)"),
    FaultKind("seal_crack", "interconnect", (Param("crack_mm", None, 0.01, 100.0, "mm"),),
              "a degraded hatch seal that leaks between modules when shut"),
)}


def target_ids(world: World, target: str) -> tuple[str, ...]:
    """The ids a fault of this target type may name in this world."""
    if target == "module":
        return world.module_ids
    if target == "interconnect":
        return tuple(world.links)
    if target == "relay":
        return tuple(world.relays)
    if target == "sensor":
        return tuple(world.sensors)
    if target == "unit":
        return tuple(world.units)
    return tuple(u.id for u in world.units.values() if u.kind == target)


def resolve_params(kind: FaultKind, given: dict[str, Any]) -> dict[str, float] | str:
    """Fill defaults and check ranges; returns the parameters or a reason they are wrong."""
    known = {p.name: p for p in kind.params}
    for name in given:
        if name not in known:
            expected = ", ".join(known) or "no parameters"
            return f"unknown parameter '{name}' for fault {kind.name}; expected {expected}"
    out: dict[str, float] = {}
    for p in kind.params:
        value = given.get(p.name, p.default)
        if value is None:
            return f"fault {kind.name} needs '{p.name}' ({p.unit or 'a number'})"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"'{p.name}' must be a number, got {value!r}"
        if not p.low <= value <= p.high:
            return f"'{p.name}' is {value:g}; expected {p.low:g} to {p.high:g} {p.unit}".rstrip()
        out[p.name] = float(value)
    return out


def inject(world: World, kind_name: str, target: str, given: dict[str, Any] | None = None) -> None:
    """Inject a fault now. Raises ValueError with a reason if the fault is not valid here."""
    kind = FAULTS.get(kind_name)
    if kind is None:
        raise ValueError(f"unknown fault {kind_name!r}; expected one of {', '.join(FAULTS)}")
    if target not in target_ids(world, kind.target):
        raise ValueError(f"fault {kind_name} needs a {kind.target} target; {target!r} is not one")
    params = resolve_params(kind, given or {})
    if isinstance(params, str):
        raise ValueError(params)
    _APPLY[kind_name](world, target, params)
    world.mark_dirty()


def _generator_failure(world: World, target: str, _: dict[str, float]) -> None:
    unit = world.units[target]
    assert isinstance(unit, Generator)
    unit.failed = True
    world.log("fault", target, f"{target} FAILED", fault="generator_failure")
    world.update_bay(unit.module)


def _relay_fused(world: World, target: str, _: dict[str, float]) -> None:
    world.relays[target].fused = True
    world.log("fault", target, f"{target} fused in position {world.relays[target].position}",
              fault="relay_fused")


def _leak(world: World, target: str, p: dict[str, float]) -> None:
    world.holes.append(Hole(world.index[target], p["hole_diameter_cm"],
                            p["growth_cm_per_h"] / SECONDS_PER_HOUR,
                            p["discharge_coefficient"]))
    world.log("fault", target, f"{target}: breach of {p['hole_diameter_cm']:g} cm to Mars",
              fault="leak", **p)


def _scrubber_failure(world: World, target: str, _: dict[str, float]) -> None:
    unit = world.units[target]
    assert isinstance(unit, Scrubber)
    unit.failed = True
    world.log("fault", target, f"{target} FAILED", fault="scrubber_failure")


def _wiring_corrosion(world: World, target: str, p: dict[str, float]) -> None:
    world.log("fault", target, f"{target}: corroded wiring (drops out about every "
              f"{p['mean_interval_s']:g} s for {p['outage_s']:g} s)", fault="wiring_corrosion", **p)
    world.schedule(world.t_s + world.rng.exponential(p["mean_interval_s"]), "corrosion_dropout",
                   target, p["mean_interval_s"], p["outage_s"])


def _sensor_miscalibration(world: World, target: str, p: dict[str, float]) -> None:
    sensor = world.sensors[target]
    sensor.gain, sensor.bias = p["gain"], p["bias"]
    sensor.drift_per_s, sensor.since_s = p["drift_per_h"] / SECONDS_PER_HOUR, world.t_s
    world.sensors_changed()
    world.log("fault", target, f"{target} miscalibrated (gain {p['gain']:+g}, bias "
              f"{p['bias']:+g}, drift {p['drift_per_h']:+g}/h)", fault="sensor_miscalibration", **p)


def _seal_crack(world: World, target: str, p: dict[str, float]) -> None:
    world.links[target].crack_mm = p["crack_mm"]
    world.log("fault", target, f"{target}: seal cracked ({p['crack_mm']:g} mm)",
              fault="seal_crack", **p)


_APPLY = {
    "generator_failure": _generator_failure,
    "relay_fused": _relay_fused,
    "leak": _leak,
    "scrubber_failure": _scrubber_failure,
    "wiring_corrosion": _wiring_corrosion,
    "sensor_miscalibration": _sensor_miscalibration,
    "seal_crack": _seal_crack,
}
