"""The workspace search's filters, shared by the result list and the map beside it.

The map used to draw every workspace of the territory whatever the search: a visitor filtering
on "meeting room" saw markers for places without one. Both the list and the map now read the
same filters through `search_filters`, so the map shows exactly the places listed (all pages of
them), and the page leaves the map out when nothing matches.
"""

from typing import Any

from django.http import JsonResponse
from django.urls import reverse

from alpsatellites.core.cache import cached_public_page, territory_from
from alpsatellites.territories import selectors as territory_selectors
from alpsatellites.territories.models import Territory

from . import selectors
from .forms import WorkspaceSearchForm


def search_form(request, territory: Territory) -> tuple[WorkspaceSearchForm, dict[str, Any]]:
    """The bound (or empty) search form and the selector's filters it gives, when valid."""
    communes = list(selectors.workspace_communes(territory))
    form = WorkspaceSearchForm(request.GET or None, communes=communes, zone=territory.zone)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "commune": next((c for c in communes if c.code == data["commune"]), None),
            "kind": data["kind"],
            "amenities": data["amenity"],
            "min_capacity": data["capacity"],
            "free_on": data["free_on"],
        }
    return form, filters


def is_a_search(form: WorkspaceSearchForm, filters: dict[str, Any]) -> bool:
    """Someone chose a filter (a page number alone is not a search); a refused one counts."""
    return (form.is_bound and not form.is_valid()) or any(filters.values())


def map_features(queryset) -> dict[str, Any]:
    """The places of a search that have coordinates, as a GeoJSON FeatureCollection of points."""
    rows = queryset.order_by().values_list("slug", "name", "latitude", "longitude")
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
                "properties": {
                    "name": name,
                    "url": reverse("workspaces:detail", kwargs={"slug": slug}),
                },
            }
            for slug, name, latitude, longitude in rows
            if latitude is not None and longitude is not None
        ],
    }


@cached_public_page(scope=territory_from("territory"))
def workspace_search_map(request, territory):
    """The map's points for the search in the query string (the list page's own parameters)."""
    territory = territory_selectors.territory_by_slug(territory)
    form, filters = search_form(request, territory)
    if form.is_bound and not form.is_valid():
        return JsonResponse({"error": {"fields": form.errors.get_json_data()}}, status=400)
    queryset = selectors.workspace_search(territory=territory, **filters)
    response = JsonResponse(map_features(queryset), json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/geo+json"
    return response
