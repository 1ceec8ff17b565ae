"""Reading TOML data files with errors that name the file, the line and what was expected.

Every file is read with two caps before it is parsed, :data:`MAX_FILE_BYTES` of text and
:data:`MAX_DEPTH` nested arrays or inline tables, and every number in it must be finite: a
``nan`` or ``inf`` (also ``+inf``, ``-nan``, ``1e999``) is refused wherever it stands, so no
field can forget to check.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Iterable

KeyPath = tuple[str | int, ...]

_ARRAY_TABLE = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\-]+)\s*\]\]")
_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-]+)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")
_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")
# what can hold a bracket that does not nest: strings (multi-line ones first) and comments
_BRACKETS = re.compile(r'"""(?:[^\\]|\\.)*?"""' r"|'''.*?'''" r'|"(?:[^"\\\n]|\\.)*"'
                       r"|'[^'\n]*'|#[^\n]*|[\[\]{}]", re.DOTALL)

MAX_FILE_BYTES = 1 << 20  # 1 MiB: the built-in colony's habitat file is under 10 kB
MAX_DEPTH = 32  # nested arrays and inline tables; the built-in files use 3


class SpecError(ValueError):
    """A data file is wrong: ``str()`` is the one-line ``FILE:LINE: message``."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")
        self.file, self.line, self.message = file, line, message


class TomlDocument:
    """A parsed TOML file that can tell on which line a key or table stands."""

    def __init__(self, text: str, name: str) -> None:
        self.name = name
        self.text = text  # kept so a recording can carry the file it ran with
        if len(text.encode("utf-8")) > MAX_FILE_BYTES:
            raise _too_large(name)
        _check_depth(text, name)
        try:
            self.data = tomllib.loads(text)
        except ValueError as exc:  # TOMLDecodeError, or a whole number past 4300 digits
            found = _TOML_POSITION.search(str(exc))
            message = _TOML_POSITION.sub("", str(exc)).strip()
            raise SpecError(name, int(found.group(1)) if found else 1,
                            f"not valid TOML: {message}") from None
        self._lines = _index_lines(text)
        self._check_numbers(self.data, ())

    @classmethod
    def read(cls, path: Path) -> TomlDocument:
        """Read at most :data:`MAX_FILE_BYTES` + 1 bytes, so an endless file ends at once; a
        named pipe, which would wait for a writer, is refused."""
        if path.is_fifo():
            raise SpecError(str(path), 0, "a named pipe; expected a data file")
        try:
            with path.open("rb") as stream:
                raw = stream.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise SpecError(str(path), 0, f"cannot read: {exc.strerror or exc}") from None
        if len(raw) > MAX_FILE_BYTES:
            raise _too_large(str(path))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise SpecError(str(path), 0, "not a UTF-8 text file") from None
        return cls(text, str(path))

    def _check_numbers(self, value: Any, path: KeyPath) -> None:
        """Refuse ``nan`` and ``inf`` anywhere, and whole numbers past TOML's 64 bits: no
        field of any file takes them."""
        key = next((p for p in reversed(path) if isinstance(p, str)), "value")
        if isinstance(value, float) and not math.isfinite(value):
            raise self.error(path, f"'{key}' is {value}; expected a finite number")
        if isinstance(value, int) and not -2**63 <= value < 2**63:
            raise self.error(path, f"'{key}' is a whole number of {value.bit_length()} bits; "
                                   f"expected at most 64 bits")
        items = (value.items() if isinstance(value, dict)
                 else enumerate(value) if isinstance(value, list) else ())
        for name, item in items:
            self._check_numbers(item, (*path, name))

    def line_of(self, path: KeyPath) -> int:
        """The line of ``path`` or, failing that, of its nearest enclosing table."""
        for end in range(len(path), 0, -1):
            line = self._lines.get(path[:end])
            if line is not None:
                return line
        return 1

    def error(self, path: KeyPath, message: str) -> SpecError:
        return SpecError(self.name, self.line_of(path), message)

    def root(self) -> Table:
        return Table(self, (), self.data)


def _too_large(name: str) -> SpecError:
    return SpecError(name, 0, f"larger than {MAX_FILE_BYTES} bytes; expected a data file of "
                              f"at most 1 MiB")


def _check_depth(text: str, name: str) -> None:
    """Refuse arrays or inline tables nested deeper than :data:`MAX_DEPTH` before parsing,
    which would otherwise recurse once per level."""
    depth = 0
    for token in _BRACKETS.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, token.start()) + 1
                raise SpecError(name, line, f"arrays or tables nested more than {MAX_DEPTH} "
                                            f"deep; expected at most {MAX_DEPTH}")
        elif bracket in "]}":
            depth = max(depth - 1, 0)


def _index_lines(text: str) -> dict[KeyPath, int]:
    lines: dict[KeyPath, int] = {}
    counts: dict[str, int] = {}
    current: KeyPath = ()
    for number, line in enumerate(text.splitlines(), start=1):
        if m := _ARRAY_TABLE.match(line):
            name = m.group(1)
            counts[name] = counts.get(name, -1) + 1
            current = (*name.split("."), counts[name])
        elif m := _TABLE.match(line):
            current = tuple(m.group(1).split("."))
        elif m := _KEY.match(line):
            lines.setdefault((*current, m.group(1)), number)
            continue
        else:
            continue
        lines.setdefault(current, number)
    return lines


_TYPE_NAMES = {float: "a number", int: "a whole number", str: "a string", bool: "true or false",
               list: "a list", dict: "a table"}


@dataclass
class Table:
    """One table of a document; reads typed fields and rejects unknown ones."""

    doc: TomlDocument
    path: KeyPath
    data: dict[str, Any]

    def _fail(self, key: str | None, message: str) -> SpecError:
        where = (*self.path, key) if key is not None else self.path
        return self.doc.error(where, message)

    def _typed(self, key: str, value: Any, kind: type) -> Any:
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if not isinstance(value, kind) or (kind in (int, float) and isinstance(value, bool)):
            raise self._fail(key, f"'{key}' must be {_TYPE_NAMES[kind]}, got {value!r}")
        return value

    def has(self, key: str) -> bool:
        return key in self.data

    def required(self, key: str, kind: type) -> Any:
        if key not in self.data:
            raise self._fail(None, f"missing '{key}' in {self.describe()}")
        return self._typed(key, self.data[key], kind)

    def optional(self, key: str, kind: type, default: Any) -> Any:
        return self._typed(key, self.data[key], kind) if key in self.data else default

    def number(self, key: str, default: float | None = None, *, low: float | None = None,
               high: float | None = None, unit: str = "") -> float:
        value = (self.required(key, float) if default is None and key not in self.data
                 else self.optional(key, float, default))
        return self._within(key, value, low, high, unit)

    def whole(self, key: str, default: int | None = None, *, low: int, high: int,
              unit: str = "") -> int:
        """A whole number (``3`` or ``3.0``, never ``2.5``) from ``low`` to ``high``."""
        value = self.number(key, None if default is None else float(default))
        if not value.is_integer():
            raise self._fail(key, f"'{key}' is {value:g}; expected a whole number")
        raw = self.data.get(key, default)  # as written, so a large one keeps every digit
        return self._within(key, raw if isinstance(raw, int) else int(value), low, high, unit)

    def _within(self, key: str, value: Any, low: float | None, high: float | None,
                unit: str) -> Any:
        suffix = f" {unit}" if unit else ""
        if low is not None and value < low:
            raise self._fail(key, f"'{key}' is {value:g}{suffix}; expected at least "
                                  f"{low:g}{suffix}")
        if high is not None and value > high:
            raise self._fail(key, f"'{key}' is {value:g}{suffix}; expected at most "
                                  f"{high:g}{suffix}")
        return value

    def choice(self, key: str, options: Iterable[str], default: str | None = None) -> str:
        options = tuple(options)
        value = (self.required(key, str) if default is None
                 else self.optional(key, str, default))
        if value not in options:
            raise self._fail(key, f"'{key}' is {value!r}; expected one of {', '.join(options)}")
        return value

    def reference(self, key: str, known: Iterable[str], what: str) -> str:
        value = self.required(key, str)
        known = tuple(known)
        if value not in known:
            raise self._fail(key, f"unknown {what} {value!r}; expected one of {', '.join(known)}")
        return value

    def tables(self, key: str) -> list[Table]:
        items = self.optional(key, list, [])
        out = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise self._fail(key, f"'{key}' entries must be tables ([[{key}]])")
            out.append(Table(self.doc, (*self.path, key, index), item))
        return out

    def table(self, key: str) -> Table:
        return Table(self.doc, (*self.path, key), self.optional(key, dict, {}))

    def reject_unknown(self, allowed: Iterable[str]) -> None:
        allowed = tuple(allowed)
        for key in self.data:
            if key not in allowed:
                raise self._fail(key, f"unknown key '{key}' in {self.describe()}; "
                                      f"expected one of {', '.join(sorted(allowed))}")

    def describe(self) -> str:
        if not self.path:
            return "the top level"
        names = [str(p) for p in self.path if isinstance(p, str)]
        ident = self.data.get("id") or self.data.get("name")
        return f"[{'.'.join(names)}]" + (f" {ident!r}" if isinstance(ident, str) else "")

    def error(self, key: str | None, message: str) -> SpecError:
        return self._fail(key, message)
