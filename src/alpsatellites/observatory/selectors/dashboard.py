"""Reads of the elected officials' decision dashboard: feasibility by commune and the platform's
activity over time, for a territory or one of its groupings.

Bookings, people and revenue per week or month are counted by the database (one grouped query);
occupancy reuses the network's one definition (workspaces.occupancy: seat-hours against opening
hours, in five queries whatever the number of bookings), so a manager and an elected official
never read two different rates for the same week.

Newcomer and consultation figures join here when those domains exist: each is one more
`ActivitySeries` from its own selector, listed in `EXTENSION_POINTS`; none is shown before.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, DateField, QuerySet, Sum
from django.db.models.functions import Trunc

from alpsatellites.observatory.selectors.feasibility import (
    CommuneFeasibility,
    TerritoryFeasibility,
    territory_feasibility,
)
from alpsatellites.territories.models import Grouping, Territory
from alpsatellites.workspaces import occupancy
from alpsatellites.workspaces.models import Booking, BookingStatus, Resource, Workspace

# Bookings that took place or will: the same statuses the occupancy counts.
COUNTED_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN)
# Future domains add their series here (see the module docstring).
EXTENSION_POINTS = ("newcomers", "consultation")


@dataclass(frozen=True)
class PeriodActivity:
    period: occupancy.Period
    bookings: int
    people: int
    revenue: Decimal
    occupancy_rate: float | None  # 0–1, None when no seat was on offer


@dataclass(frozen=True)
class PlatformActivity:
    kind: str
    periods: list[PeriodActivity]
    workspaces: int
    seats: int

    @property
    def bookings(self) -> int:
        return sum(p.bookings for p in self.periods)

    @property
    def revenue(self) -> Decimal:
        return sum((p.revenue for p in self.periods), Decimal(0))


def scoped_workspaces(
    workspaces: QuerySet[Workspace], territory: Territory, grouping: Grouping | None
) -> QuerySet[Workspace]:
    """The reader's workspaces of the territory (or grouping) that are not drafts or gone."""
    scoped = workspaces.filter(territory=territory).exclude(status__in=("draft", "cancelled"))
    if grouping is not None:
        scoped = scoped.filter(commune__grouping=grouping)
    return scoped


def seats_on_offer(workspaces: QuerySet[Workspace]) -> dict[int, int]:
    """Seats of the active desks and offices of these workspaces, by commune id (one query).

    Meeting rooms and phone booths are not workplaces for a day and are left out.
    """
    rows = (
        Resource.objects.filter(workspace__in=workspaces, is_active=True)
        .exclude(kind__in=("meeting_room", "phone_booth"))
        .values("workspace__commune_id")
        .annotate(seats=Sum("capacity"))
        .values_list("workspace__commune_id", "seats")
    )
    return {commune_id: int(seats or 0) for commune_id, seats in rows}


def platform_activity(
    workspaces: QuerySet[Workspace],
    *,
    zone: ZoneInfo,
    kind: str,
    first_day: datetime.date,
    count: int | None = None,
) -> PlatformActivity:
    """Bookings, distinct people, revenue and occupancy per period (7 queries in all)."""
    count = count or occupancy.PERIOD_COUNTS[kind]
    period_list = occupancy.periods(kind, first_day, count)
    start = datetime.datetime.combine(period_list[0].first_day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(period_list[-1].end_day, datetime.time.min, tzinfo=zone)
    grouped: dict[datetime.date, dict[str, Any]] = {
        row["period"]: dict(row)
        for row in Booking.objects.filter(
            resource__workspace__in=workspaces,
            is_block=False,
            status__in=COUNTED_STATUSES,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .annotate(period=Trunc("starts_at", kind, output_field=DateField(), tzinfo=zone))
        .values("period")
        .annotate(bookings=Count("id"), people=Count("user", distinct=True), revenue=Sum("price"))
        .order_by("period")
    }
    rates = occupancy.occupancy_report(workspaces, kind=kind, first_day=first_day, count=count)
    result = []
    for period, figures in zip(period_list, rates.total.per_period, strict=True):
        row = grouped.get(period.first_day, {})
        result.append(
            PeriodActivity(
                period=period,
                bookings=int(row.get("bookings", 0)),
                people=int(row.get("people", 0)),
                revenue=Decimal(row.get("revenue") or 0),
                occupancy_rate=figures.rate,
            )
        )
    return PlatformActivity(
        kind=kind,
        periods=result,
        workspaces=workspaces.count(),
        seats=sum(seats_on_offer(workspaces).values()),
    )


def territory_feasibility_of(territory: Territory) -> TerritoryFeasibility:
    """The feasibility index of the territory with its own weights (one seam for the pages)."""
    return territory_feasibility(territory)


def feasibility_rows(
    result: TerritoryFeasibility, grouping: Grouping | None
) -> list[CommuneFeasibility]:
    """The ranked communes, those of `grouping` only when one is chosen (best first)."""
    return [
        row for row in result.rows if grouping is None or row.grouping_code == grouping.official_id
    ]
