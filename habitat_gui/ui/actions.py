"""Which operator commands apply to a module, an interconnect or a unit, and running them.

One list of choices feeds the schematic's context menus, the faceplate buttons and the
Commands menu, so every place offers the same commands, each is offered only when the
plant says it would accept it (the reason is shown when not), and every one goes through
the station. :data:`MENU` is the one table of the Commands menu's actions and shortcuts.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable

from PySide6.QtWidgets import QMenu, QWidget

from ..contract.commands import Command
from ..sources.protocol import Forecasting
from .station import Station


@dataclass(frozen=True)
class Choice:
    """One offered command: its label, its key, how to build it, and why the plant would
    refuse it now ("" when it would accept it)."""

    label: str
    key: str
    make: Callable[[Station], Command | None]
    blocked: str = ""

    @property
    def offered(self) -> bool:
        return not self.blocked


def _fixed(station: Station, label: str, key: str, command: Command) -> Choice:
    """A choice whose command is known now: offered when the plant would accept it."""
    return Choice(label, key, lambda _st: command, station.refusal(command) or "")


def run(station: Station, choice: Choice, origin: str) -> None:
    command = choice.make(station)
    if command is not None:
        station.issue(command, origin)


def interconnect_choices(station: Station, link_id: str) -> list[Choice]:
    return [_fixed(station, label, key, Command.of(key, interconnect=link_id))
            for label, key in (("Open", "open"), ("Close", "close"), ("Seal", "seal"),
                               ("Unseal", "unseal"),
                               ("Open equalisation valve", "open_equalisation"),
                               ("Close equalisation valve", "close_equalisation"))]


def _evacuate(module_id: str) -> Callable[[Station], Command | None]:
    def make(station: Station) -> Command | None:
        source = station.source
        return station.prompts.evacuate(
            station.dialog_parent, source.evacuation_options(module_id, station.operator),
            station.latest, source if isinstance(source, Forecasting) else None,
            station.refusal)
    return make


def evacuate_choice(station: Station, module_id: str) -> Choice:
    """Offered when the plant would accept an evacuation to at least one module (its dry
    run asked module by module until one would do, on every snapshot), or an equalisation
    valve that one waits on would open; the chooser shows the plant's ranking of them all,
    and offers the valve, when it opens."""
    refusals = set()
    for m in station.latest.modules:
        if m.id != module_id:
            refused = station.refusal(Command.of("evacuate", module=module_id, to=m.id))
            if not refused:
                return Choice("Evacuate…", "evacuate", _evacuate(module_id))
            refusals.add(refused)
    if not refusals:
        return Choice("Evacuate…", "evacuate", _evacuate(module_id), "there is no other module")
    options = station.source.evacuation_options(module_id, station.operator)
    if any(station.refusal(Command.of("open_equalisation", interconnect=v)) is None
           for v in {v for o in options for v in o.open_valves}):
        blocked = ""
    else:
        blocked = "; ".join(sorted(refusals))
    return Choice("Evacuate…", "evacuate", _evacuate(module_id), blocked)


def module_choices(station: Station, module_id: str) -> list[Choice]:
    """Evacuation, and the generator choice where the module has a changeover relay."""
    out = [evacuate_choice(station, module_id)]
    if any(r.module == module_id for r in station.latest.relays):
        out += [_fixed(station, f"Use {role.upper()} generator", f"switch_{role}",
                       Command.of("switch_generator", module=module_id, to=role))
                for role in ("backup", "primary")]
    return out


def relay_choices(station: Station, relay_id: str) -> list[Choice]:
    return [_fixed(station, "Force relay PRIMARY", "relay_primary",
                   Command.of("override", unit=relay_id, state="primary")),
            _fixed(station, "Force relay BACKUP", "relay_backup",
                   Command.of("override", unit=relay_id, state="backup")),
            _fixed(station, "Release relay override", "relay_release",
                   Command.of("release_override", unit=relay_id))]


def unit_choices(station: Station, unit_id: str) -> list[Choice]:
    return [_fixed(station, "Force ON", "on", Command.of("override", unit=unit_id, state="on")),
            _fixed(station, "Force OFF", "off",
                   Command.of("override", unit=unit_id, state="off")),
            _fixed(station, "Release", "release", Command.of("release_override", unit=unit_id))]


def person_choices(station: Station, person: str) -> list[Choice]:
    """Emergency O2 for one person, from the locker of the module they are in."""
    return [_fixed(station, label, key, Command.of(key, person=person))
            for label, key in (("Put on an O2 mask", "don_mask"),
                               ("Take off the O2 mask", "doff_mask"),
                               ("Put on a portable O2 concentrator", "start_concentrator"),
                               ("Take off the concentrator", "stop_concentrator"))]


def person_menu(station: Station, person: str, parent: QWidget | None = None) -> QMenu:
    menu = QMenu(person, parent)
    menu.setObjectName(f"menu_person_{person}")
    add_choices(menu, station, person_choices(station, person), f"person:{person}")
    return menu


def release_all_choice(station: Station, module_id: str) -> Choice:
    """Hand every overridden unit and relay of a module back to automation."""
    snap = station.latest
    held = [u.id for u in snap.units if u.module == module_id and u.override] + \
        [r.id for r in snap.relays if r.module == module_id and r.override]

    def make(st: Station) -> Command | None:
        for unit_id in held:  # each through the command path, each audited
            st.issue(Command.of("release_override", unit=unit_id), f"module:{module_id}")
        return None
    return Choice("Release every override", "release_all", make,
                  "" if held else f"no overrides held in {module_id}")


def add_choices(menu: QMenu, station: Station, choices: list[Choice], origin: str) -> None:
    menu.setToolTipsVisible(True)
    for choice in choices:
        action = menu.addAction(choice.label)
        action.setObjectName(f"ctx_{choice.key}")
        action.setEnabled(choice.offered)
        action.setToolTip(choice.blocked)
        action.setStatusTip(choice.blocked)
        action.triggered.connect(lambda _=False, c=choice: run(station, c, origin))


def module_menu(station: Station, module_id: str, parent: QWidget | None = None) -> QMenu:
    """Context menu of a room: module commands, then one submenu per unit and door."""
    snap = station.latest
    menu = QMenu(f"{module_id}", parent)
    menu.setObjectName(f"menu_{module_id}")
    add_choices(menu, station, module_choices(station, module_id), f"module:{module_id}")
    for relay in (r for r in snap.relays if r.module == module_id):
        add_choices(menu, station, relay_choices(station, relay.id), f"module:{module_id}")
    units = [u for u in snap.units if u.module == module_id]
    if units:
        menu.addSeparator()
    for u in units:
        sub = menu.addMenu(f"{u.id} ({u.state})")
        add_choices(sub, station, unit_choices(station, u.id), f"module:{module_id}")
    links = [k for k in snap.interconnects if module_id in k.between]
    if links:
        menu.addSeparator()
    for k in links:
        sub = menu.addMenu(f"{k.id} ({k.state})")
        add_choices(sub, station, interconnect_choices(station, k.id), f"interconnect:{k.id}")
    return menu


def interconnect_menu(station: Station, link_id: str, parent: QWidget | None = None) -> QMenu:
    menu = QMenu(link_id, parent)
    add_choices(menu, station, interconnect_choices(station, link_id),
                f"interconnect:{link_id}")
    return menu


# ----------------------------------------------------------------------------- Commands menu
@dataclass(frozen=True)
class MenuAction:
    """One action of the Commands menu: what it is called, its shortcut, and the choice it
    runs for the selection (module or interconnect), or a selection move."""

    key: str
    label: str
    shortcut: str
    scope: str  # module | interconnect | select
    choose: Callable[[Station, str], Choice] | None = None


def _pick(choices: Callable[[Station, str], list[Choice]],
          key: str) -> Callable[[Station, str], Choice]:
    return lambda station, ident: next(c for c in choices(station, ident) if c.key == key)


def _relay(key: str) -> Callable[[Station, str], Choice]:
    def choose(station: Station, module_id: str) -> Choice:
        relay = next((r for r in station.latest.relays if r.module == module_id), None)
        if relay is None:
            return Choice("", key, lambda _st: None, f"{module_id} has no changeover relay")
        return next(c for c in relay_choices(station, relay.id) if c.key == key)
    return choose


def _generator(key: str) -> Callable[[Station, str], Choice]:
    def choose(station: Station, module_id: str) -> Choice:
        return next((c for c in module_choices(station, module_id) if c.key == key),
                    Choice("", key, lambda _st: None, f"{module_id} has no O2 generators"))
    return choose


MENU: tuple[MenuAction | None, ...] = (
    MenuAction("next_module", "Select next module", "Alt+Right", "select"),
    MenuAction("prev_module", "Select previous module", "Alt+Left", "select"),
    MenuAction("next_link", "Select next interconnect", "Alt+Down", "select"),
    MenuAction("prev_link", "Select previous interconnect", "Alt+Up", "select"),
    None,
    *(MenuAction(key, f"{verb} selected interconnect", shortcut, "interconnect",
                 _pick(interconnect_choices, key))
      for key, verb, shortcut in (("open", "Open", "Ctrl+Shift+O"),
                                  ("close", "Close", "Ctrl+Shift+C"),
                                  ("seal", "Seal", "Ctrl+Shift+S"),
                                  ("unseal", "Unseal", "Ctrl+Shift+U"))),
    *(MenuAction(key, f"{verb} equalisation valve of selected interconnect", shortcut,
                 "interconnect", _pick(interconnect_choices, key))
      for key, verb, shortcut in (("open_equalisation", "Open", "Ctrl+Alt+O"),
                                  ("close_equalisation", "Close", "Ctrl+Alt+C"))),
    None,
    MenuAction("evacuate", "Evacuate selected module…", "Ctrl+Shift+E", "module",
               evacuate_choice),
    MenuAction("switch_backup", "Switch selected module to backup generator", "Ctrl+Shift+B",
               "module", _generator("switch_backup")),
    MenuAction("switch_primary", "Switch selected module to primary generator",
               "Ctrl+Shift+P", "module", _generator("switch_primary")),
    MenuAction("relay_backup", "Force relay of selected module to BACKUP", "Ctrl+Alt+B",
               "module", _relay("relay_backup")),
    MenuAction("relay_primary", "Force relay of selected module to PRIMARY", "Ctrl+Alt+P",
               "module", _relay("relay_primary")),
    MenuAction("release_all", "Release every override in selected module", "Ctrl+Shift+R",
               "module", release_all_choice),
)


def menu_choice(station: Station, action: MenuAction) -> Choice | None:
    """The choice a Commands-menu action stands for now, given the selection (None for a
    selection move); a missing selection blocks it with the reason."""
    if action.choose is None:
        return None
    ident = station.selected_module if action.scope == "module" \
        else station.selected_interconnect
    if not ident:
        return Choice("", action.key, lambda _st: None,
                      f"Select {'a module' if action.scope == 'module' else 'an interconnect'}"
                      f" on the schematic first")
    return action.choose(station, ident)


__all__ = ["Choice", "MenuAction", "MENU", "menu_choice", "run", "module_menu",
           "interconnect_menu", "interconnect_choices", "module_choices", "relay_choices",
           "unit_choices", "add_choices", "release_all_choice"]

