"""Equipment units: their state, what drives them, and what they put into or take from the air."""

from __future__ import annotations

from dataclasses import dataclass

from ..constants import Gas, kg_per_h_to_mol_per_s
from .habitat import EquipmentSpec, SensorSpec
from ..records import FlatRecord

OFF, WARMUP, ON, FAILED = "OFF", "WARMUP", "ON", "FAILED"
NO_WATER = "NO WATER"  # a generator whose module's electrolysis water store is empty
RUNNING, STANDBY = "RUNNING", "STANDBY"


@dataclass
class Unit(FlatRecord):
    """What every unit has: identity, health, power and an optional manual override."""

    spec: EquipmentSpec
    failed: bool = False
    powered: bool = True
    override: str | None = None
    locked_for: str = ""  # the component whose repair has it locked out ("" = free)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def module(self) -> str:
        return self.spec.module


@dataclass
class Generator(Unit):
    """Electrolysis O2 generator: OFF -> WARMUP -> ON, or FAILED, or NO WATER (its module's
    water store is empty); ``water_used_kg`` is booked by :class:`.water.WaterStores`."""

    state: str = OFF
    setting_pct: int = 100
    warm_at_s: float = 0.0
    water_used_kg: float = 0.0

    @property
    def role(self) -> str:
        return self.spec.role

    def o2_mol_per_s(self) -> float:
        if self.state != ON:
            return 0.0
        kg_per_h = self.setting_pct / 100.0 * self.spec.max_rate_kg_per_day / 24.0
        return kg_per_h_to_mol_per_s(kg_per_h, Gas.O2)

    def power_kw(self) -> float:
        if self.state == WARMUP:
            return 0.1 * self.spec.kwh_per_kg * self.spec.max_rate_kg_per_day / 24.0
        if self.state != ON:
            return 0.0
        return (self.spec.kwh_per_kg * self.setting_pct / 100.0 * self.spec.max_rate_kg_per_day
                / 24.0)


@dataclass
class Scrubber(Unit):
    """CO2 scrubber; removal = min(capacity, efficiency x process flow x CO2 concentration)."""

    auto_on: bool = False

    @property
    def role(self) -> str:
        return self.spec.role

    def wanted(self) -> bool:
        if self.locked_for:
            return False
        if self.override is not None:
            return self.override == "on"
        return self.spec.running if self.role == "primary" else self.auto_on

    def running(self) -> bool:
        return self.wanted() and self.powered and not self.failed

    @property
    def state(self) -> str:
        if self.failed:
            return FAILED
        wanted = self.wanted()
        if wanted and self.powered:
            return RUNNING
        return OFF if wanted or self.locked_for else STANDBY

    def power_kw(self) -> float:
        return self.spec.power_w / 1000.0 if self.running() else 0.0


@dataclass
class PressureControl(Unit):
    """N2 and O2 make-up from finite tanks; valves driven by measured pressure and ppO2."""

    n2_kg: float = 0.0
    o2_kg: float = 0.0
    n2_open: bool = False
    o2_open: bool = False

    @property
    def state(self) -> str:
        if self.failed:
            return FAILED
        if not self.powered or self.override == "off":
            return OFF
        return "ADDING N2+O2" if self.n2_open and self.o2_open else (
            "ADDING N2" if self.n2_open else "ADDING O2" if self.o2_open else "HOLDING")

    def power_kw(self) -> float:
        return 0.05 if self.powered and not self.failed else 0.0


@dataclass
class Relay(FlatRecord):
    """Changeover relay of one module's generator bay (``<module>.relay``)."""

    id: str
    module: str
    position: str = "primary"
    fused: bool = False
    override: str | None = None
    changeover_blocked: bool = False
    locked_for: str = ""  # the component whose repair has it locked out ("" = free)

    @property
    def state(self) -> str:
        return f"{self.position.upper()}{' (FUSED)' if self.fused else ''}"


@dataclass
class Sensor(FlatRecord):
    """measured = (1 + gain) x true + bias + drift x (t - since) + noise."""

    spec: SensorSpec
    gain: float
    bias: float
    noise: float
    drift_per_s: float = 0.0
    since_s: float = 0.0

    @property
    def id(self) -> str:
        return self.spec.id


AnyUnit = Generator | Scrubber | PressureControl  # every kind of unit a habitat can have


def make_unit(spec: EquipmentSpec) -> AnyUnit:
    """Build the live unit for a spec, in its initial state."""
    if spec.kind == "o2_generator":
        return Generator(spec, setting_pct=spec.setting_pct)
    if spec.kind == "co2_scrubber":
        return Scrubber(spec)
    return PressureControl(spec, n2_kg=spec.n2_tank_kg, o2_kg=spec.o2_tank_kg)
