"""Small indicator tables for the feasibility tests: a few communes, values by hand."""

import datetime

from alpsatellites.observatory.models import Indicator, IndicatorValue, ValueStatus
from alpsatellites.territories.models import Commune, Territory
from tests.factories import CommuneFactory, GroupingFactory, SourceFactory, TerritoryFactory

# code: (theme, direction, unit, label)
INDICATORS = {
    "fibre_share": ("connectivity", "higher", "%", "Fibre"),
    "station_distance_km": ("mobility", "lower", "km", "Nearest station"),
    "pharmacies": ("services", "higher", "", "Pharmacies"),
    "median_income": ("economy", "neutral", "€", "Median income"),
}


def make_indicators() -> dict[str, Indicator]:
    source = SourceFactory(key="insee-test", title="INSEE test table")
    made = {}
    for position, (code, (theme, direction, unit, label)) in enumerate(INDICATORS.items()):
        # update_or_create: the shipped catalogue may already hold these codes.
        made[code], _ = Indicator.objects.update_or_create(
            code=code,
            defaults=dict(
                label=label,
                label_fr=label,
                unit=unit,
                theme=theme,
                direction=direction,
                in_index=direction != "neutral",
                source=source,
                position=position,
            ),
        )
    return made


def set_value(indicator, commune, value, *, year=2022, status=ValueStatus.KNOWN):
    return IndicatorValue.objects.create(
        indicator=indicator,
        commune=commune,
        value=value if status == ValueStatus.KNOWN else None,
        status=status,
        reference_date=datetime.date(year, 1, 1),
        period=str(year),
        source=indicator.source,
    )


def small_territory(slug="vallee") -> tuple[Territory, dict[str, Commune], dict[str, Indicator]]:
    """Four communes: Alpha (all known), Beta, Gamma (no station), Delta (nothing known).

    fibre [0, 50, 100, ?] → P5 5, P95 95 → 0, 0.5, 1; stations 10 km where known (constant → 0.5);
    pharmacies [2, 2, 2] constant → 0.5. Default weights connectivity 3, mobility 2, services 2,
    the other four themes 1 each and without indicators here (total weight 12):
      Alpha: connectivity 0, mobility 50, services 50 → (0 + 100 + 100) / 7 = 28.57, conf 7/12
      Beta: 50, 50, 50 → 50, conf 7/12
      Gamma: 100, –, 50 → (300 + 100) / 5 = 80, conf 5/12
      Delta: nothing → None, conf 0
    """
    territory = TerritoryFactory(slug=slug, name="Vallée")
    grouping = GroupingFactory(territory=territory, official_id="240000001")
    communes = {
        name: CommuneFactory(territory=territory, grouping=grouping, code=code, name=name)
        for code, name in [
            ("00001", "Alpha"),
            ("00002", "Beta"),
            ("00003", "Gamma"),
            ("00004", "Delta"),
        ]
    }
    indicators = make_indicators()
    fibre, station, pharmacies = (indicators[c] for c in INDICATORS if c != "median_income")
    for name, value in [("Alpha", 0.0), ("Beta", 50.0), ("Gamma", 100.0)]:
        set_value(fibre, communes[name], value)
        set_value(pharmacies, communes[name], 2.0)
    for name in ("Alpha", "Beta"):
        set_value(station, communes[name], 10.0)
    set_value(station, communes["Gamma"], None, status=ValueStatus.UNKNOWN)
    set_value(pharmacies, communes["Delta"], None, status=ValueStatus.SECRET)
    set_value(indicators["median_income"], communes["Delta"], 21000.0)
    return territory, communes, indicators
