"""What a mover weighs, read for a commune page, the territory home and the indicator maps.

Each reader runs a fixed, small number of queries whatever the number of indicators, facilities
or workspaces (the commune page: four; the territory home: four; an indicator's map: three),
because these pages are rendered uncached for signed-in people and must stay within a few
milliseconds (benchmarks/commune_page.py).

Distances are as the crow flies, computed from each commune's point (its town hall when known,
else its centroid: `Commune.latitude/longitude`), and said so on the pages.
"""

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from alpsatellites.territories.models import Commune, Source, Territory
from alpsatellites.workspaces.models import Workspace

from ..geo import haversine_km
from ..models import (
    Facility,
    FacilityKind,
    Indicator,
    IndicatorValue,
    NearestFacility,
    ValueStatus,
)

# A workspace this far from a commune's point is still "near" for someone living there.
NEAR_WORKSPACE_KM = 20.0
NEAR_WORKSPACES_SHOWN = 3
# "Fibre for everyone" on the territory home: a commune counts when this share of its premises
# can be connected (the threshold is written on the page).
FIBRE_THRESHOLD = 80.0
EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


@dataclass(frozen=True)
class Figure:
    """One indicator's value for one commune at one date, with what the page needs to cite it."""

    code: str
    label: str
    unit: str
    decimals: int
    value: float | None
    status: str
    period: str
    year: int
    source: Source

    @property
    def known(self) -> bool:
        return self.status == ValueStatus.KNOWN and self.value is not None

    @property
    def secret(self) -> bool:
        return self.status == ValueStatus.SECRET


@dataclass(frozen=True)
class NearbyWorkspace:
    workspace: Workspace
    distance_km: float | None  # None: in the commune itself


@dataclass(frozen=True)
class CommuneWith:
    """A commune where a count (pharmacies…) is above zero, at its point."""

    name: str
    code: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class NearestWithOne:
    """The nearest commune of the territory where a count is above zero, centre to centre."""

    name: str
    code: str
    distance_km: float


@dataclass
class CommuneLiving:
    figures: dict[str, Figure] = field(default_factory=dict)  # latest value per indicator code
    history: dict[str, list[Figure]] = field(default_factory=dict)  # every date, oldest first
    nearest: dict[str, NearestFacility] = field(default_factory=dict)  # by facility kind
    workspaces: list[NearbyWorkspace] = field(default_factory=list)
    nearest_pharmacy_commune: NearestWithOne | None = None

    def figure(self, code: str) -> Figure | None:
        return self.figures.get(code)


def _figure(value: IndicatorValue) -> Figure:
    indicator = value.indicator
    return Figure(
        code=indicator.code,
        label=indicator.label,
        unit=indicator.unit,
        decimals=indicator.decimals,
        value=value.value,
        status=value.status,
        period=value.period,
        year=value.reference_date.year,
        source=value.source,
    )


def _has_point(commune: Commune) -> bool:
    return commune.latitude is not None and commune.longitude is not None


def commune_living(commune: Commune) -> CommuneLiving:
    """Everything of the "Living in …" block: 3 queries, a 4th only when there is no pharmacy."""
    living = CommuneLiving()
    values = (
        IndicatorValue.objects.filter(commune=commune)
        .select_related("indicator", "source")
        .order_by("indicator_id", "reference_date")
    )
    for row in values:
        figure = _figure(row)
        living.history.setdefault(figure.code, []).append(figure)
        living.figures[figure.code] = figure  # ordered by date: the last one is the latest
    for nearest in NearestFacility.objects.filter(commune=commune).select_related(
        "facility", "facility__source", "facility__commune"
    ):
        living.nearest[nearest.kind] = nearest
    living.workspaces = _workspaces_near(commune)
    pharmacies = living.figure("pharmacies")
    if pharmacies is not None and pharmacies.known and pharmacies.value == 0:
        living.nearest_pharmacy_commune = _nearest_commune_with(commune, "pharmacies")
    return living


def _workspaces_near(commune: Commune) -> list[NearbyWorkspace]:
    """The public workspaces in the commune, then up to three others within reach, nearest first."""
    rows = (
        Workspace.objects.public()
        .filter(territory_id=commune.territory_id)
        .select_related("commune")
        .only("slug", "name", "kind", "latitude", "longitude", "commune__name", "commune__code")
    )
    inside: list[NearbyWorkspace] = []
    around: list[NearbyWorkspace] = []
    for workspace in rows:
        if workspace.commune_id == commune.pk:
            inside.append(NearbyWorkspace(workspace, None))
        elif (
            _has_point(commune)
            and workspace.latitude is not None
            and workspace.longitude is not None
        ):
            assert commune.latitude is not None and commune.longitude is not None
            km = distance_km(
                commune.latitude, commune.longitude, workspace.latitude, workspace.longitude
            )
            if km <= NEAR_WORKSPACE_KM:
                around.append(NearbyWorkspace(workspace, km))
    around.sort(key=lambda nearby: nearby.distance_km or 0.0)
    return sorted(inside, key=lambda n: n.workspace.name) + around[:NEAR_WORKSPACES_SHOWN]


def _nearest_commune_with(commune: Commune, code: str) -> NearestWithOne | None:
    """Only within the commune's own territory, so the page says "of the territory"."""
    if not _has_point(commune):
        return None
    assert commune.latitude is not None and commune.longitude is not None
    holders = communes_with(commune.territory_id, code)
    return nearest_communes_with([(commune.code, commune.latitude, commune.longitude)], holders)[0]


def communes_with(territory_id: int, code: str) -> list[CommuneWith]:
    """The communes of a territory with a point and a known count of `code` above zero (at any
    date): what "the nearest commune that has one" is looked for among. One query."""
    rows = (
        IndicatorValue.objects.filter(
            indicator__code=code,
            commune__territory_id=territory_id,
            status=ValueStatus.KNOWN,
            value__gt=0,
            commune__latitude__isnull=False,
            commune__longitude__isnull=False,
        )
        .values_list("commune__name", "commune__code", "commune__latitude", "commune__longitude")
        .order_by("commune__code")
        .distinct()
    )
    return [
        CommuneWith(name, other_code, latitude, longitude)
        for name, other_code, latitude, longitude in rows
        if latitude is not None and longitude is not None  # filtered above; for the type checker
    ]


def nearest_communes_with(
    origins: Sequence[tuple[str, float, float]], holders: Sequence[CommuneWith]
) -> list[NearestWithOne | None]:
    """For each origin (code, latitude, longitude), the nearest holder other than itself, centre
    to centre; None when no other commune has one. Shared by the commune page and the newcomers'
    matching, so both name the same commune at the same distance. Ties go to the lowest code."""
    if not origins or not holders:
        return [None] * len(origins)
    km = haversine_km(
        np.array([lat for _, lat, _ in origins], dtype=float)[:, np.newaxis],
        np.array([lon for _, _, lon in origins], dtype=float)[:, np.newaxis],
        np.array([h.latitude for h in holders], dtype=float)[np.newaxis, :],
        np.array([h.longitude for h in holders], dtype=float)[np.newaxis, :],
    )
    own = np.array([[h.code == code for h in holders] for code, _, _ in origins], dtype=bool)
    km = np.where(own, np.inf, km)
    best = np.argmin(km, axis=1)
    found: list[NearestWithOne | None] = []
    for row, column in enumerate(best.tolist()):
        distance = float(km[row, column])
        holder = holders[column]
        found.append(
            NearestWithOne(holder.name, holder.code, distance) if np.isfinite(distance) else None
        )
    return found


# --- The territory home -------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """How many communes reach a threshold, out of how many have a figure, out of how many."""

    reaching: int
    known: int
    communes: int
    threshold: float
    periods: tuple[str, ...]
    sources: tuple[Source, ...]


@dataclass
class TerritoryLiving:
    fibre: Coverage | None
    facilities: dict[str, list[Facility]]  # by kind: the facilities in the territory's communes
    facility_sources: tuple[Source, ...]
    workspaces: list[Workspace]  # public, with their commune
    communes: int

    @property
    def communes_with_workspace(self) -> int:
        return len({workspace.commune_id for workspace in self.workspaces})


# The facility kinds the home and the map show, in their order.
HOME_KINDS = (FacilityKind.STATION, FacilityKind.COLLEGE, FacilityKind.LYCEE, FacilityKind.HOSPITAL)


def territory_living(territory: Territory) -> TerritoryLiving:
    """The home's "what a mover weighs": 4 queries."""
    communes = Commune.objects.filter(territory=territory).count()
    fibre = _fibre_coverage(territory, communes)
    facilities: dict[str, list[Facility]] = defaultdict(list)
    sources: dict[int, Source] = {}
    for facility in territory_facilities(territory):
        facilities[facility.kind].append(facility)
        sources[facility.source_id] = facility.source
    workspaces = list(
        Workspace.objects.public()
        .filter(territory=territory)
        .select_related("commune")
        .only("slug", "name", "kind", "latitude", "longitude", "commune__name")
        .order_by("name")
    )
    return TerritoryLiving(
        fibre=fibre,
        facilities=dict(facilities),
        facility_sources=tuple(sorted(sources.values(), key=lambda s: s.title)),
        workspaces=workspaces,
        communes=communes,
    )


def territory_facilities(territory: Territory) -> QuerySet[Facility]:
    """The facilities located in the territory's communes, of the kinds the pages show."""
    return (
        Facility.objects.filter(commune__territory=territory, kind__in=HOME_KINDS)
        .select_related("source", "commune")
        .order_by("kind", "name")
    )


def _fibre_coverage(territory: Territory, communes: int) -> Coverage | None:
    latest = _latest_values(
        IndicatorValue.objects.filter(indicator__code="fibre_share", commune__territory=territory)
    )
    if not latest:
        return None
    known = [v for v in latest if v.status == ValueStatus.KNOWN and v.value is not None]
    reaching = sum(1 for v in known if v.value is not None and v.value >= FIBRE_THRESHOLD)
    return Coverage(
        reaching=reaching,
        known=len(known),
        communes=communes,
        threshold=FIBRE_THRESHOLD,
        periods=tuple(sorted({v.period for v in latest})),
        sources=tuple(sorted({v.source for v in latest}, key=lambda s: s.title)),
    )


def _latest_values(values: QuerySet[IndicatorValue]) -> list[IndicatorValue]:
    """The latest value of each commune (one query: ordered by date, the last one wins)."""
    latest: dict[int, IndicatorValue] = {}
    for value in values.select_related("source").order_by("reference_date"):
        latest[value.commune_id] = value
    return list(latest.values())


# --- Indicator maps -----------------------------------------------------------------------


def territory_indicators(territory: Territory) -> list[Indicator]:
    """The indicators with at least one value in the territory, with how many communes have one."""
    return list(
        Indicator.objects.annotate(
            communes=Count(
                "values__commune",
                filter=Q(values__commune__territory=territory),
                distinct=True,
            )
        )
        .filter(communes__gt=0)
        .select_related("source")
        .order_by("theme", "position", "code")
    )


@dataclass(frozen=True)
class MapRow:
    commune: Commune
    value: IndicatorValue | None  # None: no row at all for this commune (unknown)


def indicator_map(territory: Territory, code: str) -> tuple[Indicator, list[MapRow]]:
    """One indicator's latest value in each commune of the territory (404 for an unknown code)."""
    indicator: Indicator = get_object_or_404(Indicator.objects.select_related("source"), code=code)
    latest = {
        value.commune_id: value
        for value in _latest_values(
            IndicatorValue.objects.filter(indicator=indicator, commune__territory=territory)
        )
    }
    communes = (
        Commune.objects.filter(territory=territory)
        .only("code", "name", "population", "boundary", "latitude", "longitude", "territory_id")
        .order_by("name")
    )
    return indicator, [MapRow(commune, latest.get(commune.pk)) for commune in communes]


def observatory_sources(territory: Territory) -> QuerySet[Source]:
    """The sources of the indicators and facilities shown for this territory."""
    return Source.objects.filter(
        Q(id__in=IndicatorValue.objects.filter(commune__territory=territory).values("source"))
        | Q(id__in=Facility.objects.filter(commune__territory=territory).values("source"))
    ).order_by("title")
