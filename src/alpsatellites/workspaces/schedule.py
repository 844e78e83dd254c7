"""Opening hours and seat usage as plain functions: no database, so they are tested directly.

Local times are those of the workspace's territory (`Territory.time_zone`, handed in as `zone`):
one platform serves France, Italy and Austria. Every datetime handed in or out is aware.
Combining a local date and time through zoneinfo gives the right UTC instant on both sides of a
daylight-saving change: 08:30 is 06:30 UTC on the last Sunday of March and 07:30 UTC on the last
Sunday of October.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class WeeklySlot:
    weekday: int
    opens: datetime.time
    closes: datetime.time
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None

    @property
    def seasonal(self) -> bool:
        return self.valid_from is not None or self.valid_until is not None

    def in_period(self, day: datetime.date) -> bool:
        """The day falls within the row's dates (always true for the usual week)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def covers(self, day: datetime.date) -> bool:
        return day.weekday() == self.weekday and self.in_period(day)


@dataclass(frozen=True)
class ClosedDays:
    starts_on: datetime.date
    ends_on: datetime.date


def opening_slots(
    day: datetime.date,
    slots: Iterable[WeeklySlot],
    closures: Iterable[ClosedDays],
    *,
    zone: ZoneInfo,
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The day's opening intervals as aware datetimes; empty when closed.

    A season replaces the whole usual week on the days between its dates: a weekday the season
    has no row for is closed then, even if the usual week opens on it.
    """
    if any(c.starts_on <= day <= c.ends_on for c in closures):
        return []
    slots = list(slots)
    seasons = [s for s in slots if s.seasonal and s.in_period(day)]
    week = seasons or [s for s in slots if not s.seasonal]
    chosen = [s for s in week if s.weekday == day.weekday()]
    return sorted(
        (
            datetime.datetime.combine(day, s.opens, tzinfo=zone),
            datetime.datetime.combine(day, s.closes, tzinfo=zone),
        )
        for s in chosen
    )


def day_envelope(
    day: datetime.date,
    slots: Iterable[WeeklySlot],
    closures: Iterable[ClosedDays],
    *,
    zone: ZoneInfo,
) -> tuple[datetime.datetime, datetime.datetime] | None:
    """From the first opening to the last closing of the day, or None when closed."""
    intervals = opening_slots(day, slots, closures, zone=zone)
    return (intervals[0][0], intervals[-1][1]) if intervals else None


def peak_usage(
    spans: Iterable[tuple[datetime.datetime, datetime.datetime, int]],
    start: datetime.datetime,
    end: datetime.datetime,
) -> int:
    """The most seats in use at any instant of [start, end), given (start, end, seats) spans."""
    events = []
    for span_start, span_end, seats in spans:
        lo, hi = max(span_start, start), min(span_end, end)
        if lo < hi:
            events.append((lo, seats))
            events.append((hi, -seats))
    # At equal instants, ends come before starts: back-to-back bookings do not overlap.
    events.sort(key=lambda event: (event[0], event[1]))
    peak = current = 0
    for _instant, change in events:
        current += change
        peak = max(peak, current)
    return peak


MIDDAY = datetime.time(13, 0)


def slot_span(
    day: datetime.date,
    choice: str,
    slots: Iterable[WeeklySlot],
    closures: Iterable[ClosedDays],
    *,
    zone: ZoneInfo,
) -> tuple[datetime.datetime, datetime.datetime] | None:
    """The span of a named slot on a day: "day", "morning" or "afternoon"; None when closed.

    With two opening periods (a lunch break), the morning is the first and the afternoon the
    last; with one, the day is split at 13:00.
    """
    intervals = opening_slots(day, slots, closures, zone=zone)
    if not intervals:
        return None
    if choice == "day":
        return intervals[0][0], intervals[-1][1]
    if len(intervals) > 1:
        return intervals[0] if choice == "morning" else intervals[-1]
    opens, closes = intervals[0]
    midday = datetime.datetime.combine(day, MIDDAY, tzinfo=zone)
    if closes <= midday:  # open in the morning only
        return (opens, closes) if choice == "morning" else None
    if opens >= midday:  # open in the afternoon only
        return None if choice == "morning" else (opens, closes)
    return (opens, midday) if choice == "morning" else (midday, closes)
