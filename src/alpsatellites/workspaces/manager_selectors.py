"""Reads behind the managers' tools (week grid, revenue, bookings exports), one query each.

Kept apart from `selectors.py`, which serves the public pages: each function here takes a
workspace the caller has already scoped to its manager (`Workspace.objects.managed_by`).
"""

import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import QuerySet

from .grid import SHOWN_STATUSES, GridBooking, GridResource
from .models import Booking, BookingStatus, Resource, Workspace

# The bookings that bring money in: accepted, whether or not the person checked in.
EARNING_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN)


def grid_resources(workspace: Workspace) -> list[GridResource]:
    """Every resource of the workspace, bookable or not (a paused one may still hold bookings)."""
    rows = Resource.objects.filter(workspace=workspace).order_by("kind", "name", "pk")
    return [
        GridResource(pk, name, capacity)
        for pk, name, capacity in rows.values_list("pk", "name", "capacity")
    ]


def grid_bookings(
    workspace: Workspace, start: datetime.datetime, end: datetime.datetime
) -> list[GridBooking]:
    """Bookings and blocks holding seats over [start, end), as plain tuples (no model objects)."""
    rows = Booking.objects.filter(
        resource__workspace=workspace,
        status__in=SHOWN_STATUSES,
        starts_at__lt=end,
        ends_at__gt=start,
    ).values_list("resource_id", "starts_at", "ends_at", "seats", "status", "is_block")
    return [GridBooking(*row) for row in rows]


def earnings(
    workspace: Workspace, start: datetime.datetime, end: datetime.datetime
) -> list[tuple[datetime.datetime, Decimal]]:
    """(start, price) of the confirmed and checked-in bookings starting in [start, end)."""
    rows = Booking.objects.filter(
        resource__workspace=workspace,
        status__in=EARNING_STATUSES,
        is_block=False,
        starts_at__gte=start,
        starts_at__lt=end,
    ).values_list("starts_at", "price")
    return list(rows)


def export_bookings(workspace: Workspace) -> Iterator[Booking]:
    """Every booking and block of the workspace, oldest first, streamed in chunks."""
    rows: QuerySet[Booking] = (
        Booking.objects.filter(resource__workspace=workspace)
        .select_related("resource", "user")
        .order_by("starts_at", "pk")
    )
    return rows.iterator(chunk_size=2000)
