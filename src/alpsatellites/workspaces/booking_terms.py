"""When a booking may be cancelled or checked in: one answer for the services that enforce it and
the pages that offer the buttons, so no page shows a "Cancel" the service would then refuse."""

import datetime
from typing import TYPE_CHECKING

from .models import BookingStatus

if TYPE_CHECKING:
    from .models import Booking

CHECK_IN_EARLY = datetime.timedelta(hours=1)
CANCELLABLE = (BookingStatus.PENDING, BookingStatus.CONFIRMED)


def cancellation_deadline(booking: "Booking") -> datetime.datetime:
    return booking.starts_at - datetime.timedelta(hours=booking.resource.cancellation_hours)


def can_cancel(booking: "Booking", now: datetime.datetime) -> bool:
    return booking.status in CANCELLABLE and now <= cancellation_deadline(booking)


def check_in_opens(booking: "Booking") -> datetime.datetime:
    return booking.starts_at - CHECK_IN_EARLY


def can_check_in(booking: "Booking", now: datetime.datetime) -> bool:
    """A confirmed booking, from an hour before its start until its end."""
    return (
        booking.status == BookingStatus.CONFIRMED
        and check_in_opens(booking) <= now < booking.ends_at
    )
