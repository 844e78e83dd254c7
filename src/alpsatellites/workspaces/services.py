"""Writes to the coworking network. Capacity is checked inside the transaction that writes.

On PostgreSQL the resource row is locked (SELECT … FOR UPDATE) before seats are counted, so two
requests for the same resource take turns; on SQLite every write transaction starts with
BEGIN IMMEDIATE (settings: transaction_mode), which takes the database's write lock before the
count. Either way no two transactions can both see the last free seat.
"""

import datetime
import functools
import logging
import uuid
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alpsatellites.accounts.models import User
from alpsatellites.core.cache import availability_changed
from alpsatellites.core.errors import Conflict, Forbidden, Invalid, NotFound
from alpsatellites.core.formats import euros, long_date
from alpsatellites.core.logs import log_event

from .bookability import booking_closed_reason
from .booking_terms import CANCELLABLE, can_cancel, can_check_in
from .models import (
    HOLDING_STATUSES,
    Booking,
    BookingStatus,
    PriceBasis,
    Resource,
    Workspace,
    WorkspaceStatus,
)
from .pricing import PriceBreakdown, booking_breakdown
from .schedule import opening_slots, peak_usage
from .selectors import workspace_closed_days, workspace_weekly_slots
from .tasks import notify_on_commit

logger = logging.getLogger(__name__)


class BookingRefused(Invalid):
    """A booking that cannot be made, with a message for the person and the field at fault."""


class BookingConflict(Conflict, BookingRefused):
    """Refused by the state of the resource, not by the request (no seat left, a new price):
    409 rather than 400, and still a BookingRefused for the forms that show refusals."""


class BookingNotFound(NotFound, BookingRefused):
    """No such resource among the public ones (unknown, or of a draft workspace or an unpublished
    territory): 404 as for an unknown address, and still a BookingRefused for the forms."""


@dataclass(frozen=True)
class BookingRequest:
    resource_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    seats: int = 1
    request_key: uuid.UUID | None = None
    expected_price: Decimal | None = None
    workspace_id: int | None = None  # when given, the resource must belong to it


def _days(start: datetime.datetime, end: datetime.datetime, zone: ZoneInfo) -> list[datetime.date]:
    # Days of the workspace's zone, whatever time zone a request may have activated.
    local_start = start.astimezone(zone).date()
    local_end = (end - datetime.timedelta(microseconds=1)).astimezone(zone).date()
    return [
        local_start + datetime.timedelta(days=offset)
        for offset in range((local_end - local_start).days + 1)
    ]


def booking_rules_check(
    resource: Resource,
    start: datetime.datetime,
    end: datetime.datetime,
    seats: int,
    now: datetime.datetime,
) -> list[datetime.date]:
    """Raise BookingRefused for anything the resource's rules or hours forbid; return the
    working days the span covers (the days it is open, the ones that are paid for).

    Days and hours are those of the workspace's territory (`resource.workspace.territory`).
    """
    zone = resource.workspace.zone
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise BookingRefused(_("Times must include their time zone."), field="starts_at")
    # In UTC: subtracting two Europe/Paris times counts wall-clock hours, one too many or too
    # few across a daylight-saving change.
    start, end = start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)
    if end <= start:
        raise BookingRefused(_("The end must be after the start."), field="ends_at")
    if start < now:
        # Same-day bookings are accepted for times that have not started: the rule the booking
        # form states, so a full day already begun is refused with the time it began.
        raise BookingRefused(
            _("The start (%(when)s) has already passed: choose a later time or another day.")
            % {"when": date_format(start.astimezone(zone), "LONG_DATETIME_FORMAT")},
            field="starts_at",
        )
    if start > now + datetime.timedelta(days=resource.max_days_ahead):
        raise BookingRefused(
            _("This resource can be booked at most %(days)s days ahead.")
            % {"days": resource.max_days_ahead},
            field="starts_at",
        )
    if end - start < datetime.timedelta(minutes=resource.min_minutes):
        raise BookingRefused(
            _("The shortest booking is %(minutes)s minutes.") % {"minutes": resource.min_minutes},
            field="ends_at",
        )
    if not 1 <= seats <= resource.capacity:
        raise BookingRefused(
            _("Choose between 1 and %(capacity)s seats.") % {"capacity": resource.capacity},
            field="seats",
        )
    # Checked before listing the days, so an absurd end (year 9999) costs nothing. A booking of
    # working days may run over closed days (a weekend, a bank holiday), not over a long closure.
    too_long = end - start > datetime.timedelta(days=2 * resource.max_days + 3)
    calendar_days = [] if too_long else _days(start, end, zone)
    slots, closures = (
        workspace_weekly_slots(resource.workspace_id),
        workspace_closed_days(resource.workspace_id),
    )
    hours = {day: opening_slots(day, slots, closures, zone=zone) for day in calendar_days}
    days = [day for day in calendar_days if hours[day]]  # the working days, the ones paid for
    if too_long or len(days) > resource.max_days:
        raise BookingRefused(
            _("The longest booking is %(days)s days.") % {"days": resource.max_days},
            field="ends_at",
        )
    for day in (calendar_days[0], calendar_days[-1]):
        if not hours[day]:
            raise BookingRefused(
                _("The workspace is closed on %(day)s.") % {"day": long_date(day)},
                field="starts_at",
            )
    # Within an opening period, not merely between the first opening and the last closing:
    # a booking may span the lunch break but not start or end inside it.
    if not any(opens <= start < closes for opens, closes in hours[calendar_days[0]]):
        raise BookingRefused(_("The start is outside opening hours."), field="starts_at")
    if not any(opens < end <= closes for opens, closes in hours[calendar_days[-1]]):
        raise BookingRefused(_("The end is outside opening hours."), field="ends_at")
    return days


def booking_quote(request: BookingRequest) -> tuple[Resource, PriceBreakdown]:
    """What a request would cost and how, after checking the rules (not the seats): for display."""
    resource = (
        Resource.objects.public()
        .select_related("workspace__territory")
        .filter(pk=request.resource_id)
        .first()
    )
    resource = _check_resource(resource, request)
    days = booking_rules_check(
        resource, request.starts_at, request.ends_at, request.seats, timezone.now()
    )
    return resource, _breakdown(resource, request, days)


def _breakdown(
    resource: Resource, request: BookingRequest, days: list[datetime.date]
) -> PriceBreakdown:
    # Multiplied by the seats only for a per-seat resource: a room costs the same for 2 or 6.
    return booking_breakdown(
        resource,
        request.starts_at,
        request.ends_at,
        len(days),
        seats=request.seats,
        zone=resource.workspace.zone,
    )


def _check_resource(resource: Resource | None, request: BookingRequest) -> Resource:
    """`resource` was read among the public ones: a draft's or a hidden territory's is None."""
    if resource is None or (
        request.workspace_id is not None and resource.workspace_id != request.workspace_id
    ):
        raise BookingNotFound(
            _("This resource does not exist in this workspace."), field="resource"
        )
    if resource.workspace.status != WorkspaceStatus.OPEN:
        raise BookingRefused(_("This resource cannot be booked at the moment."), field="resource")
    closed_reason = booking_closed_reason(resource.workspace)
    if closed_reason is not None:
        raise BookingRefused(closed_reason, field="resource", code="not_bookable")
    return resource


def booking_request(*, user: User, request: BookingRequest) -> Booking:
    """Book seats for `user`, confirmed at once or pending the manager's approval.

    The same request_key from the same user returns the booking already made (a double click or
    a retried request creates one booking).
    """
    request_key = request.request_key or uuid.uuid4()
    existing = Booking.objects.filter(user=user, request_key=request_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _book(user, request, request_key)
    except BookingRefused as refusal:
        log_event(
            logger,
            "booking.refused",
            user=user.pk,
            resource=request.resource_id,
            code=refusal.code,
            field=refusal.field or "",
        )
        raise
    except IntegrityError:
        # Lost a race against the same request (the unique key): hand back the winner's booking.
        existing = Booking.objects.filter(user=user, request_key=request_key).first()
        if existing is None:
            raise
        return existing


def _book(user: User, request: BookingRequest, request_key: uuid.UUID) -> Booking:
    resource = (
        Resource.objects.public()
        .select_for_update(of=("self",))
        .select_related("workspace__territory")
        .filter(pk=request.resource_id)
        .first()
    )
    # The same request may have been booked while this one waited for the lock: counting the
    # seats first would refuse a retry whose own booking took the last seat.
    existing = Booking.objects.filter(user=user, request_key=request_key).first()
    if existing is not None:
        return existing
    resource = _check_resource(resource, request)
    start, end = request.starts_at, request.ends_at
    days = booking_rules_check(resource, start, end, request.seats, timezone.now())
    start, end = start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)  # checked aware
    price = _breakdown(resource, request, days).total
    if request.expected_price is not None and request.expected_price != price:
        raise BookingConflict(
            _("The price is now %(price)s; please confirm again.") % {"price": euros(price)},
            field="price",
            code="price_changed",
        )
    _claim_seats(resource, start, end, request.seats)
    status = BookingStatus.PENDING if resource.requires_approval else BookingStatus.CONFIRMED
    booking = Booking.objects.create(
        resource=resource,
        user=user,
        starts_at=start,
        ends_at=end,
        seats=request.seats,
        status=status,
        price=price,
        request_key=request_key,
    )
    _on_commit_seats_changed(resource.workspace)
    notify_on_commit("booking_made", booking.pk)
    if status == BookingStatus.PENDING:
        notify_on_commit("request_to_managers", booking.pk)
    transaction.on_commit(
        lambda: log_event(
            logger,
            "booking.made",
            booking=booking.pk,
            user=user.pk,
            resource=resource.pk,
            seats=booking.seats,
            status=booking.status,
        )
    )
    return booking


def _claim_seats(
    resource: Resource,
    start: datetime.datetime,
    end: datetime.datetime,
    seats: int,
    *,
    exclude_pk: int | None = None,
) -> None:
    holding = Booking.objects.filter(
        resource=resource, status__in=HOLDING_STATUSES, starts_at__lt=end, ends_at__gt=start
    )
    if exclude_pk is not None:
        holding = holding.exclude(pk=exclude_pk)
    spans = [
        # A block takes every seat, including seats added after it was made.
        (span_start, span_end, max(span_seats, resource.capacity) if is_block else span_seats)
        for span_start, span_end, span_seats, is_block in holding.values_list(
            "starts_at", "ends_at", "seats", "is_block"
        )
    ]
    in_use = peak_usage(spans, start, end)
    if in_use and resource.price_basis == PriceBasis.PER_UNIT:
        # A room is booked whole, whatever the number of people: no second group shares it.
        in_use = resource.capacity
    if in_use + seats > resource.capacity:
        free = max(resource.capacity - in_use, 0)
        raise BookingConflict(
            _("Not enough free seats for this time: %(free)s left.") % {"free": free},
            field="seats",
            code="full",
        )


def _on_commit_seats_changed(workspace: Workspace) -> None:
    """Once committed, the workspace's public availability and its territory's search are stale.

    robust: a cache that is down must not turn a made change into an error page (the pages then
    expire on their own after PUBLIC_PAGE_CACHE_SECONDS).
    """
    renew = functools.partial(
        availability_changed,
        territory_slug=workspace.territory.slug,
        workspace_slug=workspace.slug,
    )
    transaction.on_commit(renew, robust=True)


def _locked_booking(booking_id: int, missing: str) -> Booking:
    # Only the booking row is locked; a path that also needs the resource locks it afterwards
    # (booking first, resource second, never the other way round).
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("resource__workspace__territory")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None:
        raise NotFound(missing)
    return booking


def booking_cancel(*, user: User, booking_id: int) -> Booking:
    """The booker cancels, no later than the resource's cancellation deadline."""
    with transaction.atomic():
        missing = _("No such booking among yours.")
        booking = _locked_booking(booking_id, missing)
        if booking.user_id != user.pk:
            # Someone else's booking: answered as if it did not exist.
            raise Forbidden(missing, conceal=True)
        if booking.status not in CANCELLABLE:
            raise BookingRefused(_("This booking can no longer be cancelled."))
        if not can_cancel(booking, timezone.now()):
            raise BookingRefused(
                _("Cancellations close %(hours)s hours before the start.")
                % {"hours": booking.resource.cancellation_hours}
            )
        booking.status, booking.cancelled_at = BookingStatus.CANCELLED, timezone.now()
        booking.save(update_fields=["status", "cancelled_at"])
        _on_commit_seats_changed(booking.resource.workspace)
        notify_on_commit("booking_cancelled", booking.pk)
    log_event(logger, "booking.cancelled", booking=booking.pk, user=user.pk)
    return booking


def booking_cancel_by_manager(*, manager: User, booking_id: int) -> Booking:
    """A manager cancels a booking that has not ended (the room is needed, the place closes):
    no deadline applies to them, and the member is told by e-mail."""
    with transaction.atomic():
        booking = _managed_booking(manager, booking_id)
        if booking.status not in (BookingStatus.PENDING, BookingStatus.CONFIRMED) or (
            booking.ends_at <= timezone.now()
        ):
            raise BookingRefused(_("This booking can no longer be cancelled."))
        booking.status, booking.cancelled_at = BookingStatus.CANCELLED, timezone.now()
        booking.save(update_fields=["status", "cancelled_at"])
        _on_commit_seats_changed(booking.resource.workspace)
        if not booking.is_block:
            notify_on_commit("booking_cancelled_by_manager", booking.pk)
    log_event(logger, "booking.cancelled", booking=booking.pk, manager=manager.pk)
    return booking


def bookings_release_for_leaver(*, user: User) -> int:
    """Cancel the person's bookings that have not started, whatever the deadline: they are
    deleting their account and will not come, and the seats are someone else's to take.
    Called inside the erasure's transaction; returns how many were cancelled."""
    upcoming = Booking.objects.select_for_update(of=("self",)).filter(
        user=user, status__in=HOLDING_STATUSES, starts_at__gt=timezone.now()
    )
    released = list(upcoming.select_related("resource__workspace__territory"))
    for booking in released:
        booking.status, booking.cancelled_at = BookingStatus.CANCELLED, timezone.now()
        booking.save(update_fields=["status", "cancelled_at"])
    for workspace in {booking.resource.workspace for booking in released}:
        _on_commit_seats_changed(workspace)
    return len(released)


def _managed_booking(user: User, booking_id: int) -> Booking:
    missing = _("No such booking in the workspaces you manage.")
    booking = _locked_booking(booking_id, missing)
    if not Workspace.objects.managed_by(user).filter(pk=booking.resource.workspace_id).exists():
        raise Forbidden(missing, conceal=True)
    return booking


DECLINE_REASON_MAX_LENGTH = 500


def booking_decide(*, manager: User, booking_id: int, approve: bool, reason: str = "") -> Booking:
    """A manager approves or declines a pending booking; approval re-checks the seats.

    `reason` (plain text, declines only) is kept on the booking and sent to the member.
    """
    reason = reason.strip() if not approve else ""
    if len(reason) > DECLINE_REASON_MAX_LENGTH:
        raise BookingRefused(
            _("The reason can be at most %(count)s characters long.")
            % {"count": DECLINE_REASON_MAX_LENGTH},
            field="reason",
        )
    with transaction.atomic():
        booking = _managed_booking(manager, booking_id)
        if booking.status != BookingStatus.PENDING:
            raise BookingRefused(_("This booking is not awaiting a decision."))
        if approve:
            # A block may have been laid over the request since it was made.
            resource = Resource.objects.select_for_update(of=("self",)).get(pk=booking.resource_id)
            _claim_seats(
                resource, booking.starts_at, booking.ends_at, booking.seats, exclude_pk=booking.pk
            )
        booking.status = BookingStatus.CONFIRMED if approve else BookingStatus.DECLINED
        booking.decided_at, booking.decline_reason = timezone.now(), reason
        booking.save(update_fields=["status", "decided_at", "decline_reason"])
        _on_commit_seats_changed(booking.resource.workspace)
        notify_on_commit("booking_approved" if approve else "booking_declined", booking.pk)
    log_event(
        logger,
        "booking.decided",
        booking=booking.pk,
        manager=manager.pk,
        status=booking.status,
    )
    return booking


def booking_check_in(*, token: uuid.UUID) -> Booking:
    """The booker checks in by scanning the QR code of the confirmation (the token is the proof)."""
    with transaction.atomic():
        booking = Booking.objects.select_for_update().filter(check_in_token=token).first()
        if booking is None:
            raise NotFound(_("No such booking."))
        return _check_in(booking)


def booking_check_in_by_manager(*, manager: User, booking_id: int) -> Booking:
    """A manager checks a booker in with a click on the workspace's day sheet."""
    with transaction.atomic():
        return _check_in(_managed_booking(manager, booking_id))


def _check_in(booking: Booking) -> Booking:
    # Called with the booking row locked, inside the caller's transaction.
    if booking.status == BookingStatus.CHECKED_IN:
        return booking
    if booking.status != BookingStatus.CONFIRMED:
        raise BookingRefused(_("Only a confirmed booking can be checked in."))
    now = timezone.now()
    if not can_check_in(booking, now):
        raise BookingRefused(_("Check-in opens one hour before the start."))
    booking.status, booking.checked_in_at = BookingStatus.CHECKED_IN, now
    booking.save(update_fields=["status", "checked_in_at"])
    return booking


def resource_block(
    *,
    manager: User,
    resource_id: int,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    note: str = "",
) -> Booking:
    """A manager takes seats out of booking (maintenance, private event): all seats, any hours."""
    with transaction.atomic():
        resource = (
            Resource.objects.select_for_update(of=("self",))
            .select_related("workspace__territory")
            .filter(pk=resource_id)
            .first()
        )
        if resource is None:
            raise NotFound(_("This resource does not exist in this workspace."))
        if not Workspace.objects.managed_by(manager).filter(pk=resource.workspace_id).exists():
            raise Forbidden(_("This resource does not exist in this workspace."), conceal=True)
        if ends_at <= starts_at:
            raise BookingRefused(_("The end must be after the start."), field="ends_at")
        booking = Booking.objects.create(
            resource=resource,
            user=None,
            is_block=True,
            starts_at=starts_at,
            ends_at=ends_at,
            seats=resource.capacity,
            status=BookingStatus.CONFIRMED,
            note=note,
        )
        _on_commit_seats_changed(resource.workspace)
    return booking
