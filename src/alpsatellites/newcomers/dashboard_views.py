"""The territory's welcome dashboard: how many households asked for support, how far they went,
how fast they were answered and why cases closed — for the territory's staff, admins and elected
officials (accounts.scopes' readers) and platform admins; 404 for anyone else, as if the page
did not exist. Figures only: no name, no e-mail, no case is ever shown here.

Charts are drawn on the server (observatory.charts), each followed by the table of its figures.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alpsatellites.accounts.scopes import readable_territory_ids
from alpsatellites.core.csv_safe import csv_writer
from alpsatellites.observatory import charts
from alpsatellites.territories.models import Territory

from .dashboard_forms import WelcomePeriodForm
from .figures_text import chart_label, count_text, duration_text
from .models import ClosingReason, Stage
from .selectors.dashboard import (
    DEFAULT_PERIOD,
    FUNNEL_STEPS,
    Figures,
    WelcomeDashboard,
    welcome_dashboard,
)

STEP_LABELS = {
    "requests": gettext_lazy("Requests"),
    **{key: Stage(stages[0]).label for key, stages in FUNNEL_STEPS},
}
# Beyond two years the monthly chart has too many columns to read: it counts by year instead.
MAX_MONTH_COLUMNS = 24


def _territory(request: HttpRequest, slug: str) -> Territory:
    territory: Territory = get_object_or_404(
        Territory.objects.within(readable_territory_ids(request.user)), slug=slug
    )
    return territory


def _label(figures: Figures) -> str:
    if figures.is_total:
        return _("Whole territory")
    return figures.label or _("No grouping (territory staff)")


def _period_sentence(dashboard: WelcomeDashboard) -> str:
    period = dashboard.period
    last = date_format(period.last_day, "LONG_DATE_FORMAT")
    if period.first_day is None:
        return _("Requests received up to %(last)s.") % {"last": last}
    return _("Requests received from %(first)s to %(last)s.") % {
        "first": date_format(period.first_day, "LONG_DATE_FORMAT"),
        "last": last,
    }


def _time_columns(dashboard: WelcomeDashboard) -> list[tuple[str, str, int, list[int]]]:
    """(short label, long label, total, per row of the funnel table) per month, or per year
    beyond MAX_MONTH_COLUMNS months."""
    ids = [row.grouping_id for row in dashboard.rows]
    if len(dashboard.months) <= MAX_MONTH_COLUMNS:
        return [
            (
                date_format(month, "M"),
                date_format(month, "YEAR_MONTH_FORMAT"),
                total,
                [per.get(i, 0) for i in ids],
            )
            for month, total, per in dashboard.months
        ]
    years: dict[int, list[int]] = {}
    for month, _total, per in dashboard.months:
        counts = years.setdefault(month.year, [0] * len(ids))
        for position, i in enumerate(ids):
            counts[position] += per.get(i, 0)
    return [(str(y), str(y), sum(c), c) for y, c in years.items()]


def _context(territory: Territory, dashboard: WelcomeDashboard, form: WelcomePeriodForm) -> dict:
    total = dashboard.total
    rows = [(_label(r), r) for r in [*dashboard.rows, total]]
    times = _time_columns(dashboard)
    by_year = len(dashboard.months) > MAX_MONTH_COLUMNS
    reasons: list[tuple[str, list[int]]] = [
        (str(ClosingReason(reason).label), [r.closing_reasons[reason] for _l, r in rows])
        for reason in ClosingReason.values
    ]
    if total.closed_without_reason:
        reasons.append((_("No reason recorded"), [r.closed_without_reason for _l, r in rows]))
    return {
        "territory": territory,
        "form": form,
        "dashboard": dashboard,
        "total": total,
        "rows": rows,
        "steps": [STEP_LABELS[key] for key, _n in total.funnel],
        "period_sentence": _period_sentence(dashboard),
        "by_year": by_year,
        "times": times,
        "reasons": reasons,
        "funnel_chart": charts.bar_chart(
            "funnel-chart",
            _("Households at each stage, whole territory"),
            [(chart_label(str(STEP_LABELS[key])), n) for key, n in total.funnel],
            text=count_text,
        ),
        "response_chart": charts.bar_chart(
            "response-chart",
            _("Median time to first response (hours), by grouping"),
            [
                (
                    chart_label(label),
                    None
                    if r.median_first_response is None
                    else r.median_first_response.total_seconds() / 3600,
                )
                for label, r in rows
            ],
            text=lambda hours: (
                _("no answer yet")
                if hours is None
                else duration_text(datetime.timedelta(hours=hours))
            ),
        ),
        "requests_chart": charts.column_chart(
            "requests-chart",
            _("Requests per year") if by_year else _("Requests per month"),
            [(short, n) for short, _long, n, _per in times],
            text=count_text,
        ),
        "reasons_chart": charts.bar_chart(
            "reasons-chart",
            _("Reasons for closing, whole territory"),
            [(chart_label(label), counts[-1]) for label, counts in reasons],
            text=count_text,
        ),
        "computed_at": timezone.now(),
    }


def _dashboard(
    request: HttpRequest, territory: str
) -> tuple[Territory, WelcomePeriodForm, WelcomeDashboard | None]:
    territory_obj = _territory(request, territory)
    form = WelcomePeriodForm(request.GET or None)
    if request.GET and not form.is_valid():
        return territory_obj, form, None
    period = form.chosen_period() if request.GET else DEFAULT_PERIOD
    return territory_obj, form, welcome_dashboard(territory_obj, period=period, now=timezone.now())


@login_required
def welcome_dashboard_page(request: HttpRequest, territory: str) -> HttpResponse:
    territory_obj, form, dashboard = _dashboard(request, territory)
    if dashboard is None:
        # A wrong period: the form says why, and the page shows no figure rather than others'.
        context = {"territory": territory_obj, "form": form, "dashboard": None}
        return render(request, "newcomers/dashboard/welcome.html", context, status=400)
    with timezone.override(territory_obj.zone):
        return render(
            request, "newcomers/dashboard/welcome.html", _context(territory_obj, dashboard, form)
        )


@login_required
def welcome_funnel_csv(request: HttpRequest, territory: str) -> HttpResponse:
    """The funnel table as CSV: one row per grouping and the total, counts only."""
    territory_obj, form, dashboard = _dashboard(request, territory)
    if dashboard is None:
        return HttpResponse(
            "; ".join(str(e) for errors in form.errors.values() for e in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    period = dashboard.period.key
    name = f"{territory_obj.slug}-welcome-funnel-{period}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv_writer(response)
    steps = [str(STEP_LABELS[key]) for key, _n in dashboard.total.funnel]
    writer.writerow([_("Grouping"), *steps, _("Awaiting a first answer"), _("Cases closed")])
    for figures in [*dashboard.rows, dashboard.total]:
        writer.writerow(
            [_label(figures), *(n for _k, n in figures.funnel), figures.awaiting, figures.closed]
        )
    return response
