"""The elected officials' pages: decision dashboard, scenario simulator and decision report.

Read-only and private: a territory's elected officials, staff and admins (accounts.scopes'
readers) see them; a signed-in person without a role there gets 404, as if the territory had no
such page; an anonymous visitor is sent to sign in.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, localize_input, number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alpsatellites.accounts.scopes import readable_territory_ids
from alpsatellites.core.formats import euros
from alpsatellites.territories.models import Territory
from alpsatellites.workspaces import occupancy
from alpsatellites.workspaces.models import Workspace

from . import charts
from .decision_forms import DashboardFilterForm, ReportRequestForm, ScenarioForm
from .models import DecisionReport, ReportStatus
from .report import ranked, report_context, scenario_tables
from .scenario import simulate
from .selectors import dashboard as dashboard_selectors
from .selectors.dashboard import (
    EXTENSION_POINTS,
    feasibility_rows,
    platform_activity,
    scoped_workspaces,
)
from .selectors.scenario import BY_FEASIBILITY, scenario_inputs, territory_assumptions
from .services.reports import report_request


def _territory(request: HttpRequest, slug: str) -> Territory:
    territory: Territory = get_object_or_404(
        Territory.objects.within(readable_territory_ids(request.user)), slug=slug
    )
    return territory


def period_label(period: occupancy.Period, *, short: bool = False) -> str:
    if period.kind == occupancy.MONTH:
        return date_format(period.first_day, "M" if short else "YEAR_MONTH_FORMAT")
    if short:
        return _("W%(week)s") % {"week": period.iso_week}
    return _("Week %(week)s (%(first)s – %(last)s)") % {
        "week": period.iso_week,
        "first": date_format(period.first_day, "SHORT_DATE_FORMAT"),
        "last": date_format(period.last_day, "SHORT_DATE_FORMAT"),
    }


def _score_text(value: float | None) -> str:
    return _("unknown") if value is None else number_format(value, decimal_pos=0)


def _rate_text(value: float | None) -> str:
    if value is None:
        return _("no seat on offer")
    return f"{number_format(value * 100, decimal_pos=1)} %"


@login_required
def dashboard(request: HttpRequest, territory: str) -> HttpResponse:
    territory_obj = _territory(request, territory)
    zone = territory_obj.zone
    form = DashboardFilterForm(request.GET or None, territory=territory_obj)
    valid = form.is_valid() if request.GET else True
    data = form.cleaned_data if request.GET and valid else {}
    grouping = form.chosen_grouping(data.get("grouping") or "")
    kind = data.get("period") or occupancy.WEEK
    count = occupancy.PERIOD_COUNTS[kind]
    start = data.get("start")
    if start is None:
        current = occupancy.period_start(kind, timezone.localdate(timezone=zone))
        start = occupancy.shift(kind, current, 1 - count)
    start = occupancy.period_start(kind, start)

    feasibility = dashboard_selectors.territory_feasibility_of(territory_obj)
    rows = feasibility_rows(feasibility, grouping)
    workspaces = scoped_workspaces(
        Workspace.objects.back_office_for(request.user), territory_obj, grouping
    )
    activity = platform_activity(workspaces, zone=zone, kind=kind, first_day=start, count=count)
    labels = [period_label(p.period, short=True) for p in activity.periods]
    context = {
        "territory": territory_obj,
        "grouping": grouping,
        "form": form,
        "kind": kind,
        "feasibility": feasibility,
        "rows": rows,
        "ranked": ranked(rows),
        "feasibility_chart": charts.bar_chart(
            "feasibility-chart",
            _("Remote-work feasibility score by commune (0–100)"),
            [(r.name, r.score) for r in rows],
            maximum=100,
            text=_score_text,
        ),
        "activity": activity,
        "activity_rows": [(period_label(p.period), p) for p in activity.periods],
        "bookings_chart": charts.column_chart(
            "bookings-chart",
            _("Bookings per period"),
            [(lb, p.bookings) for lb, p in zip(labels, activity.periods, strict=True)],
            text=lambda v: number_format(v or 0, decimal_pos=0),
        ),
        "occupancy_chart": charts.column_chart(
            "occupancy-chart",
            _("Occupancy rate per period"),
            [(lb, p.occupancy_rate) for lb, p in zip(labels, activity.periods, strict=True)],
            text=lambda v: "—" if v is None else f"{number_format(v * 100, decimal_pos=0)} %",
            maximum=1.0,
        ),
        "revenue_chart": charts.column_chart(
            "revenue-chart",
            _("Revenue per period (€)"),
            [(lb, float(p.revenue)) for lb, p in zip(labels, activity.periods, strict=True)],
            text=lambda v: number_format(v or 0, decimal_pos=0, force_grouping=True),
        ),
        "revenue_total": euros(activity.revenue),
        "rate_text": _rate_text,
        "extension_points": EXTENSION_POINTS,
        "reports": DecisionReport.objects.filter(territory=territory_obj).select_related(
            "grouping"
        )[:5],
        "report_form": ReportRequestForm(
            territory=territory_obj,
            initial={"language": translation.get_language(), "grouping": data.get("grouping")},
        ),
        "computed_at": timezone.now(),
        "zone": str(zone),
    }
    with timezone.override(zone):
        return render(request, "observatory/dashboard.html", context, status=200 if valid else 400)


@login_required
def scenario(request: HttpRequest, territory: str) -> HttpResponse:
    territory_obj = _territory(request, territory)
    assumptions = territory_assumptions(territory_obj)
    form = ScenarioForm(request.GET or None, territory=territory_obj, assumptions=assumptions)
    result = inputs = None
    status = 200
    if not request.GET:
        form = ScenarioForm(
            {
                "distribution": "population",
                **{
                    key: int(a.value) if a.decimals == 0 else localize_input(a.value)
                    for key, a in assumptions.items()
                },
            },
            territory=territory_obj,
            assumptions=assumptions,
        )
    if form.is_valid():
        grouping = form.chosen_grouping(form.cleaned_data.get("grouping") or "")
        distribution = form.cleaned_data["distribution"]
        scores = None
        if distribution == BY_FEASIBILITY:
            scores = {
                r.code: r.score
                for r in dashboard_selectors.territory_feasibility_of(territory_obj).rows
            }
        inputs = scenario_inputs(
            territory_obj, grouping=grouping, distribution=distribution, scores=scores
        )
        result = simulate(form.values(), inputs.communes, inputs.colleges)
    else:
        status = 400
    return render(
        request,
        "observatory/scenario.html",
        {
            "territory": territory_obj,
            "form": form,
            "assumptions": assumptions,
            "scenario": result,
            "scenario_inputs": inputs,
            **(scenario_tables(result) if result else {}),
        },
        status=status,
    )


@login_required
def report_page(request: HttpRequest, territory: str) -> HttpResponse:
    """The report as a web page (the PDF's content), for the territory or ?grouping=."""
    territory_obj = _territory(request, territory)
    form = ReportRequestForm(
        {"language": translation.get_language(), "grouping": request.GET.get("grouping", "")},
        territory=territory_obj,
    )
    if not form.is_valid():
        raise Http404
    grouping = form.chosen_grouping(form.cleaned_data["grouping"])
    context = report_context(territory_obj, grouping)
    return render(request, "observatory/report_document.html", {**context, "for_print": False})


@login_required
@require_POST
def report_new(request: HttpRequest, territory: str) -> HttpResponse:
    territory_obj = _territory(request, territory)
    form = ReportRequestForm(request.POST, territory=territory_obj)
    if not form.is_valid():
        return render(
            request,
            "observatory/report_status.html",
            {"territory": territory_obj, "report": None, "form": form},
            status=400,
        )
    report = report_request(
        territory=territory_obj,
        grouping=form.chosen_grouping(form.cleaned_data["grouping"]),
        language=form.cleaned_data["language"],
        user=request.user,  # type: ignore[arg-type]
    )
    return redirect(reverse("decision:report", args=[territory_obj.slug, report.pk]))


def _report(request: HttpRequest, territory: str, pk: int) -> DecisionReport:
    territory_obj = _territory(request, territory)
    report: DecisionReport = get_object_or_404(
        DecisionReport.objects.select_related("territory", "grouping"),
        territory=territory_obj,
        pk=pk,
    )
    return report


@login_required
def report_status(request: HttpRequest, territory: str, pk: int) -> HttpResponse:
    report = _report(request, territory, pk)
    return render(
        request,
        "observatory/report_status.html",
        {
            "territory": report.territory,
            "report": report,
            "ready": report.status == ReportStatus.READY,
            "failed": report.status == ReportStatus.FAILED,
            "form": ReportRequestForm(
                territory=report.territory,
                initial={
                    "language": report.language,
                    "grouping": report.grouping.official_id if report.grouping else "",
                },
            ),
        },
    )


@login_required
def report_download(request: HttpRequest, territory: str, pk: int) -> FileResponse:
    report = _report(request, territory, pk)
    if report.status != ReportStatus.READY or not report.pdf:
        raise Http404
    name = f"{report.territory.slug}-report-{report.language}.pdf"
    return FileResponse(
        report.pdf.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
    )
