"""Reading TOML data files with errors that name the file, the line and what was expected."""

from __future__ import annotations

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
        try:
            self.data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            found = _TOML_POSITION.search(str(exc))
            message = _TOML_POSITION.sub("", str(exc)).strip()
            raise SpecError(name, int(found.group(1)) if found else 1,
                            f"not valid TOML: {message}") from None
        self._lines = _index_lines(text)

    @classmethod
    def read(cls, path: Path) -> TomlDocument:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise SpecError(str(path), 0, f"cannot read: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise SpecError(str(path), 0, "not a UTF-8 text file") from None
        return cls(text, str(path))

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
