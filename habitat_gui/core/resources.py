"""Where the built-in habitats and scenarios live, and how to find one by name."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """``resources/`` beside the package, or inside a frozen bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    base = Path(frozen) if frozen else Path(__file__).resolve().parents[2]
    return base / "resources"


def builtin(kind: str) -> dict[str, Path]:
    """Built-in ``habitats`` or ``scenarios`` by name (the file's stem)."""
    folder = resources_dir() / kind
    return {p.stem: p for p in sorted(folder.glob("*.toml"))}


def find(kind: str, name_or_path: str, relative_to: Path | None = None) -> Path | None:
    """A built-in name, or a path (relative to ``relative_to`` when given); None if neither."""
    known = builtin(kind)
    if name_or_path in known:
        return known[name_or_path]
    path = Path(name_or_path)
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    return path if path.is_file() else None
