"""Habitat description: modules, interconnects, equipment, sensors and crew, read from TOML."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..constants import (ABSOLUTE_FLOOR_PRESSURE_KPA, ACTIVITIES, DESIGN_LEAK_FRACTION_PER_DAY,
                         GENERATOR_KWH_PER_KG_O2,
                         GENERATOR_MAX_KG_O2_PER_DAY, GENERATOR_SETTING_STEP_PCT,
                         GENERATOR_WARMUP_MIN, INTERCONNECT_EXCHANGE_FLOW_M3_S, MARS_PRESSURE_KPA,
                         MARS_TEMPERATURE_C, N2_MAKEUP_BELOW_KPA, N2_MAKEUP_KG_PER_H,
                         NOMINAL_PRESSURE_KPA, O2_CANISTER_KG, O2_MAKEUP_BELOW_KPA,
                         O2_MAKEUP_KG_PER_H, PEV_ORIFICE_MM,
                         PPO2_DANGER_KPA, PPO2_HABITABLE_MIN_KPA, SCRUBBER_CAPACITY_KG_CO2_PER_H,
                         SCRUBBER_EFFICIENCY, SCRUBBER_POWER_W, SCRUBBER_PROCESS_FLOW_M3_S)
from . import design_limits as limits
from ..maintenance import data as maintenance_data
from ..specfile import SpecError, Table, TomlDocument

INTERCONNECT_STATES = ("open", "closed", "sealed")
INTERCONNECT_KINDS = ("hatch", "airlock")
EQUIPMENT_KINDS = ("o2_generator", "co2_scrubber", "pressure_control")
GENERATOR_ROLES = ("primary", "backup")
SCRUBBER_ROLES = ("primary", "standby")
SENSOR_QUANTITIES = ("pressure", "o2", "co2")
SENSOR_UNITS = {"pressure": "kPa", "o2": "kPa ppO2", "co2": "ppm"}
SENSOR_DEFAULT_NOISE = {"pressure": 0.05, "o2": 0.05, "co2": 20.0}


@dataclass(frozen=True)
class Ambient:
    pressure_kpa: float = MARS_PRESSURE_KPA
    temperature_c: float = MARS_TEMPERATURE_C


@dataclass(frozen=True)
class ModuleSpec:
    id: str
    name: str
    volume_m3: float
    temperature_c: float = 22.0
    pressure_kpa: float = NOMINAL_PRESSURE_KPA
    o2_pct: float = 20.9
    co2_ppm: float = 600.0
    humidity_kpa: float = 1.2
    o2_candles: int = 0
    design_leak_fraction_per_day: float = DESIGN_LEAK_FRACTION_PER_DAY
    position: tuple[float, float] | None = None
    water_kg: float | None = None  # electrolysis water store (None: none kept in the module)
    masks: int = 0  # emergency locker: O2 masks ...
    o2_canisters: int = 0  # ... and canisters for them
    o2_canister_kg: float = O2_CANISTER_KG  # O2 in each canister
    concentrators: int = 0  # portable O2 concentrators in the locker


@dataclass(frozen=True)
class InterconnectSpec:
    id: str
    between: tuple[str, str]
    state: str = "open"
    kind: str = "hatch"
    exchange_flow_m3_s: float = INTERCONNECT_EXCHANGE_FLOW_M3_S
    seal_crack_mm: float = 0.0
    pev_orifice_mm: float = PEV_ORIFICE_MM  # the hatch's equalisation valve (0: none)


@dataclass(frozen=True)
class EquipmentSpec:
    id: str
    kind: str
    module: str
    role: str = "primary"
    running: bool = True
    # o2_generator
    max_rate_kg_per_day: float = GENERATOR_MAX_KG_O2_PER_DAY
    setting_pct: int = 100
    warmup_min: float = GENERATOR_WARMUP_MIN
    kwh_per_kg: float = GENERATOR_KWH_PER_KG_O2
    # co2_scrubber
    capacity_kg_per_h: float = SCRUBBER_CAPACITY_KG_CO2_PER_H
    efficiency: float = SCRUBBER_EFFICIENCY
    process_flow_m3_s: float = SCRUBBER_PROCESS_FLOW_M3_S
    power_w: float = SCRUBBER_POWER_W
    # pressure_control
    n2_tank_kg: float = 0.0
    o2_tank_kg: float = 0.0
    n2_rate_kg_per_h: float = N2_MAKEUP_KG_PER_H
    o2_rate_kg_per_h: float = O2_MAKEUP_KG_PER_H


@dataclass(frozen=True)
class SensorSpec:
    id: str
    module: str
    quantity: str
    gain: float = 0.0
    bias: float = 0.0
    noise: float = 0.0


@dataclass(frozen=True)
class CrewSpec:
    name: str
    module: str
    activity: str = "nominal"
    schedule: tuple[tuple[float, str], ...] = ()
    skills: dict[str, int] | None = None  # maintenance skill -> level 0-3; None: drawn
    maintenance_hours_per_day: float | None = None  # None: drawn


@dataclass(frozen=True)
class AutomationSpec:
    """Set points of the automatic controls (docs/physics.md: published figures, or model
    set points where it says so)."""

    n2_on_below_kpa: float = N2_MAKEUP_BELOW_KPA
    n2_off_above_kpa: float = 99.5
    o2_on_below_kpa: float = O2_MAKEUP_BELOW_KPA
    o2_off_above_kpa: float = 20.4
    relief_above_kpa: float = 104.8
    generator_raise_below_kpa: float = 20.7
    generator_lower_above_kpa: float = 21.7
    generator_adjust_every_s: float = 300.0
    standby_scrubber_on_above_ppm: float = 4000.0
    standby_scrubber_off_below_ppm: float = 2500.0
    candle_below_kpa: float = PPO2_DANGER_KPA
    humidity_time_constant_s: float = 900.0
    hatch_max_differential_kpa: float = 3.0
    walk_s_per_module: float = 45.0
    hatch_s_per_person: float = 4.0


@dataclass(frozen=True)
class Habitat:
    name: str
    modules: tuple[ModuleSpec, ...]
    interconnects: tuple[InterconnectSpec, ...] = ()
    equipment: tuple[EquipmentSpec, ...] = ()
    sensors: tuple[SensorSpec, ...] = ()
    crew: tuple[CrewSpec, ...] = ()
    ambient: Ambient = field(default_factory=Ambient)
    automation: AutomationSpec = field(default_factory=AutomationSpec)
    source: str = "<memory>"
    service_days: float = 0.0  # the colony's age at the start (maintenance)
    spares: dict[str, int] = field(default_factory=dict)  # spare parts on hand, by part
    text: str = field(default="", repr=False, compare=False)  # the file's text, if read

    def module_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.modules)


def default_sensors(modules: tuple[ModuleSpec, ...],
                    given: dict[str, SensorSpec]) -> tuple[SensorSpec, ...]:
    """One pressure, O2 and CO2 sensor per module (``<module>.<quantity>``), unless given."""
    out = []
    for module in modules:
        for quantity in SENSOR_QUANTITIES:
            sid = f"{module.id}.{quantity}"
            out.append(given.get(sid) or SensorSpec(sid, module.id, quantity,
                                                    noise=SENSOR_DEFAULT_NOISE[quantity]))
    return tuple(out)


def load_habitat(path: Path) -> Habitat:
    """Read and validate a habitat file; raises :class:`SpecError` on the first problem."""
    return parse_habitat(TomlDocument.read(path))


def parse_habitat(doc: TomlDocument) -> Habitat:
    root = doc.root()
    root.reject_unknown(("name", "description", "ambient", "automation", "modules",
                         "interconnects", "equipment", "sensors", "crew", "service_days",
                         "spares"))
    name = root.required("name", str)
    ambient_t = root.table("ambient")
    ambient_t.reject_unknown(("pressure_kpa", "temperature_c"))
    ambient = Ambient(ambient_t.number("pressure_kpa", MARS_PRESSURE_KPA, low=0, high=200.0,
                                       unit="kPa"),
                      ambient_t.number("temperature_c", MARS_TEMPERATURE_C, low=-273.15,
                                       high=100.0, unit="C"))
    module_tables = root.tables("modules")
    if not module_tables:
        raise root.error(None, "no [[modules]]; expected at least one module")
    if len(module_tables) > limits.MAX_MODULES:
        raise root.doc.error(("modules", limits.MAX_MODULES), f"{len(module_tables)} modules; "
                             f"expected at most {limits.MAX_MODULES}")
    modules = tuple(_module(t) for t in module_tables)
    ids = _unique(root, "modules", [m.id for m in modules], "module")
    interconnects = tuple(_interconnect(t, ids) for t in root.tables("interconnects"))
    _unique(root, "interconnects", [i.id for i in interconnects], "interconnect")
    volumes = {m.id: m.volume_m3 for m in modules}
    equipment = tuple(_equipment(t, volumes) for t in root.tables("equipment"))
    _unique(root, "equipment", [e.id for e in equipment], "equipment")
    _check_bays(root, equipment)
    sensor_ids = [f"{m}.{q}" for m in ids for q in SENSOR_QUANTITIES]
    given = {}
    for t in root.tables("sensors"):
        s = _sensor(t, sensor_ids)
        given[s.id] = s
    crew = tuple(_crew(t, ids) for t in root.tables("crew"))
    _unique(root, "crew", [c.name for c in crew], "crew member", "name")
    if len(crew) > limits.MAX_CREW_PER_MODULE * len(modules):
        raise root.doc.error(("crew", limits.MAX_CREW_PER_MODULE * len(modules)),
                             f"{len(crew)} crew in {len(modules)} modules; expected at most "
                             f"{limits.MAX_CREW_PER_MODULE} per module")
    _check_atmospheres(root, modules, {c.module for c in crew})
    return Habitat(name=name, modules=modules, interconnects=interconnects, equipment=equipment,
                   sensors=default_sensors(modules, given), crew=crew, ambient=ambient,
                   automation=_automation(root.table("automation")), source=doc.name,
                   service_days=root.number("service_days", 0.0, low=0.0, high=36500.0,
                                            unit="days"),
                   spares=_spares(root.table("spares")),
                   text=doc.text)


def _unique(root: Table, key: str, values: list[str], what: str,
            field_name: str = "id") -> tuple[str, ...]:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise root.doc.error((key, index, field_name),
                                 f"duplicate {what} {value!r}; each must be unique")
        seen.add(value)
    return tuple(values)


def _module(t: Table) -> ModuleSpec:
    t.reject_unknown(("id", "name", "volume_m3", "temperature_c", "pressure_kpa", "o2_pct",
                      "co2_ppm", "humidity_kpa", "o2_candles", "design_leak_fraction_per_day",
                      "position", "water_kg", "masks", "o2_canisters", "o2_canister_kg",
                      "concentrators"))
    position = t.optional("position", list, None)
    if position is not None and (len(position) != 2 or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool)
            and abs(v) <= limits.MAX_POSITION for v in position)):
        raise t.error("position", f"'position' is {position!r}; expected two numbers [x, y] "
                                  f"within -{limits.MAX_POSITION:g} to {limits.MAX_POSITION:g}")
    mid = t.required("id", str)
    return ModuleSpec(
        id=mid, name=t.optional("name", str, mid),
        volume_m3=t.number("volume_m3", low=1.0, high=100000.0, unit="m3"),
        temperature_c=t.number("temperature_c", 22.0, low=-50.0, high=60.0, unit="C"),
        pressure_kpa=t.number("pressure_kpa", NOMINAL_PRESSURE_KPA, low=0.0, high=200.0,
                              unit="kPa"),
        o2_pct=t.number("o2_pct", 20.9, low=0.0, high=100.0, unit="%"),
        co2_ppm=t.number("co2_ppm", 600.0, low=0.0, high=1e6, unit="ppm"),
        humidity_kpa=t.number("humidity_kpa", 1.2, low=0.0, high=5.0, unit="kPa"),
        o2_candles=t.whole("o2_candles", 0, low=0, high=10000),
        design_leak_fraction_per_day=t.number("design_leak_fraction_per_day",
                                              DESIGN_LEAK_FRACTION_PER_DAY, low=0.0, high=1.0),
        position=(float(position[0]), float(position[1])) if position else None,
        water_kg=(t.number("water_kg", low=0.0, high=1e7, unit="kg") if "water_kg" in t.data
                  else None),
        masks=t.whole("masks", 0, low=0, high=10000),
        o2_canisters=t.whole("o2_canisters", 0, low=0, high=10000),
        o2_canister_kg=t.number("o2_canister_kg", O2_CANISTER_KG, low=0.01, high=10.0,
                                unit="kg"),
        concentrators=t.whole("concentrators", 0, low=0, high=10000),
    )


def _interconnect(t: Table, modules: tuple[str, ...]) -> InterconnectSpec:
    t.reject_unknown(("id", "between", "state", "kind", "exchange_flow_m3_s", "seal_crack_mm",
                      "pev_orifice_mm"))
    between = t.required("between", list)
    if len(between) != 2 or not all(isinstance(b, str) for b in between):
        raise t.error("between", "'between' must name two modules, e.g. [\"hab-2\", \"hab-3\"]")
    for b in between:
        if b not in modules:
            raise t.error("between", f"unknown module {b!r}; expected one of {', '.join(modules)}")
    if between[0] == between[1]:
        raise t.error("between", "an interconnect must join two different modules")
    return InterconnectSpec(
        id=t.required("id", str), between=(between[0], between[1]),
        state=t.choice("state", INTERCONNECT_STATES, "open"),
        kind=t.choice("kind", INTERCONNECT_KINDS, "hatch"),
        exchange_flow_m3_s=t.number("exchange_flow_m3_s", INTERCONNECT_EXCHANGE_FLOW_M3_S,
                                    low=0.0, high=10.0, unit="m3/s"),
        seal_crack_mm=t.number("seal_crack_mm", 0.0, low=0.0, high=100.0, unit="mm"),
        pev_orifice_mm=t.number("pev_orifice_mm", PEV_ORIFICE_MM, low=0.0, high=50.0, unit="mm"),
    )


_COMMON_EQUIPMENT = ("id", "kind", "module", "running")
_KIND_FIELDS = {
    "o2_generator": ("role", "max_rate_kg_per_day", "setting_pct", "warmup_min", "kwh_per_kg"),
    "co2_scrubber": ("role", "capacity_kg_per_h", "efficiency", "process_flow_m3_s", "power_w"),
    "pressure_control": ("n2_tank_kg", "o2_tank_kg", "n2_rate_kg_per_h", "o2_rate_kg_per_h"),
}


def _equipment(t: Table, volumes: dict[str, float]) -> EquipmentSpec:
    """One unit; ``volumes`` are the modules' volumes by id, which bound its tanks."""
    kind = t.choice("kind", EQUIPMENT_KINDS)
    t.reject_unknown(_COMMON_EQUIPMENT + _KIND_FIELDS[kind])
    module = t.reference("module", volumes, "module")
    common = {"id": t.required("id", str), "kind": kind, "module": module,
              "running": t.optional("running", bool, True)}
    if kind == "o2_generator":
        setting = t.whole("setting_pct", 100, low=0, high=100, unit="%")
        if setting % GENERATOR_SETTING_STEP_PCT:
            raise t.error("setting_pct", f"'setting_pct' is {setting}; expected a multiple of "
                                         f"{GENERATOR_SETTING_STEP_PCT} %")
        return EquipmentSpec(**common, role=t.choice("role", GENERATOR_ROLES, "primary"),
                             max_rate_kg_per_day=t.number("max_rate_kg_per_day",
                                                          GENERATOR_MAX_KG_O2_PER_DAY,
                                                          low=0.0, high=100.0, unit="kg/day"),
                             setting_pct=setting,
                             warmup_min=t.number("warmup_min", GENERATOR_WARMUP_MIN, low=0.0,
                                                 high=600.0, unit="min"),
                             kwh_per_kg=t.number("kwh_per_kg", GENERATOR_KWH_PER_KG_O2,
                                                 low=0.0, high=100.0, unit="kWh/kg"))
    if kind == "co2_scrubber":
        return EquipmentSpec(**common, role=t.choice("role", SCRUBBER_ROLES, "primary"),
                             capacity_kg_per_h=t.number(
                                 "capacity_kg_per_h", SCRUBBER_CAPACITY_KG_CO2_PER_H, low=0.0,
                                 high=100.0, unit="kg/h"),
                             efficiency=t.number("efficiency", SCRUBBER_EFFICIENCY, low=0.0,
                                                 high=1.0),
                             process_flow_m3_s=t.number("process_flow_m3_s",
                                                        SCRUBBER_PROCESS_FLOW_M3_S, low=0.0,
                                                        high=10.0, unit="m3/s"),
                             power_w=t.number("power_w", SCRUBBER_POWER_W, low=0.0,
                                              high=100000.0, unit="W"))
    return EquipmentSpec(**common, n2_tank_kg=_tank(t, "n2_tank_kg", volumes[module]),
                         o2_tank_kg=_tank(t, "o2_tank_kg", volumes[module]),
                         n2_rate_kg_per_h=t.number("n2_rate_kg_per_h", N2_MAKEUP_KG_PER_H,
                                                   low=0.0, high=1000.0, unit="kg/h"),
                         o2_rate_kg_per_h=t.number("o2_rate_kg_per_h", O2_MAKEUP_KG_PER_H,
                                                   low=0.0, high=1000.0, unit="kg/h"))


def _tank(t: Table, key: str, volume_m3: float) -> float:
    """A gas store: at most its module's volume filled with the liquid."""
    return t.number(key, 0.0, low=0.0, high=volume_m3 * limits.LIQUID_DENSITY_KG_PER_M3[key],
                    unit="kg")


def _check_bays(root: Table, equipment: tuple[EquipmentSpec, ...]) -> None:
    """A module has at most one primary and one backup generator, and one pressure control."""
    seen: set[tuple[str, str, str]] = set()
    for index, e in enumerate(equipment):
        if e.kind == "co2_scrubber":
            continue
        key = (e.module, e.kind, e.role if e.kind == "o2_generator" else "")
        if key in seen:
            what = f"{e.role} o2_generator" if e.kind == "o2_generator" else e.kind
            raise root.doc.error(("equipment", index, "module"),
                                 f"module {e.module!r} already has a {what}; expected one per "
                                 f"module")
        seen.add(key)


def _sensor(t: Table, sensor_ids: list[str]) -> SensorSpec:
    t.reject_unknown(("id", "gain", "bias", "noise"))
    sid = t.reference("id", sensor_ids, "sensor")
    module, quantity = sid.rsplit(".", 1)
    bound = limits.MAX_SENSOR_UNITS
    return SensorSpec(sid, module, quantity, gain=t.number("gain", 0.0, low=-0.9, high=10.0),
                      bias=t.number("bias", 0.0, low=-bound, high=bound),
                      noise=t.number("noise", SENSOR_DEFAULT_NOISE[quantity], low=0.0,
                                     high=bound))


def _spares(t: Table) -> dict[str, int]:
    parts = maintenance_data.builtin().part_names()
    for part in t.data:
        if part not in parts:
            raise t.error(part, f"unknown spare part {part!r}; expected one of "
                                f"{', '.join(parts)}")
    return {part: t.whole(part, low=0, high=100000) for part in t.data}


def _skills(t: Table) -> dict[str, int] | None:
    """A person's ``skills = { name = level }``, levels 0 to the top level; None if absent."""
    if not t.has("skills"):
        return None
    known, top = maintenance_data.builtin().skills, max(maintenance_data.LEVELS)
    levels = t.table("skills")
    for skill, level in levels.data.items():
        if skill not in known:
            raise levels.error(skill, f"unknown skill {skill!r}; expected one of "
                                      f"{', '.join(known)}")
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= top:
            raise levels.error(skill, f"skill level {skill} is {level!r}; expected a whole "
                                      f"number 0 to {top}")
    return dict(levels.data)


def _crew(t: Table, modules: tuple[str, ...]) -> CrewSpec:
    t.reject_unknown(("name", "module", "activity", "schedule", "role", "skills",
                      "maintenance_hours_per_day"))
    schedule = []
    for entry in t.optional("schedule", list, []):
        if (not isinstance(entry, list) or len(entry) != 2 or not isinstance(entry[0], (int, float))
                or entry[1] not in ACTIVITIES or not 0 <= entry[0] < 24):
            raise t.error("schedule", "'schedule' entries must be [hour 0-24, activity], activity "
                                      f"one of {', '.join(ACTIVITIES)}")
        schedule.append((float(entry[0]), entry[1]))
    return CrewSpec(name=t.required("name", str), module=t.reference("module", modules, "module"),
                    activity=t.choice("activity", ACTIVITIES, "nominal"),
                    schedule=tuple(sorted(schedule)), skills=_skills(t),
                    maintenance_hours_per_day=(
                        t.number("maintenance_hours_per_day", low=0.0, high=24.0, unit="h")
                        if t.has("maintenance_hours_per_day") else None))


def _automation_high(name: str) -> float:
    """The highest set point by its unit: a module's pressure range, CO2 as the whole
    atmosphere, else (seconds) a day."""
    return 200.0 if "_kpa" in name else 1e6 if "_ppm" in name else 86400.0


def _automation(t: Table) -> AutomationSpec:
    defaults = AutomationSpec()
    names = tuple(AutomationSpec.__dataclass_fields__)
    t.reject_unknown(names)
    values = {n: t.number(n, getattr(defaults, n), low=0.0,
                          high=_automation_high(n)) for n in names}
    spec = AutomationSpec(**values)
    if spec.n2_off_above_kpa <= spec.n2_on_below_kpa:
        raise t.error("n2_off_above_kpa", "'n2_off_above_kpa' must be above 'n2_on_below_kpa'")
    if spec.o2_off_above_kpa <= spec.o2_on_below_kpa:
        raise t.error("o2_off_above_kpa", "'o2_off_above_kpa' must be above 'o2_on_below_kpa'")
    if spec.generator_lower_above_kpa <= spec.generator_raise_below_kpa:
        raise t.error("generator_lower_above_kpa", "'generator_lower_above_kpa' must be above "
                                                   "'generator_raise_below_kpa'")
    if spec.standby_scrubber_on_above_ppm <= spec.standby_scrubber_off_below_ppm:
        raise t.error("standby_scrubber_on_above_ppm", "'standby_scrubber_on_above_ppm' must be "
                                                       "above 'standby_scrubber_off_below_ppm'")
    return spec


def _check_atmospheres(root: Table, modules: tuple[ModuleSpec, ...], crewed: set[str]) -> None:
    """Each module's starting air is a possible gas and, where crew start, breathable."""
    for index, m in enumerate(modules):
        problem = _atmosphere_problem(m, m.id in crewed)
        if problem is not None:
            raise root.doc.error(("modules", index, problem[0]), f"module {m.id!r}: {problem[1]}")


def _atmosphere_problem(m: ModuleSpec, crewed: bool) -> tuple[str, str] | None:
    """The key and the reason ``m``'s air cannot be: its gases add to more than 100 %, its
    ppO2 is above :data:`limits.PPO2_TOXIC_KPA`, or, with crew, it is below the absolute
    habitable ppO2 (15.2 kPa) or total pressure (20.7 kPa) of docs/physics.md."""
    vapour_pct = 100.0 * m.humidity_kpa / m.pressure_kpa if m.pressure_kpa > 0 else 0.0
    total_pct = m.o2_pct + m.co2_ppm / 1e4 + vapour_pct
    if total_pct > 100.0 + 1e-9:
        return "o2_pct", (f"O2 {m.o2_pct:g} % + CO2 {m.co2_ppm / 1e4:g} % + water vapour "
                          f"{vapour_pct:.3g} % is {total_pct:.4g} % of the gas; expected at "
                          f"most 100 %")
    ppo2_kpa = m.pressure_kpa * m.o2_pct / 100.0
    if ppo2_kpa > limits.PPO2_TOXIC_KPA:
        return "o2_pct", (f"ppO2 is {ppo2_kpa:.4g} kPa; expected at most "
                          f"{limits.PPO2_TOXIC_KPA:g} kPa (oxygen toxicity)")
    if crewed and m.pressure_kpa < ABSOLUTE_FLOOR_PRESSURE_KPA:
        return "pressure_kpa", (f"crew start here at {m.pressure_kpa:g} kPa; expected at least "
                                f"{ABSOLUTE_FLOOR_PRESSURE_KPA:g} kPa (the absolute floor)")
    if crewed and ppo2_kpa < PPO2_HABITABLE_MIN_KPA:
        return "o2_pct", (f"crew start here at ppO2 {ppo2_kpa:.4g} kPa; expected at least "
                          f"{PPO2_HABITABLE_MIN_KPA:g} kPa (the absolute habitable minimum)")
    return None


__all__ = ["Habitat", "ModuleSpec", "InterconnectSpec", "EquipmentSpec", "SensorSpec",
           "CrewSpec", "AutomationSpec", "Ambient", "load_habitat", "parse_habitat", "SpecError"]
