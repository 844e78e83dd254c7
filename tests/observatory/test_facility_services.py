"""Nearest facility per commune, the distance indicators, and the default territory's facilities."""

import datetime

import numpy as np
import pytest

from alpsatellites.observatory.geo import haversine_km, nearest
from alpsatellites.observatory.importers.base import InvalidObservatoryFile
from alpsatellites.observatory.models import Facility, IndicatorValue, NearestFacility, ValueStatus
from alpsatellites.observatory.services.nearest import facilities_nearest_compute, town_hall_points
from alpsatellites.setup.default_facilities import load_default_facilities
from tests.factories import SourceFactory
from tests.observatory.facility_fixtures import computed_indicators, facility_snapshot
from tests.workspaces.factories import WorkspaceFactory

DAY = datetime.date(2026, 12, 2)


def test_haversine_against_a_known_distance():
    # One degree of latitude anywhere, one of longitude on the equator: 111.195 km.
    assert haversine_km(44.5, 6.6, 45.5, 6.6) == pytest.approx(111.195, abs=0.01)
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.195, abs=0.01)
    assert haversine_km(45, 6, 45, 6) == 0


def test_nearest_is_the_same_whatever_the_block_size():
    rng = np.random.default_rng(7)
    olat, olon = rng.uniform(43, 46, 300), rng.uniform(5, 7, 300)
    tlat, tlon = rng.uniform(43, 46, 50), rng.uniform(5, 7, 50)
    small = nearest(olat, olon, tlat, tlon, block_cells=60)
    big = nearest(olat, olon, tlat, tlon)
    assert (small[0] == big[0]).all() and (small[1] == big[1]).all()
    brute = haversine_km(olat[:, None], olon[:, None], tlat[None, :], tlon[None, :]).min(axis=1)
    assert big[1] == pytest.approx(brute)
    with pytest.raises(ValueError, match="no target"):
        nearest(olat, olon, [], [])


def test_town_halls_of_the_hautes_alpes_are_shipped():
    points = town_hall_points()
    assert len(points) == 162
    assert points["05023"] == pytest.approx((44.8991, 6.6436), abs=0.01)


@pytest.fixture
def loaded(grand_brianconnais):
    computed_indicators()
    load_default_facilities()
    return grand_brianconnais


@pytest.mark.django_db
def test_default_facilities_of_the_grand_brianconnais(loaded):
    assert Facility.objects.filter(kind="college").count() == 15
    assert Facility.objects.filter(kind="station").count() == 10
    assert Facility.objects.filter(kind="hospital").count() == 11
    assert NearestFacility.objects.filter(commune__territory=loaded).count() == 36 * 3
    # Every commune of the PETR has its town hall located: distances measured from there.
    assert set(NearestFacility.objects.values_list("method", flat=True)) == {"town_hall"}
    argentiere = NearestFacility.objects.get(commune__code="05006", kind="station")
    assert argentiere.facility.name == "L'Argentière Les Écrins"
    assert argentiere.distance_km < 1.5
    nevache = NearestFacility.objects.get(commune__code="05093", kind="college")
    assert nevache.facility.external_id in {"0050043V", "0050519M"}  # the Briançon collèges
    queyras = NearestFacility.objects.get(commune__code="05157", kind="hospital")  # Saint-Véran
    assert queyras.facility.name == "CENTRE HOSPITALIER AIGUILLES QUEYRAS"


@pytest.mark.django_db
def test_indicators_are_written_dated_and_idempotent(loaded):
    values = IndicatorValue.objects.filter(commune__code="05006")
    by_code = {v.indicator.code: v for v in values}
    today = by_code["station_distance_km"].reference_date
    assert by_code["station_distance_km"].period == today.isoformat()
    assert by_code["station_distance_km"].source.key == "alpsatellites-computed"
    assert (
        by_code["station_distance_km"].value
        == NearestFacility.objects.get(commune__code="05006", kind="station").distance_km
    )
    # No published workspace yet: none in the commune (a real count), the distance unknown.
    assert by_code["workspaces"].value == 0
    assert by_code["workspace_distance_km"].status == ValueStatus.UNKNOWN
    assert by_code["workspace_distance_km"].value is None
    before = facility_snapshot()
    load_default_facilities()
    assert facility_snapshot() == before


@pytest.mark.django_db
def test_a_second_load_writes_nothing_and_keeps_station_lines_and_hours(loaded):
    lines: list[str] = []
    load_default_facilities(log=lines.append)
    reports = [line for line in lines if "rows read" in line]
    assert len(reports) == 5
    assert all("(0 created, 0 updated," in line for line in reports), reports
    briancon = Facility.objects.get(kind="station", external_id="87763607")
    assert briancon.details["lines"] and briancon.details["hours"]


@pytest.mark.django_db
def test_workspaces_count_and_distance(loaded):
    briancon = loaded.communes.get(code="05023")
    WorkspaceFactory(commune=briancon, latitude=44.8961, longitude=6.6350)
    WorkspaceFactory(commune=briancon, status="draft")
    facilities_nearest_compute(territory=loaded, on=DAY)
    values = {
        (v.commune.code, v.indicator.code): v.value
        for v in IndicatorValue.objects.filter(reference_date=DAY)
    }
    assert values[("05023", "workspaces")] == 1  # the draft is not published
    assert values[("05023", "workspace_distance_km")] < 1
    assert 2 < values[("05107", "workspace_distance_km")] < 6  # Puy-Saint-André, up the hill


@pytest.mark.django_db
def test_a_kind_without_facilities_gives_unknown_not_zero(grand_brianconnais):
    computed_indicators()
    facilities_nearest_compute(territory=grand_brianconnais, on=DAY)
    assert not NearestFacility.objects.exists()
    distances = IndicatorValue.objects.filter(indicator__code="hospital_distance_km")
    assert distances.count() == 36
    assert set(distances.values_list("status", flat=True)) == {ValueStatus.UNKNOWN}


@pytest.mark.django_db
def test_without_the_catalogue_nothing_is_written(grand_brianconnais):
    with pytest.raises(InvalidObservatoryFile, match="load the indicator catalogue first"):
        facilities_nearest_compute(territory=grand_brianconnais)
    assert facility_snapshot() == {key: [] for key in facility_snapshot()}


@pytest.mark.django_db
def test_a_commune_without_town_hall_is_measured_from_its_reference_point(evancon):
    computed_indicators()
    Facility.objects.create(
        kind="hospital",
        name="Ospedale",
        external_id="1",
        country="IT",
        commune_code="",
        latitude=45.74,
        longitude=7.31,
        source=SourceFactory(),
    )
    report = facilities_nearest_compute(territory=evancon, on=DAY)
    assert set(NearestFacility.objects.values_list("method", flat=True)) == {"centroid"}
    assert report.by_method == {"centroid": evancon.communes.count()}
