"""Instants and booking calls shared by the booking tests."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from alpsatellites.workspaces.models import Booking
from alpsatellites.workspaces.services import (
    BookingRefused,
    BookingRequest,
    booking_request,
)

PARIS = ZoneInfo("Europe/Paris")
UTC = datetime.UTC
NOW = datetime.datetime(2026, 6, 1, 8, 0, tzinfo=PARIS)  # a Monday


def at(day, hour, minute=0, month=6):
    """A Paris time in June 2026 (or another month)."""
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=PARIS)


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def book(user, resource, start, end, **fields):
    return booking_request(
        user=user,
        request=BookingRequest(resource_id=resource.pk, starts_at=start, ends_at=end, **fields),
    )


def refused(user, resource, start, end, **fields) -> BookingRefused:
    """The refusal of a request, having checked that nothing was written."""
    before = Booking.objects.count()
    with pytest.raises(BookingRefused) as info:
        book(user, resource, start, end, **fields)
    assert Booking.objects.count() == before
    return info.value
