"""Mutable records that hold only immutable values (numbers, strings, tuples, frozen specs).

Copying one deeply is copying it shallowly: cloning the simulation for a forecast copies
thousands of them on the UI thread, and the generic deep copy walks every field again.
"""

from __future__ import annotations

from typing import Any, TypeVar

R = TypeVar("R")


def shallow_copy(record: R) -> R:
    """A new record of the same class with the same field values (faster than copy.copy,
    which goes through the pickle protocol)."""
    twin = object.__new__(type(record))
    twin.__dict__.update(record.__dict__)
    return twin


class FlatRecord:
    """A record whose fields are all immutable: its deep copy is a shallow one."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        return shallow_copy(self)
