"""The world's agenda: timed actions by name, in order of time and then of insertion.

An action is a function of the world and the item's arguments, registered under its name by
the module that owns it (:func:`action`). The agenda holds only names and arguments, so a
deep copy of the world carries it as plain data and runs stay deterministic.
"""

from __future__ import annotations

import heapq
from typing import Any
from collections.abc import Callable, Iterator

Action = Callable[..., None]  # called as action(world, *args)
Item = tuple[float, int, str, tuple[Any, ...]]  # at_s, insertion number, action name, args

ACTIONS: dict[str, Action] = {}


def action(name: str) -> Callable[[Action], Action]:
    """Register the decorated function as the agenda action ``name``."""
    def register(function: Action) -> Action:
        known = ACTIONS.get(name)
        if known is not None and known.__module__ != function.__module__:
            raise ValueError(f"agenda action {name!r} is already registered by "
                             f"{known.__module__}")
        ACTIONS[name] = function
        return function
    return register


class Agenda:
    """Items waiting for their time, earliest first (ties in the order they were added)."""

    def __init__(self) -> None:
        self.items: list[Item] = []  # a heap
        self._added = 0

    def add(self, at_s: float, name: str, args: tuple[Any, ...]) -> None:
        if name not in ACTIONS:
            raise KeyError(f"no agenda action {name!r}; known: {', '.join(sorted(ACTIONS))}")
        self._added += 1
        heapq.heappush(self.items, (at_s, self._added, name, args))

    def next_s(self) -> float | None:
        """When the earliest item is due (None when the agenda is empty)."""
        return self.items[0][0] if self.items else None

    def pop_due(self, t_s: float) -> Item | None:
        """The earliest item if it is due at ``t_s``, taken off the agenda."""
        if self.items and self.items[0][0] <= t_s + 1e-9:
            return heapq.heappop(self.items)
        return None

    def drop(self, unwanted: Callable[[str, tuple[Any, ...]], bool]) -> int:
        """Take off every item whose name and arguments are ``unwanted``; how many went."""
        before = len(self.items)
        self.items = [i for i in self.items if not unwanted(i[2], i[3])]
        heapq.heapify(self.items)
        return before - len(self.items)

    def __iter__(self) -> Iterator[tuple[str, tuple[Any, ...]]]:
        """The names and arguments of the items, in no particular order."""
        return ((name, args) for _, _, name, args in self.items)

    def __len__(self) -> int:
        return len(self.items)

