"""The matching engine's data feed: a territory's communes as a CommuneTable, then the ranking.

`territory_matches(territory, profile)` is the one function the matches page and the API call.

What is read (at most six queries, whatever the number of communes): the communes and their
points, the latest `fibre_share` value of each, the nearest facility of each kind
(`NearestFacility`, as the crow flies from the town hall or the commune's point), the published
workspaces, and, for the communes with no located pharmacy, the INSEE BPE count of pharmacies:
one in the commune is 0 min away; none, the nearest commune of the territory that has one is
looked for exactly as the commune page's "Living in" block does
(`observatory.selectors.living.communes_with` / `nearest_communes_with`, one more query).
Doctors have no count in the platform: without located doctors they stay unknown. The nearest
hospital is read with the other facilities and given as information (no criterion, see
matching/criteria.py).
Times are estimated from straight-line distances with ONE documented estimate
(`newcomers/data/travel_time.json`: a road detour factor and an average speed, both assumptions
said so on the page). Altitude comes from the commune when its file gave one; rents have no
source in the platform: both are then unknown, never invented.

The table does not depend on the profile nor on the language, so it is cached per territory under
the territory's content version (core/cache.py): any import of indicators, facilities or
workspaces renews that version and the next reader rebuilds the table.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from django.core.cache import cache as django_cache

from alpsatellites.core.cache import scope_versions, territory_scope
from alpsatellites.matching.engine import (
    Citation,
    CommuneMatch,
    CommuneTable,
    FloatArray,
    Ranking,
    rank,
)
from alpsatellites.matching.profile import NeedsProfile
from alpsatellites.observatory.geo import haversine_km
from alpsatellites.observatory.models import IndicatorValue, NearestFacility, ValueStatus
from alpsatellites.observatory.selectors.living import communes_with, nearest_communes_with
from alpsatellites.territories.models import Commune, Source, Territory
from alpsatellites.workspaces.models import Workspace

TRAVEL_TIME_FILE = Path(__file__).resolve().parent.parent / "data" / "travel_time.json"
FIBRE_INDICATOR = "fibre_share"
# Facility kinds of the observatory the engine measures (the others are not asked about).
FACILITY_MEASURES = (
    "station",
    "college",
    "lycee",
    "childcare",
    "nursery",
    "doctor",
    "pharmacy",
    "hospital",
)
# The BPE count (indicators.json) that stands in for located pharmacies.
PHARMACY_COUNT = "pharmacies"
# Workspaces are the platform's own listings: cited under this key, named by the text module.
WORKSPACES_CITATION = "alpsatellites-workspaces"
NEAR_WORKSPACE_KM = 20.0
NEAR_WORKSPACES_SHOWN = 3
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class TravelEstimate:
    detour_factor: float
    average_speed_kmh: float
    status: str  # "assumption" until a routing source replaces it
    reasoning: str

    def minutes(self, km: FloatArray) -> FloatArray:
        return km * self.detour_factor / self.average_speed_kmh * 60.0


@cache
def travel_estimate(path: Path = TRAVEL_TIME_FILE) -> TravelEstimate:
    data = json.loads(path.read_text(encoding="utf-8"))
    return TravelEstimate(
        detour_factor=float(data["detour_factor"]),
        average_speed_kmh=float(data["average_speed_kmh"]),
        status=str(data["status"]),
        reasoning=str(data["reasoning"]),
    )


@dataclass(frozen=True)
class NearbyWorkspace:
    slug: str
    name: str
    commune: str  # the name of the workspace's commune
    km: float  # as the crow flies from the commune's point
    minutes: float  # the estimate by road


@dataclass(frozen=True)
class TerritoryTable:
    """What the feed caches per territory: the engine's table and each commune's workspaces."""

    table: CommuneTable
    workspaces: dict[str, tuple[NearbyWorkspace, ...]]  # by commune code, nearest first


@dataclass(frozen=True)
class TerritoryMatches:
    territory: Territory
    profile: NeedsProfile
    ranking: Ranking
    ranked: list[CommuneMatch]  # best first
    excluded: list[CommuneMatch]  # with the MUST criteria they fail
    workspaces: dict[str, tuple[NearbyWorkspace, ...]]
    citations: dict[str, Citation]
    travel: TravelEstimate


def _citation(source: Source) -> Citation:
    return Citation(key=source.key, title=source.title, publisher=source.publisher, url=source.url)


class _Columns:
    """Per-measure columns filled commune by commune (NaN / "" where nothing is known)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.values: dict[str, FloatArray] = {}
        self.labels: dict[str, list[str]] = {}
        self.sources: dict[str, list[str]] = {}
        self.periods: dict[str, list[str]] = {}
        self.bases: dict[str, list[str]] = {}
        self.citations: dict[str, Citation] = {}

    def set(
        self,
        measure: str,
        row: int,
        value: float,
        *,
        label: str = "",
        source: Citation | None = None,
        period: str = "",
        basis: str = "",
    ) -> None:
        if measure not in self.values:
            self.values[measure] = np.full(self.size, np.nan)
            self.labels[measure] = [""] * self.size
            self.sources[measure] = [""] * self.size
            self.periods[measure] = [""] * self.size
            self.bases[measure] = [""] * self.size
        self.values[measure][row] = value
        self.labels[measure][row] = label
        self.periods[measure][row] = period
        self.bases[measure][row] = basis
        if source is not None:
            self.sources[measure][row] = source.key
            self.citations.setdefault(source.key, source)


def _communes(territory: Territory) -> list[Commune]:
    return list(
        Commune.objects.filter(territory=territory)
        .only("id", "code", "name", "latitude", "longitude", "altitude_m", "territory_id")
        .order_by("code")
    )


def _fibre(territory: Territory, rows: dict[int, int], columns: _Columns) -> None:
    """The latest fibre share of each commune (secret or unknown stays NaN, with its source)."""
    values = (
        IndicatorValue.objects.filter(indicator__code=FIBRE_INDICATOR, commune__territory=territory)
        .select_related("source")
        .order_by("reference_date", "id")
    )
    latest: dict[int, IndicatorValue] = {}
    for value in values:
        latest[value.commune_id] = value  # ordered by date: the last one wins
    for commune_id, value in latest.items():
        known = value.status == ValueStatus.KNOWN and value.value is not None
        columns.set(
            "fibre",
            rows[commune_id],
            float(value.value) if known and value.value is not None else np.nan,
            source=_citation(value.source),
            period=value.period,
        )


def _facilities(
    territory: Territory, rows: dict[int, int], columns: _Columns, travel: TravelEstimate
) -> None:
    nearest = NearestFacility.objects.filter(
        commune__territory=territory, kind__in=FACILITY_MEASURES
    ).select_related("facility", "facility__source")
    for item in nearest:
        minutes = float(travel.minutes(np.array([item.distance_km]))[0])
        source = item.facility.source
        columns.set(
            item.kind,
            rows[item.commune_id],
            minutes,
            label=item.facility.name,
            source=_citation(source),
            # The facility files are snapshots: their date is the day they were taken.
            period=str(source.retrieved_on.year),
        )


def _pharmacies_counted(
    territory: Territory, communes: list[Commune], columns: _Columns, travel: TravelEstimate
) -> None:
    """The pharmacy time of the communes without a located pharmacy, from the BPE count: one in
    the commune is 0 min, none the time to the nearest commune of the territory that has one
    (centre to centre, as the commune page says). Secret or missing counts stay unknown."""
    located = columns.values.get("pharmacy")
    missing = {row for row in range(len(communes)) if located is None or np.isnan(located[row])}
    if not missing:
        return
    rows = {commune.id: row for row, commune in enumerate(communes)}
    latest: dict[int, IndicatorValue] = {}
    for value in (
        IndicatorValue.objects.filter(indicator__code=PHARMACY_COUNT, commune__territory=territory)
        .select_related("source")
        .order_by("reference_date", "id")
    ):
        latest[value.commune_id] = value  # ordered by date: the last one wins
    none_here: list[tuple[int, IndicatorValue]] = []
    for commune_id, value in latest.items():
        row = rows[commune_id]
        if row not in missing:
            continue
        source, period = _citation(value.source), value.period
        if value.status != ValueStatus.KNOWN or value.value is None:
            columns.set("pharmacy", row, np.nan, source=source, period=period)
        elif value.value > 0:
            columns.set("pharmacy", row, 0.0, basis="in_commune", source=source, period=period)
        else:
            none_here.append((row, value))
    if not none_here:
        return
    holders = communes_with(territory.id, PHARMACY_COUNT)
    origins = [(row, communes[row]) for row, _ in none_here if communes[row].latitude is not None]
    found = nearest_communes_with(
        [(c.code, float(c.latitude or 0.0), float(c.longitude or 0.0)) for _, c in origins],
        holders,
    )
    nearest_of = {row: other for (row, _), other in zip(origins, found, strict=True)}
    for row, value in none_here:
        source, period = _citation(value.source), value.period
        other = nearest_of.get(row)
        if other is None:  # no point, or no other commune of the territory has one
            basis = "none_in_territory" if row in nearest_of or not holders else ""
            columns.set("pharmacy", row, np.nan, basis=basis, source=source, period=period)
        else:
            columns.set(
                "pharmacy",
                row,
                float(travel.minutes(np.array([other.distance_km]))[0]),
                label=other.name,
                basis="nearest_commune",
                source=source,
                period=period,
            )


def _workspaces(
    territory: Territory, communes: list[Commune], columns: _Columns, travel: TravelEstimate
) -> dict[str, tuple[NearbyWorkspace, ...]]:
    """The nearest published workspaces of each commune, and the time to the nearest one."""
    listed = []
    for workspace in (
        Workspace.objects.public()
        .filter(territory=territory)
        .select_related("commune")
        .only(
            "slug",
            "name",
            "latitude",
            "longitude",
            "commune__name",
            "commune__latitude",
            "commune__longitude",
        )
        .order_by("name", "slug")
    ):
        # A workspace without its own point stands at its commune's point.
        lat = workspace.latitude if workspace.latitude is not None else workspace.commune.latitude
        lon = (
            workspace.longitude if workspace.longitude is not None else workspace.commune.longitude
        )
        if lat is not None and lon is not None:
            listed.append((workspace, lat, lon))
    located = [
        (row, commune)
        for row, commune in enumerate(communes)
        if commune.latitude is not None and commune.longitude is not None
    ]
    nearby: dict[str, tuple[NearbyWorkspace, ...]] = {}
    if not listed or not located:
        return nearby
    citation = Citation(key=WORKSPACES_CITATION, title="")
    km = haversine_km(
        np.array([c.latitude for _, c in located], dtype=float)[:, np.newaxis],
        np.array([c.longitude for _, c in located], dtype=float)[:, np.newaxis],
        np.array([lat for _, lat, _ in listed], dtype=float)[np.newaxis, :],
        np.array([lon for _, _, lon in listed], dtype=float)[np.newaxis, :],
    )
    minutes = travel.minutes(km)
    for position, (row, commune) in enumerate(located):
        # Stable: equal distances keep the workspaces' name order.
        order = np.argsort(km[position], kind="stable")
        best = int(order[0])
        columns.set(
            "coworking",
            row,
            float(minutes[position, best]),
            label=listed[best][0].name,
            source=citation,
        )
        nearby[commune.code] = tuple(
            NearbyWorkspace(
                slug=listed[i][0].slug,
                name=listed[i][0].name,
                commune=listed[i][0].commune.name,
                km=round(float(km[position, i]), 1),
                minutes=float(minutes[position, i]),
            )
            for i in (int(j) for j in order[:NEAR_WORKSPACES_SHOWN])
            if km[position, i] <= NEAR_WORKSPACE_KM
        )
    return nearby


def territory_table(territory: Territory) -> TerritoryTable:
    """The territory's CommuneTable, built with at most six queries (not cached: see
    `cached_table`)."""
    travel = travel_estimate()
    communes = _communes(territory)
    rows = {commune.id: row for row, commune in enumerate(communes)}
    columns = _Columns(len(communes))
    for row, commune in enumerate(communes):
        if commune.altitude_m is not None:
            columns.set("altitude", row, float(commune.altitude_m))
    _fibre(territory, rows, columns)
    _facilities(territory, rows, columns, travel)
    _pharmacies_counted(territory, communes, columns, travel)
    workspaces = _workspaces(territory, communes, columns, travel)
    table = CommuneTable(
        codes=[c.code for c in communes],
        names=[c.name for c in communes],
        values=columns.values,
        labels=columns.labels,
        sources=columns.sources,
        periods=columns.periods,
        citations=columns.citations,
        bases=columns.bases,
    )
    return TerritoryTable(table=table, workspaces=workspaces)


def cached_table(territory: Territory) -> TerritoryTable:
    """The table of the territory's current content: one cache round trip when it is there."""
    key = f"matching-table:{territory.slug}:{scope_versions(territory_scope(territory.slug))}"
    found = django_cache.get(key)
    if isinstance(found, TerritoryTable):
        return found
    built = territory_table(territory)
    built.table.name_order  # noqa: B018  # sorted once, kept in the cached copy
    django_cache.set(key, built, timeout=CACHE_SECONDS)
    return built


def territory_matches(
    territory: Territory, profile: NeedsProfile, *, limit: int | None = None
) -> TerritoryMatches:
    """The territory's communes ranked for `profile` (the first `limit` when given)."""
    data = cached_table(territory)
    ranking = rank(data.table, profile)
    return TerritoryMatches(
        territory=territory,
        profile=profile,
        ranking=ranking,
        ranked=ranking.matches(limit),
        excluded=ranking.excluded_matches(),
        workspaces=data.workspaces,
        citations=dict(data.table.citations),
        travel=travel_estimate(),
    )
