"""The manager's week as a resource × hour grid (the Nexudus view): who holds what, at a glance.

The grid is computed from plain values — the resources, the week's opening slots from
`schedule.opening_slots` and the bookings' (resource, start, end, seats, status, block) tuples —
so the view reads the database a fixed number of times whatever the size of the week.

Columns are the opening hours of each day, one per hour from the opening time (the last one cut
at closing), built in the workspace's zone then compared in UTC: on the day clocks go back the
hour 02:00–03:00 exists twice, on the day they go forward it does not exist, and bookings fall in
the right cells either way. A cell shows the strongest state of the bookings overlapping it —
blocked, then checked in, confirmed, pending — and the seats they hold out of the capacity.

Up to 40 resources × 7 days × 12 hours the grid is thousands of cells: each cell's markup is one
of a few strings built once, joined here rather than looped over in a template, which keeps the
page well under 100 ms.
"""

import bisect
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from .models import BookingStatus
from .schedule import ClosedDays, WeeklySlot, opening_slots

HOUR = datetime.timedelta(hours=1)
UTC = datetime.UTC

# Cell states, strongest first: a block takes the whole resource whatever else is booked.
BLOCKED, CHECKED_IN, CONFIRMED, PENDING, FREE, CLOSED = (
    "blocked",
    "checked-in",
    "confirmed",
    "pending",
    "free",
    "closed",
)
STATE_OF_STATUS: dict[str, str] = {
    BookingStatus.PENDING: PENDING,
    BookingStatus.CONFIRMED: CONFIRMED,
    BookingStatus.CHECKED_IN: CHECKED_IN,
}
RANK = {BLOCKED: 4, CHECKED_IN: 3, CONFIRMED: 2, PENDING: 1}
SHOWN_STATUSES = tuple(STATE_OF_STATUS)

# What the legend and the cells say: a sign and a pattern (colour is never the only cue; signs
# need no translation) and, for screen readers, a word.
LEGEND = (
    (PENDING, "?", gettext_lazy("Awaiting approval")),
    (CONFIRMED, "✓", gettext_lazy("Confirmed")),
    (CHECKED_IN, "●", gettext_lazy("Checked in")),
    (BLOCKED, "✕", gettext_lazy("Blocked by the manager")),
    (FREE, "", gettext_lazy("Nothing booked")),
    (CLOSED, "–", gettext_lazy("Closed")),
)


@dataclass(frozen=True)
class GridBooking:
    resource_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    seats: int
    status: str
    is_block: bool


@dataclass(frozen=True)
class GridResource:
    pk: int
    name: str
    capacity: int


@dataclass(frozen=True)
class Column:
    day: datetime.date
    starts_at: datetime.datetime | None  # None: the day is closed (one column says so)
    ends_at: datetime.datetime | None


@dataclass(frozen=True)
class GridDay:
    day: datetime.date
    columns: int
    is_closed: bool


@dataclass
class Grid:
    days: list[GridDay]
    columns: list[Column]
    rows: list[tuple[GridResource, SafeString]]  # the resource and its row's cells, as markup


def week_columns(
    monday: datetime.date,
    slots: Iterable[WeeklySlot],
    closures: Iterable[ClosedDays],
    *,
    zone: ZoneInfo,
) -> list[Column]:
    """One column per opening hour of each day of the week, or one closed column for the day."""
    slots, closures = list(slots), list(closures)
    columns = []
    for n in range(7):
        day = monday + datetime.timedelta(days=n)
        intervals = opening_slots(day, slots, closures, zone=zone)
        if not intervals:
            columns.append(Column(day, None, None))
        for opens, closes in intervals:
            # Stepped in UTC: an hour is an hour of elapsed time, on clock-change days too.
            start, end = opens.astimezone(UTC), closes.astimezone(UTC)
            while start < end:
                columns.append(Column(day, start, min(start + HOUR, end)))
                start += HOUR
    return columns


def _cell_markup() -> dict[str, str]:
    """The few distinct cell openings, translated once per request."""
    return {
        state: format_html(
            '<td class="grid-cell grid-{}"><span aria-hidden="true">{}</span>', state, letter
        )
        for state, letter, _word in LEGEND
    }


def week_grid(
    resources: Sequence[GridResource],
    columns: Sequence[Column],
    bookings: Iterable[GridBooking],
) -> Grid:
    # (column index, start, end) of the open hours, in time order, for a bisection per booking.
    spans = [
        (i, c.starts_at, c.ends_at)
        for i, c in enumerate(columns)
        if c.starts_at is not None and c.ends_at is not None
    ]
    starts = [start for _i, start, _end in spans]
    index_of = {r.pk: n for n, r in enumerate(resources)}
    width = len(columns)
    # Per resource, per column: the strongest rank and the seats held (flat lists: thousands).
    ranks = [[0] * width for _r in resources]
    seats = [[0] * width for _r in resources]
    for booking in bookings:
        row = index_of.get(booking.resource_id)
        state = BLOCKED if booking.is_block else STATE_OF_STATUS.get(booking.status)
        if row is None or state is None:
            continue
        rank, held = RANK[state], 0 if booking.is_block else booking.seats
        row_ranks, row_seats = ranks[row], seats[row]
        # From the last column starting at or before the booking, while columns start before
        # its end; a column of an earlier day may end before the booking starts.
        for index, start, end in spans[
            max(bisect.bisect_right(starts, booking.starts_at) - 1, 0) :
        ]:
            if start >= booking.ends_at:
                break
            if end > booking.starts_at:
                if rank > row_ranks[index]:
                    row_ranks[index] = rank
                row_seats[index] += held
    state_of_rank = {rank: state for state, rank in RANK.items()}
    openings = _cell_markup()
    words = {state: escape(word) for state, _letter, word in LEGEND}
    # Most cells: an empty cell is free (the legend says so), and a closed day's column is
    # headed "Closed"; no words repeated thousands of times.
    empty = [
        '<td class="grid-closed"></td>' if c.starts_at is None else "<td></td>" for c in columns
    ]
    made: dict[tuple[int, int, int], str] = {}  # (rank, seats, capacity) → the cell's markup
    rows = []
    for resource, row_ranks, row_seats in zip(resources, ranks, seats, strict=True):
        parts = []
        for index in range(width):
            rank = row_ranks[index]
            if not rank:
                parts.append(empty[index])
                continue
            key = (rank, row_seats[index], resource.capacity)
            cell = made.get(key)
            if cell is None:
                state = state_of_rank[rank]
                count = f" {key[1]}/{key[2]}" if key[1] and state != BLOCKED else ""
                # The state in words for screen readers; the sign is hidden from them.
                hidden = f'<span class="visually-hidden">{words[state]}</span>'
                cell = made[key] = f"{openings[state]}{count}{hidden}</td>"
            parts.append(cell)
        rows.append((resource, mark_safe("".join(parts))))  # noqa: S308 — built from escaped parts
    days: list[GridDay] = []
    for column in columns:
        if days and days[-1].day == column.day:
            last = days[-1]
            days[-1] = GridDay(last.day, last.columns + 1, last.is_closed)
        else:
            days.append(GridDay(column.day, 1, column.starts_at is None))
    return Grid(days=days, columns=list(columns), rows=rows)


def legend() -> list[tuple[str, str, str]]:
    """(state, letter, word) in the active language, for the legend under the grid."""
    return [(state, str(letter), str(word)) for state, letter, word in LEGEND]
