"""A member's booking pages: the form (its fields follow the slot kind), the quote with its
computation, the booking with its cancel and check-in offered only while they are allowed, and
the cancellation's confirmation step. Kept apart from views.py, which serves the public and the
managers' pages."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from alpsatellites.accounts.services import user_language_set
from alpsatellites.core.formats import long_date

from . import booking_messages, selectors
from .booking_form import KINDS, BookingForm, chosen_kind, date_hints, offered_kinds
from .booking_terms import can_cancel, can_check_in, cancellation_deadline, check_in_opens
from .models import Booking, BookingStatus, Payment, Resource, Workspace
from .pricing import PriceBreakdown, breakdown_lines
from .schedule import opening_slots, slot_span
from .services import (
    BookingRefused,
    BookingRequest,
    booking_cancel,
    booking_check_in,
    booking_quote,
    booking_request,
)
from .views import _render_in, _today

HINT_DAYS = 28  # the date field tells which of the next four weeks are closed or full
# Lazy: a dict built at import would hold the words in the language of whoever imported first.
PAYMENT_TEXTS = {
    Payment.ON_SITE: gettext_lazy("Paid on site, on the day. There is no online payment."),
    Payment.INVOICE: gettext_lazy(
        "Paid by invoice from the workspace. There is no online payment."
    ),
    Payment.ON_SITE_OR_INVOICE: gettext_lazy(
        "Paid on site or by invoice, as you prefer. There is no online payment."
    ),
}


def moment(value: datetime.datetime, zone: ZoneInfo) -> str:
    """ "Monday 7 December, 09:00" in the workspace's time, in the page's language (24-hour
    clock, as LONG_DATETIME_FORMAT in every language)."""
    local = value.astimezone(zone)
    return f"{date_format(local, 'WEEKDAY_DAY_MONTH_FORMAT')}, {date_format(local, 'H:i')}"


def _span(resource: Resource, data: dict[str, Any]) -> tuple[datetime.datetime, datetime.datetime]:
    """The span the form describes, or BookingRefused: `days` counts the open days only."""
    day, slot = data["day"], data["slot"]
    zone = resource.workspace.zone
    if slot == "hours":
        return (
            datetime.datetime.combine(day, data["start_time"], tzinfo=zone),
            datetime.datetime.combine(day, data["end_time"], tzinfo=zone),
        )
    slots = selectors.workspace_weekly_slots(resource.workspace_id)
    closures = selectors.workspace_closed_days(resource.workspace_id)
    first = slot_span(day, slot, slots, closures, zone=zone)
    if first is None:
        raise BookingRefused(
            _("The workspace is closed on %(day)s.") % {"day": long_date(day)}, field="day"
        )
    last_day, counted = day, 1
    # Bounded like the service's own check: past it, the service refuses the length.
    for offset in range(1, 2 * resource.max_days + 4):
        if counted == data["days"]:
            break
        candidate = day + datetime.timedelta(days=offset)
        if opening_slots(candidate, slots, closures, zone=zone):
            last_day, counted = candidate, counted + 1
    if last_day == day:
        return first
    last = slot_span(last_day, "day", slots, closures, zone=zone)
    assert last is not None  # an open day has a span
    return first[0], last[1]


def _quote(
    workspace: Workspace, start: datetime.datetime, end: datetime.datetime, breakdown: Any
) -> dict[str, Any]:
    assert isinstance(breakdown, PriceBreakdown)
    zone = workspace.zone
    return {
        "start": start,
        "end": end,
        "price": breakdown.total,
        "lines": breakdown_lines(breakdown),
        "seats": breakdown.seats,
        "per_seat": breakdown.per_seat,
        "payment": PAYMENT_TEXTS.get(Payment(workspace.payment), PAYMENT_TEXTS[Payment.ON_SITE]),
        "zone": zone,
    }


def _cancellation_rule(resource: Resource, start: datetime.datetime) -> str:
    deadline = start - datetime.timedelta(hours=resource.cancellation_hours)
    if deadline < timezone.now():
        return _("No free cancellation: the booking starts in less than %(hours)s hours.") % {
            "hours": resource.cancellation_hours
        }
    return _("Free cancellation until %(moment)s.") % {
        "moment": moment(deadline, resource.workspace.zone)
    }


@login_required
def booking_new(request, slug: str, resource_id: int) -> HttpResponse:
    workspace = get_object_or_404(Workspace.objects.public().select_related("territory"), slug=slug)
    resource = get_object_or_404(
        Resource.objects.public().filter(workspace=workspace), pk=resource_id
    )
    resource.workspace = workspace
    today = _today(workspace)
    kind = chosen_kind(resource, request.POST, request.GET)
    form = BookingForm(
        request.POST or None,
        kind=kind,
        resource=resource,
        initial={"day": today + datetime.timedelta(days=1)},
    )
    quote = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                start, end = _span(resource, data)
                booking_req = BookingRequest(
                    resource_id=resource.pk,
                    workspace_id=workspace.pk,
                    starts_at=start,
                    ends_at=end,
                    seats=data["seats"],
                    request_key=data["request_key"],
                    expected_price=data["expected_price"],
                )
                if request.POST.get("action") == "confirm":
                    # The confirmation e-mail is written in the language the person books in.
                    user_language_set(user=request.user, language=get_language())
                    booking = booking_request(user=request.user, request=booking_req)
                    messages.success(request, _("Your booking is registered."))
                    return redirect("workspaces:booking", pk=booking.pk)
                _resource, breakdown = booking_quote(booking_req)
                quote = _quote(workspace, start, end, breakdown)
                quote["cancellation"] = _cancellation_rule(resource, start)
                form = BookingForm(
                    kind=kind,
                    resource=resource,
                    initial={**data, "expected_price": breakdown.total},
                )
            except BookingRefused as refusal:
                field = refusal.field if refusal.field in form.fields else None
                if refusal.field in ("starts_at", "ends_at") and "start_time" not in form.fields:
                    field = "day"  # the times were not typed: the date is what to change
                form.add_error(field, refusal.message)
                status = refusal.http_status
        else:
            status = 400
    availability = next(
        (
            entry.days
            for entry in selectors.workspace_availability(workspace, today, HINT_DAYS)
            if entry.resource.pk == resource.pk
        ),
        [],
    )
    return _render_in(
        workspace,
        request,
        "workspaces/book.html",
        {
            "workspace": workspace,
            "territory": workspace.territory,
            "resource": resource,
            "form": form,
            "quote": quote,
            "kind": kind,
            "kinds": [(k, KINDS[k]) for k in offered_kinds(resource)],
            "hints": date_hints(availability),
        },
        status=status,
    )


def _own_booking(request, pk: int) -> Booking:
    return get_object_or_404(selectors.booking_list_for_user(request.user), pk=pk)


@login_required
def booking_detail(request, pk: int) -> HttpResponse:
    booking = _own_booking(request, pk)
    workspace = booking.resource.workspace
    zone, now = workspace.zone, timezone.now()
    check_in_url = request.build_absolute_uri(
        reverse("workspaces:check-in", args=[booking.check_in_token])
    )
    # The code is shown on the booking's day(s) only: earlier it would be scanned for nothing.
    on_the_day = (
        booking.status in (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN)
        and booking.starts_at.astimezone(zone).date()
        <= now.astimezone(zone).date()
        <= booking.ends_at.astimezone(zone).date()
    )
    qr_svg = (
        segno.make(check_in_url, error="m").svg_inline(scale=4, title=_("Check-in code"))
        if on_the_day
        else ""
    )
    return _render_in(
        workspace,
        request,
        "workspaces/booking.html",
        {
            "booking": booking,
            "check_in_url": check_in_url,
            "qr_svg": qr_svg,
            "on_the_day": on_the_day,
            "check_in_opens": moment(check_in_opens(booking), zone),
            "can_cancel": can_cancel(booking, now),
            "cancellation_deadline": moment(cancellation_deadline(booking), zone),
        },
    )


@login_required
def booking_cancel_view(request, pk: int) -> HttpResponse:
    """GET asks "Cancel this booking?"; POST cancels. Only the booker's own bookings."""
    if request.method == "POST":
        # Straight to the service, which answers someone else's booking as missing and logs the
        # attempt (permission.denied).
        try:
            booking = booking_cancel(user=request.user, booking_id=pk)
            messages.success(request, booking_messages.cancelled_by_member(booking))
        except BookingRefused as refusal:
            messages.error(request, refusal.message)
        return redirect("workspaces:booking", pk=pk)
    booking = _own_booking(request, pk)
    if not can_cancel(booking, timezone.now()):
        messages.error(request, _("This booking can no longer be cancelled."))
        return redirect("workspaces:booking", pk=pk)
    workspace = booking.resource.workspace
    return _render_in(
        workspace,
        request,
        "workspaces/cancel_confirm.html",
        {"booking": booking, "deadline": moment(cancellation_deadline(booking), workspace.zone)},
    )


def booking_check_in_view(request, token: str) -> HttpResponse:
    """Self check-in: the QR code on a booking leads here; the button shows only in its window."""
    booking = get_object_or_404(
        Booking.objects.select_related("resource__workspace__territory"), check_in_token=token
    )
    error = None
    if request.method == "POST":
        try:
            booking = booking_check_in(token=booking.check_in_token)
        except BookingRefused as refusal:
            error = refusal.message
    workspace = booking.resource.workspace
    return _render_in(
        workspace,
        request,
        "workspaces/check_in.html",
        {
            "booking": booking,
            "error": error,
            "checked_in": booking.status == BookingStatus.CHECKED_IN,
            "can_check_in": can_check_in(booking, timezone.now()),
            "opens": moment(check_in_opens(booking), workspace.zone),
        },
        status=400 if error else 200,
    )
