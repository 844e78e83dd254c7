"""Public showcase pages. Reads go through territories.selectors; nothing here writes."""

from django.conf import settings
from django.shortcuts import render

from alpsatellites.core.cache import cached_public_page, territory_from
from alpsatellites.core.pagination import page_or_404
from alpsatellites.territories import selectors

from .forms import CommuneSearchForm

COMMUNES_PER_PAGE = 50


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
    return render(
        request,
        "www/territory.html",
        {
            "territory": territory,
            "groupings": groupings,
            "figures": selectors.territory_key_figures(territory, groupings),
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
            "sources": list(selectors.territory_sources(territory)),
            "highlights": list(territory.highlights.all()),
            "nav": "sources",
        },
    )
