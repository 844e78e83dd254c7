"""Writes what a GTFS timetable says: departures per day per commune, journeys per station.

A GTFS station is attached to the station facility (SNCF, BPE…) within `MATCH_KM` of it, and to
the commune whose boundary contains it (or, for communes without a boundary, the nearest
commune point within `MATCH_KM`). Departures per day of a commune = the departures of the
stations in it; a commune of the territory with no station of the feed has 0 departures — the
feed is the whole timetable of its operator, and the figure says which feed it counts.
"""

import json
from typing import Any

import numpy as np
import shapely
from django.db import transaction

from alpsatellites.core.cache import content_changed_on_commit
from alpsatellites.territories.models import Commune, Source, Territory

from ..geo import nearest
from ..importers.base import ImportReport, InvalidObservatoryFile
from ..importers.gtfs import GtfsResult, GtfsStation
from ..models import Facility, FacilityKind, Indicator, IndicatorValue, ValueStatus

DEPARTURES = "station_departures_per_day"
MATCH_KM = 1.0


def _commune_of(stations: list[GtfsStation], communes: list[Commune]) -> list[Commune | None]:
    found: list[Commune | None] = [None] * len(stations)
    if not stations or not communes:
        return found
    points = shapely.points([s.longitude for s in stations], [s.latitude for s in stations])
    for commune in communes:
        if commune.boundary:
            shape = shapely.from_geojson(commune.boundary)
            for index in np.flatnonzero(shapely.contains(shape, points)):
                found[int(index)] = found[int(index)] or commune
    with_point = [
        (commune, commune.latitude, commune.longitude)
        for commune in communes
        if commune.latitude is not None and commune.longitude is not None and not commune.boundary
    ]
    if with_point:
        best, km = nearest(
            [s.latitude for s in stations],
            [s.longitude for s in stations],
            [lat for _c, lat, _lon in with_point],
            [lon for _c, _lat, lon in with_point],
        )
        for position, (choice, distance) in enumerate(zip(best, km, strict=True)):
            if found[position] is None and distance <= MATCH_KM:
                found[position] = with_point[int(choice)][0]
    return found


@transaction.atomic
def gtfs_results_write(*, result: GtfsResult, territory: Territory, source: Source) -> ImportReport:
    """Departures per day per commune (values dated the chosen day), journeys per station."""
    report = result.report
    indicator = Indicator.objects.filter(code=DEPARTURES).first()
    if indicator is None:
        raise InvalidObservatoryFile(
            [f"indicator {DEPARTURES} missing: load the indicator catalogue first"]
        )
    served = [station for station in result.stations.values() if station.departures]
    communes = list(Commune.objects.filter(territory=territory))
    per_commune = {commune.id: 0 for commune in communes}
    outside = 0
    for station, commune in zip(served, _commune_of(served, communes), strict=True):
        if commune is None:
            outside += 1
        else:
            per_commune[commune.id] += station.departures
    if outside:
        report.skip(f"station outside {territory.slug} (departures not counted)", outside)
    period = result.date.isoformat()
    existing = {
        row.commune_id: row
        for row in IndicatorValue.objects.filter(
            indicator=indicator, commune__territory=territory, reference_date=result.date
        )
    }
    for commune_id, departures in per_commune.items():
        row = existing.get(commune_id) or IndicatorValue(
            indicator=indicator, commune_id=commune_id, reference_date=result.date
        )
        new = (float(departures), ValueStatus.KNOWN, period, source.id)
        if row.pk is not None and (row.value, row.status, row.period, row.source_id) == new:
            report.unchanged += 1
            continue
        report.created += row.pk is None
        report.updated += row.pk is not None
        row.value, row.status, row.period, row.source_id = new
        row.save()
    _journeys(result, served, report)
    report.imported = report.created + report.updated + report.unchanged
    content_changed_on_commit(territory_slugs=[territory.slug])
    return report


def _journeys(result: GtfsResult, served: list[GtfsStation], report: ImportReport) -> None:
    facilities = list(Facility.objects.filter(kind=FacilityKind.STATION))
    if not facilities or not served:
        return
    best, km = nearest(
        [s.latitude for s in served],
        [s.longitude for s in served],
        [f.latitude for f in facilities],
        [f.longitude for f in facilities],
    )
    unmatched = 0
    for station, choice, distance in zip(served, best, km, strict=True):
        if distance > MATCH_KM:
            unmatched += 1
            continue
        facility = facilities[int(choice)]
        details: dict[str, Any] = dict(facility.details)
        details["departures_per_day"] = {
            "date": result.date.isoformat(),
            "count": station.departures,
        }
        details["journeys"] = [
            {
                "hub": result.hubs[hub],
                "minutes": minutes,
                "departure": departure,
                "arrival": arrival,
                "date": result.date.isoformat(),
                "transfers": 0,
            }
            for hub, (minutes, departure, arrival) in sorted(station.journeys.items())
        ]
        if json.dumps(details, sort_keys=True) != json.dumps(facility.details, sort_keys=True):
            facility.details = details
            facility.save(update_fields=["details"])
    if unmatched:
        report.skip(
            f"GTFS station with no station facility within {MATCH_KM:g} km (no journeys stored)",
            unmatched,
        )
