"""A plant served over OPC UA (``habitat-sim serve``) as a plant source.

The link runs on a thread of its own (:mod:`.link.client`); the station's thread never
waits on the network but for a command: ``snapshot()`` and the alarms are assembled from
the latest values received, ``check``, ``hazard`` and ``submit`` call the server's methods
and wait at most :data:`CALL_TIMEOUT_S`. While the link is down the snapshot says so
(``Snapshot.link``), a link alarm stands in the alarm list and every command is refused
with the time the link was lost; a submit carries a command id, so a call repeated after
a drop is carried out once. The server's control token is this source's
:class:`ControlToken`: the station, by its name, asks for it, hands it back or takes it over
with commands like any other. :class:`OpcUaClockSource` adds the clock for an instructor
on a server that drives a simulation.
"""

from __future__ import annotations

import json
import logging
import socket
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from asyncua.ua.uaerrors import UaError

from ..contract.alarms import ACKNOWLEDGED, UNACKNOWLEDGED, AlarmHealth, AlarmLimit, \
    AlarmState
from ..contract.commands import Command
from ..contract.evacuation import EvacuationOption
from ..contract.events import CommandRecord, Event
from ..contract.state import Snapshot
from ..core.operations.evacuation import evacuation_options
from ..core.plant.habitat import Habitat, parse_habitat
from ..core.procedures.definition import Procedure
from ..core.procedures.loader import Colony, library_of
from ..core.specfile import SpecError, TomlDocument
from .link import assemble
from .link.client import CLOCK, Link, Login
from .link.history import EMPTY, history_names, on_plant_time
from .link.schema import CONTROL_METHODS, PLANT_METHODS, TYPES, Method
from .link.trust import LinkRefused
from .protocol import MAX_SPEED, ControlHolder, Operator, RecordedHistory

log = logging.getLogger(__name__)

CALL_TIMEOUT_S = 10.0  # the longest a command waits for the server's answer
CONNECT_TIMEOUT_S = 30.0
HISTORY_TIMEOUT_S = 30.0  # the longest the server's history may take to read at connect
DAY_S = 86400.0
LINK_ALARM = "plant-link"
FOLDER = {"ModuleType": "Modules", "InterconnectType": "Interconnects",
          "EquipmentType": "Equipment", "RelayType": "Relays", "AlarmType": "Alarms"}

__all__ = ["LinkRefused", "OpcUaClockSource", "OpcUaSource", "connect"]


def connect(url: str, user: str, password: str, pki: Path,
            wall: Callable[[], float] = time.time, station: str | None = None) -> OpcUaSource:
    """The plant at ``url``, logged in as ``user`` at ``station`` (default: this host's
    name); an :class:`OpcUaClockSource` when the server drives a simulation's clock and
    ``user`` may (an instructor). LinkRefused with one line when it cannot be reached or
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
    speed = float(link.plant.values.get("Plant.Speed", 1.0))  # asked again: allowed?
    if link.plant.plant_methods >= CLOCK and source.call("Plant", "SetSpeed", f"{speed:g}")[0]:
        source = OpcUaClockSource(link, habitat, user, procedures)
    source.load_history()
    return source


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
        self._checked_at: tuple[float, int, str, str] | None = None
        self._recorded = EMPTY  # the server's history, read once at connect

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
        self._recorded = on_plant_time(series, len(ids))

    def recorded_history(self, span_s: float) -> RecordedHistory:
        """The server's history read at connect, of the last ``span_s`` up to now."""
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
        the link is down or the answer does not come."""
        if not self.link.state.connected:
            return False, self.refusal()
        try:
            return self.link.run(self.link.call(name, method, *args), CALL_TIMEOUT_S)
        except TimeoutError:
            return False, f"no answer from the plant within {CALL_TIMEOUT_S:g} s (the " \
                          "command may or may not have been carried out: see the log)"
        except Exception as exc:  # the link dropped during the call
            return False, f"{self.refusal()}: {exc}" if not self.link.state.connected \
                else f"the call failed: {exc}"

    def check(self, command: Command, operator: Operator) -> str | None:
        """The server's dry run, asked once per command for each moment of the plant (the
        panel asks for every button on every tick): a new simulated time, a new event, a
        new holder of control or a command sent asks again."""
        with self.link.lock:
            values = self.link.plant.values
            moment = (float(values.get("Plant.SimulationTimeS", 0.0)),
                      int(values.get("Plant.EventCount", 0)),
                      str(values.get("Plant.ControlUser", "")),
                      str(values.get("Plant.ControlStation", "")))
        if moment != self._checked_at or not self.link.state.connected:
            self._checks, self._checked_at = {}, moment
        text = command.text()
        if text not in self._checks:
            accepted, reason = self.call("Plant", "Check", text)
            if not accepted and not self.link.state.connected:
                return reason  # not kept: the link's refusal, not the plant's
            self._checks[text] = None if accepted else reason
        return self._checks[text]

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
        target = route(command, self.link.plant.objects)
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


_CONTROL = {m.command for m in CONTROL_METHODS}
_METHODS: dict[str, tuple[str, Method]] = {
    **{m.command: (FOLDER.get((t.base or t).name, ""), m) for t in TYPES
       for m in t.all_methods()},
    **{m.command: ("", m) for m in (*PLANT_METHODS, *CONTROL_METHODS)}}


def route(command: Command, objects: dict[str, tuple[str, ...]]) -> tuple[str, str,
                                                                         list[str]] | str:
    """The object, method and arguments that carry ``command`` out on the server, or why
    the server offers no way to."""
    found = _METHODS.get(command.name)
    if found is None:
        return f"the plant server offers no {command.name!r} command"
    folder, method = found
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
