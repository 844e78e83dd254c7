"""The pharmacy time from the BPE count on small made-up territories: each case the feed tells
apart (in the commune, the nearest commune with one, none in the territory, secret, located)."""

import math

import pytest

from alpsatellites.newcomers.selectors.matching import territory_table
from alpsatellites.observatory.models import FacilityKind
from tests.factories import CommuneFactory, TerritoryFactory
from tests.observatory.factories import FacilityFactory, NearestFacilityFactory, value

pytestmark = pytest.mark.django_db


def column(territory):
    table = territory_table(territory).table
    return {
        code: (
            table.values["pharmacy"][row],
            table.labels["pharmacy"][row],
            table.bases["pharmacy"][row],
        )
        for row, code in enumerate(table.codes)
    }


def test_each_way_a_pharmacy_time_is_known_or_not():
    territory = TerritoryFactory()
    town = CommuneFactory(territory=territory, code="90001", name="Town", latitude=44.9)
    village = CommuneFactory(territory=territory, code="90002", name="Village", latitude=45.0)
    secret = CommuneFactory(territory=territory, code="90003", name="Secret", latitude=45.1)
    pointless = CommuneFactory(
        territory=territory, code="90004", name="Pointless", latitude=None, longitude=None
    )
    CommuneFactory(territory=territory, code="90005", name="No figure")
    value("pharmacies", town, 2, year=2024)
    value("pharmacies", village, 0, year=2024)
    value("pharmacies", secret, None, year=2024, status="secret")
    value("pharmacies", pointless, 0, year=2024)

    found = column(territory)

    assert found["90001"] == (0.0, "", "in_commune")
    minutes, label, basis = found["90002"]
    assert (label, basis) == ("Town", "nearest_commune") and 10 < minutes < 30
    assert math.isnan(found["90003"][0])  # secret: unknown, cited
    assert math.isnan(found["90004"][0]) and found["90004"][2] == ""  # no point to measure from
    assert math.isnan(found["90005"][0])  # no count at all


def test_no_pharmacy_in_the_whole_territory_is_unknown_and_said_so():
    territory = TerritoryFactory()
    alone = CommuneFactory(territory=territory, code="91001")
    value("pharmacies", alone, 0, year=2024)

    found = column(territory)

    assert math.isnan(found["91001"][0]) and found["91001"][2] == "none_in_territory"


def test_a_located_pharmacy_wins_over_the_count():
    territory = TerritoryFactory()
    village = CommuneFactory(territory=territory, code="92001")
    value("pharmacies", village, 0, year=2024)
    pharmacy = FacilityFactory(kind=FacilityKind.PHARMACY, name="Pharmacie du col", commune=village)
    NearestFacilityFactory(commune=village, facility=pharmacy, distance_km=2.0)

    minutes, label, basis = column(territory)["92001"]

    assert label == "Pharmacie du col" and basis == "" and 0 < minutes < 10
