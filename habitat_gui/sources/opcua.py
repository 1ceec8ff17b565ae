"""A plant served over OPC UA (``habitat-sim serve``) as a plant source.

The link runs on a thread of its own (:mod:`.link.client`); the station's thread never
waits on the network but for a command: ``snapshot()`` and the alarms are assembled from
the latest values received, ``check``, ``hazard`` and ``submit`` call the server's methods
and wait at most :data:`CALL_TIMEOUT_S`. While the link is down the snapshot says so
(``Snapshot.link``), a link alarm stands in the alarm list and every command is refused
with the time the link was lost; a submit carries a command id, so a call repeated after
a drop is carried out once. The server's control token is this source's
:class:`ControlToken`: the station, by its name, asks for it, hands it back or takes it over
with commands like any other. The optional capabilities are declared only when the server
offers them and this user may use them (:func:`station_class`): :class:`OpcUaClockSource`
the clock and :class:`OpcUaDrillSource` the drill for an instructor on a server that drives
a simulation, :class:`OpcUaTrainingSource` a training run's objectives and debrief.
"""

from __future__ import annotations

import functools
import json
import logging
import socket
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar, cast

from asyncua.ua.uaerrors import UaError, UaStatusCodeError

from ..contract.alarms import ACKNOWLEDGED, UNACKNOWLEDGED, AlarmHealth, AlarmLimit, \
    AlarmState
from ..contract.commands import Command
from ..contract.drill import FaultChoice, ScenarioChoice, fault_choice_from_dict, probe, \
    scenario_choice_from_dict
from ..contract.evacuation import EvacuationOption
from ..contract.events import CommandRecord, Event
from ..contract.state import Snapshot
from ..core.operations.evacuation import evacuation_options
from ..core.plant.habitat import Habitat, parse_habitat
from ..core.procedures.definition import Procedure
from ..core.procedures.loader import Colony, library_of
from ..core.specfile import SpecError, TomlDocument
from ..core.training.results import Debrief, Progress, debrief_from_dict, progress_from_dict
from .link import assemble
from .link.client import CLOCK, DRILL, TRAINING, Link, LinkDown, Login, Plant
from .link.history import EMPTY, history_names, on_plant_time
from .link.schema import CONTROL_METHODS, DRILL_METHODS, PLANT_METHODS, TYPES, Method
from .link.trust import LinkRefused
from .protocol import MAX_SPEED, ControlHolder, Operator, RecordedHistory

log = logging.getLogger(__name__)
T = TypeVar("T")

CALL_TIMEOUT_S = 10.0  # the longest a command waits for the server's answer
CONNECT_TIMEOUT_S = 30.0
HISTORY_TIMEOUT_S = 30.0  # the longest the server's history may take to read at connect
DAY_S = 86400.0
LINK_ALARM = "plant-link"
FOLDER = {"ModuleType": "Modules", "InterconnectType": "Interconnects",
          "EquipmentType": "Equipment", "RelayType": "Relays", "AlarmType": "Alarms"}

__all__ = ["LinkRefused", "OpcUaClockSource", "OpcUaDrillSource", "OpcUaSource",
           "OpcUaTrainingSource", "connect", "station_class"]


def connect(url: str, user: str, password: str, pki: Path,
            wall: Callable[[], float] = time.time, station: str | None = None) -> OpcUaSource:
    """The plant at ``url``, logged in as ``user`` at ``station`` (default: this host's
    name), declaring what the server offers and ``user`` may do: the clock when the server
    drives a simulation's clock and the drill when it runs one, both for an instructor; the
    training run for anyone. LinkRefused with one line when it cannot be reached or
    refuses."""
    link = Link(Login(url, user, password, pki, station or socket.gethostname()), wall)
    link.wait_connected(CONNECT_TIMEOUT_S)
    try:
        habitat = parse_habitat(TomlDocument(link.plant.habitat_text, f"{url} (habitat)"))
    except SpecError as exc:
        link.close()
        raise LinkRefused(f"the server's habitat: {exc}") from None
    procedures = served_procedures(link.plant.procedure_texts, habitat, url)
    source = OpcUaSource(link, habitat, user, procedures)
    offered = link.plant.plant_methods
    chosen = station_class(clock=offered >= CLOCK and _may_drive_clock(source),
                           drill=offered >= DRILL and _may_drill(source),
                           training=offered >= TRAINING)
    if chosen is not OpcUaSource:
        source = chosen(link, habitat, user, procedures)
    source.load_history()
    return source


def _may_drive_clock(source: OpcUaSource) -> bool:
    """Whether the server accepts this user's SetSpeed: asked with the speed it runs at."""
    with source.link.lock:
        speed = float(source.link.plant.values.get("Plant.Speed", 1.0))
    return source.call("Plant", "SetSpeed", f"{speed:g}")[0]


def _may_drill(source: OpcUaSource) -> bool:
    """Whether the server would accept this user's inject_fault: the dry run (it changes
    nothing) of a valid one."""
    command = probe(source.published("FaultChoices", _FAULT_CHOICES, ()))
    return command is not None and source.check(command, Operator(source.user)) is None


def _tuple_of(parse: Callable[[dict[str, Any]], T], data: object) -> tuple[T, ...]:
    if not isinstance(data, list):
        raise ValueError(f"expected a JSON list, not {type(data).__name__}")
    return tuple(parse(item) for item in data)


_FAULT_CHOICES = functools.partial(_tuple_of, fault_choice_from_dict)
_SCENARIO_CHOICES = functools.partial(_tuple_of, scenario_choice_from_dict)


def _parsed(what: str, text: str, parse: Callable[[Any], T], empty: T) -> T:
    """The JSON ``text`` (the server's ``what``) by ``parse``; ``empty`` when ``text`` is ""
    and, with one line logged, when it is not what was expected."""
    try:
        return parse(json.loads(text)) if text else empty
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("the server's %s is not offered: %s: %s", what, type(exc).__name__, exc)
        return empty


def served_procedures(texts: str, habitat: Habitat, url: str) -> dict[str, Procedure]:
    """The procedure files a server publishes (Plant.Procedures), validated like local
    ones; none, with the reason logged, when they are not valid."""
    try:
        files = json.loads(texts)
        if not isinstance(files, dict) or not all(isinstance(t, str) for t in files.values()):
            raise ValueError("expected a JSON object of file names to texts")
        return library_of([TomlDocument(text, f"{url}/{Path(name).name}")
                           for name, text in sorted(files.items())], Colony.of(habitat))
    except (ValueError, SpecError) as exc:
        log.warning("the server's procedures are not offered: %s", exc)
        return {}


class OpcUaSource:
    """A remote plant: published state in, commands out, over one OPC UA session."""

    def __init__(self, link: Link, habitat: Habitat, user: str,
                 procedures: dict[str, Procedure] | None = None) -> None:
        self.link = link
        self.habitat = habitat
        self.user = user
        self._procedures = procedures or {}
        self._link_acked = False
        self._checks: dict[str, str | None] = {}  # this moment's dry runs, by command
        self._asked: set[str] = set()  # the commands the panel asked of this moment
        self._checked_at: tuple[float, int, int, str, str] | None = None
        self._published: dict[str, tuple[str, Any]] = {}  # by variable: (text, parsed)
        self._recorded = EMPTY  # the server's history, read once at connect
        self._recorded_run = 0  # the run it is of

    # ------------------------------------------------------------------ history
    def load_history(self, timeout_s: float = HISTORY_TIMEOUT_S) -> None:
        """Read the server's history of the last day (once, as the station connects):
        what :meth:`recorded_history` hands the trends; none, logged, when it cannot."""
        ids = tuple(m.id for m in self.snapshot().modules)
        try:
            series = self.link.run(self.link.history(history_names(ids), DAY_S), timeout_s)
        except (TimeoutError, ConnectionError, UaError) as exc:
            log.warning("the server's history is not shown: %s", exc or type(exc).__name__)
            return
        self._recorded, self._recorded_run = on_plant_time(series, len(ids)), self.run

    @property
    def run(self) -> int:
        """The plant's run (``Plant.run``: the server's Plant.Run and its restarts): every
        station follows a new run, not only the instructor's."""
        with self.link.lock:
            return self.link.plant.run()

    def recorded_history(self, span_s: float) -> RecordedHistory:
        """The server's history read at connect, of the last ``span_s`` up to now; none
        once the plant is on another run (the instructor started a scenario, or the server
        was started again)."""
        if self.run != self._recorded_run:
            return EMPTY
        recorded, now = self._recorded, self.snapshot().t_s
        keep = (recorded.t_s >= now - span_s) & (recorded.t_s <= now)
        return RecordedHistory(recorded.t_s[keep],
                               {q: v[keep] for q, v in recorded.values.items()})

    # ------------------------------------------------------------------ state
    def snapshot(self) -> Snapshot:
        with self.link.lock:
            return assemble.snapshot(self.link.plant.values, self.link.plant.objects,
                                     self.link.state)

    def alarms(self) -> tuple[AlarmState, ...]:
        with self.link.lock:
            plant = self.link.plant
            alarms = assemble.alarms(plant.values, plant.objects.get("Alarms", ()))
            t_s = float(plant.values.get("Plant.SimulationTimeS", 0.0))
        if self.link.state.connected:
            self._link_acked = False
            return alarms
        return (self._link_alarm(t_s), *alarms)

    def _link_alarm(self, t_s: float) -> AlarmState:
        return AlarmState(
            LINK_ALARM, f"COMM LOSS: {self.refusal()}", "high",
            ACKNOWLEDGED if self._link_acked else UNACKNOWLEDGED, True, None, "", None,
            "plant link", "", t_s, t_s if self._link_acked else None, None,
            self.link.state.reason, "every value shown is the last received (stale); no "
            "command reaches the plant", "check the network and the plant server; the "
            "station reconnects by itself", "link", "LOST")

    def alarm_health(self) -> AlarmHealth:
        with self.link.lock:
            values = self.link.plant.values
            figures = json.loads(values.get("Plant.AlarmHealth") or "{}")
            t_s = float(values.get("Plant.SimulationTimeS", 0.0))
        if not figures:
            return AlarmHealth(t_s, 0, False, 0.0, 0, 0, 0, 0, 0, 0, 0, 0, (0.0, 0.0, 0.0))
        return AlarmHealth(t_s=t_s, **{**figures, "share_pct": tuple(figures["share_pct"])})

    def alarm_limits(self) -> tuple[AlarmLimit, ...]:
        with self.link.lock:
            text = self.link.plant.values.get("Plant.AlarmLimits") or "[]"
        return tuple(AlarmLimit(**limit) for limit in json.loads(text))

    def events_since(self, index: int) -> list[Event]:
        with self.link.lock:
            return self.link.plant.events[index:]

    def evacuation_options(self, module_id: str,
                           operator: Operator) -> tuple[EvacuationOption, ...]:
        """The core's ranking over what the server published, each option checked by the
        server's dry run."""
        return evacuation_options(self.snapshot(), self.alarms(), self.alarm_limits(),
                                  module_id, lambda command: self.check(command, operator))

    def procedures(self) -> dict[str, Procedure]:
        """The procedures the server publishes, read against its habitat at connection."""
        return self._procedures

    def published(self, name: str, parse: Callable[[Any], T], empty: T) -> T:
        """The JSON variable Plant.``name`` by ``parse`` (see :func:`_parsed`), parsed again
        only when its text changes."""
        with self.link.lock:
            text = str(self.link.plant.values.get(f"Plant.{name}") or "")
        kept = self._published.get(name)
        if kept is None or kept[0] != text:
            kept = self._published[name] = (text, _parsed(f"Plant.{name}", text, parse, empty))
        return cast(T, kept[1])

    # ------------------------------------------------------------------ control
    @property
    def station(self) -> str:
        return self.link.login.station

    def control_holder(self) -> ControlHolder | None:
        with self.link.lock:
            values = self.link.plant.values
            user = str(values.get("Plant.ControlUser") or "")
            station = str(values.get("Plant.ControlStation") or "")
        return ControlHolder(user, station) if user else None

    def holds_control(self) -> bool:
        return self.control_holder() == ControlHolder(self.user, self.station)

    # ------------------------------------------------------------------ commands
    def refusal(self) -> str:
        """Why nothing reaches the plant now: the time the link was lost."""
        since = datetime.fromtimestamp(self.link.state.since_s).strftime("%H:%M:%S")
        return f"no link to the plant since {since}"

    def call(self, name: str, method: str, *args: str) -> tuple[bool, str]:
        """A method of the server, waited for at most CALL_TIMEOUT_S; (False, why) when
        the link is down, the server answers with a fault, or the answer does not come (a
        call sent may then have been carried out: the reason says so)."""
        if not self.link.state.connected:
            return False, self.refusal()
        try:
            return self.link.run(self.link.call(name, method, *args), CALL_TIMEOUT_S)
        except LinkDown:  # nothing was sent
            return False, self.refusal()
        except UaStatusCodeError as exc:  # the server's answer: nothing carried out
            return False, f"the plant refused the call: {exc}"
        except Exception as exc:  # sent, then the link lost or silent before the answer
            log.warning("%s.%s unanswered: %r", name, method, exc)
            why = f"no answer from the plant within {CALL_TIMEOUT_S:g} s" \
                if isinstance(exc, TimeoutError) else "the link was lost before the plant answered"
            return False, f"{why}: the command may or may not have been carried out (see " \
                          "the event log once the link is back)"

    def check(self, command: Command, operator: Operator) -> str | None:
        """The server's dry run, asked once per command for each moment of the plant (the
        panel asks for every button on every tick): a new simulated time, a new event, a
        new run, a new holder of control or a command sent asks again."""
        with self.link.lock:
            values = self.link.plant.values
            moment = (float(values.get("Plant.SimulationTimeS", 0.0)),
                      int(values.get("Plant.EventCount", 0)),
                      self.link.plant.run(),
                      str(values.get("Plant.ControlUser", "")),
                      str(values.get("Plant.ControlStation", "")))
        if moment != self._checked_at or not self.link.state.connected:
            again = sorted(self._asked) if self.link.state.connected else []
            self._checks, self._checked_at, self._asked = {}, moment, set()
            self._checks.update(self._check_all(again))
        text = command.text()
        self._asked.add(text)
        if text not in self._checks:
            accepted, reason = self.call("Plant", "Check", text)
            if not accepted and not self.link.state.connected:
                return reason  # not kept: the link's refusal, not the plant's
            self._checks[text] = None if accepted else reason
        return self._checks[text]

    def _check_all(self, texts: list[str]) -> dict[str, str | None]:
        """The dry runs of ``texts`` for a new moment, sent together (one round trip for
        all, not one each); none when any fails (each is then asked on its own)."""
        if not texts:
            return {}
        try:
            answers = self.link.run(self.link.call_all("Plant", "Check", texts),
                                    CALL_TIMEOUT_S)
        except Exception as exc:
            log.info("dry runs sent together: %r; asked one by one", exc)
            return {}
        return {text: None if accepted else reason
                for text, (accepted, reason) in zip(texts, answers)}

    def hazard(self, command: Command) -> str | None:
        accepted, reason = self.call("Plant", "Hazard", command.text())
        return reason if accepted and reason else None

    def submit(self, command: Command, operator: Operator,
               command_id: str | None = None) -> CommandRecord:
        """Send ``command`` under a new command id (``command_id``: the one to send again);
        the record of the server's answer (who: the logged-in user, as the plant's audit
        names it)."""
        if command.name == "acknowledge" and command.arguments.get("alarm") == LINK_ALARM:
            self._link_acked = True
            return self._record(command, True, "link alarm acknowledged at this station")
        target = route(command, self.link.plant)
        if isinstance(target, str):
            return self._record(command, False, target)
        name, method, args = target
        self._checked_at = None  # what would be accepted may change now
        accepted, reason = self.call(name, method, *args, command_id or str(uuid.uuid4()))
        if accepted and command.name in _CONTROL:
            self._controlled(command.name != "release_control")
        return self._record(command, accepted, reason)

    def _controlled(self, held: bool) -> None:
        """The server's answer to this station's control command, kept at once (the
        subscription confirms it): what it shows, and what a reconnection asks again."""
        with self.link.lock:
            self.link.plant.values.update({"Plant.ControlUser": self.user if held else "",
                                           "Plant.ControlStation": self.station if held
                                           else ""})

    def _record(self, command: Command, accepted: bool, reason: str) -> CommandRecord:
        return CommandRecord(0, self.user, "", self.snapshot().t_s, time.time(),
                             command.name, command.arguments,
                             "accepted" if accepted else "rejected", reason)

    def close(self) -> None:
        self.link.close()


class OpcUaClockSource(OpcUaSource):
    """A remote simulation whose clock this station's user (an instructor) may drive: the
    server runs it; the station's ticks advance nothing themselves."""

    @property
    def speed(self) -> float:
        with self.link.lock:
            return float(self.link.plant.values.get("Plant.Speed", 1.0))

    def set_speed(self, speed: float) -> None:
        self.call("Plant", "SetSpeed", f"{min(speed, MAX_SPEED) or MAX_SPEED:g}")

    @property
    def paused(self) -> bool:
        with self.link.lock:
            return bool(self.link.plant.values.get("Plant.Paused", False))

    def set_paused(self, paused: bool) -> None:
        self.call("Plant", "Pause" if paused else "Resume")

    def step_once(self) -> None:
        """The server offers no single step."""

    def catch_up(self, wall_elapsed_s: float, budget_s: float) -> float:
        return 0.0

    def fast_forward(self, to_t_s: float, budget_s: float) -> float:
        return 0.0


class OpcUaDrillSource(OpcUaSource):
    """A remote simulation on which this station's user (an instructor) runs the drill: the
    server's faults and scenarios; ``inject_fault`` is a command like any other (``check``
    and ``submit`` call the Plant's Check and InjectFault)."""

    def fault_choices(self) -> tuple[FaultChoice, ...]:
        return self.published("FaultChoices", _FAULT_CHOICES, ())

    def scenario_choices(self) -> tuple[ScenarioChoice, ...]:
        return self.published("ScenarioChoices", _SCENARIO_CHOICES, ())

    def start_scenario(self, name: str, operator: Operator) -> str | None:
        """StartScenario under a new command id (the server logs the logged-in user); the
        new run reaches this station by the subscription (``run``, the events anew)."""
        self._checked_at = None
        accepted, reason = self.call("Plant", "StartScenario", name, str(uuid.uuid4()))
        return None if accepted else reason


class OpcUaTrainingSource(OpcUaSource):
    """A remote training run: its objectives live (Plant.Training) and its debrief (the
    server's Debrief, made when asked)."""

    def training(self) -> Progress | None:
        return self.published("Training", progress_from_dict, None)

    def debrief(self) -> Debrief | None:
        """The server's debrief of the run as it stands; None when the run is no training
        run or the link is down."""
        accepted, text = self.call("Plant", "Debrief")
        return _parsed("Debrief", text, debrief_from_dict, None) if accepted else None

    def debriefer(self) -> Callable[[], Debrief | None]:
        """:meth:`debrief`, asked of the server when called: on any thread but the link's
        own (the call is handed to the link's loop and waited for)."""
        return self.debrief


@functools.cache
def station_class(clock: bool, drill: bool, training: bool) -> type[OpcUaSource]:
    """The source class declaring the clock, the drill and the training run as asked:
    :class:`OpcUaSource`, one of :class:`OpcUaClockSource`, :class:`OpcUaDrillSource` and
    :class:`OpcUaTrainingSource`, or a class of those asked (``OpcUaClockDrillSource``...),
    made once."""
    chosen = [(word, cls) for word, cls, offered in (("Clock", OpcUaClockSource, clock),
                                                     ("Drill", OpcUaDrillSource, drill),
                                                     ("Training", OpcUaTrainingSource,
                                                      training)) if offered]
    if len(chosen) < 2:
        return chosen[0][1] if chosen else OpcUaSource
    name = f"OpcUa{''.join(word for word, _ in chosen)}Source"
    return cast(type[OpcUaSource], type(name, tuple(cls for _, cls in chosen), {}))


_CONTROL = {m.command for m in CONTROL_METHODS}
_METHODS: dict[str, tuple[str, Method]] = {
    **{m.command: (FOLDER.get((t.base or t).name, ""), m) for t in TYPES
       for m in t.all_methods()},
    **{m.command: ("", m) for m in (*PLANT_METHODS, *CONTROL_METHODS, *DRILL_METHODS)
       if m.command != "start_scenario"}}  # Drill.start_scenario, no command


def route(command: Command, plant: Plant) -> tuple[str, str, list[str]] | str:
    """The object, method and arguments that carry ``command`` out on the server, or why
    the server offers no way to (a Plant's method it has not: a drill on a plain plant)."""
    folder, method = _METHODS.get(command.name, ("", None))
    if method is None or not (method.target or method.name in plant.plant_methods):
        return f"the plant server offers no {command.name!r} command"
    objects = plant.objects
    args = command.arguments
    name = "Plant"
    if method.target:
        ident = args.pop(method.target, "")
        folders = ("Equipment", "Relays") if folder in ("Equipment", "Relays") else (folder,)
        name = next((f"{f}.{ident}" for f in folders if ident in objects.get(f, ())), "")
        if not name:
            return f"the plant has no {method.target} {ident!r}"
    values = [args.pop(arg, "") for _, arg in method.inputs]
    if args:
        return f"{command.name} takes no {', '.join(sorted(args))}"
    return name, method.name, values
