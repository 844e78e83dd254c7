"""iCalendar (RFC 5545) documents: a booking's invitation and a workspace's busy-time feed."""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from .models import BookingStatus

PRODID = "-//AlpSatellites//Coworking network//EN"
# RFC 5545 STATUS of a booking's event: checked in is still confirmed, a cancelled or declined
# booking is a cancelled event (not a tentative one).
EVENT_STATUS = {
    BookingStatus.PENDING: "TENTATIVE",
    BookingStatus.CONFIRMED: "CONFIRMED",
    BookingStatus.CHECKED_IN: "CONFIRMED",
    BookingStatus.DECLINED: "CANCELLED",
    BookingStatus.CANCELLED: "CANCELLED",
}


def _calendar(name: str, zone) -> Calendar:
    """Times are written in UTC; the calendar's zone is the workspace's (its territory's)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(zone))
    return calendar


def booking_ics(booking, *, method: str = "PUBLISH") -> bytes:
    """One event for one booking: attached to the confirmation e-mail."""
    workspace = booking.resource.workspace
    calendar = _calendar(workspace.name, workspace.zone)
    calendar.add("method", method)
    event = Event()
    event.add("uid", f"booking-{booking.check_in_token}@alpsatellites")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.starts_at)
    event.add("dtend", booking.ends_at)
    event.add("summary", f"{booking.resource.name} — {workspace.name}")
    event.add("location", ", ".join(p for p in (workspace.address, str(workspace.commune)) if p))
    event.add("status", EVENT_STATUS.get(booking.status, "CONFIRMED"))
    calendar.add_component(event)
    return calendar.to_ical()


def workspace_busy_ics(workspace, bookings) -> bytes:
    """Busy periods of a workspace's resources, without who booked: a public feed."""
    calendar = _calendar(workspace.name, workspace.zone)
    for booking in bookings:
        event = Event()
        event.add("uid", f"busy-{booking.pk}@alpsatellites")
        event.add("dtstamp", booking.created_at or datetime.datetime.now(datetime.UTC))
        event.add("dtstart", booking.starts_at)
        event.add("dtend", booking.ends_at)
        event.add(
            "summary", f"{booking.resource.name}: {booking.seats}/{booking.resource.capacity}"
        )
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return calendar.to_ical()
