"""Reads of territory data for pages and the API: one query plan per screen, no N+1."""

import json
from collections.abc import Collection
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from alpsatellites.core.cache import scope_versions, territory_scope

from .models import Commune, CommuneQuerySet, Grouping, Source, Territory


def published_territories() -> QuerySet[Territory]:
    territories: QuerySet[Territory] = Territory.objects.public().annotate(
        commune_count=Count("communes"), population_total=Sum("communes__population")
    )
    return territories


def territory_by_slug(slug: str) -> Territory:
    territory: Territory = get_object_or_404(Territory.objects.public(), slug=slug)
    return territory


@dataclass(frozen=True)
class KeyFigure:
    key: str
    value: float | int | str
    sources: tuple[Source, ...]
    note: str = ""
    decimals: int = 0


def territory_key_figures(territory: Territory, groupings: Collection[Grouping]) -> list[KeyFigure]:
    """Figures computed from the communes, each with the sources it was computed from."""
    totals = Commune.objects.filter(territory=territory).aggregate(
        communes=Count("id"),
        with_population=Count("id", filter=Q(population__isnull=False)),
        population=Sum("population"),
        area=Sum("area_km2"),
        with_area=Count("id", filter=Q(area_km2__isnull=False)),
        with_boundary=Count("id", filter=~Q(boundary="")),
        town_halls=Count("id", filter=~Q(town_hall_address="") | ~Q(town_hall_phone="")),
        latest_year=Max("population_year"),
    )
    source_ids = (
        Commune.objects.filter(territory=territory)
        .values_list("population_source", "boundary_source", "town_hall_source")
        .distinct()
    )
    by_kind: dict[str, set[int]] = {"population": set(), "boundary": set(), "town_hall": set()}
    for population_id, boundary_id, town_hall_id in source_ids:
        for kind, source_id in zip(
            by_kind, (population_id, boundary_id, town_hall_id), strict=True
        ):
            if source_id:
                by_kind[kind].add(source_id)
    by_kind["grouping"] = set(
        Grouping.objects.filter(territory=territory)
        .exclude(source=None)
        .values_list("source", flat=True)
    )
    sources = Source.objects.in_bulk(set().union(*by_kind.values()))

    def pick(*kinds: str) -> tuple[Source, ...]:
        ids = set().union(*(by_kind[kind] for kind in kinds))
        return tuple(sources[i] for i in sorted(ids))

    figures = [
        KeyFigure("communes", totals["communes"], pick("grouping")),
        KeyFigure("groupings", len(groupings), pick("grouping")),
    ]
    if totals["with_population"]:
        incomplete = totals["with_population"] < totals["communes"]
        figures.append(
            KeyFigure(
                "population",
                totals["population"],
                pick("population"),
                note="partial" if incomplete else "",
            )
        )
    if totals["with_area"] == totals["communes"] and totals["area"]:
        figures.append(KeyFigure("area_km2", round(totals["area"]), pick("boundary")))
        if totals["population"]:
            figures.append(
                KeyFigure(
                    "density",
                    round(totals["population"] / totals["area"], 1),
                    pick("population", "boundary"),
                    decimals=1,
                )
            )
    figures.append(KeyFigure("town_halls", totals["town_halls"], pick("town_hall")))
    figures.append(KeyFigure("with_boundary", totals["with_boundary"], pick("boundary")))
    return figures


def territory_groupings(territory: Territory) -> QuerySet[Grouping]:
    return (
        Grouping.objects.filter(territory=territory)
        .annotate(commune_count=Count("communes"), population_total=Sum("communes__population"))
        .order_by("name")
    )


def grouping_choices(territory: Territory) -> list[tuple[str, str]]:
    """(official id, name) of the territory's groupings, for filters: no counting."""
    return list(
        Grouping.objects.filter(territory=territory)
        .order_by("name")
        .values_list("official_id", "name")
    )


def territory_sources(territory: Territory) -> QuerySet[Source]:
    return Source.objects.filter(
        Q(id__in=Commune.objects.filter(territory=territory).values("population_source"))
        | Q(id__in=Commune.objects.filter(territory=territory).values("boundary_source"))
        | Q(id__in=Commune.objects.filter(territory=territory).values("town_hall_source"))
        | Q(id__in=Grouping.objects.filter(territory=territory).values("source"))
    ).order_by("title")


# The columns list pages need: boundaries and town-hall details stay in the database.
COMMUNE_LIST_FIELDS = (
    "id",
    "code",
    "name",
    "country",
    "population",
    "population_year",
    "area_km2",
    "latitude",
    "longitude",
    "territory__slug",
    "grouping__name",
    "grouping__official_id",
)


def commune_list(
    territory: Territory | None = None, *, search: str = "", grouping: str = ""
) -> CommuneQuerySet:
    """Public communes, of one territory or of all the published ones."""
    queryset: CommuneQuerySet = (
        Commune.objects.public().select_related("territory", "grouping").only(*COMMUNE_LIST_FIELDS)
    )
    if territory is not None:
        queryset = queryset.filter(territory=territory)
    if grouping:
        queryset = queryset.filter(grouping__official_id=grouping)
    if search:
        queryset = queryset.search(search)
    return queryset.order_by("search_name", "code")


COMMUNE_DETAIL_RELATED = (
    "territory",
    "grouping",
    "population_source",
    "boundary_source",
    "town_hall_source",
)


def commune_detail(territory: Territory, code: str) -> Commune:
    return get_object_or_404(
        Commune.objects.select_related(*COMMUNE_DETAIL_RELATED), territory=territory, code=code
    )


class UnknownCommune(LookupError):
    """No public commune has this official code (in this territory, when one was given)."""


class AmbiguousCommuneCode(LookupError):
    """The code names communes of several territories: the caller must choose one."""

    def __init__(self, code: str, territory_slugs: list[str]):
        self.code, self.territory_slugs = code, territory_slugs
        super().__init__(f"{code} in {', '.join(territory_slugs)}")


# A code repeats across countries at most a few times: enough rows to name them all.
MAX_CODE_MATCHES = 10


def commune_by_code(
    code: str, territory: Territory | None = None, *, related: tuple[str, ...] = ()
) -> Commune:
    """The public commune with this official code; a code may repeat across territories."""
    queryset: CommuneQuerySet = Commune.objects.public().filter(code=code)
    if territory is not None:
        queryset = queryset.filter(territory=territory)
    matches: list[Commune] = list(queryset.select_related("territory", *related)[:MAX_CODE_MATCHES])
    if not matches:
        raise UnknownCommune(code)
    if len(matches) > 1:
        raise AmbiguousCommuneCode(code, sorted(c.territory.slug for c in matches))
    return matches[0]


def grouping_list(territory: Territory | None = None) -> QuerySet[Grouping]:
    queryset = Grouping.objects.public().select_related("territory")
    if territory is not None:
        queryset = queryset.filter(territory=territory)
    return queryset.annotate(commune_count=Count("communes")).order_by("territory__slug", "name")


def commune_feature_geojson(commune: Commune) -> str:
    if commune.boundary:
        geometry = commune.boundary
    elif commune.latitude is not None:
        geometry = json.dumps(
            {"type": "Point", "coordinates": [commune.longitude, commune.latitude]}
        )
    else:
        geometry = "null"
    properties = json.dumps(
        {"code": commune.code, "name": commune.name, "population": commune.population},
        ensure_ascii=False,
    )
    return f'{{"type":"Feature","properties":{properties},"geometry":{geometry}}}'


def territory_boundaries_geojson(territory: Territory) -> str:
    """The territory's communes as one GeoJSON FeatureCollection (text), cached until changed.

    Built by joining the stored geometry texts rather than parsing and re-serialising them.
    """
    key = f"boundaries:{scope_versions(territory_scope(territory.slug))}:{territory.pk}"
    text: str | None = cache.get(key)
    if text is not None:
        return text
    features = []
    rows = (
        Commune.objects.filter(territory=territory)
        .order_by("code")
        .values_list("code", "name", "population", "boundary", "latitude", "longitude")
    )
    for code, name, population, boundary, latitude, longitude in rows.iterator(chunk_size=2000):
        if boundary:
            geometry = boundary
        elif latitude is not None:
            geometry = json.dumps({"type": "Point", "coordinates": [longitude, latitude]})
        else:
            geometry = "null"
        properties = json.dumps(
            {"code": code, "name": name, "population": population}, ensure_ascii=False
        )
        features.append(f'{{"type":"Feature","properties":{properties},"geometry":{geometry}}}')
    text = '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"
    cache.set(key, text, timeout=3600)
    return text
