"""The maintenance data file (``resources/maintenance.toml``): component kinds, classes,
counts, duty, crew skill draws, training and default spare parts, validated on load."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..resources import resources_dir
from ..specfile import Table, TomlDocument

if TYPE_CHECKING:
    from ..plant.habitat import Habitat

KIND_NAMES = ("hull_seal", "interconnect_seal", "wiring_harness", "relay", "sensor",
              "generator_stack", "scrubber_bed", "valve")
# the model's faults (core/faults.py) a failed component can cause
FAULT_NAMES = ("leak", "seal_crack", "wiring_corrosion", "relay_fused", "sensor_miscalibration",
               "generator_failure", "scrubber_failure")
LEVELS = (1, 2, 3)


@dataclass(frozen=True)
class Kind:
    """What a kind of component is like: decay, consequence, and the work to fix it."""

    name: str
    calendar_rate_per_day: float
    use_rate_per_day: float
    dust_factor: float  # rate multiplier beside an airlock
    variation: float  # sigma of the log-normal rate variation
    fault: str  # fault kind of the model it causes when it fails
    criticality: float  # 1 (nuisance) .. 5 (life-threatening)
    person_hours: float  # at skill level 2
    parts: tuple[tuple[str, int], ...]
    skill: str


@dataclass(frozen=True)
class MaintenanceData:
    nominal_above: float
    replace_below: float
    pfail_exponent: float
    wear_shape: float
    sensor_full_scale_error: float
    hull_panel_m3: float
    harness_segments_per_unit: int
    stacks_per_generator: int
    beds_per_scrubber: int
    seal_faces: dict[str, int]  # interconnect kind -> door faces
    duty: dict[tuple[str, str], float]  # (equipment kind, role or "") -> fraction in use
    changeover_relay_duty: float
    fixed_duty: float
    kinds: dict[str, Kind]
    skills: tuple[str, ...]
    skill_weights: tuple[float, ...]  # normalised
    main_level_weights: tuple[float, ...]  # level 1, 2, 3; normalised
    second_skill_chance: float
    maintenance_hours_choices: tuple[float, ...]
    level_time_factor: dict[int, float]
    training_days: int
    min_holders: int
    max_trainees: int
    plan_days: int
    spares: dict[str, int]
    source: str = "<memory>"
    text: str = ""  # the file's text, so a recording can carry the data it ran with

    def part_names(self) -> tuple[str, ...]:
        """Every spare part a repair can use."""
        return tuple(sorted({p for k in self.kinds.values() for p, _ in k.parts}))


def load(path: Path | None = None) -> MaintenanceData:
    """Read and validate a maintenance file; raises SpecError on the first problem."""
    return parse(TomlDocument.read(path or resources_dir() / "maintenance.toml"))


_BUILTIN: MaintenanceData | None = None


def builtin() -> MaintenanceData:
    """The maintenance data in use: the built-in ``resources/maintenance.toml``, read once,
    unless :func:`use` set other data."""
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = load()
    return _BUILTIN


def use(data: MaintenanceData) -> None:
    """Make ``data`` the maintenance data of this process (what :func:`builtin` returns): a
    re-run of a recording uses the data it was recorded with. One process runs one colony,
    so the data is the process's, not a simulation's."""
    global _BUILTIN
    _BUILTIN = data


def _fraction(t: Table, key: str) -> float:
    return t.number(key, low=0.0, high=1.0)


MAX_COUNT = 100000  # parts, door faces: as a habitat's [spares]
# relative weights: the highest is at most this many times the unit they are written in
MAX_WEIGHT = 1000.0


def _weights(t: Table, key: str, count: int | None = None,
             high: float = MAX_WEIGHT) -> tuple[float, ...]:
    values = t.required(key, list)
    if (not values or any(isinstance(v, bool) or not isinstance(v, (int, float))
                          or not 0 <= v <= high for v in values) or not sum(values)
            or (count is not None and len(values) != count)):
        size = f"{count} " if count is not None else ""
        raise t.error(key, f"'{key}' must be a list of {size}numbers 0 to {high:g}, not all 0; "
                           f"got {values!r}")
    return tuple(float(v) for v in values)


def _counts(t: Table, key: str, known: tuple[str, ...] | None, what: str) -> dict[str, int]:
    """A table of name -> whole number 0 to :data:`MAX_COUNT`."""
    table = t.table(key)
    if known is not None:
        for name in table.data:
            if name not in known:
                raise table.error(name, f"unknown {what} {name!r}; expected one of "
                                        f"{', '.join(known)}")
    out = {}
    for name, value in table.data.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
            raise table.error(name, f"'{name}' must be a whole number 0 to {MAX_COUNT}, "
                                    f"got {value!r}")
        out[name] = value
    return out


def _kind(t: Table, name: str, skills: tuple[str, ...]) -> Kind:
    t.reject_unknown(("calendar_rate_per_day", "use_rate_per_day", "dust_factor", "variation",
                      "fault", "criticality", "person_hours", "parts", "skill"))
    parts = _counts(t, "parts", None, "part")
    if not parts:
        raise t.error(None, f"[kinds.{name}] needs 'parts' (part = count); expected at least one")
    return Kind(name,
                t.number("calendar_rate_per_day", low=0.0, high=1.0, unit="/day"),
                t.number("use_rate_per_day", low=0.0, high=1.0, unit="/day"),
                t.number("dust_factor", low=0.0, high=100.0),
                t.number("variation", low=0.0, high=3.0),
                t.choice("fault", FAULT_NAMES),
                t.number("criticality", low=1.0, high=5.0),
                t.number("person_hours", low=0.0, high=1000.0, unit="h"),
                tuple(parts.items()), t.choice("skill", skills))


def parse(doc: TomlDocument) -> MaintenanceData:
    root = doc.root()
    root.reject_unknown(("classes", "counts", "duty", "kinds", "crew", "training", "spares"))
    classes = root.table("classes")
    classes.reject_unknown(("nominal_above", "replace_below", "pfail_exponent", "wear_shape",
                            "sensor_full_scale_error"))
    nominal_above, replace_below = (_fraction(classes, "nominal_above"),
                                    _fraction(classes, "replace_below"))
    if replace_below >= nominal_above:
        raise classes.error("replace_below", f"'replace_below' is {replace_below:g}; expected "
                                             f"below 'nominal_above' ({nominal_above:g})")
    counts = root.table("counts")
    counts.reject_unknown(("hull_panel_m3", "harness_segments_per_unit", "stacks_per_generator",
                           "beds_per_scrubber", "seal_faces"))
    seal_faces = _counts(counts, "seal_faces", ("hatch", "airlock"), "interconnect kind")
    if set(seal_faces) != {"hatch", "airlock"}:
        raise counts.error("seal_faces", "'seal_faces' must give hatch and airlock")
    duty_t = root.table("duty")
    duty_t.reject_unknown(("o2_generator", "co2_scrubber", "pressure_control",
                           "changeover_relay", "always"))
    duty: dict[tuple[str, str], float] = {}
    for kind, roles in (("o2_generator", ("primary", "backup")),
                        ("co2_scrubber", ("primary", "standby"))):
        table = duty_t.table(kind)
        table.reject_unknown(roles)
        for role in roles:
            duty[(kind, role)] = _fraction(table, role)
    duty[("pressure_control", "")] = _fraction(duty_t, "pressure_control")
    crew = root.table("crew")
    crew.reject_unknown(("skill_weights", "main_level_weights", "second_skill_chance",
                         "maintenance_hours_choices", "level_time_factor"))
    weights_t = crew.table("skill_weights")
    if not weights_t.data:
        raise crew.error("skill_weights", "'skill_weights' must name the skills, "
                                          "e.g. { life_support = 0.3, ... }")
    skills = tuple(weights_t.data)
    skill_weights = tuple(weights_t.number(s, low=0.0, high=MAX_WEIGHT) for s in skills)
    if not sum(skill_weights):
        raise crew.error("skill_weights", "'skill_weights' are all 0; expected some above 0")
    kinds_t = root.table("kinds")
    kinds_t.reject_unknown(KIND_NAMES)
    missing = [k for k in KIND_NAMES if k not in kinds_t.data]
    if missing:
        raise kinds_t.error(None, f"missing [kinds.{missing[0]}]; expected every kind: "
                                  f"{', '.join(KIND_NAMES)}")
    kinds = {k: _kind(kinds_t.table(k), k, skills) for k in KIND_NAMES}
    main_levels = _weights(crew, "main_level_weights", len(LEVELS))
    factors = _weights(crew, "level_time_factor", len(LEVELS))
    if not all(factors):
        raise crew.error("level_time_factor", "'level_time_factor' must be above 0 at every "
                                              "level")
    training = root.table("training")
    training.reject_unknown(("days", "min_holders", "max_trainees", "plan_days"))
    parts = tuple(sorted({p for k in kinds.values() for p, _ in k.parts}))
    return MaintenanceData(
        nominal_above=nominal_above, replace_below=replace_below,
        pfail_exponent=classes.number("pfail_exponent", low=0.1, high=20.0),
        wear_shape=classes.number("wear_shape", low=0.5, high=10.0),
        sensor_full_scale_error=classes.number("sensor_full_scale_error", low=0.0, high=1.0),
        hull_panel_m3=counts.number("hull_panel_m3", low=0.1, high=100000.0, unit="m3"),
        harness_segments_per_unit=counts.whole("harness_segments_per_unit", low=1,
                                                high=1000),
        stacks_per_generator=counts.whole("stacks_per_generator", low=1, high=1000),
        beds_per_scrubber=counts.whole("beds_per_scrubber", low=1, high=1000),
        seal_faces=seal_faces, duty=duty,
        changeover_relay_duty=_fraction(duty_t, "changeover_relay"),
        fixed_duty=_fraction(duty_t, "always"),
        kinds=kinds, skills=skills,
        skill_weights=tuple(w / sum(skill_weights) for w in skill_weights),
        main_level_weights=tuple(w / sum(main_levels) for w in main_levels),
        second_skill_chance=_fraction(crew, "second_skill_chance"),
        maintenance_hours_choices=_weights(crew, "maintenance_hours_choices", high=24.0),
        level_time_factor=dict(zip(LEVELS, factors)),
        training_days=training.whole("days", low=0, high=3650, unit="days"),
        min_holders=training.whole("min_holders", low=1, high=100),
        max_trainees=training.whole("max_trainees", low=0, high=1000),
        plan_days=training.whole("plan_days", low=1, high=3650, unit="days"),
        spares=_counts(root, "spares", parts, "spare part"), source=doc.name, text=doc.text)


def spares(habitat: Habitat) -> dict[str, int]:
    """Spare parts on hand at the start: the data file's, as the habitat's ``[spares]`` sets."""
    return {**builtin().spares, **habitat.spares}
