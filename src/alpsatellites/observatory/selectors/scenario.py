"""What the scenario engine (observatory/scenario.py) is fed from a territory's data.

- the household size: the territory's own INSEE ratio (population ÷ households of the same
  census) when both indicators are loaded, cited with their source; otherwise the shipped default;
- the communes with their weight (legal population, or feasibility score), nearest collège and
  the coworking seats on offer today;
- the collèges: those nearest to a commune, with the enrolment shipped with the defaults where
  one is known (a capacity is never published: it stays unknown).
"""

from dataclasses import dataclass

from django.db.models import Sum

from alpsatellites.observatory.models import (
    FacilityKind,
    IndicatorValue,
    NearestFacility,
    ValueStatus,
)
from alpsatellites.observatory.scenario import (
    CITED,
    Assumption,
    College,
    CommuneInput,
    default_assumptions,
    shipped_college_pupils,
)
from alpsatellites.territories.models import Commune, Grouping, Territory
from alpsatellites.workspaces.models import Workspace

from .dashboard import scoped_workspaces, seats_on_offer

BY_POPULATION, BY_FEASIBILITY = "population", "feasibility"


def territory_assumptions(territory: Territory) -> dict[str, Assumption]:
    """The defaults, with the household size of the territory's census when it is loaded."""
    assumptions = default_assumptions()
    sums = {}
    for code in ("population", "households"):
        latest = (
            IndicatorValue.objects.filter(
                indicator__code=code, commune__territory=territory, status=ValueStatus.KNOWN
            )
            .order_by("-reference_date")
            .values_list("reference_date", flat=True)
            .first()
        )
        if latest is None:
            return assumptions
        values = IndicatorValue.objects.filter(
            indicator__code=code,
            commune__territory=territory,
            status=ValueStatus.KNOWN,
            reference_date=latest,
        )
        total = values.aggregate(total=Sum("value"))["total"]
        described = values.order_by("pk").values_list("period", "source__title").first()
        if not total or described is None:
            return assumptions
        sums[code] = (float(total), str(described[0]), str(described[1]))
    population, period, title = sums["population"]
    households = sums["households"][0]
    size = assumptions["household_size"]
    ratio = round(population / households, 2)
    if not size.minimum <= ratio <= size.maximum:
        return assumptions
    assumptions["household_size"] = size.with_value(
        ratio,
        status=CITED,
        source=f"{title} ({period}): {round(population):,} ÷ {round(households):,}".replace(
            ",", "\u202f"
        ),
    )
    return assumptions


@dataclass(frozen=True)
class ScenarioInputs:
    communes: list[CommuneInput]
    colleges: dict[str, College]
    pupils_source: str
    pupils_year: int


def scenario_inputs(
    territory: Territory,
    *,
    grouping: Grouping | None,
    distribution: str,
    scores: dict[str, float | None] | None = None,
) -> ScenarioInputs:
    """The communes (of `grouping` when given) weighted by population or by feasibility score.

    `scores` by commune code is required with BY_FEASIBILITY; a commune without a score gets no
    household (nothing says it would attract any).
    """
    communes = Commune.objects.filter(territory=territory).order_by("code")
    if grouping is not None:
        communes = communes.filter(grouping=grouping)
    rows = list(communes.values_list("id", "code", "name", "population"))
    nearest = {
        commune_id: (external_id, name)
        for commune_id, external_id, name in NearestFacility.objects.filter(
            commune__in=communes, kind=FacilityKind.COLLEGE
        ).values_list("commune_id", "facility__external_id", "facility__name")
    }
    seats = seats_on_offer(scoped_workspaces(Workspace.objects.public(), territory, grouping))
    source, year, shipped = shipped_college_pupils()
    colleges: dict[str, College] = {}
    for external_id, name in nearest.values():
        known = shipped.get(external_id)
        colleges[external_id] = College(
            external_id, name, known.commune_code if known else "", known.pupils if known else None
        )
    inputs = []
    for commune_id, code, name, population in rows:
        if distribution == BY_FEASIBILITY:
            weight = (scores or {}).get(code) or 0.0
        else:
            weight = float(population or 0)
        college = nearest.get(commune_id)
        inputs.append(
            CommuneInput(
                code=code,
                name=name,
                weight=weight,
                college=college[0] if college else None,
                seats=seats.get(commune_id, 0),
            )
        )
    return ScenarioInputs(inputs, colleges, source, year)
