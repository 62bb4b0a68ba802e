"""Prometheus durations of a single unit, as the rule files write windows and `for`: "5m", "1h", "30d".

Prometheus also accepts compound durations ("1h30m") and milliseconds; the rules here use neither, so they are
refused rather than half understood.
"""

import re
from dataclasses import dataclass

# Seconds per unit, as Prometheus defines them (a year is 365 days).
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800, "y": 31_536_000}
_NAMES = {"s": "second", "m": "minute", "h": "hour", "d": "day", "w": "week", "y": "year"}


@dataclass(frozen=True)
class Duration:
    """count units, e.g. Duration(30, "m"); unit is one of s, m, h, d, w, y."""

    count: int
    unit: str

    @classmethod
    def parse(cls, text):
        """The duration written as text ("5m"); ValueError for anything else, compound durations included."""
        match = re.fullmatch(r"([1-9][0-9]*)([smhdwy])", text)
        if not match:
            raise ValueError(f"not a single-unit Prometheus duration such as 5m or 1h: {text!r}")
        return cls(int(match.group(1)), match.group(2))

    @property
    def seconds(self):
        return self.count * _SECONDS[self.unit]

    @property
    def unit_name(self):
        """The unit's English name, singular: "minute"."""
        return _NAMES[self.unit]

    def __str__(self):
        return f"{self.count}{self.unit}"
