"""Money taken per week or month, shown beside occupancy: what the seats that were used earned.

Revenue is the price recorded on the confirmed and checked-in bookings (the price the person
accepted when booking), counted in the period where the booking starts, in the workspace's time
zone. Pending, declined, cancelled and no-show bookings earn nothing; a manager's block has no
price. Nothing is paid online yet: these are amounts due, not payments received.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from .manager_selectors import earnings
from .models import Workspace
from .occupancy import Period


@dataclass(frozen=True)
class PeriodRevenue:
    period: Period
    amount: Decimal
    bookings: int


def _midnight(day: datetime.date, zone: ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)


def revenue_by_period(workspace: Workspace, periods: list[Period]) -> list[PeriodRevenue]:
    """The amount and number of earning bookings of each period: one query."""
    zone = workspace.zone
    amounts = [Decimal(0) for _p in periods]
    counts = [0 for _p in periods]
    rows = earnings(
        workspace, _midnight(periods[0].first_day, zone), _midnight(periods[-1].end_day, zone)
    )
    for starts_at, price in rows:
        day = timezone.localtime(starts_at, zone).date()
        for index, period in enumerate(periods):
            if period.first_day <= day < period.end_day:
                amounts[index] += price
                counts[index] += 1
                break
    return [
        PeriodRevenue(period, amount, count)
        for period, amount, count in zip(periods, amounts, counts, strict=True)
    ]


def revenue_chart_shares(rows: list[PeriodRevenue]) -> list[float | None]:
    """Each period's amount as a share of the largest, for bars drawn like the occupancy ones."""
    top = max((row.amount for row in rows), default=Decimal(0))
    return [float(row.amount / top) if top else None for row in rows]
