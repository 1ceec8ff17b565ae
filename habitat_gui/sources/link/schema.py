"""What the plant server publishes, as data: the object types, their variables (with units,
ranges and publishing deadbands) and the commands they carry as methods.

A variable's ``path`` is the attribute of the published state it reads
(``reading.pressure_kpa`` of a :class:`~habitat_gui.contract.state.ModuleState`); ``None``
values publish as NaN (numbers) or "" (text). Units are UNECE common codes (OPC UA Part 8).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

from ...contract.alarms import STATES as ALARM_STATES
from .. import protocol


def host_and_port(endpoint: str) -> tuple[str, int]:
    """The host and port of ``opc.tcp://HOST:PORT``; ValueError for anything else."""
    url = urlparse(endpoint)
    try:
        port = url.port
    except ValueError:
        port = None
    if url.scheme != "opc.tcp" or not url.hostname or port is None:
        raise ValueError(f"{endpoint!r}: expected opc.tcp://HOST:PORT")
    return url.hostname, port

NAMESPACE = "urn:habitat-panel:plant"  # the namespace of every node of ours
INTERCONNECT_STATES = ("open", "closed", "sealed")
ENUMS = {"InterconnectStateEnum": INTERCONNECT_STATES, "AlarmStateEnum": ALARM_STATES}

# UNECE code -> display symbol
UNITS = {"KPA": "kPa", "59": "ppm", "P1": "%", "KGM": "kg", "SEC": "s", "CEL": "°C",
         "KWT": "kW", "MTQ": "m³", "C62": "1", "CMT": "cm", "MMT": "mm"}


@dataclass(frozen=True)
class Field:
    name: str
    path: str
    kind: str  # Double | Int32 | Boolean | String | a name in ENUMS
    unit: str = ""  # UNECE code: an AnalogItemType with EngineeringUnits and EURange
    low: float = 0.0
    high: float = 0.0
    deadband: float = 0.0  # publish a number only when it moved by more than this


@dataclass(frozen=True)
class Method:
    """An OPC UA method sending command ``command``; the object it is called on fills
    ``target`` (e.g. interconnect=hab-3/hab-4), ``inputs`` (OPC UA name, argument) the
    rest. ``role`` is the least role that may call it."""

    name: str
    command: str
    target: str = ""
    inputs: tuple[tuple[str, str], ...] = ()
    role: str = "operator"
    description: str = ""
    result: str = "Reason"  # the name of the String output beside Accepted


@dataclass(frozen=True)
class ObjectType:
    name: str
    fields: tuple[Field, ...]
    methods: tuple[Method, ...] = ()
    base: ObjectType | None = None  # None: a subtype of BaseObjectType
    abstract: bool = False

    def all_fields(self) -> tuple[Field, ...]:
        """Its own fields and those it inherits."""
        return (*(self.base.all_fields() if self.base else ()), *self.fields)

    def all_methods(self) -> tuple[Method, ...]:
        return (*(self.base.all_methods() if self.base else ()), *self.methods)


def _analog(name: str, path: str, unit: str, low: float, high: float,
            deadband: float) -> Field:
    return Field(name, path, "Double", unit, low, high, deadband)


MODULE = ObjectType("ModuleType", (
    Field("Name", "name", "String"),
    _analog("VolumeM3", "volume_m3", "MTQ", 0, 2000, 0),
    _analog("PressureKpa", "reading.pressure_kpa", "KPA", 0, 120, 0.01),
    _analog("PpO2Kpa", "reading.ppo2_kpa", "KPA", 0, 60, 0.01),
    _analog("O2Pct", "reading.o2_pct", "P1", 0, 100, 0.01),
    _analog("Co2Ppm", "reading.co2_ppm", "59", 0, 50000, 1.0),
    _analog("TemperatureC", "reading.temperature_c", "CEL", -80, 60, 0.01),
    Field("CrewCount", "crew_count", "Int32"),
    _analog("O2ReserveKg", "o2_reserve_kg", "KGM", 0, 10000, 0.01),
    _analog("BreachTimeS", "breach_time_s", "SEC", 0, 1e7, 1.0),
    _analog("ReserveTimeS", "reserve_time_s", "SEC", 0, 1e9, 60.0),
    Field("O2Candles", "o2_candles", "Int32"),
    _analog("WaterKg", "water_kg", "KGM", 0, 1e6, 0.01),  # NaN: the module keeps none
    _analog("WaterTimeS", "water_time_s", "SEC", 0, 1e9, 60.0),
    Field("Masks", "masks", "Int32"),
    Field("O2Canisters", "o2_canisters", "Int32"),
    Field("Concentrators", "concentrators", "Int32"),
    # the simulation's truth (NaN from a plant that is not simulated)
    _analog("TruePressureKpa", "truth.pressure_kpa", "KPA", 0, 120, 0.01),
    _analog("TruePpO2Kpa", "truth.ppo2_kpa", "KPA", 0, 60, 0.01),
    _analog("TrueO2Pct", "truth.o2_pct", "P1", 0, 100, 0.01),
    _analog("TrueCo2Ppm", "truth.co2_ppm", "59", 0, 50000, 1.0),
    _analog("LeakHoleCm", "truth.leak_hole_cm", "CMT", 0, 100, 0.001),
    _analog("MinTruePpO2Kpa", "truth.min_ppo2_kpa", "KPA", 0, 60, 0.01),
    _analog("MaxTrueCo2Ppm", "truth.max_co2_ppm", "59", 0, 50000, 1.0),
    _analog("MinTruePressureKpa", "truth.min_pressure_kpa", "KPA", 0, 120, 0.01),
), (
    Method("Evacuate", "evacuate", "module", (("To", "to"),),
           description="move everyone in the module to the module To"),
    Method("SwitchGenerator", "switch_generator", "module", (("To", "to"),),
           description="select the primary or backup O2 generator (To: primary | backup)"),
    Method("Inspect", "inspect", "module", description="inspect the module's components"),
))

INTERCONNECT = ObjectType("InterconnectType", (
    Field("ModuleA", "between.0", "String"),
    Field("ModuleB", "between.1", "String"),
    Field("Kind", "kind", "String"),
    Field("State", "state", "InterconnectStateEnum"),
    Field("LockedFor", "locked_for", "String"),
    _analog("TrueCrackMm", "crack_mm", "MMT", 0, 100, 0.001),  # simulated plants only
    Field("PevOpen", "pev_open", "Boolean"),
    _analog("EqualiseS", "equalise_s", "SEC", 0, 1e7, 1.0),
    _analog("OpenLimitKpa", "open_limit_kpa", "KPA", 0, 120, 0.01),
), (*(Method(verb.capitalize(), verb, "interconnect", description=f"{verb} the hatch")
      for verb in ("open", "close", "seal", "unseal")),
    *(Method(f"{verb.capitalize()}Equalisation", f"{verb}_equalisation", "interconnect",
             description=f"{verb} the hatch's pressure equalisation valve")
      for verb in ("open", "close"))))

_FORCE = (Method("Override", "override", "unit", (("State", "state"),),
                 description="force it (on | off; a relay: primary | backup) until released"),
          Method("Release", "release_override", "unit",
                 description="hand it back to automation"))

EQUIPMENT = ObjectType("EquipmentType", (
    Field("Module", "module", "String"),
    Field("Kind", "kind", "String"),
    Field("Role", "role", "String"),
    Field("State", "state", "String"),
    Field("Forced", "override", "String"),
    Field("Powered", "powered", "Boolean"),
    _analog("Condition", "condition", "C62", 0, 1, 0.001),
    Field("WorstPart", "worst_part", "String"),
    _analog("PowerKw", "power_kw", "KWT", 0, 100, 0.001),
    Field("LockedFor", "locked_for", "String"),
), _FORCE, abstract=True)

O2_GENERATOR = ObjectType("O2GeneratorType", (
    _analog("SettingPct", "setting_pct", "P1", 0, 100, 0),), base=EQUIPMENT)
SCRUBBER = ObjectType("ScrubberType", (), base=EQUIPMENT)
PRESSURE_CONTROL = ObjectType("PressureControlType", (
    _analog("N2TankKg", "n2_tank_kg", "KGM", 0, 10000, 0.01),
    _analog("O2TankKg", "o2_tank_kg", "KGM", 0, 10000, 0.01),
), base=EQUIPMENT)
UNIT_TYPES = {"o2_generator": O2_GENERATOR, "co2_scrubber": SCRUBBER,
              "pressure_control": PRESSURE_CONTROL}

RELAY = ObjectType("RelayType", (
    Field("Module", "module", "String"),
    Field("Position", "position", "String"),
    Field("Fused", "fused", "Boolean"),
    Field("Forced", "override", "String"),
    Field("State", "state", "String"),
    Field("LockedFor", "locked_for", "String"),
), _FORCE)

CREW_MEMBER = ObjectType("CrewMemberType", (
    Field("Module", "module", "String"),
    Field("Activity", "activity", "String"),
    Field("MovingTo", "moving_to", "String"),
    _analog("ArriveAtS", "arrive_at_s", "SEC", 0, 1e9, 0),
    _analog("SpO2Pct", "spo2_pct", "P1", 0, 100, 0.01),
    _analog("MinSpO2Pct", "min_spo2_pct", "P1", 0, 100, 0.01),
    _analog("HypoxiaS", "hypoxia_s", "SEC", 0, 1e9, 1.0),
    Field("Condition", "condition", "String"),
    _analog("MaskO2Pct", "mask_o2_pct", "P1", 0, 100, 0.01),  # NaN: not on a mask
    Field("OnConcentrator", "on_concentrator", "Boolean"),
), (
    Method("DonMask", "don_mask", "person",
           description="put the person on an O2 mask from their module's locker"),
    Method("DoffMask", "doff_mask", "person", description="take the person off the mask"),
    Method("StartConcentrator", "start_concentrator", "person",
           description="put the person on a portable O2 concentrator from the locker"),
    Method("StopConcentrator", "stop_concentrator", "person",
           description="take the person off the concentrator"),
))

ALARM = ObjectType("AlarmType", (
    Field("Message", "message", "String"),
    Field("Text", "text", "String"),
    Field("State", "state", "AlarmStateEnum"),
    Field("Priority", "priority", "String"),
    Field("PriorityNumber", "number", "Int32"),
    Field("Active", "active", "Boolean"),
    Field("Acked", "acked", "Boolean"),
    Field("Shelved", "shelved", "Boolean"),
    Field("Value", "value", "Double", deadband=0.01),
    Field("Unit", "unit", "String"),
    Field("Limit", "limit", "Double"),
    Field("Target", "target", "String"),
    Field("Module", "module", "String"),
    Field("Quantity", "quantity", "String"),
    Field("Word", "word", "String"),
    Field("RaisedS", "raised_s", "Double"),
    Field("AcknowledgedS", "acknowledged_s", "Double"),
    Field("ShelvedUntilS", "shelved_until_s", "Double"),
    Field("Cause", "cause", "String"),
    Field("Consequence", "consequence", "String"),
    Field("Action", "action", "String"),
    Field("Note", "note", "String"),  # why it was shelved or taken out of service
    Field("MaxShelveMin", "max_shelve_min", "Double"),  # the longest shelf allowed
), (
    Method("Acknowledge", "acknowledge", "alarm", description="acknowledge the alarm"),
    Method("Shelve", "shelve", "alarm", (("Minutes", "minutes"), ("Reason", "reason")),
           description="shelve the alarm for Minutes, saying why"),
    Method("Unshelve", "unshelve", "alarm", description="return a shelved alarm"),
    Method("RemoveFromService", "out_of_service", "alarm", (("Reason", "reason"),),
           role="instructor", description="take the alarm out of service, saying why"),
    Method("ReturnToService", "return_to_service", "alarm", role="instructor",
           description="return the alarm to service"),
))

TYPES = (MODULE, INTERCONNECT, EQUIPMENT, O2_GENERATOR, SCRUBBER, PRESSURE_CONTROL, RELAY,
         CREW_MEMBER, ALARM)

# Commands that act on no single object: on the Plant object.
PLANT_METHODS: tuple[Method, ...] = (
    Method("Repair", "repair", "", (("Component", "component"), ("Person", "person")),
           description="repair Component (a part, a unit, a seal) by Person"),
    Method("CancelRepair", "cancel_repair", "", (("Component", "component"),),
           description="cancel the repair of Component"),
    Method("SignStep", "sign_step", "", (("Procedure", "procedure"), ("Step", "step"),
                                         ("Outcome", "outcome"), ("Note", "note")),
           description="sign off Step of Procedure (in Plant.Procedures) with Outcome; "
                       "a skip needs a Note"),
)

MAX_SPEED = protocol.MAX_SPEED  # simulated seconds per wall second, at most

# The clock, for the instructor, on the Plant object of a source whose clock the server
# drives (not plant commands: they reach the source's ClockControl, not its command path).
CLOCK_METHODS = (
    Method("Pause", "pause", role="instructor", description="pause the simulation"),
    Method("Resume", "resume", role="instructor", description="resume the simulation"),
    Method("SetSpeed", "set_speed", "", (("Speed", "speed"),), role="instructor",
           description="simulated seconds per wall second (Speed: a number, 0 < Speed <= "
                       "1000)"),
)

# The dry run and the confirmation text of any command, in its text form
# ("seal interconnect=hab-3/hab-4"), for a station to offer only what would be accepted.
CHECK = Method("Check", "check", "", (("Command", "command"),), role="observer",
               description="whether the command would be accepted now, and if not why "
                           "(changes nothing)")
HAZARD = Method("Hazard", "hazard", "", (("Command", "command"),), role="observer",
                description="what a confirmation of the command must say (Reason; \"\" "
                            "when it needs none)")

# The plant's events from a number on (the station's log, also what it missed), as JSON.
EVENTS_SINCE = Method("EventsSince", "events_since", "", (("Index", "index"),),
                      role="observer", result="Events",
                      description="the plant's events from number Index (0: the first) on, at "
                                  "most 1000, as a JSON list of {t_s, kind, source, message, "
                                  "data}")

# The control token (one station commands at a time), on the Plant object: its holder as
# the variables ControlUser and ControlStation ("" when free), and the methods to ask for
# it, hand it back and take it over (not plant commands: the server keeps the token).
CONTROL_METHODS = (
    Method("RequestControl", "request_control", "", (("Station", "station"),),
           description="take control for this session at the station named Station, when "
                       "no other station holds it (or this user's same station did)"),
    Method("ReleaseControl", "release_control",
           description="hand control back: another station may then request it"),
    Method("TakeControl", "take_control", "", (("Station", "station"),), role="instructor",
           description="take control from the station holding it (Station: this one's "
                       "name)"),
)
CONTROL_VARIABLES = ("ControlUser", "ControlStation")

# The instructor's drill, on the Plant object of a source that declares it (Drill): faults
# injected and scenarios started, neither gated by the control token (the instructor sets
# the drill while a trainee holds control). Beside them the variables FaultChoices and
# ScenarioChoices (JSON lists of the contract's FaultChoice and ScenarioChoice), Run (one
# more at each scenario started: the plant's events count again from the new run's first)
# and Scenario (the running scenario's name, "" on a normal day).
DRILL_METHODS = (
    Method("InjectFault", "inject_fault", "", (("Fault", "fault"), ("Target", "target"),
                                               ("Parameters", "parameters")),
           role="instructor",
           description="inject the fault Fault (one of Plant.FaultChoices) on Target now; "
                       "Parameters: name=value pairs separated by spaces (\"\" for none)"),
    Method("StartScenario", "start_scenario", "", (("Scenario", "scenario"),),
           role="instructor",
           description="start the scenario Scenario (a name in Plant.ScenarioChoices) "
                       "afresh: a new run"),
)
DRILL_VARIABLES = (("FaultChoices", "String"), ("ScenarioChoices", "String"),
                   ("Run", "UInt32"))

# A training run's objectives live and its debrief, on the Plant object of a source that
# declares Training: the variable Training (JSON of its Progress, "" when the run is no
# training run) and the method Debrief.
DEBRIEF = Method("Debrief", "debrief", role="observer", result="Debrief",
                 description="the debrief of the training run as if it ended now, as JSON")
TRAINING_VARIABLES = (("Training", "String"),)
