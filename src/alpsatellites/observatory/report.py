"""What the decision report says, built once for its HTML page and its PDF.

A report covers a territory or one of its groupings: the feasibility map and ranking, the
indicators with their sources, the platform's figures, the scenario with its assumptions, and the
"conditions to replicate" checklist. Each checklist item is met, not met or unknown, with the
evidence the platform holds — unknown when the data that would tell is not loaded, never "not met"
for want of data.

Call inside `translation.override(language)`: the labels are the report's language.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from alpsatellites.accounts.models import Role, RoleAssignment
from alpsatellites.territories.models import Commune, Grouping, Territory
from alpsatellites.workspaces import occupancy
from alpsatellites.workspaces.models import Workspace

from . import charts
from .models import (
    Facility,
    FacilityKind,
    Indicator,
    IndicatorValue,
    NearestFacility,
    Theme,
    ValueStatus,
)
from .scenario import Assumption, ScenarioResult, simulate
from .selectors import dashboard as dashboard_selectors
from .selectors.dashboard import (
    feasibility_rows,
    platform_activity,
    scoped_workspaces,
)
from .selectors.scenario import BY_POPULATION, scenario_inputs, territory_assumptions

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
REPORT_MONTHS = 6


@dataclass(frozen=True)
class ChecklistItem:
    group: str  # data, actors, services
    label: str
    status: str  # MET, NOT_MET, UNKNOWN
    evidence: str

    @property
    def is_met(self) -> bool:
        return self.status == MET

    @property
    def is_not_met(self) -> bool:
        return self.status == NOT_MET


@dataclass(frozen=True)
class IndicatorLine:
    indicator: Indicator
    communes_known: int
    communes_total: int
    period: str
    source_number: int  # its place in the list of sources under the table


def numbered_sources(lines: list[IndicatorLine]) -> list[Any]:
    """The sources of the indicators, once each, in the order of their numbers."""
    seen: dict[int, Any] = {}
    for line in lines:
        seen.setdefault(line.indicator.source_id, line.indicator.source)
    return list(seen.values())


def indicator_lines(communes: Any) -> list[IndicatorLine]:
    """Every indicator of the catalogue, and how many of `communes` have a known value of it."""
    total = communes.count()
    counts: dict[int, dict[str, Any]] = {
        row["indicator_id"]: dict(row)
        for row in IndicatorValue.objects.filter(commune__in=communes)
        .values("indicator_id")
        .annotate(
            known=Count("commune", filter=Q(status=ValueStatus.KNOWN), distinct=True),
            period=Max("period"),
        )
    }
    numbers: dict[int, int] = {}
    lines = []
    for indicator in Indicator.objects.select_related("source").order_by(
        "theme", "position", "code"
    ):
        number = numbers.setdefault(indicator.source_id, len(numbers) + 1)
        lines.append(
            IndicatorLine(
                indicator=indicator,
                communes_known=int(counts.get(indicator.pk, {}).get("known", 0)),
                communes_total=total,
                period=str(counts.get(indicator.pk, {}).get("period") or ""),
                source_number=number,
            )
        )
    return lines


def ranked(rows: Any) -> list[tuple[Any, list[str]]]:
    """Each feasibility row with the labels of its themes without data (for the tables)."""
    labels = dict(Theme.choices)
    return [(row, [str(labels.get(t, t)) for t in row.missing_themes]) for row in rows]


def level_labels() -> dict[str, str]:
    return {
        "early_years": _("Under 3"),
        "primary": _("Primary school age (3–10)"),
        "college": _("Collège age (11–14)"),
        "lycee": _("Lycée age (15–17)"),
    }


def scenario_tables(result: ScenarioResult) -> dict[str, Any]:
    """The scenario's rows in the shape of its tables: children by level in column order."""
    labels = level_labels()
    return {
        "level_labels": [labels.get(level, level) for level in result.levels],
        "year_rows": [
            (year, [year.children[level] for level in result.levels]) for year in result.years
        ],
    }


def assumption_rows(assumptions: dict[str, Assumption]) -> list[dict[str, Any]]:
    from .decision_forms import ASSUMPTION_LABELS

    rows = []
    for key, a in assumptions.items():
        label, unit = ASSUMPTION_LABELS.get(key, (key, ""))
        value = number_format(a.value, decimal_pos=a.decimals, force_grouping=True)
        rows.append({"label": label, "unit": unit, "value": value, "assumption": a})
    return rows


def _count_item(group: str, label: str, count: int | None, evidence: str) -> ChecklistItem:
    if count is None:
        return ChecklistItem(group, label, UNKNOWN, evidence)
    return ChecklistItem(group, label, MET if count else NOT_MET, evidence)


def checklist(
    territory: Territory,
    communes: Any,
    lines: list[IndicatorLine],
    scored: int,
    workspaces: Any,
    seats: int,
) -> list[ChecklistItem]:
    """The conditions to replicate, filled from what the platform knows of this territory."""
    commune_count = communes.count()
    with_boundary = communes.exclude(boundary="").count()
    with_values = [line for line in lines if line.communes_known]
    missing = [line.indicator.label for line in lines if not line.communes_known]
    roles = dict(
        RoleAssignment.objects.filter(Q(territory=territory) | Q(grouping__territory=territory))
        .values("role")
        .annotate(n=Count("id"))
        .values_list("role", "n")
    )
    facilities_loaded = Facility.objects.exists()
    nearest = dict(
        NearestFacility.objects.filter(commune__in=communes)
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    in_area = dict(
        Facility.objects.filter(commune__in=communes)
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    managed = workspaces.filter(managers__isnull=False).distinct().count()

    def facility_item(kind: str, label: str) -> ChecklistItem:
        if not facilities_loaded:
            return ChecklistItem("services", label, UNKNOWN, _("No facility file is loaded."))
        count = in_area.get(kind, 0)
        return _count_item(
            "services",
            label,
            count,
            _("%(count)s in the area; nearest one known for %(near)s of %(total)s communes.")
            % {"count": count, "near": nearest.get(kind, 0), "total": commune_count},
        )

    items = [
        ChecklistItem(
            "data",
            _("Communes with their boundaries"),
            MET if commune_count and with_boundary == commune_count else NOT_MET,
            _("%(with)s of %(total)s communes have a boundary.")
            % {"with": with_boundary, "total": commune_count},
        ),
        ChecklistItem(
            "data",
            _("Open-data indicators for every commune"),
            UNKNOWN if not lines else (MET if not missing else NOT_MET),
            _("%(with)s of %(total)s indicators have values.")
            % {"with": len(with_values), "total": len(lines)}
            + (" " + _("Missing: %(list)s.") % {"list": ", ".join(missing)} if missing else ""),
        ),
        ChecklistItem(
            "data",
            _("A feasibility score for the communes"),
            MET if scored == commune_count and commune_count else (NOT_MET if lines else UNKNOWN),
            _("%(with)s of %(total)s communes have a score.")
            % {"with": scored, "total": commune_count},
        ),
        _count_item(
            "actors",
            _("Territory staff running the platform"),
            roles.get(Role.TERRITORY_ADMIN, 0) + roles.get(Role.TERRITORY_STAFF, 0),
            _("%(count)s people hold a territory admin or staff role.")
            % {"count": roles.get(Role.TERRITORY_ADMIN, 0) + roles.get(Role.TERRITORY_STAFF, 0)},
        ),
        _count_item(
            "actors",
            _("Welcome officers for newcomers"),
            roles.get(Role.WELCOME_OFFICER, 0),
            _("%(count)s welcome officers.") % {"count": roles.get(Role.WELCOME_OFFICER, 0)},
        ),
        _count_item(
            "actors",
            _("Elected officials following the project"),
            roles.get(Role.ELECTED_OFFICIAL, 0),
            _("%(count)s elected officials.") % {"count": roles.get(Role.ELECTED_OFFICIAL, 0)},
        ),
        _count_item(
            "actors",
            _("Workspace managers on the platform"),
            managed,
            _("%(count)s workspaces have a manager.") % {"count": managed},
        ),
        _count_item(
            "services",
            _("Coworking seats open to remote workers"),
            seats,
            _("%(seats)s seats in %(workspaces)s workspaces.")
            % {"seats": seats, "workspaces": workspaces.count()},
        ),
        facility_item(FacilityKind.STATION, _("A railway station")),
        facility_item(FacilityKind.COLLEGE, _("A collège (lower secondary school)")),
        facility_item(FacilityKind.HOSPITAL, _("A hospital")),
    ]
    return items


def report_context(
    territory: Territory, grouping: Grouping | None, *, now: datetime.datetime | None = None
) -> dict[str, Any]:
    """Everything the report template shows (see the module docstring)."""
    now = now or timezone.now()
    communes = Commune.objects.filter(territory=territory)
    if grouping is not None:
        communes = communes.filter(grouping=grouping)
    feasibility = dashboard_selectors.territory_feasibility_of(territory)
    rows = feasibility_rows(feasibility, grouping)
    boundaries = dict(communes.values_list("code", "boundary"))
    feasibility_map = charts.commune_map(
        "report-map",
        _("Remote-work feasibility score by commune"),
        [charts.MapArea(r.code, r.name, boundaries.get(r.code, ""), r.score) for r in rows],
    )
    lines = indicator_lines(communes)
    workspaces = scoped_workspaces(Workspace.objects.public(), territory, grouping)
    zone = territory.zone
    today = timezone.localdate(now, timezone=zone)
    first_month = occupancy.add_months(today.replace(day=1), 1 - REPORT_MONTHS)
    activity = platform_activity(
        workspaces, zone=zone, kind=occupancy.MONTH, first_day=first_month, count=REPORT_MONTHS
    )
    assumptions = territory_assumptions(territory)
    inputs = scenario_inputs(territory, grouping=grouping, distribution=BY_POPULATION)
    scenario = simulate(
        {k: a.value for k, a in assumptions.items()}, inputs.communes, inputs.colleges
    )
    scored = sum(1 for r in rows if r.score is not None)
    return {
        "territory": territory,
        "grouping": grouping,
        "area_name": grouping.name if grouping else territory.name,
        "generated_at": now,
        "zone": str(zone),
        "feasibility": feasibility,
        "rows": rows,
        "ranked": ranked(rows),
        "feasibility_map": feasibility_map,
        "map_legend": charts.map_legend(),
        "weight_rows": [
            (str(dict(Theme.choices).get(theme, theme)), weight)
            for theme, weight in feasibility.weights.items()
        ],
        "indicator_lines": lines,
        "indicator_sources": numbered_sources(lines),
        "activity": activity,
        "assumptions": assumptions,
        "scenario": scenario,
        "scenario_inputs": inputs,
        **scenario_tables(scenario),
        "assumption_rows": assumption_rows(assumptions),
        "checklist": checklist(territory, communes, lines, scored, workspaces, activity.seats),
    }
