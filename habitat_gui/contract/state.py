"""The plant's published state: one immutable :class:`Snapshot` per moment."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Readings:
    """What a module's instruments report (O2 % derived from the ppO2 and pressure sensors)."""

    pressure_kpa: float
    ppo2_kpa: float
    o2_pct: float
    co2_ppm: float
    temperature_c: float


@dataclass(frozen=True)
class ModuleTruth:
    """What only a simulation knows of a module: its true air, the hole in its hull and the
    extremes of the true air so far."""

    pressure_kpa: float
    o2_pct: float
    ppo2_kpa: float
    co2_ppm: float
    leak_hole_cm: float
    min_ppo2_kpa: float
    max_co2_ppm: float
    min_pressure_kpa: float


@dataclass(frozen=True)
class ModuleState:
    """One module as the plant publishes it: readings, crew count, O2 reserve, and the leak
    detection's time to the evacuation pressure (None without a leak)."""

    id: str
    name: str
    volume_m3: float
    crew_count: int
    reading: Readings
    breach_time_s: float | None
    o2_reserve_kg: float
    reserve_time_s: float | None
    o2_candles: int
    truth: ModuleTruth | None = None  # from a simulated source only
    water_kg: float | None = None  # electrolysis water store (None: the module keeps none)
    water_time_s: float | None = None  # until it runs dry at today's draw (None: not drawn)
    masks: int = 0  # in the module's emergency locker
    o2_canisters: int = 0
    concentrators: int = 0  # portable O2 concentrators in the locker


@dataclass(frozen=True)
class InterconnectState:
    id: str
    between: tuple[str, str]
    state: str  # open | closed | sealed
    kind: str
    locked_for: str = ""  # the seal whose repair has it locked shut ("" = free)
    crack_mm: float | None = None  # the seal's true crack, from a simulated source only
    pev_open: bool = False  # its pressure equalisation valve
    # how long the valve, open, takes to bring the measured differential within the hatch's
    # opening limit (0: within it); None when it is not closed or has no valve
    equalise_s: float | None = None
    open_limit_kpa: float | None = None  # the differential it may be opened across


@dataclass(frozen=True)
class UnitState:
    id: str
    kind: str
    module: str
    role: str
    state: str
    override: str | None
    powered: bool
    condition: float  # its worst part as last inspected (maintenance record)
    worst_part: str  # which part that is
    power_kw: float
    setting_pct: int | None = None
    n2_tank_kg: float | None = None
    o2_tank_kg: float | None = None
    locked_for: str = ""  # the component whose repair has it locked out ("" = free)


@dataclass(frozen=True)
class RelayState:
    id: str
    module: str
    position: str
    fused: bool
    override: str | None
    state: str
    locked_for: str = ""  # the relay's repair has it locked out ("" = free)


@dataclass(frozen=True)
class CrewState:
    name: str
    module: str
    activity: str
    moving_to: str | None
    arrive_at_s: float | None
    spo2_pct: float
    min_spo2_pct: float
    hypoxia_s: float
    condition: str
    mask_o2_pct: float | None = None  # on a mask: what its O2 canister has left (% of full)
    on_concentrator: bool = False  # breathing from a portable O2 concentrator


@dataclass(frozen=True)
class SimulationInfo:
    """Present when the plant is a simulation: what reproduces it."""

    seed: int
    scenario: str | None


@dataclass(frozen=True)
class GasBooks:
    """A simulation's account of the gas in its air since t = 0, kg by gas (O2, CO2, N2, H2O,
    Ar): what was there, what each source added (+) and each sink took (-), by term, and
    what is there now. They close: initial + the sum of the flows = now."""

    initial_kg: dict[str, float]
    flows_kg: dict[str, dict[str, float]]  # term -> gas -> kg
    now_kg: dict[str, float]


@dataclass(frozen=True)
class LinkState:
    """A remote plant's link: up or down, since when (wall clock, seconds since the epoch)
    and, while down, why. While it is down every value of the snapshot is the last one
    received: stale."""

    connected: bool
    since_s: float
    reason: str = ""


@dataclass(frozen=True)
class Snapshot:
    t_s: float
    habitat: str
    modules: tuple[ModuleState, ...]
    interconnects: tuple[InterconnectState, ...]
    units: tuple[UnitState, ...]
    relays: tuple[RelayState, ...]
    crew: tuple[CrewState, ...]
    event_count: int
    simulation: SimulationInfo | None = None
    gas_books: GasBooks | None = None  # from a simulated source only
    link: LinkState | None = None  # from a source over a network link only

    def module(self, module_id: str) -> ModuleState:
        return next(m for m in self.modules if m.id == module_id)

    def unit(self, unit_id: str) -> UnitState:
        return next(u for u in self.units if u.id == unit_id)

    def relay(self, relay_id: str) -> RelayState:
        return next(r for r in self.relays if r.id == relay_id)

    def interconnect(self, link_id: str) -> InterconnectState:
        return next(i for i in self.interconnects if i.id == link_id)

    def person(self, name: str) -> CrewState:
        return next(c for c in self.crew if c.name == name)
