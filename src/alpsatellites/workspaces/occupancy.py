"""Occupancy of the coworking network by resource, workspace, commune and grouping, per period.

Definitions (the figures a manager or an elected official reads; tested in
tests/test_workspaces_occupancy.py):

- Available seat-hours: for each resource, its capacity × the hours its workspace is open in the
  period (usual week or season, closures removed: `schedule.opening_slots`), less the hours a
  manager's block covers (a block takes every seat, so it is removed from the capacity, not
  counted as use). Hours are real elapsed hours, computed in UTC: a workspace open round the clock
  on Sunday 25 October 2026 is open 25 hours that day, on 29 March 2026 23 hours.
- Booked seat-hours: seats × hours of the bookings that stand — confirmed or checked in — counted
  only inside the available hours (a booking cannot use a seat that is not on offer). Pending
  requests are not counted (not yet accepted), nor declined or cancelled bookings, nor bookings the
  manager marked as no-shows (the seat was in fact free). A confirmed booking nobody checked in
  still counts: it kept the seat from being booked by someone else.
- Occupancy rate: booked ÷ available seat-hours; none when nothing was available.
- Unique users: distinct people with a confirmed or checked-in booking overlapping the period
  (counted once per period however many bookings or resources they used).
- No-shows: bookings marked no-show, plus — only in a workspace that uses check-in, i.e. that has
  at least one checked-in booking starting in the same period — confirmed bookings that ended
  before now without being checked in. Where nobody ever checks in, "confirmed" says nothing
  about attendance and is not counted. A no-show belongs to the period its booking starts in.
- Capacities are today's: the platform does not keep their history.

Reads are bounded: five queries whatever the number of workspaces, resources and bookings (the
workspaces, their resources, opening hours, closures, and one pass over the bookings' columns).
"""

import bisect
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.template.defaultfilters import floatformat
from django.utils import timezone

from .models import Booking, BookingStatus, Resource
from .schedule import local_zone, opening_slots
from .selectors import workspace_schedules

WEEK, MONTH = "week", "month"
PERIOD_KINDS = (WEEK, MONTH)
PERIOD_COUNTS = {WEEK: 8, MONTH: 6}  # how many periods a dashboard shows
COUNTED_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN)
FETCHED_STATUSES = (*COUNTED_STATUSES, BookingStatus.NO_SHOW)
ZERO = datetime.timedelta(0)
HOUR = datetime.timedelta(hours=1)
UTC = datetime.UTC


# --- Periods -------------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first of the month `months` after (or before) the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_start(kind: str, day: datetime.date) -> datetime.date:
    if kind == WEEK:
        return day - datetime.timedelta(days=day.weekday())
    return day.replace(day=1)


def shift(kind: str, first_day: datetime.date, periods: int) -> datetime.date:
    if kind == WEEK:
        return first_day + datetime.timedelta(weeks=periods)
    return add_months(first_day, periods)


@dataclass(frozen=True)
class Period:
    kind: str
    first_day: datetime.date
    end_day: datetime.date  # the day after the last

    @property
    def last_day(self) -> datetime.date:
        return self.end_day - datetime.timedelta(days=1)

    @property
    def iso_week(self) -> int:
        return self.first_day.isocalendar().week

    @property
    def iso_year(self) -> int:
        return self.first_day.isocalendar().year

    def days(self) -> list[datetime.date]:
        return [
            self.first_day + datetime.timedelta(days=n)
            for n in range((self.end_day - self.first_day).days)
        ]


def periods(kind: str, first_day: datetime.date, count: int) -> list[Period]:
    """`count` consecutive ISO weeks or calendar months, from the one holding `first_day`."""
    if kind not in PERIOD_KINDS:
        raise ValueError(f"unknown period {kind!r}")
    start = period_start(kind, first_day)
    result = []
    for _n in range(count):
        end = shift(kind, start, 1)
        result.append(Period(kind, start, end))
        start = end
    return result


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=local_zone()).astimezone(UTC)


# --- Figures -------------------------------------------------------------------------------


@dataclass
class Figures:
    available: datetime.timedelta = ZERO  # seat-time
    booked: datetime.timedelta = ZERO
    users: set = field(default_factory=set)
    no_shows: int = 0

    def add(self, other: "Figures") -> None:
        self.available += other.available
        self.booked += other.booked
        self.users |= other.users
        self.no_shows += other.no_shows

    @property
    def available_hours(self) -> float:
        return self.available / HOUR

    @property
    def booked_hours(self) -> float:
        return self.booked / HOUR

    @property
    def rate(self) -> float | None:
        """Booked ÷ available seat-hours, or None when no seat was available."""
        return self.booked / self.available if self.available else None

    @property
    def rate_percent(self) -> float | None:
        return None if self.rate is None else self.rate * 100

    @property
    def unique_users(self) -> int:
        return len(self.users)


@dataclass
class Line:
    """One row of a breakdown: a resource, a workspace, a commune, a grouping or the total."""

    key: str
    label: str
    per_period: list[Figures]
    whole: Figures = field(default_factory=Figures)  # over all the periods


@dataclass
class OccupancyReport:
    kind: str
    periods: list[Period]
    total: Line
    by_resource: list[Line]
    by_workspace: list[Line]
    by_commune: list[Line]
    by_grouping: list[Line]
    computed_at: datetime.datetime

    @property
    def series(self) -> list[tuple[Period, Figures]]:
        """The total period by period, for the chart and table over time."""
        return list(zip(self.periods, self.total.per_period, strict=True))


# --- Interval arithmetic (aware datetimes in UTC) ------------------------------------------


def _merge(spans: Iterable[tuple[datetime.datetime, datetime.datetime]]):
    merged: list[list[datetime.datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _subtract(intervals, holes):
    """`intervals` (sorted, disjoint, each with a period index) less the merged `holes`."""
    result = []
    for start, end, index in intervals:
        cursor = start
        for hole_start, hole_end in holes:
            if hole_end <= cursor or hole_start >= end:
                continue
            if hole_start > cursor:
                result.append((cursor, hole_start, index))
            cursor = max(cursor, hole_end)
            if cursor >= end:
                break
        if cursor < end:
            result.append((cursor, end, index))
    return result


# --- Reads ---------------------------------------------------------------------------------


def _open_intervals(slots, closures, period_list: list[Period]):
    """Opening intervals of every day of the periods, in UTC, with their period's index.

    Rows of the same day that overlap (09:00–13:00 and 12:00–18:00) are open once, not twice.
    """
    intervals = []
    for index, period in enumerate(period_list):
        for day in period.days():
            day_slots = opening_slots(day, slots, closures)
            for opens, closes in _merge(
                (o.astimezone(UTC), c.astimezone(UTC)) for o, c in day_slots
            ):
                intervals.append((opens, closes, index))
    return intervals


def occupancy_report(
    workspaces,
    *,
    kind: str,
    first_day: datetime.date,
    count: int | None = None,
    now: datetime.datetime | None = None,
) -> OccupancyReport:
    """Occupancy of the given workspaces (a QuerySet already scoped to the reader)."""
    now = now or timezone.now()
    period_list = periods(kind, first_day, count or PERIOD_COUNTS[kind])
    bounds = [_midnight(p.first_day) for p in period_list] + [_midnight(period_list[-1].end_day)]
    range_start, range_end = bounds[0], bounds[-1]

    workspace_list = list(workspaces.select_related("commune__grouping").order_by("name", "pk"))
    by_id = {w.pk: w for w in workspace_list}
    workspace_ids = list(by_id)
    schedules = workspace_schedules(workspace_ids)
    bookings: dict[int, list] = defaultdict(list)
    for row in Booking.objects.filter(
        resource__workspace_id__in=workspace_ids,
        status__in=FETCHED_STATUSES,
        starts_at__lt=range_end,
        ends_at__gt=range_start,
    ).values_list("resource_id", "user_id", "starts_at", "ends_at", "seats", "status", "is_block"):
        bookings[row[0]].append(row)
    resources = [
        row
        for row in Resource.objects.filter(workspace_id__in=workspace_ids)
        .order_by("name", "pk")
        .values_list("id", "workspace_id", "name", "capacity", "is_active")
        if row[4] or row[0] in bookings  # an inactive resource counts while it had bookings
    ]

    def period_of(instant) -> int:
        return bisect.bisect_right(bounds, instant) - 1

    workspace_of = {resource_id: workspace_id for resource_id, workspace_id, *_r in resources}
    # A workspace "uses check-in" in a period when one of its bookings starting then was.
    uses_check_in = {
        (workspace_of[resource_id], period_of(start))
        for resource_id, rows in bookings.items()
        for _r, _u, start, _e, _s, status, _b in rows
        if status == BookingStatus.CHECKED_IN and start >= range_start
    }

    size = len(period_list)
    open_by_workspace = {
        pk: _open_intervals(schedules[pk].slots, schedules[pk].closures, period_list)
        for pk in by_id
    }
    resource_lines: list[Line] = []
    for resource_id, workspace_id, name, capacity, _active in resources:
        cells = [Figures() for _n in range(size)]
        rows = bookings.get(resource_id, [])
        blocks = _merge(
            (start.astimezone(UTC), end.astimezone(UTC))
            for _r, _u, start, end, _s, _st, is_block in rows
            if is_block
        )
        free = _subtract(open_by_workspace[workspace_id], blocks)
        for start, end, index in free:
            cells[index].available += (end - start) * capacity
        free_ends = [end for _start, end, _index in free]
        for _r, user_id, start, end, seats, status, is_block in rows:
            if is_block:
                continue
            start, end = start.astimezone(UTC), end.astimezone(UTC)
            if status in COUNTED_STATUSES:
                position = bisect.bisect_right(free_ends, start)
                while position < len(free) and free[position][0] < end:
                    lo, hi, index = free[position]
                    cells[index].booked += (min(hi, end) - max(lo, start)) * seats
                    position += 1
                if user_id is not None:
                    first = max(period_of(start), 0)
                    last = min(period_of(end - datetime.timedelta(microseconds=1)), size - 1)
                    for index in range(first, last + 1):
                        cells[index].users.add(user_id)
            if start >= range_start:
                index = period_of(start)
                if status == BookingStatus.NO_SHOW or (
                    status == BookingStatus.CONFIRMED
                    and end <= now
                    and (workspace_id, index) in uses_check_in
                ):
                    cells[index].no_shows += 1
        resource_lines.append(Line(key=f"resource-{resource_id}", label=name, per_period=cells))

    def roll_up(groups: dict[str, tuple[str, list[Line]]]) -> list[Line]:
        lines = []
        for key, (label, children) in groups.items():
            line = Line(key=key, label=label, per_period=[Figures() for _n in range(size)])
            for child in children:
                for total, part in zip(line.per_period, child.per_period, strict=True):
                    total.add(part)
            lines.append(line)
        return sorted(lines, key=lambda line: (line.label.casefold(), line.key))

    workspace_groups: dict[str, tuple[str, list[Line]]] = {
        f"workspace-{w.pk}": (w.name, []) for w in workspace_list
    }
    for (_id, workspace_id, *_r), line in zip(resources, resource_lines, strict=True):
        workspace_groups[f"workspace-{workspace_id}"][1].append(line)
    by_workspace = roll_up(workspace_groups)

    commune_groups: dict[str, tuple[str, list[Line]]] = {}
    grouping_groups: dict[str, tuple[str, list[Line]]] = {}
    workspace_lines = {line.key: line for line in by_workspace}
    for workspace in workspace_list:
        line = workspace_lines[f"workspace-{workspace.pk}"]
        commune = workspace.commune
        commune_groups.setdefault(f"commune-{commune.pk}", (commune.name, []))[1].append(line)
        grouping = commune.grouping
        grouping_key = f"grouping-{grouping.pk}" if grouping else "grouping-none"
        grouping_label = grouping.name if grouping else ""
        grouping_groups.setdefault(grouping_key, (grouping_label, []))[1].append(line)
    total = roll_up({"total": ("", by_workspace)})[0]
    report = OccupancyReport(
        kind=kind,
        periods=period_list,
        total=total,
        by_resource=resource_lines,
        by_workspace=by_workspace,
        by_commune=roll_up(commune_groups),
        by_grouping=roll_up(grouping_groups),
        computed_at=now,
    )
    for line in [
        report.total,
        *report.by_resource,
        *report.by_workspace,
        *report.by_commune,
        *report.by_grouping,
    ]:
        for part in line.per_period:
            line.whole.add(part)
    return report


# --- Presentation: geometry of the inline SVG bar chart (no script, no library) -------------

# A narrow drawing with large type (font-size 15 in app.css) stays legible when a phone scales
# it down; the table after each chart gives the same figures in full.
CHART_WIDTH = 480
CHART_LABEL_WIDTH = 150
CHART_VALUE_WIDTH = 66
CHART_ROW = 30
CHART_BAR = 20
CHART_LABEL_CHARACTERS = 18


@dataclass(frozen=True)
class Bar:
    label: str
    short_label: str
    y: int
    text_y: int
    width: int
    value_x: int
    text: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_x: int
    bar_x: int
    bar_height: int
    track_width: int
    bars: list[Bar]


def format_rate(rate: float | None, no_value: str = "—") -> str:
    """As the tables show it (templates' floatformat:1, in the reader's language)."""
    if rate is None:
        return no_value
    return f"{floatformat(rate * 100, 1)} %"


def bar_chart(items: list[tuple[str, float | None]], no_value: str = "—") -> BarChart:
    """Horizontal bars of occupancy rates (0–100 %; a rate above 100 % fills the bar)."""
    area = CHART_WIDTH - CHART_LABEL_WIDTH - CHART_VALUE_WIDTH
    bars = []
    for position, (label, rate) in enumerate(items):
        width = round(area * min(max(rate or 0.0, 0.0), 1.0))
        short = (
            label
            if len(label) <= CHART_LABEL_CHARACTERS
            else label[: CHART_LABEL_CHARACTERS - 1].rstrip() + "…"
        )
        y = position * CHART_ROW + (CHART_ROW - CHART_BAR) // 2
        bars.append(
            Bar(
                label=label,
                short_label=short,
                y=y,
                text_y=position * CHART_ROW + CHART_ROW // 2 + 5,
                width=width,
                value_x=CHART_LABEL_WIDTH + width + 6,
                text=format_rate(rate, no_value),
            )
        )
    return BarChart(
        width=CHART_WIDTH,
        height=max(len(items), 1) * CHART_ROW,
        label_x=CHART_LABEL_WIDTH - 8,
        bar_x=CHART_LABEL_WIDTH,
        bar_height=CHART_BAR,
        track_width=area,
        bars=bars,
    )
