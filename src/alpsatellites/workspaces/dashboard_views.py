"""Open-data downloads of the workspace list and the occupancy dashboards."""

import dataclasses
import datetime
import json
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alpsatellites.accounts.scopes import readable_territory_ids
from alpsatellites.core.cache import cached_public_page, territory_from
from alpsatellites.core.date_range import in_range, out_of_range_message
from alpsatellites.core.formats import euros
from alpsatellites.territories import selectors as territory_selectors
from alpsatellites.territories.models import Territory

from . import occupancy, revenue
from .exports import workspaces_csv, workspaces_geojson
from .models import Workspace


@cached_public_page(scope=territory_from("territory"))
def workspace_export_csv(request, territory):
    """The territory's public workspaces as CSV (national tiers-lieux column names)."""
    territory = territory_selectors.territory_by_slug(territory)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{territory.slug}-workspaces.csv"'
    workspaces_csv(territory, response)
    return response


@cached_public_page(scope=territory_from("territory"))
def workspace_export_geojson(request, territory):
    """The territory's public workspaces as a GeoJSON FeatureCollection of points."""
    territory = territory_selectors.territory_by_slug(territory)
    document = workspaces_geojson(territory, request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False), content_type="application/geo+json"
    )
    response["Content-Disposition"] = f'attachment; filename="{territory.slug}-workspaces.geojson"'
    return response


def _occupancy_params(request, zone) -> tuple[str, datetime.date, dict[str, str]]:
    """Period kind and first day from ?period=week|month&from=YYYY-MM-DD, with field errors."""
    errors = {}
    kind = request.GET.get("period") or occupancy.WEEK
    if kind not in occupancy.PERIOD_KINDS:
        errors["period"] = _("Choose week or month.")
        kind = occupancy.WEEK
    first_day = None
    if request.GET.get("from"):
        try:
            first_day = datetime.date.fromisoformat(request.GET["from"])
        except ValueError:
            errors["from"] = _("Give the first day as a date (YYYY-MM-DD).")
        else:
            if not in_range(first_day):
                errors["from"] = out_of_range_message()
                first_day = None
    if first_day is None:  # the latest periods, the current one last
        current = occupancy.period_start(kind, timezone.localdate(timezone=zone))
        first_day = occupancy.shift(kind, current, 1 - occupancy.PERIOD_COUNTS[kind])
    return kind, occupancy.period_start(kind, first_day), errors


def _period_label(period, *, short: bool = False) -> str:
    if period.kind == occupancy.MONTH:
        return date_format(period.first_day, "YEAR_MONTH_FORMAT")
    if short:
        return _("Week %(week)s") % {"week": period.iso_week}
    return _("Week %(week)s (%(first)s – %(last)s)") % {
        "week": period.iso_week,
        "first": date_format(period.first_day, "SHORT_DATE_FORMAT"),
        "last": date_format(period.last_day, "SHORT_DATE_FORMAT"),
    }


def _occupancy_page(request, *, workspaces, heading, breakdowns, extra, zone):
    """Shared by both dashboards; `breakdowns`: (id, heading, chart title, caption, attribute).

    `zone` is the territory's: "today" and the time the figures were computed are read there.
    """
    kind, first_day, errors = _occupancy_params(request, zone)
    report = occupancy.occupancy_report(workspaces, kind=kind, first_day=first_day)
    no_value = _("no seat on offer")
    series = [(_period_label(p), figures) for p, figures in report.series]
    series_chart = occupancy.bar_chart(
        [(_period_label(p, short=True), figures.rate) for p, figures in report.series], no_value
    )
    sections = []
    for section_id, title, chart_title, caption, attribute in breakdowns:
        # Only a commune outside any grouping has a line without a name.
        lines = getattr(report, attribute)
        rows = [(line.label or _("No grouping"), line.whole) for line in lines]
        sections.append(
            {
                "id": section_id,
                "title": title,
                "chart_title": chart_title,
                "caption": caption,
                "rows": rows,
                "chart": occupancy.bar_chart([(lb, f.rate) for lb, f in rows], no_value),
            }
        )
    count = occupancy.PERIOD_COUNTS[kind]
    workspace = extra.get("workspace")
    context = {
        # Money is the manager's business: the territory's dashboard shows no revenue.
        "revenue": _revenue(workspace, report.periods) if workspace else None,
        "heading": heading,
        "report": report,
        "kind": kind,
        "first_day": first_day,
        "range_label": _("%(first)s to %(last)s")
        % {
            "first": date_format(report.periods[0].first_day, "DATE_FORMAT"),
            "last": date_format(report.periods[-1].last_day, "DATE_FORMAT"),
        },
        "errors": errors,
        "series": series,
        "series_chart": series_chart,
        "total": report.total.whole,
        "sections": sections,
        "previous_from": occupancy.shift(kind, first_day, -count),
        "next_from": occupancy.shift(kind, first_day, count),
        "zone": str(zone),
        **extra,
    }
    with timezone.override(zone):
        return render(request, "workspaces/occupancy.html", context, status=400 if errors else 200)


def _revenue(workspace, periods) -> dict:
    """The revenue table and chart of the same periods as the occupancy beside it."""
    rows = revenue.revenue_by_period(workspace, periods)
    chart = occupancy.bar_chart(
        [
            (_period_label(row.period, short=True), share)
            for row, share in zip(rows, revenue.revenue_chart_shares(rows), strict=True)
        ]
    )
    # The bars' figures are amounts, not rates.
    bars = [
        dataclasses.replace(b, text=euros(r.amount)) for b, r in zip(chart.bars, rows, strict=True)
    ]
    return {
        "rows": [(_period_label(row.period), row) for row in rows],
        "chart": dataclasses.replace(chart, bars=bars),
        "total": sum((row.amount for row in rows), Decimal(0)),
        "bookings": sum(row.bookings for row in rows),
    }


@login_required
def manage_occupancy(request, slug):
    """A manager's occupancy dashboard for one of their workspaces; 404 for anyone else."""
    workspace = get_object_or_404(
        Workspace.objects.managed_by(request.user).select_related("territory"), slug=slug
    )
    return _occupancy_page(
        request,
        zone=workspace.zone,
        workspaces=Workspace.objects.filter(pk=workspace.pk),
        heading=_("Occupancy of %(name)s") % {"name": workspace.name},
        breakdowns=[
            (
                "resources",
                _("By resource"),
                _("Occupancy rate by resource"),
                _("Occupancy by resource over the whole range"),
                "by_resource",
            )
        ],
        extra={"workspace": workspace, "territory": workspace.territory},
    )


@login_required
def territory_occupancy(request, territory):
    """Occupancy of a territory's workspaces for its staff, admins and elected officials."""
    territory = get_object_or_404(
        Territory.objects.within(readable_territory_ids(request.user)), slug=territory
    )
    return _occupancy_page(
        request,
        zone=territory.zone,
        workspaces=Workspace.objects.back_office_for(request.user).filter(territory=territory),
        heading=_("Occupancy of the workspaces — %(name)s") % {"name": territory.name},
        breakdowns=[
            (
                "workspaces",
                _("By workspace"),
                _("Occupancy rate by workspace"),
                _("Occupancy by workspace over the whole range"),
                "by_workspace",
            ),
            (
                "communes",
                _("By commune"),
                _("Occupancy rate by commune"),
                _("Occupancy by commune over the whole range"),
                "by_commune",
            ),
            (
                "groupings",
                _("By grouping of communes"),
                _("Occupancy rate by grouping of communes"),
                _("Occupancy by grouping of communes over the whole range"),
                "by_grouping",
            ),
        ],
        extra={"workspace": None, "territory": territory},
    )
