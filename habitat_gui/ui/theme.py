"""Light and dark schemes in ISA-101 greys, following the system's colour scheme.

Both are calm greys; saturated colour stays reserved for abnormal states (``style``).
The window applies one on start and again whenever ``QStyleHints.colorSchemeChanged``
fires. ``force('dark'|'light')`` (``habitat-panel --color-scheme``) pins one.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class Theme:
    name: str
    window: str
    base: str
    alt_base: str
    text: str
    muted: str
    button: str
    highlight: str
    highlight_text: str
    schematic: str       # schematic background (rooms keep their own grey cards)
    schematic_text: str  # what is written on that background (door states)
    plot_bg: str         # around the plots
    plot_view: str       # inside the axes
    plot_fg: str         # axes, ticks and labels
    band_alpha: int      # normal band: white at this alpha
    series: tuple[str, ...]


LIGHT = Theme("light", window="#d4d4d4", base="#e8e8e8", alt_base="#dedede", text="#1e1e1e",
              muted="#555555", button="#cacaca", highlight="#5b6b80", highlight_text="#ffffff",
              schematic="#c8c8c8", schematic_text="#1e1e1e", plot_bg="#c8c8c8",
              plot_view="#e4e4e4", plot_fg="#3a3a3a",
              band_alpha=110,
              series=("#1f3b73", "#3d6b35", "#6b4a1f", "#4d4d4d", "#5b2a5e", "#1f5f5f"))
DARK = Theme("dark", window="#2e2e2e", base="#262626", alt_base="#303030", text="#d8d8d8",
             muted="#a8a8a8", button="#3a3a3a", highlight="#56657a", highlight_text="#ffffff",
             schematic="#3c3c3c", schematic_text="#e0e0e0", plot_bg="#2e2e2e",
             plot_view="#262626", plot_fg="#bdbdbd",
             band_alpha=28,
             series=("#8fa8d6", "#9cc493", "#d2b48c", "#c8c8c8", "#c49bc7", "#8cc7c7"))

_forced: str | None = None


def force(name: str | None) -> None:
    """Pin 'light' or 'dark' regardless of the system; None or 'system' follows it."""
    global _forced
    _forced = name if name in ("light", "dark") else None


def system_scheme() -> Qt.ColorScheme:
    if _forced:
        return Qt.ColorScheme.Dark if _forced == "dark" else Qt.ColorScheme.Light
    return QGuiApplication.styleHints().colorScheme()


def for_scheme(scheme: Qt.ColorScheme) -> Theme:
    if _forced:
        return DARK if _forced == "dark" else LIGHT
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def palette(theme: Theme) -> QPalette:
    p = QPalette()
    R = QPalette.ColorRole
    roles = {R.Window: theme.window, R.WindowText: theme.text, R.Base: theme.base,
             R.AlternateBase: theme.alt_base, R.Text: theme.text, R.Button: theme.button,
             R.ButtonText: theme.text, R.ToolTipBase: theme.base, R.ToolTipText: theme.text,
             R.PlaceholderText: theme.muted, R.Highlight: theme.highlight,
             R.HighlightedText: theme.highlight_text, R.BrightText: "#ffffff",
             R.Link: theme.highlight}
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    for role in (R.WindowText, R.Text, R.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(theme.muted))
    base = QColor(theme.button)
    p.setColor(R.Light, base.lighter(130))
    p.setColor(R.Midlight, base.lighter(115))
    p.setColor(R.Mid, base.darker(130))
    p.setColor(R.Dark, base.darker(160))
    p.setColor(R.Shadow, QColor("#101010"))
    return p


def restyle(root: QWidget) -> None:
    """Apply the style sheets under ``root`` again, so that widgets styled before a scheme
    change take their colours from the new palette (a style sheet keeps the palette it
    was applied with)."""
    for widget in [root, *root.findChildren(QWidget)]:
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet("")
            widget.setStyleSheet(sheet)
