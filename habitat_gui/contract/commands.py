"""Commands as they cross the seam: a name and its arguments, nothing more.

The plant checks and carries them out; the panel builds them, asks the plant whether one
would be accepted (``check``), and submits them.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """One command: ``Command.of("seal", interconnect="hab-3/hab-4")``."""

    name: str
    args: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, name: str, **args: str) -> Command:
        return cls(name, tuple(args.items()))

    @property
    def arguments(self) -> dict[str, str]:
        return dict(self.args)

    def text(self) -> str:
        """``seal interconnect=hab-3/hab-4``: the form the command line and the log use (a
        value with spaces quoted, as :func:`parse` reads it back)."""
        return " ".join([self.name, *(f"{k}={shlex.quote(v)}" for k, v in self.args)])


def parse(text: str) -> Command:
    """``'evacuate module=hab-3 to=hab-2'`` as a command (its form only: the plant says
    whether such a command exists); ValueError when it is not of that form."""
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise ValueError(f"cannot read {text!r}: {exc}") from None
    if not words:
        raise ValueError("empty command")
    args = []
    for word in words[1:]:
        key, sep, value = word.partition("=")
        if not sep:
            raise ValueError(f"argument {word!r} must look like key=value")
        args.append((key, value))
    return Command(words[0], tuple(args))
