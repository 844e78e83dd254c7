"""What the three readers of indicator values produce, and the checks they share.

A reader (INSEE, ARCEP, generic) turns a file into `ValueRecord`s and a report, raising
`InvalidObservatoryFile` naming every faulty line; it never touches the database except to
read which indicators and sources exist. `services.indicators.indicator_values_import` writes them.
"""

import datetime
import math
from dataclasses import dataclass, field

from .base import SECRET, ImportReport, Secret

# Units whose values cannot be negative: counts, money, distances. "%" is a share (0–100);
# anything else (a yearly change in %/yr…) may be negative.
NON_NEGATIVE_UNITS = frozenset({"", "€", "km", "min", "m"})


@dataclass(slots=True)  # a national file makes a million of them
class ValueRecord:
    commune_code: str
    indicator: str
    value: float | None  # None with status "secret" or "unknown"
    status: str  # observatory.models.ValueStatus value
    reference_date: datetime.date
    period: str
    source: str  # territories.Source key
    line: int  # where it was read, for the messages


@dataclass
class Reading:
    """One file read: its records (not yet written) and its report."""

    records: list[ValueRecord] = field(default_factory=list)
    report: ImportReport = field(default_factory=lambda: ImportReport(source=""))


def valid_range(unit: str) -> tuple[float, float]:
    """The values an indicator of this unit may take: shares 0–100, counts and distances ≥ 0."""
    if unit == "%":
        return 0.0, 100.0
    if unit in NON_NEGATIVE_UNITS:
        return 0.0, math.inf
    return -math.inf, math.inf


def status_of(value: float | Secret | None) -> tuple[float | None, str]:
    """(value, status) as stored: a secret or a missing figure keeps no number, never a zero."""
    if value is SECRET:
        return None, "secret"
    if value is None:
        return None, "unknown"
    assert isinstance(value, float)
    return value, "known"


def check_range(value: float | None, unit: str, label: str) -> str | None:
    """A problem (without the line) when `value` is outside what `unit` allows."""
    if value is None:
        return None
    low, high = valid_range(unit)
    if not low <= value <= high:
        return f"{label} {value:g} is out of range [{low:g}, {high:g}]"
    return None
