"""Command-line numbers with bounds, and a parser whose errors are one line (exit 2)."""

from __future__ import annotations

import argparse
from typing import NoReturn

from .sources.protocol import MAX_SPEED

DAY_S = 86400
MAX_SIMULATED_S = 400 * DAY_S  # longer than the longest scenario (365 days)
MAX_FORECAST_S = 30 * DAY_S  # the panel forecasts 6 h; a month covers any planning question
MAX_SAMPLES = 1_000_000  # report samples of one run: 400 days at the default 60 s is 576,000
MAX_SEED = 2**63 - 1  # as a scenario file's seed
MAX_SERVICE_DAYS = 36500  # as a habitat file's service_days


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class Bounded:
    """An argparse ``type=``: a number of ``what`` from ``low`` to ``high``; anything else
    fails as "argument --until: expected seconds between 1 and 34560000, got 1e12"."""

    def __init__(self, what: str, low: float, high: float, kind: type = float) -> None:
        self.what, self.low, self.high, self.kind = what, low, high, kind

    def __call__(self, text: str) -> float:
        try:
            value = self.kind(text)
        except ValueError:
            value = None
        if value is None or not self.low <= value <= self.high:  # a NaN fails both
            raise argparse.ArgumentTypeError(f"expected {self.what} between {self.span()}, "
                                             f"got {text}")
        return value

    def span(self) -> str:
        return f"{_plain(self.low)} and {_plain(self.high)}"

    def help(self, text: str) -> str:
        """``text`` with the bounds, for ``--help``."""
        return f"{text}; {_plain(self.low)} to {_plain(self.high)}"


class Parser(argparse.ArgumentParser):
    """An argument parser that states a usage error in one line and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


SECONDS = Bounded("seconds", 1, MAX_SIMULATED_S)
SECONDS_FROM_0 = Bounded("seconds", 0, MAX_SIMULATED_S)
HORIZON = Bounded("seconds", 1, MAX_FORECAST_S)
SEED = Bounded("a whole number", 0, MAX_SEED, int)
DAYS = Bounded("days", 0, MAX_SERVICE_DAYS)
SERVED_SPEED = Bounded("simulated seconds per second", 0.01, MAX_SPEED)
