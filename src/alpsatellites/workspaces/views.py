"""Pages of the coworking network: public search and workspace pages, booking, managers' desk."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from alpsatellites.accounts.scopes import readable_territory_ids
from alpsatellites.core.cache import cached_public_page, territory_from, workspace_from
from alpsatellites.core.date_range import in_range, out_of_range_message
from alpsatellites.core.errors import NotFound
from alpsatellites.core.pagination import page_or_404
from alpsatellites.territories import selectors as territory_selectors
from alpsatellites.territories.models import Territory

from . import booking_messages, selectors
from .calendars import workspace_busy_ics
from .forms import BlockForm
from .models import HOLDING_STATUSES, Booking, BookingStatus, Workspace
from .page_context import workspace_page_extras
from .search_views import is_a_search, search_form
from .services import (
    BookingRefused,
    booking_check_in_by_manager,
    booking_decide,
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
    opening_hours = selectors.workspace_opening_hours(workspace)
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
            "opening_hours": opening_hours,
            "closures": selectors.workspace_closures_upcoming(workspace),
            "map": {
                "tile_url": settings.MAP_TILE_URL,
                "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            },
            "nav": "workspaces",
            **workspace_page_extras(workspace, opening_hours),
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
    done = _("The slot is blocked.")
    try:
        if action in ("approve", "decline", "check_in"):
            booking_id = _booking_id(request.POST.get("booking", ""))
            if action == "check_in":
                booking = booking_check_in_by_manager(manager=request.user, booking_id=booking_id)
                done = booking_messages.checked_in(booking)
            else:
                approve = action == "approve"
                booking = booking_decide(
                    manager=request.user, booking_id=booking_id, approve=approve
                )
                done = (booking_messages.approved if approve else booking_messages.declined)(
                    booking
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
    messages.success(request, done)
    return 302
