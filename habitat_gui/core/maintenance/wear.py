"""Failures by wear in the running simulation, and aged sensor drift.

With wear faults on (a scenario's ``wear_faults = true``) each component's failure time is
drawn from its Weibull hazard conditional on having survived so far (seeded per component id
and draw), and the earliest one waits on the world's agenda; when it comes, the component is
at 0 and the model's fault it causes is injected (a small leak, a cracked seal, corroded
wiring, a fused relay, a miscalibrated sensor, a failed generator or scrubber), logged as a
``fault`` event saying it was wear; the fault's cause is recorded for the repair that clears
it (:mod:`.fault_clearing`). A repaired component is new again and gets a fresh draw. With
sensor drift on (a scenario's ``sensor_drift = true``) each sensor's aged calibration error
is put into the model sensor at the start, so the live readings carry it.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import replace

import numpy as np

from ..constants import SECONDS_PER_DAY
from ..plant import faults
from ..plant.agenda import action
from ..plant.world import World
from .ageing import condition_at
from .data import builtin as data
from .live_state import LiveMaintenance
from .records import Component, kinds

WEAR_SALT = 0xFA11
LEAK_HOLE_CM = 0.3  # a worn hull seal or make-up valve: a small hole (hours of reserve)
SEAL_CRACK_MM = 0.5  # a worn door seal


def drift_into_sensors(world: World, state: LiveMaintenance) -> None:
    """Each sensor's aged calibration error becomes the model sensor's own gain: the live
    readings carry it, and the audit's cross-check finds it there (not twice)."""
    for cid, c in state.components.items():
        if c.kind == "sensor" and c.error:
            sensor = world.sensors[c.target]
            sensor.gain = (1.0 + sensor.gain) * (1.0 + c.error) - 1.0
            state.components[cid] = replace(c, error=0.0)
    world.read_present()


def draw_failure(world: World, state: LiveMaintenance, cid: str) -> None:
    """When ``cid`` fails, given that it works now: condition is the survival function
    exp(-(rate x age) ** shape), so with u uniform the cumulative hazard at failure is
    (rate x age now) ** shape - ln(1 - u)."""
    c = state.components[cid]
    k = state.draws.get(cid, 0)
    state.draws[cid] = k + 1
    rng = np.random.default_rng([world.seed, WEAR_SALT, zlib.crc32(cid.encode()), k])
    u = float(rng.random())
    now = condition_at(c, (world.t_s - state.ref_t_s[cid]) / SECONDS_PER_DAY)
    if c.rate_per_day <= 0 or now <= 0:
        return
    shape = data().wear_shape
    hazard_now = -math.log(now)
    hazard_then = hazard_now - math.log1p(-u)
    later_days = (hazard_then ** (1.0 / shape) - hazard_now ** (1.0 / shape)) / c.rate_per_day
    state.failure_at[cid] = world.t_s + later_days * SECONDS_PER_DAY


def schedule_next(world: World, state: LiveMaintenance) -> None:
    """Put the earliest failure on the agenda unless one as early is there already."""
    at = min(state.failure_at.values(), default=math.inf)
    if at < state.next_wear_s:
        state.next_wear_s = at
        if math.isfinite(at):
            world.schedule(at, "_wear_due", at)


def fault_of(world: World, c: Component) -> tuple[str, str, dict[str, float]]:
    """The model's fault a failed component causes: (fault, target, parameters)."""
    kind = kinds()[c.kind]
    if kind.fault == "leak":
        return "leak", c.module, {"hole_diameter_cm": LEAK_HOLE_CM}
    if kind.fault == "seal_crack":
        return "seal_crack", c.target, {"crack_mm": SEAL_CRACK_MM}
    if kind.fault == "relay_fused" and c.target not in world.relays:
        return "wiring_corrosion", c.target, {}  # a worn unit contactor chatters
    if kind.fault == "sensor_miscalibration":  # worn further the way it drifted
        drift = c.error or world.sensors[c.target].gain  # the sensor's own with drift on
        sign = 1.0 if drift >= 0 else -1.0
        return kind.fault, c.target, {"gain": sign * data().sensor_full_scale_error}
    return kind.fault, c.target, {}


def mark_cause(world: World, state: LiveMaintenance, cid: str, fault: str,
               target: str) -> None:
    """``cid`` has failed now (condition 0; a sensor's error is then the model sensor's
    own) and is recorded as a cause of ``fault`` on ``target``, for the repair that clears
    it."""
    c = state.components[cid]
    state.components[cid] = replace(c, condition=0.0,
                                    error=0.0 if c.kind == "sensor" else c.error)
    state.ref_t_s[cid] = world.t_s
    state.causes[fault, target] = state.causes.get((fault, target), ()) + (cid,)


@action("_wear_due")
def _wear_due(world: World, at_s: float) -> None:
    """The earliest failures by wear are due: each component fails and causes its fault."""
    state = world.maintenance
    if state is None or at_s != state.next_wear_s:
        return  # superseded by an earlier failure
    due = sorted((t, cid) for cid, t in state.failure_at.items() if t <= world.t_s + 1e-9)
    for _, cid in due:
        del state.failure_at[cid]
        c = state.components[cid]
        fault, target, params = fault_of(world, c)
        mark_cause(world, state, cid, fault, target)
        world.log("fault", cid, f"{cid} wore out: {fault.replace('_', ' ')} on {target}",
                  fault=fault, wear=True, component=cid)
        faults.inject(world, fault, target, params)
    state.next_wear_s = math.inf
    schedule_next(world, state)
