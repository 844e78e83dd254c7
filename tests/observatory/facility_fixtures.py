"""Shared by the facility tests: the shipped extracts, the indicators they feed, a snapshot."""

from pathlib import Path

import factory

from alpsatellites.observatory.models import (
    Direction,
    Facility,
    Indicator,
    IndicatorValue,
    NearestFacility,
    Theme,
)
from tests.factories import SourceFactory

SAMPLES = Path(__file__).parent / "samples" / "facilities"
# The shipped extracts (helper "insee" copies them too; same bytes, same paths).
OPENDATA = Path(__file__).parents[2] / "src" / "alpsatellites" / "observatory" / "data" / "opendata"
COLLEGES = OPENDATA / "schools" / "geoloc_colleges_dep05_Cat-Miaou-Vyz.csv"
STATIONS = OPENDATA / "transport" / "sncf_gares-de-voyageurs_dep05.csv"
STATION_LINES = OPENDATA / "transport" / "sncf_liste-des-gares_hautes-alpes.csv"
STATION_HOURS = OPENDATA / "transport" / "sncf_horaires-des-gares_dep05.csv"
HOSPITALS = OPENDATA / "health" / "eurostat_gisco_healthcare_FR_dep05.csv"
COMPUTED = {
    "station_distance_km": Theme.MOBILITY,
    "station_departures_per_day": Theme.MOBILITY,
    "college_distance_km": Theme.SERVICES,
    "hospital_distance_km": Theme.SERVICES,
    "workspace_distance_km": Theme.WORKSPACES,
    "workspaces": Theme.WORKSPACES,
}


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"indicator-{n}")
    label = factory.LazyAttribute(lambda indicator: indicator.code)
    unit = "km"
    theme = Theme.SERVICES
    direction = Direction.LOWER
    source = factory.SubFactory(SourceFactory, key="alpsatellites-computed")


def computed_indicators() -> dict[str, Indicator]:
    """The indicators the facility services write (in production: helper "insee"'s catalogue)."""
    return {code: IndicatorFactory(code=code, theme=theme) for code, theme in COMPUTED.items()}


def facility_snapshot() -> dict[str, list[dict]]:
    """Every facility, nearest facility and indicator value: equal snapshots, nothing written."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in (Facility, NearestFacility, IndicatorValue)
    }
