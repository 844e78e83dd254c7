"""What a booking costs: the cheapest of the resource's applicable tariffs, computed server-side.

A client never sends a price to be stored; it may send the price it was shown, and a booking is
refused if that differs (the tariff changed, or the request was tampered with).
"""

import datetime
import math
from decimal import Decimal

HALF_DAY = datetime.timedelta(hours=4)
WORKING_DAYS_PER_WEEK = 5
WORKING_DAYS_PER_MONTH = 20


def booking_price(resource, start: datetime.datetime, end: datetime.datetime, days: int) -> Decimal:
    """`days` is the number of calendar days the booking touches (1 for a same-day booking)."""
    candidates: list[Decimal] = []
    if days == 1:
        duration = end - start
        if resource.price_hour is not None:
            hours = math.ceil(duration.total_seconds() / 3600)
            candidates.append(resource.price_hour * hours)
        if resource.price_half_day is not None and duration <= HALF_DAY:
            candidates.append(resource.price_half_day)
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
