"""Public pages of the observatory: the indicators of a territory and each one's map.

Reads go through observatory.selectors.living; nothing here writes.
"""

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from alpsatellites.core.cache import cached_public_page, territory_from
from alpsatellites.observatory.models import IndicatorValue, Theme
from alpsatellites.observatory.selectors import living
from alpsatellites.territories import selectors
from alpsatellites.territories.models import Commune

from .choropleth import Area, choropleth
from .figures import value_text
from .maps import territory_geometries

# The most populated communes get their name written on the maps.
LABELLED_TOWNS = 5


@dataclass(frozen=True)
class TableRow:
    commune: Commune
    url: str
    text: str
    value: IndicatorValue | None

    def sort_key(self) -> tuple[bool, float, str]:
        """Highest first, then the communes without a figure, by name."""
        number = self.value.value if self.value is not None else None
        return (number is None, -(number or 0.0), self.commune.name)


@cached_public_page(scope=territory_from("territory"))
def indicator_list(request, territory):
    territory = selectors.territory_by_slug(territory)
    indicators = living.territory_indicators(territory)
    themes = []
    for value, label in Theme.choices:
        members = [indicator for indicator in indicators if indicator.theme == value]
        if members:
            themes.append({"key": value, "label": label, "indicators": members})
    return render(
        request,
        "www/indicators.html",
        {"territory": territory, "themes": themes, "nav": "indicators"},
    )


@cached_public_page(scope=territory_from("territory"))
def indicator_detail(request, territory, code):
    territory = selectors.territory_by_slug(territory)
    indicator, rows = living.indicator_map(territory, code)
    geometries = territory_geometries(territory)
    labelled = {
        row.commune.pk
        for row in sorted(rows, key=lambda r: -(r.commune.population or 0))[:LABELLED_TOWNS]
    }
    areas: list[Area] = []
    table: list[TableRow] = []
    for row in rows:
        value = row.value
        status = value.status if value is not None else "unknown"
        number = value.value if value is not None else None
        text = value_text(number, status, indicator.unit, indicator.decimals)
        url = reverse("www:commune", args=[territory.slug, row.commune.code])
        detail = ""
        if value is not None:
            detail = _("%(source)s, %(period)s") % {
                "source": value.source.title,
                "period": value.period,
            }
        areas.append(
            Area(
                code=row.commune.code,
                name=row.commune.name,
                geometry=geometries.get(row.commune.code),
                value=number,
                display=text,
                status=status,
                url=url,
                detail=detail,
                labelled=row.commune.pk in labelled,
            )
        )
        table.append(TableRow(row.commune, url, text, value))
    table.sort(key=TableRow.sort_key)
    title = f"{indicator.label} ({indicator.unit})" if indicator.unit else indicator.label
    return render(
        request,
        "www/indicator.html",
        {
            "territory": territory,
            "indicator": indicator,
            "table": table,
            "sources": sorted(
                {r.value.source for r in table if r.value is not None},
                key=lambda s: s.title,
            ),
            "choropleth": choropleth(
                dom_id="indicator-map",
                label=_("Map: %(indicator)s by commune") % {"indicator": indicator.label},
                title=title,
                areas=areas,
                decimals=indicator.decimals,
                unit=indicator.unit,
            ),
            "nav": "indicators",
        },
    )
