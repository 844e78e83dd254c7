"""Managers' tools beyond the day-to-day desk: the week grid and the bookings exports.

Every view answers 404 for a workspace the signed-in person does not manage, exactly as for one
that does not exist.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from alpsatellites.core.date_range import in_range, out_of_range_message

from . import booking_exports, grid, manager_selectors
from .models import Workspace
from .selectors import workspace_schedule


def _managed(request, slug) -> Workspace:
    return get_object_or_404(
        Workspace.objects.managed_by(request.user).select_related("territory"), slug=slug
    )


def parse_week(value: str, today: datetime.date) -> tuple[datetime.date, str]:
    """The Monday of `?week=` ("2026-W50" or any day of the week), this week's when absent;
    with the reason when the value cannot be read."""
    if not value:
        return today - datetime.timedelta(days=today.weekday()), ""
    try:
        if "W" in value.upper():
            year, _sep, week = value.upper().partition("-W")
            day = datetime.date.fromisocalendar(int(year), int(week), 1)
        else:
            day = datetime.date.fromisoformat(value)
    except ValueError:
        day, error = today, _("Give the week as 2026-W50 or as a date (YYYY-MM-DD).")
    else:
        error = "" if in_range(day) else out_of_range_message()
        day = day if not error else today
    return day - datetime.timedelta(days=day.weekday()), error


def iso_week(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


@login_required
def manage_grid(request, slug):
    """Resources × opening hours of one week, in the workspace's time zone."""
    workspace = _managed(request, slug)
    zone = workspace.zone
    monday, error = parse_week(request.GET.get("week", ""), timezone.localdate(timezone=zone))
    schedule = workspace_schedule(workspace.pk)
    columns = grid.week_columns(monday, schedule.slots, schedule.closures, zone=zone)
    start = datetime.datetime.combine(monday, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        monday + datetime.timedelta(days=7), datetime.time.min, tzinfo=zone
    )
    week = grid.week_grid(
        manager_selectors.grid_resources(workspace),
        columns,
        manager_selectors.grid_bookings(workspace, start, end),
    )
    with timezone.override(zone):
        return render(
            request,
            "workspaces/manage_grid.html",
            {
                "workspace": workspace,
                "territory": workspace.territory,
                "grid": week,
                "legend": grid.legend(),
                "monday": monday,
                "sunday": monday + datetime.timedelta(days=6),
                "week": iso_week(monday),
                "previous_week": iso_week(monday - datetime.timedelta(days=7)),
                "next_week": iso_week(monday + datetime.timedelta(days=7)),
                "error": error,
                "zone": str(zone),
            },
            status=400 if error else 200,
        )


@login_required
def manage_export_csv(request, slug):
    """All bookings as CSV that French, Italian and German Excel open in columns."""
    workspace = _managed(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{workspace.slug}-bookings.csv"'
    booking_exports.write_csv(response, booking_exports.rows(workspace))
    return response


@login_required
def manage_export_xlsx(request, slug):
    """All bookings as an Excel workbook: real dates and numbers."""
    workspace = _managed(request, slug)
    content = booking_exports.xlsx_bytes(_("Bookings"), booking_exports.rows(workspace))
    response = HttpResponse(content, content_type=booking_exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{workspace.slug}-bookings.xlsx"'
    return response
