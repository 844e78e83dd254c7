"""What a booking costs: the cheapest of the resource's applicable tariffs, computed server-side,
with the computation a person can check ("2 h × 20 € = 40 €").

A client never sends a price to be stored; it may send the price it was shown, and a booking is
refused if that differs (the tariff changed, or the request was tampered with).

A desk is priced per seat and a room for the whole room (`Resource.price_basis`): a 2-hour room
for 6 people at 20 €/h is 40 €, not 240 €. Plain functions, no query: only the resource's tariff
fields are read, so every case is tested without a database.
"""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alpsatellites.core.formats import euros

from .schedule import MIDDAY

if TYPE_CHECKING:  # only its tariff fields are read: no query is made here
    from .models import Resource

HALF_DAY = datetime.timedelta(hours=4)
WORKING_DAYS_PER_WEEK = 5
WORKING_DAYS_PER_MONTH = 20
# The value of models.PriceBasis.PER_UNIT, repeated so this module never imports the models
# (a test checks that the two agree).
PER_UNIT = "per_unit"
CENT = Decimal("0.01")


class Tariff(StrEnum):
    HOUR = "hour"
    HALF_DAY = "half_day"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class PriceLine:
    """One tariff applied a number of times: 3 days × 15 € = 45 €."""

    tariff: Tariff
    quantity: int
    unit_price: Decimal

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class PriceBreakdown:
    """The chosen tariff's lines (a week and two days are two lines), for one seat or the room."""

    lines: tuple[PriceLine, ...]
    seats: int
    per_seat: bool

    @property
    def unit_price(self) -> Decimal:
        """For one seat (per-seat resources) or for the whole resource."""
        return sum((line.amount for line in self.lines), Decimal("0")).quantize(CENT)

    @property
    def total(self) -> Decimal:
        multiplier = self.seats if self.per_seat else 1
        return (self.unit_price * multiplier).quantize(CENT)


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


def _candidates(
    resource: "Resource",
    start: datetime.datetime,
    end: datetime.datetime,
    days: int,
    zone: ZoneInfo,
) -> list[tuple[PriceLine, ...]]:
    """Every way the resource's tariffs can price the span, in the order a tie is settled."""
    candidates: list[tuple[PriceLine, ...]] = []
    if resource.price_hour is not None:
        hours = math.ceil(_duration(start, end).total_seconds() / 3600)
        candidates.append((PriceLine(Tariff.HOUR, hours, resource.price_hour),))
    if resource.price_half_day is not None:
        half_days = 1 if days == 1 and is_half_day(start, end, zone=zone) else 2 * days
        candidates.append((PriceLine(Tariff.HALF_DAY, half_days, resource.price_half_day),))
    if resource.price_day is not None:
        candidates.append((PriceLine(Tariff.DAY, days, resource.price_day),))
    if resource.price_week is not None:
        weeks, rest = divmod(days, WORKING_DAYS_PER_WEEK)
        if rest == 0:
            candidates.append((PriceLine(Tariff.WEEK, weeks, resource.price_week),))
        elif resource.price_day is not None:
            lines = [PriceLine(Tariff.DAY, rest, resource.price_day)]
            if weeks:
                lines.insert(0, PriceLine(Tariff.WEEK, weeks, resource.price_week))
            candidates.append(tuple(lines))
        candidates.append((PriceLine(Tariff.WEEK, weeks + 1, resource.price_week),))
    if resource.price_month is not None:
        months = math.ceil(days / WORKING_DAYS_PER_MONTH)
        candidates.append((PriceLine(Tariff.MONTH, months, resource.price_month),))
    return candidates


def booking_breakdown(
    resource: "Resource",
    start: datetime.datetime,
    end: datetime.datetime,
    days: int,
    *,
    seats: int = 1,
    zone: ZoneInfo,
) -> PriceBreakdown:
    """The cheapest computation for `seats` people.

    `days` is the number of working (open) days the booking covers (1 for a same-day booking);
    `zone` is the workspace's, where mornings and afternoons are. Every tariff the resource has
    gives a candidate, so a booking is never free because no tariff fits its length: hours are
    counted over the whole span, and a span that is not a half-day costs two half-days per day.
    A resource without any tariff is free (no line).
    """
    candidates = _candidates(resource, start, end, days, zone)
    # min() keeps the first of equal prices: the hour before the half-day before the day.
    lines = min(candidates, key=lambda c: sum(line.amount for line in c), default=())
    return PriceBreakdown(lines, seats, per_seat=resource.price_basis != PER_UNIT)


def booking_price(
    resource: "Resource",
    start: datetime.datetime,
    end: datetime.datetime,
    days: int,
    *,
    zone: ZoneInfo,
) -> Decimal:
    """The price for one seat (per-seat resources) or for the whole resource."""
    return booking_breakdown(resource, start, end, days, zone=zone).unit_price


def _line_text(line: PriceLine) -> str:
    unit, amount = euros(line.unit_price), euros(line.amount)
    if line.tariff == Tariff.HALF_DAY and line.quantity == 1:
        return _("half-day rate %(price)s") % {"price": unit}
    quantities = {
        Tariff.HOUR: _("%(count)s h") % {"count": line.quantity},
        Tariff.HALF_DAY: ngettext("%(count)s half-day", "%(count)s half-days", line.quantity),
        Tariff.DAY: ngettext("%(count)s day", "%(count)s days", line.quantity),
        Tariff.WEEK: ngettext("%(count)s week", "%(count)s weeks", line.quantity),
        Tariff.MONTH: ngettext("%(count)s month", "%(count)s months", line.quantity),
    }
    quantity = quantities[line.tariff] % {"count": line.quantity}
    return f"{quantity} × {unit} = {amount}"


def breakdown_lines(breakdown: PriceBreakdown) -> list[str]:
    """The computation as people read it, in the active language:

    ["2 h × 20,00 € = 40,00 €"], ["1 week × 75,00 € = 75,00 €", "2 days × 18,00 € = 36,00 €",
    "111,00 € × 3 seats = 333,00 €"], ["Free"].
    """
    lines: Sequence[PriceLine] = breakdown.lines
    if not lines:
        return [_("Free")]
    texts = [_line_text(line) for line in lines]
    if breakdown.per_seat and breakdown.seats > 1:
        seats = ngettext("%(count)s seat", "%(count)s seats", breakdown.seats) % {
            "count": breakdown.seats
        }
        texts.append(f"{euros(breakdown.unit_price)} × {seats} = {euros(breakdown.total)}")
    elif not breakdown.per_seat:
        texts.append(
            ngettext(
                "Price for the whole room, for %(count)s person.",
                "Price for the whole room, for %(count)s people.",
                breakdown.seats,
            )
            % {"count": breakdown.seats}
        )
    return texts
