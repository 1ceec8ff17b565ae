"""What a forecast found: per module the trajectories and the time to each danger, per
person the lowest SpO2; and the side-by-side comparison a confirmation and the command
line show. Plain data: the panel reads it without the simulation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...contract.state import Snapshot
from ...contract.timefmt import duration, mission_time
from ..constants import CO2_UNDESIRABLE_PPM, EVACUATION_PRESSURE_KPA, PPO2_DANGER_KPA

QUANTITIES = ("ppo2_kpa", "o2_pct", "co2_ppm", "pressure_kpa")
DANGERS = (  # (name in results, quantity, threshold, True when danger is below it)
    ("time_to_ppo2_below_16kpa_s", "ppo2_kpa", PPO2_DANGER_KPA, True),
    ("time_to_pressure_below_65kpa_s", "pressure_kpa", EVACUATION_PRESSURE_KPA, True),
    ("time_to_co2_above_1pct_s", "co2_ppm", CO2_UNDESIRABLE_PPM, False),
)
DANGER_WORDS = {
    "time_to_ppo2_below_16kpa_s": f"ppO2 < {PPO2_DANGER_KPA:g} kPa",
    "time_to_pressure_below_65kpa_s": f"pressure < {EVACUATION_PRESSURE_KPA:g} kPa",
    "time_to_co2_above_1pct_s": "CO2 > 1 %",
    "time_to_reserve_exhausted_s": "O2 reserve gone",
}


@dataclass(frozen=True)
class ModuleForecast:
    trajectories: dict[str, np.ndarray]  # quantity -> true values at Forecast.t_s
    readings: dict[str, np.ndarray]  # quantity -> as the instruments will read (no noise)
    times_s: dict[str, float | None]  # DANGER_WORDS keys -> seconds from the start, or None
    crew_count: int

    def most_urgent(self) -> tuple[str, float] | None:
        """The first danger to come: (its words, seconds), or None within the horizon."""
        known = [(t, name) for name, t in self.times_s.items() if t is not None]
        if not known:
            return None
        t, name = min(known)
        return DANGER_WORDS[name], t


@dataclass(frozen=True)
class Forecast:
    at_s: float
    horizon_s: float
    t_s: np.ndarray  # sample times, absolute
    modules: dict[str, ModuleForecast]
    min_spo2_pct: dict[str, float]
    rejected: tuple[str, ...] = ()  # reasons of proposed commands the core refused
    # module -> quantity -> (lowest, highest) readings, the crew resting or working throughout
    band: dict[str, dict[str, tuple[np.ndarray, np.ndarray]]] | None = None

    def result(self) -> dict:
        """The JSON form: times in seconds from ``at_s``, None when not within the horizon."""
        return {"modules": {mid: dict(m.times_s) for mid, m in self.modules.items()},
                "crew": {name: {"min_spo2_pct": round(v, 3)}
                         for name, v in self.min_spo2_pct.items()}}


def comparison_rows(baseline: Forecast, proposed: Forecast | None,
                    now: Snapshot) -> list[tuple[str, ...]]:
    """Rows of (what, as things are[, with the commands]): each module's first danger, then
    the lowest SpO2 of each module's present crew."""
    runs = (baseline, proposed) if proposed else (baseline,)
    rows = []
    for mid in baseline.modules:
        cells = []
        for f in runs:
            urgent = f.modules[mid].most_urgent()
            cells.append(f"{urgent[0]} in {duration(urgent[1])}" if urgent else "no danger")
        rows.append((mid, *cells))
    for m in now.modules:
        names = [c.name for c in now.crew if c.module == m.id]
        if names:
            rows.append((f"lowest SpO2, {m.id} crew",
                         *(f"{min(f.min_spo2_pct[n] for n in names):.0f} %" for f in runs)))
    return rows


def forecast_table(baseline: Forecast, proposed: Forecast | None, now: Snapshot) -> str:
    """Times to danger per module and lowest SpO2 per module's crew, side by side."""
    heads = ["", "as things are"] + (["with commands"] if proposed else [])
    lines = [f"forecast from {mission_time(baseline.at_s)} for {duration(baseline.horizon_s)}"]
    if proposed and proposed.rejected:
        lines += [f"rejected: {reason}" for reason in proposed.rejected]
    for row in [heads, *comparison_rows(baseline, proposed, now)]:
        lines.append(f"{row[0]:<26}" + "".join(f"{cell:>30}" for cell in row[1:]))
    return "\n".join(lines)
