"""A discovery stay's coworking pass: one seat per accepted household, for the stay's days.

Booked and cancelled only through the booking service (workspaces.services), so the space's
capacity, hours and rules hold for stays as for anyone. One booking covers the stay: from the
opening of its first open day to the closing of its last, in the workspace's time zone (a stay
starting on a Sunday the workspace is closed gets its desk from Monday).

These are called inside the stays' transactions (services/stays.py), after the stay row is
locked; the booking service locks the booking, then the resource (the documented order).
"""

import datetime
import uuid

from django.utils.translation import gettext as _

from alpsatellites.accounts.models import User
from alpsatellites.core.errors import Conflict, Invalid
from alpsatellites.workspaces.models import Booking, BookingStatus, Resource
from alpsatellites.workspaces.schedule import slot_span
from alpsatellites.workspaces.selectors import workspace_closed_days, workspace_weekly_slots
from alpsatellites.workspaces.services import (
    BookingRefused,
    BookingRequest,
    booking_cancel,
    booking_request,
    booking_rules_check,
)

from ..models import DiscoveryStay, StayApplication

# The booking's request key derives from the application's: accepting twice (a retry, a double
# click) finds the booking already made instead of taking a second seat.
PASS_NAMESPACE = uuid.UUID("6f1d2c64-5a0b-4f57-9a63-3c1b8e2f7d10")


def pass_span(
    resource: Resource, starts_on: datetime.date, ends_on: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """From the first opening to the last closing within the stay's days; Invalid if the
    workspace opens on none of them."""
    slots = workspace_weekly_slots(resource.workspace_id)
    closures = workspace_closed_days(resource.workspace_id)
    zone = resource.workspace.zone
    days = [starts_on + datetime.timedelta(days=n) for n in range((ends_on - starts_on).days + 1)]
    spans = [span for day in days if (span := slot_span(day, "day", slots, closures, zone=zone))]
    if not spans:
        raise Invalid(
            _("The workspace is closed on every day of the stay."), field="workspace_resource"
        )
    return spans[0][0], spans[-1][1]


def pass_check(resource: Resource, starts_on: datetime.date, ends_on: datetime.date) -> None:
    """When the stay is set: the rules the booking will meet, so an officer learns now, not on
    accepting a household, that the pass cannot cover these days (closed in between, too long).

    Checked as if booked on the first day: how far ahead it may be booked is checked on
    acceptance, when the booking is made.
    """
    start, end = pass_span(resource, starts_on, ends_on)
    try:
        booking_rules_check(resource, start, end, 1, start)
    except BookingRefused as refusal:
        raise Invalid(
            _("The coworking pass cannot cover this stay: %(reason)s")
            % {"reason": refusal.message},
            field="workspace_resource",
            code=refusal.code,
        ) from refusal


def pass_book(stay: DiscoveryStay, application: StayApplication, household: User) -> Booking:
    """Book one seat for the household; a refusal refuses the acceptance with its reason."""
    resource = Resource.objects.select_related("workspace__territory").get(discovery_stays=stay)
    try:
        start, end = pass_span(resource, stay.starts_on, stay.ends_on)
        return booking_request(
            user=household,
            request=BookingRequest(
                resource_id=resource.pk,
                starts_at=start,
                ends_at=end,
                seats=1,
                request_key=uuid.uuid5(PASS_NAMESPACE, str(application.request_key)),
            ),
        )
    except Invalid as refusal:  # BookingRefused, and pass_span's closed days
        raise Conflict(
            _("The coworking pass could not be booked: %(reason)s") % {"reason": refusal.message},
            field="booking",
            code="pass_refused",
        ) from refusal


def pass_release(application: StayApplication) -> None:
    """Cancel the household's pass, if it still holds seats (a manager may have declined it)."""
    booking = application.booking
    if booking is None or application.household is None:
        return
    if booking.status not in (BookingStatus.PENDING, BookingStatus.CONFIRMED):
        return
    try:
        booking_cancel(user=application.household, booking_id=booking.pk)
    except BookingRefused as refusal:
        raise Invalid(
            _("The coworking pass could not be cancelled: %(reason)s")
            % {"reason": refusal.message},
            code="pass_kept",
        ) from refusal
