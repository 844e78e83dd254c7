"""What a booking costs: the cheapest of the resource's applicable tariffs, computed server-side.

A client never sends a price to be stored; it may send the price it was shown, and a booking is
refused if that differs (the tariff changed, or the request was tampered with).
"""

import datetime
import math
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .schedule import MIDDAY

if TYPE_CHECKING:  # only its tariff fields are read: no query is made here
    from .models import Resource

HALF_DAY = datetime.timedelta(hours=4)
WORKING_DAYS_PER_WEEK = 5
WORKING_DAYS_PER_MONTH = 20


def _duration(start: datetime.datetime, end: datetime.datetime) -> datetime.timedelta:
    # In UTC: subtracting two Europe/Paris times counts wall-clock hours, wrong across a
    # daylight-saving change.
    return end.astimezone(datetime.UTC) - start.astimezone(datetime.UTC)


def is_half_day(start: datetime.datetime, end: datetime.datetime, *, zone: ZoneInfo) -> bool:
    """At most four hours, or all in the morning or all in the afternoon of one local day.

    The morning and afternoon are those of schedule.slot_span (split at 13:00), so the morning
    slot of a day opening at 08:30 (4 h 30) is a half-day.
    """
    if _duration(start, end) <= HALF_DAY:
        return True
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    if local_start.date() != local_end.date():
        return False
    return local_end.time() <= MIDDAY or local_start.time() >= MIDDAY


def booking_price(
    resource: "Resource",
    start: datetime.datetime,
    end: datetime.datetime,
    days: int,
    *,
    zone: ZoneInfo,
) -> Decimal:
    """`days` is the number of calendar days the booking touches (1 for a same-day booking);
    `zone` is the workspace's, where mornings and afternoons are.

    Every tariff the resource has gives a candidate, so a booking is never free because no
    tariff fits its length: hours are counted over the whole span, and a span that is not a
    half-day costs two half-days per day.
    """
    candidates: list[Decimal] = []
    if resource.price_hour is not None:
        hours = math.ceil(_duration(start, end).total_seconds() / 3600)
        candidates.append(resource.price_hour * hours)
    if resource.price_half_day is not None:
        half_days = 1 if days == 1 and is_half_day(start, end, zone=zone) else 2 * days
        candidates.append(resource.price_half_day * half_days)
    if resource.price_day is not None:
        candidates.append(resource.price_day * days)
    if resource.price_week is not None:
        weeks, rest = divmod(days, WORKING_DAYS_PER_WEEK)
        rest_price = resource.price_day * rest if resource.price_day is not None else None
        if rest == 0:
            candidates.append(resource.price_week * weeks)
        elif rest_price is not None:
            candidates.append(resource.price_week * weeks + rest_price)
        candidates.append(resource.price_week * (weeks + 1))
    if resource.price_month is not None:
        months = math.ceil(days / WORKING_DAYS_PER_MONTH)
        candidates.append(resource.price_month * months)
    return min(candidates, default=Decimal("0.00")).quantize(Decimal("0.01"))
