"""Habitat Control Panel: life-support control station for a Mars colony."""

__version__ = "0.1.0"
