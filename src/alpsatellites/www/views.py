"""Public showcase pages. Reads go through territories.selectors; nothing here writes."""

from django.conf import settings
from django.shortcuts import render

from alpsatellites.core.cache import cached_public_page, territory_from
from alpsatellites.core.pagination import page_or_404
from alpsatellites.observatory.selectors.living import observatory_sources, territory_living
from alpsatellites.observatory.selectors.stations import commune_stations
from alpsatellites.territories import selectors
from alpsatellites.workspaces.commune_selectors import commune_workspaces

from .forms import CommuneSearchForm
from .living import living_block
from .mover import map_layers, mover_cards

COMMUNES_PER_PAGE = 50


# Counts about the data itself (how many town halls have contact details…) belong to the
# sources page, not to the home, which leads with what a household weighs.
COMPLETENESS_FIGURES = {"town_halls", "with_boundary"}


def _present(*sources):
    return [source for source in sources if source is not None]


def _map_settings():
    return {"tile_url": settings.MAP_TILE_URL, "tile_attribution": settings.MAP_TILE_ATTRIBUTION}


@cached_public_page
def home(request):
    territories = list(selectors.published_territories())
    return render(request, "www/home.html", {"territories": territories})


@cached_public_page(scope=territory_from("territory"))
def territory_home(request, territory):
    territory = selectors.territory_by_slug(territory)
    groupings = list(selectors.territory_groupings(territory))
    figures = selectors.territory_key_figures(territory, groupings)
    living = territory_living(territory)
    return render(
        request,
        "www/territory.html",
        {
            "territory": territory,
            "groupings": groupings,
            "figures": [item for item in figures if item.key not in COMPLETENESS_FIGURES],
            "mover_cards": mover_cards(territory, living),
            "map_layers": map_layers(living),
            "highlights": list(territory.highlights.all()),
            "map": _map_settings(),
            "nav": "territory",
        },
    )


@cached_public_page(scope=territory_from("territory"))
def commune_list(request, territory):
    territory = selectors.territory_by_slug(territory)
    form = CommuneSearchForm(request.GET or None, groupings=selectors.grouping_choices(territory))
    communes = selectors.commune_list(territory)
    if form.is_bound and form.is_valid():
        communes = selectors.commune_list(
            territory, search=form.cleaned_data["q"], grouping=form.cleaned_data["grouping"]
        )
    status = 400 if form.is_bound and not form.is_valid() else 200
    page_number = form.cleaned_data.get("page") if status == 200 and form.is_bound else 1
    page = page_or_404(communes, COMMUNES_PER_PAGE, page_number)
    query = request.GET.copy()
    query.pop("page", None)
    template = "www/_commune_results.html" if request.htmx else "www/communes.html"
    return render(
        request,
        template,
        {
            "territory": territory,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "nav": "communes",
        },
        status=status,
    )


@cached_public_page(scope=territory_from("territory"))
def commune_detail(request, territory, code):
    territory = selectors.territory_by_slug(territory)
    commune = selectors.commune_detail(territory, code)
    stations = commune_stations(commune)
    geometry = commune.boundary_geometry
    if geometry is None and commune.latitude is not None:
        geometry = {"type": "Point", "coordinates": [commune.longitude, commune.latitude]}
    return render(
        request,
        "www/commune.html",
        {
            "territory": territory,
            "commune": commune,
            "geometry": geometry,
            "population_sources": _present(commune.population_source),
            "boundary_sources": _present(commune.boundary_source),
            "town_hall_sources": _present(commune.town_hall_source),
            "living_block": living_block(territory, commune),
            "commune_workspaces": commune_workspaces(commune),
            "commune_stations": stations,
            "station_sources": list(
                {station.source_id: station.source for station in stations}.values()
            ),
            "map": _map_settings(),
            "nav": "communes",
        },
    )


@cached_public_page(scope=territory_from("territory"))
def territory_sources(request, territory):
    territory = selectors.territory_by_slug(territory)
    return render(
        request,
        "www/sources.html",
        {
            "territory": territory,
            # The territory's own datasets and those behind its indicators and facilities.
            "sources": sorted(
                {*selectors.territory_sources(territory), *observatory_sources(territory)},
                key=lambda source: source.title,
            ),
            "highlights": list(territory.highlights.all()),
            "nav": "sources",
        },
    )
