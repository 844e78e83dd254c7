"""Pages of the coworking network: public search and workspace pages, booking, managers' desk."""

import datetime

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alpsatellites.accounts.scopes import readable_territory_ids
from alpsatellites.accounts.services import user_language_set
from alpsatellites.core.cache import cached_public_page, territory_from, workspace_from
from alpsatellites.core.date_range import in_range, out_of_range_message
from alpsatellites.core.errors import NotFound
from alpsatellites.core.formats import long_date
from alpsatellites.core.pagination import page_or_404
from alpsatellites.territories import selectors as territory_selectors
from alpsatellites.territories.models import Territory

from . import selectors
from .calendars import workspace_busy_ics
from .forms import BlockForm, BookingForm
from .models import HOLDING_STATUSES, Booking, BookingStatus, Resource, Workspace
from .schedule import slot_span
from .search_views import is_a_search, search_form
from .services import (
    BookingRefused,
    BookingRequest,
    booking_cancel,
    booking_check_in,
    booking_check_in_by_manager,
    booking_decide,
    booking_quote,
    booking_request,
    resource_block,
)

AVAILABILITY_DAYS = 14
WORKSPACES_PER_PAGE = 24
FEED_DAYS = 60


def _today(workspace) -> datetime.date:
    """Today where the workspace is, whatever the server's or the reader's zone."""
    return timezone.localdate(timezone=workspace.zone)


def _render_in(workspace, request, template_name, context, status=200):
    """Times on a workspace's pages are the workspace's local times (its territory's zone)."""
    with timezone.override(workspace.zone):
        return render(request, template_name, context, status=status)


@cached_public_page(scope=territory_from("territory"))
def workspace_list(request, territory):
    territory = territory_selectors.territory_by_slug(territory)
    form, filters = search_form(request, territory)
    status = 400 if form.is_bound and not form.is_valid() else 200
    # Paginated: a territory with hundreds of places must not render them all at once.
    page = page_or_404(
        selectors.workspace_search(territory=territory, **filters),
        WORKSPACES_PER_PAGE,
        form.cleaned_data.get("page") if status == 200 and form.is_bound else None,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workspaces/list.html",
        {
            "territory": territory,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "map": {
                "tile_url": settings.MAP_TILE_URL,
                "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            },
            "nav": "workspaces",
            "searched": is_a_search(form, filters),
        },
        status=status,
    )


@cached_public_page(scope=workspace_from("slug"))
def workspace_detail(request, slug):
    workspace = get_object_or_404(
        Workspace.objects.public().select_related("territory", "commune", "source"), slug=slug
    )
    return _render_in(
        workspace,
        request,
        "workspaces/detail.html",
        {
            "workspace": workspace,
            "territory": workspace.territory,
            "availability": selectors.workspace_availability(
                workspace, _today(workspace), AVAILABILITY_DAYS
            ),
            "opening_hours": selectors.workspace_opening_hours(workspace),
            "closures": selectors.workspace_closures_upcoming(workspace),
            "nav": "workspaces",
        },
    )


def workspace_calendar(request, slug):
    """Public iCalendar feed of busy periods: when seats are taken, never by whom."""
    workspace = get_object_or_404(Workspace.objects.public().select_related("territory"), slug=slug)
    now = timezone.now()
    bookings = Booking.objects.filter(
        resource__workspace=workspace,
        status__in=HOLDING_STATUSES,
        ends_at__gt=now,
        starts_at__lt=now + datetime.timedelta(days=FEED_DAYS),
    ).select_related("resource")
    response = HttpResponse(workspace_busy_ics(workspace, bookings), content_type="text/calendar")
    response["Content-Disposition"] = f'inline; filename="{workspace.slug}.ics"'
    return response


def _span(resource, data):
    """The UTC span the booking form describes, or BookingRefused."""
    day, slot = data["day"], data["slot"]
    workspace_id, zone = resource.workspace_id, resource.workspace.zone
    slots, closures = (
        selectors.workspace_weekly_slots(workspace_id),
        selectors.workspace_closed_days(workspace_id),
    )
    if slot == "hours":
        return (
            datetime.datetime.combine(day, data["start_time"], tzinfo=zone),
            datetime.datetime.combine(day, data["end_time"], tzinfo=zone),
        )
    first = slot_span(day, slot, slots, closures, zone=zone)
    last_day = day + datetime.timedelta(days=data["days"] - 1)
    last = first if last_day == day else slot_span(last_day, "day", slots, closures, zone=zone)
    if first is None or last is None:
        closed = day if first is None else last_day
        raise BookingRefused(
            _("The workspace is closed on %(day)s.") % {"day": long_date(closed)}, field="day"
        )
    return first[0], last[1]


@login_required
def booking_new(request, slug, resource_id):
    workspace = get_object_or_404(Workspace.objects.public().select_related("territory"), slug=slug)
    resource = get_object_or_404(
        Resource.objects.public().filter(workspace=workspace), pk=resource_id
    )
    resource.workspace = workspace
    tomorrow = _today(workspace) + datetime.timedelta(days=1)
    form = BookingForm(request.POST or None, initial={"day": tomorrow})
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
                _resource, price = booking_quote(booking_req)
                quote = {"start": start, "end": end, "price": price}
                form = BookingForm(initial={**data, "expected_price": price})
            except BookingRefused as refusal:
                field = refusal.field if refusal.field in form.fields else None
                form.add_error(field, refusal.message)
                status = refusal.http_status
        else:
            status = 400
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
        },
        status=status,
    )


@login_required
def booking_list(request):
    bookings = list(selectors.booking_list_for_user(request.user)[:200])
    managed = list(Workspace.objects.managed_by(request.user).order_by("name"))
    followed = list(Territory.objects.within(readable_territory_ids(request.user)).order_by("name"))
    return render(
        request,
        "workspaces/my_bookings.html",
        {"bookings": bookings, "managed": managed, "followed_territories": followed},
    )


@login_required
def booking_detail(request, pk):
    booking = get_object_or_404(selectors.booking_list_for_user(request.user), pk=pk)
    check_in_url = request.build_absolute_uri(
        reverse("workspaces:check-in", args=[booking.check_in_token])
    )
    qr_svg = segno.make(check_in_url, error="m").svg_inline(scale=4, title=_("Check-in code"))
    return _render_in(
        booking.resource.workspace,
        request,
        "workspaces/booking.html",
        {"booking": booking, "check_in_url": check_in_url, "qr_svg": qr_svg},
    )


@login_required
@require_POST
def booking_cancel_view(request, pk):
    try:
        booking_cancel(user=request.user, booking_id=pk)
        messages.success(request, _("The booking is cancelled."))
    except BookingRefused as refusal:
        messages.error(request, refusal.message)
    return redirect("workspaces:booking", pk=pk)


def booking_check_in_view(request, token):
    """Self check-in: the QR code on a booking leads here."""
    booking = get_object_or_404(
        Booking.objects.select_related("resource__workspace__territory"), check_in_token=token
    )
    error = None
    if request.method == "POST":
        try:
            booking = booking_check_in(token=token)
        except BookingRefused as refusal:
            error = refusal.message
    return _render_in(
        booking.resource.workspace,
        request,
        "workspaces/check_in.html",
        {
            "booking": booking,
            "error": error,
            "checked_in": booking.status == BookingStatus.CHECKED_IN,
        },
        status=400 if error else 200,
    )


def _managed(request, slug):
    return get_object_or_404(
        Workspace.objects.managed_by(request.user).select_related("territory"), slug=slug
    )


def _week_start(request, workspace) -> tuple[datetime.date, str]:
    """The Monday of ?week= (this week's when absent or unreadable), and what was wrong."""
    error = ""
    try:
        day = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = _today(workspace)
    if not in_range(day):
        day, error = _today(workspace), out_of_range_message()
    return day - datetime.timedelta(days=day.weekday()), error


@login_required
def manage_workspace(request, slug):
    workspace = _managed(request, slug)
    monday, week_error = _week_start(request, workspace)
    zone = workspace.zone
    start = datetime.datetime.combine(monday, datetime.time.min, tzinfo=zone)
    end = start + datetime.timedelta(days=7)
    block_form = BlockForm(request.POST or None, resources=workspace.resources.all())
    status = 400 if week_error else 200
    if request.method == "POST":
        status = _manage_action(request, workspace, block_form)
        if status == 302:
            return redirect(f"{request.path}?week={monday.isoformat()}")
    bookings = list(selectors.booking_list_for_manager(request.user, workspace, start, end))
    days = [monday + datetime.timedelta(days=n) for n in range(7)]
    by_day = {
        day: [
            b
            for b in bookings
            if timezone.localtime(b.starts_at, zone).date()
            <= day
            <= timezone.localtime(b.ends_at - datetime.timedelta(seconds=1), zone).date()
        ]
        for day in days
    }
    return _render_in(
        workspace,
        request,
        "workspaces/manage.html",
        {
            "workspace": workspace,
            "territory": workspace.territory,
            "days": [(day, by_day[day]) for day in days],
            "monday": monday,
            "previous_week": monday - datetime.timedelta(days=7),
            "next_week": monday + datetime.timedelta(days=7),
            "pending": [b for b in bookings if b.status == BookingStatus.PENDING],
            "block_form": block_form,
            "week_error": week_error,
        },
        status=status,
    )


def _booking_id(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise NotFound(_("No such booking in the workspaces you manage.")) from None


def _manage_action(request, workspace, block_form) -> int:
    action = request.POST.get("action")
    try:
        if action in ("approve", "decline", "check_in"):
            booking_id = _booking_id(request.POST.get("booking", ""))
            if action == "check_in":
                booking_check_in_by_manager(manager=request.user, booking_id=booking_id)
            else:
                booking_decide(
                    manager=request.user, booking_id=booking_id, approve=action == "approve"
                )
        elif action == "block":
            if not block_form.is_valid():
                return 400
            data = block_form.cleaned_data
            zone = workspace.zone
            resource_block(
                manager=request.user,
                resource_id=data["resource"].pk,
                starts_at=datetime.datetime.combine(data["day"], data["start_time"], tzinfo=zone),
                ends_at=datetime.datetime.combine(data["day"], data["end_time"], tzinfo=zone),
                note=data["note"],
            )
        else:
            return 400
    except BookingRefused as refusal:
        messages.error(request, refusal.message)
        return 400
    messages.success(request, _("Done."))
    return 302
