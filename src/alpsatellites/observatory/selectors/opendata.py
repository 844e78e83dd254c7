"""Reads behind the open data: the indicator catalogue, a commune's values, a territory's
facilities and the rows of the exports.

Every read here is a fixed number of queries whatever the number of indicators or values (the
exports add one per thousand communes): values are read ordered by date, newest first, and the
first row of each (commune, indicator) pair is the latest one. A pair without any
row is reported "unknown" rather than left out: a reader of the file then sees that nothing is
known, never a gap they could take for a zero.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from alpsatellites.observatory.models import (
    Facility,
    FacilityKind,
    Indicator,
    IndicatorValue,
    NearestFacility,
    ValueStatus,
)
from alpsatellites.territories.models import Commune, Source, Territory

# Communes whose values are read in one query by the exports: a territory in one pass, a
# country's 35,000 communes in a few dozen without holding all their values at once.
COMMUNES_PER_PASS = 1000


def indicator_catalogue(*, theme: str = "") -> QuerySet[Indicator]:
    """Every indicator with its source, in the catalogue's order (theme, position, code)."""
    queryset = Indicator.objects.select_related("source").order_by("theme", "position", "code")
    if theme:
        queryset = queryset.filter(theme=theme)
    return queryset


@dataclass(frozen=True)
class Value:
    """One figure: `value` is None unless `status` is known ("secret", "unknown" say why)."""

    value: float | None
    status: str
    reference_date: date | None
    period: str
    source: Source


@dataclass(frozen=True)
class CommuneIndicator:
    """An indicator of one commune: its latest value and, when asked, every dated value."""

    indicator: Indicator
    latest: Value
    history: tuple[Value, ...]


def _unknown(indicator: Indicator) -> Value:
    return Value(None, ValueStatus.UNKNOWN, None, "", indicator.source)


def _value(row: IndicatorValue) -> Value:
    known = row.status == ValueStatus.KNOWN
    # The database constraint already ties value to status; a stray value is never shown.
    return Value(
        row.value if known else None, row.status, row.reference_date, row.period, row.source
    )


def commune_indicators(commune: Commune, *, history: bool = False) -> list[CommuneIndicator]:
    """Every indicator of the catalogue for `commune`, latest value first. Two queries."""
    catalogue = list(indicator_catalogue())
    values: dict[int, list[Value]] = {}
    rows = (
        IndicatorValue.objects.filter(commune=commune)
        .select_related("source")
        .order_by("indicator_id", "-reference_date")
    )
    for row in rows:
        values.setdefault(row.indicator_id, []).append(_value(row))
    found = []
    for indicator in catalogue:
        dated = values.get(indicator.pk, [])
        latest = dated[0] if dated else _unknown(indicator)
        found.append(CommuneIndicator(indicator, latest, tuple(dated) if history else ()))
    return found


# --- facilities -----------------------------------------------------------------------------


def territory_facilities(
    territory: Territory | None = None, *, kind: str = "", commune_code: str = ""
) -> QuerySet[Facility]:
    """Facilities with their commune and source, by kind then name.

    A territory's facilities are those in its communes and those nearest to one of them: the
    hospital a valley relies on may stand in the next département, and leaving it out of the
    territory's file would hide what its distances were measured to.
    """
    queryset = Facility.objects.select_related("source", "commune")
    if territory is not None:
        nearest = NearestFacility.objects.filter(commune__territory=territory).values("facility")
        queryset = queryset.filter(Q(commune__territory=territory) | Q(pk__in=nearest))
    if kind:
        queryset = queryset.filter(kind=kind)
    if commune_code:
        queryset = queryset.filter(commune_code=commune_code)
    return queryset.order_by("kind", "name", "pk")


FACILITY_KINDS: tuple[str, ...] = tuple(FacilityKind.values)


# --- rows of the exports --------------------------------------------------------------------


@dataclass(frozen=True)
class ValueRow:
    """One line of the indicators export: a commune, an indicator, its latest value."""

    commune_code: str
    commune_name: str
    indicator: Indicator
    latest: Value


def _latest_of(commune_ids: list[int], sources: dict[int, Source]) -> dict[tuple[int, int], Value]:
    """The latest value of each (commune id, indicator id) pair of these communes: one query.

    Plain tuples rather than model instances, and the few sources shared from `sources`: a
    country's export builds a million of these.
    """
    rows = (
        IndicatorValue.objects.filter(commune_id__in=commune_ids)
        .order_by("commune_id", "indicator_id", "-reference_date")
        .values_list(
            "commune_id", "indicator_id", "value", "status", "reference_date", "period", "source_id"
        )
    )
    latest: dict[tuple[int, int], Value] = {}
    for commune_id, indicator_id, number, status, reference_date, period, source_id in rows:
        pair = (commune_id, indicator_id)
        if pair not in latest:  # the first row of a pair is its latest date
            known = status == ValueStatus.KNOWN
            latest[pair] = Value(
                number if known else None, status, reference_date, period, sources[source_id]
            )
    return latest


def territory_value_rows(territory: Territory) -> Iterator[ValueRow]:
    """Every commune × indicator of the catalogue with its latest value, by commune code.

    The catalogue, the sources and the communes in three queries, then the values of
    COMMUNES_PER_PASS communes at a time: one query for a territory of a few hundred communes,
    memory bounded for a country.
    """
    catalogue = list(indicator_catalogue())
    sources = {source.pk: source for source in value_sources(territory)}
    communes = list(
        Commune.objects.filter(territory=territory)
        .order_by("code", "pk")
        .values_list("pk", "code", "name")
    )
    for start in range(0, len(communes), COMMUNES_PER_PASS):
        chunk = communes[start : start + COMMUNES_PER_PASS]
        latest = _latest_of([pk for pk, _code, _name in chunk], sources)
        for commune_id, code, name in chunk:
            for indicator in catalogue:
                value = latest.get((commune_id, indicator.pk)) or _unknown(indicator)
                yield ValueRow(code, name, indicator, value)


def value_sources(territory: Territory) -> list[Source]:
    """The sources of a territory's values and of the catalogue: what its export cites."""
    value_source_ids = IndicatorValue.objects.filter(commune__territory=territory).values("source")
    catalogue_source_ids = Indicator.objects.values("source")
    return list(
        Source.objects.filter(Q(pk__in=value_source_ids) | Q(pk__in=catalogue_source_ids)).order_by(
            "title", "pk"
        )
    )


def index_sources(territory: Territory) -> list[Source]:
    """The sources behind the feasibility index: its indicators' and the commune boundaries'."""
    indicator_source_ids = Indicator.objects.filter(in_index=True).values("source")
    boundary_source_ids = Commune.objects.filter(territory=territory).values("boundary_source")
    return list(
        Source.objects.filter(
            Q(pk__in=indicator_source_ids) | Q(pk__in=boundary_source_ids)
        ).order_by("title", "pk")
    )


def facility_sources(facilities: QuerySet[Facility]) -> list[Source]:
    """The distinct sources of these facilities, one query."""
    return list(Source.objects.filter(pk__in=facilities.values("source")).order_by("title", "pk"))


@dataclass(frozen=True)
class OpenDataCounts:
    communes: int
    indicators: int
    values: int
    facilities: int


def open_data_counts(territory: Territory) -> OpenDataCounts:
    """What the open-data page announces for each file: four counts."""
    return OpenDataCounts(
        communes=Commune.objects.filter(territory=territory).count(),
        indicators=Indicator.objects.count(),
        values=IndicatorValue.objects.filter(commune__territory=territory).count(),
        facilities=territory_facilities(territory).count(),
    )
