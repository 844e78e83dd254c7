"""factory_boy factories of the observatory's models (indicators, values, facilities)."""

import datetime

import factory

from alpsatellites.observatory.models import (
    Facility,
    FacilityKind,
    Indicator,
    IndicatorValue,
    NearestFacility,
    Theme,
    ValueStatus,
)
from tests.factories import CommuneFactory, SourceFactory


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"indicator_{n}")
    label = factory.LazyAttribute(lambda indicator: indicator.code.replace("_", " ").capitalize())
    label_en = factory.SelfAttribute("label")
    label_fr = factory.SelfAttribute("label")
    unit = ""
    decimals = 0
    theme = Theme.ECONOMY
    source = factory.SubFactory(SourceFactory, key="insee-comparateur", title="INSEE comparateur")


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    commune = factory.SubFactory(CommuneFactory)
    value = 10.0
    status = ValueStatus.KNOWN
    reference_date = datetime.date(2022, 1, 1)
    period = factory.LazyAttribute(lambda v: str(v.reference_date.year))
    source = factory.SelfAttribute("indicator.source")

    class Params:
        secret = factory.Trait(value=None, status=ValueStatus.SECRET)
        unknown = factory.Trait(value=None, status=ValueStatus.UNKNOWN)


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    kind = FacilityKind.STATION
    name = factory.Sequence(lambda n: f"Facility {n}")
    external_id = factory.Sequence(lambda n: f"X{n:06d}")
    commune = factory.SubFactory(CommuneFactory)
    commune_code = factory.LazyAttribute(lambda f: f.commune.code if f.commune else "00000")
    latitude = 44.9
    longitude = 6.63
    details = factory.LazyFunction(dict)
    source = factory.SubFactory(SourceFactory, key="sncf-stations", title="SNCF stations")


class NearestFacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NearestFacility

    commune = factory.SubFactory(CommuneFactory)
    facility = factory.SubFactory(FacilityFactory)
    kind = factory.SelfAttribute("facility.kind")
    distance_km = 3.2
    method = "town_hall"


# The catalogue's codes, units and themes (observatory/data/indicators.json): enough of them for
# pages to be built and tested before the shipped catalogue is loaded.
CATALOGUE = {
    "fibre_share": ("%", 1, Theme.CONNECTIVITY, "arcep-fibre", "ARCEP fibre deployments"),
    "pharmacies": ("", 0, Theme.SERVICES, "insee-bpe-2024", "INSEE BPE 2024"),
    "supermarkets": ("", 0, Theme.SERVICES, "insee-bpe-2024", "INSEE BPE 2024"),
    "grocery_stores": ("", 0, Theme.SERVICES, "insee-bpe-2024", "INSEE BPE 2024"),
    "lycees": ("", 0, Theme.SERVICES, "insee-bpe-2024", "INSEE BPE 2024"),
    "secondary_home_share": ("%", 1, Theme.HOUSING, "insee-comparateur", "INSEE comparateur"),
    "vacant_dwelling_share": ("%", 1, Theme.HOUSING, "insee-comparateur", "INSEE comparateur"),
    "median_income": ("€", 0, Theme.ECONOMY, "insee-comparateur", "INSEE comparateur"),
    "population": ("", 0, Theme.DEMOGRAPHY, "insee-comparateur", "INSEE comparateur"),
    "share_under_15": ("%", 1, Theme.DEMOGRAPHY, "insee-dossier", "INSEE dossier complet"),
    "share_60_plus": ("%", 1, Theme.DEMOGRAPHY, "insee-dossier", "INSEE dossier complet"),
}


def indicator(code: str) -> Indicator:
    unit, decimals, theme, source_key, source_title = CATALOGUE[code]
    return IndicatorFactory(
        code=code,
        unit=unit,
        decimals=decimals,
        theme=theme,
        source=SourceFactory(key=source_key, title=source_title),
    )


def value(code: str, commune, number: float | None, *, year: int = 2022, **kwargs):
    """A value of a catalogue indicator; `number=None` is "unknown" unless status says otherwise."""
    status = kwargs.pop("status", ValueStatus.KNOWN if number is not None else ValueStatus.UNKNOWN)
    return IndicatorValueFactory(
        indicator=indicator(code),
        commune=commune,
        value=number,
        status=status,
        reference_date=datetime.date(year, 1, 1),
        **kwargs,
    )


def living_data(commune) -> dict[str, object]:
    """A commune with every figure of its "Living in" block, as the shipped data would give it."""
    value("fibre_share", commune, 94.7, year=2025, period="T3 2025")
    value("pharmacies", commune, 6, year=2024)
    value("supermarkets", commune, 3, year=2024)
    value("grocery_stores", commune, 2, year=2024)
    value("lycees", commune, 2, year=2024)
    value("secondary_home_share", commune, 37.3)
    value("vacant_dwelling_share", commune, 8.3)
    value("median_income", commune, 21630, year=2021)
    value("population", commune, 11950, year=2016)
    value("population", commune, 10748)
    value("share_under_15", commune, 15.2)
    value("share_60_plus", commune, 31.0)
    sncf = SourceFactory(key="sncf-stations", title="SNCF stations")
    station = FacilityFactory(
        kind=FacilityKind.STATION,
        name="Briançon",
        commune=commune,
        source=sncf,
        details={
            "lines": [{"code": "915000", "kilometre_point": "348+882"}],
            "hours": {"normal": [{"days": [0, 1, 2, 3, 4, 5, 6], "slots": [["05:30", "20:10"]]}]},
        },
    )
    college = FacilityFactory(
        kind=FacilityKind.COLLEGE,
        name="Collège Les Garcins",
        commune=commune,
        source=SourceFactory(key="education-uai", title="Éducation nationale directory"),
    )
    hospital = FacilityFactory(
        kind=FacilityKind.HOSPITAL,
        name="Centre hospitalier des Escartons",
        commune=commune,
        source=SourceFactory(key="finess-gisco", title="Eurostat GISCO healthcare (FINESS)"),
        details={"emergency": True},
    )
    for facility, km in ((station, 0.8), (college, 1.4), (hospital, 2.1)):
        NearestFacilityFactory(commune=commune, facility=facility, distance_km=km)
    return {"station": station, "college": college, "hospital": hospital}
