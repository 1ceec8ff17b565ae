"""Which operator commands apply to a module, an interconnect or a unit, and running them.

One list feeds the schematic's context menus, the faceplate buttons and the Commands
menu, so every place offers the same commands and every one goes through the station.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtWidgets import QMenu

from ..core.operations.commands import (Close, Command, Evacuate, Open, Override, ReleaseOverride, Seal, SwitchGenerator, Unseal)
from ..core.plant.snapshot import RelayState, Snapshot
from .station import Station


@dataclass(frozen=True)
class Choice:
    """One offered command: its label, whether it applies now, and how to build it."""

    label: str
    make: Callable[[Station], Command | None]
    enabled: bool = True
    key: str = ""          # stable name for tests and object names
    blocked: str = ""      # why it is refused now (a lock-out): shown, and the choice is off

    @property
    def offered(self) -> bool:
        return self.enabled and not self.blocked


def _locked(locked_for: str) -> str:
    return f"locked out: {locked_for} under repair" if locked_for else ""


def run(station: Station, choice: Choice, origin: str) -> None:
    command = choice.make(station)
    if command is not None:
        station.issue(command, origin)


def interconnect_choices(snap: Snapshot, link_id: str) -> list[Choice]:
    link = snap.interconnect(link_id)
    s = link.state
    return [
        Choice("Open", lambda st: Open(link_id), s == "closed", "open",
               _locked(link.locked_for)),
        Choice("Close", lambda st: Close(link_id), s == "open", "close"),
        Choice("Seal", lambda st: Seal(link_id), s != "sealed", "seal"),
        Choice("Unseal", lambda st: Unseal(link_id), s == "sealed", "unseal"),
    ]


def evacuation_targets(snap: Snapshot, module_id: str) -> list[str]:
    return [m.id for m in snap.modules if m.id != module_id]


def _evacuate(module_id: str) -> Callable[[Station], Command | None]:
    def make(station: Station) -> Command | None:
        targets = evacuation_targets(station.latest, module_id)
        to = station.choose(f"Evacuate {module_id}", f"Move everyone in {module_id} to:", targets)
        return Evacuate(module_id, to) if to else None
    return make


def module_choices(snap: Snapshot, module_id: str) -> list[Choice]:
    m = snap.module(module_id)
    out = [Choice("Evacuate…", _evacuate(module_id), m.crew_count > 0, "evacuate")]
    relay = next((r for r in snap.relays if r.module == module_id), None)
    if relay is not None:
        out += [
            Choice("Use BACKUP generator", lambda st: SwitchGenerator(module_id, "backup"),
                   relay.position != "backup", "switch_backup",
                   _bay_lock(snap, relay, "backup")),
            Choice("Use PRIMARY generator", lambda st: SwitchGenerator(module_id, "primary"),
                   relay.position != "primary", "switch_primary",
                   _bay_lock(snap, relay, "primary")),
        ]
        out += relay_choices(snap, relay.id)
    return out


def _bay_lock(snap: Snapshot, relay: RelayState, role: str) -> str:
    """Why the relay cannot select the ``role`` generator now: it or that generator is
    locked out for a repair."""
    generator = next((u for u in snap.units if u.module == relay.module
                      and u.kind == "o2_generator" and u.role == role), None)
    return _locked(relay.locked_for) or _locked(generator.locked_for if generator else "")


def relay_choices(snap: Snapshot, relay_id: str) -> list[Choice]:
    relay = next(r for r in snap.relays if r.id == relay_id)
    return [
        Choice("Force relay PRIMARY", lambda st: Override(relay_id, "primary"),
               relay.override != "primary", "relay_primary", _bay_lock(snap, relay, "primary")),
        Choice("Force relay BACKUP", lambda st: Override(relay_id, "backup"),
               relay.override != "backup", "relay_backup", _bay_lock(snap, relay, "backup")),
        Choice("Release relay override", lambda st: ReleaseOverride(relay_id),
               relay.override is not None, "relay_release"),
    ]


def unit_choices(snap: Snapshot, unit_id: str) -> list[Choice]:
    unit = snap.unit(unit_id)
    return [
        Choice("Force ON", lambda st: Override(unit_id, "on"), unit.override != "on", "on",
               _locked(unit.locked_for)),
        Choice("Force OFF", lambda st: Override(unit_id, "off"), unit.override != "off", "off"),
        Choice("Release", lambda st: ReleaseOverride(unit_id),
               unit.override is not None, "release"),
    ]


def add_choices(menu: QMenu, station: Station, choices: list[Choice], origin: str) -> None:
    for choice in choices:
        action = menu.addAction(choice.label + (f" ({choice.blocked})" if choice.blocked
                                                else ""))
        action.setObjectName(f"ctx_{choice.key}")
        action.setEnabled(choice.offered)
        action.triggered.connect(lambda _=False, c=choice: run(station, c, origin))


def module_menu(station: Station, module_id: str, parent=None) -> QMenu:
    """Context menu of a room: module commands, then one submenu per unit."""
    snap = station.latest
    menu = QMenu(f"{module_id}", parent)
    menu.setObjectName(f"menu_{module_id}")
    add_choices(menu, station, module_choices(snap, module_id), f"module:{module_id}")
    units = [u for u in snap.units if u.module == module_id]
    if units:
        menu.addSeparator()
    for u in units:
        sub = menu.addMenu(f"{u.id} ({u.state})")
        add_choices(sub, station, unit_choices(snap, u.id), f"module:{module_id}")
    links = [k for k in snap.interconnects if module_id in k.between]
    if links:
        menu.addSeparator()
    for k in links:
        sub = menu.addMenu(f"{k.id} ({k.state})")
        add_choices(sub, station, interconnect_choices(snap, k.id), f"interconnect:{k.id}")
    return menu


def interconnect_menu(station: Station, link_id: str, parent=None) -> QMenu:
    menu = QMenu(link_id, parent)
    add_choices(menu, station, interconnect_choices(station.latest, link_id),
                f"interconnect:{link_id}")
    return menu
