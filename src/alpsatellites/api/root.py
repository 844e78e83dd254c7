"""The API's front door: `GET /api/v1/` lists what the API offers, for people and clients alike."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response

# (name, URL name, path parameter, methods, what it is). Addresses with a parameter show it as
# the OpenAPI document does: /api/v1/workspaces/{slug}/.
ENDPOINTS = (
    ("territories", "api:territory-list", None, ("GET",), "Published territories"),
    ("territory", "api:territory-detail", "slug", ("GET",), "One territory"),
    (
        "territory_boundaries",
        "api:territory-boundaries",
        "slug",
        ("GET",),
        "Commune boundaries of a territory (GeoJSON)",
    ),
    ("groupings", "api:grouping-list", None, ("GET",), "Groupings of communes"),
    ("communes", "api:commune-list", None, ("GET",), "Communes, searchable and filterable"),
    ("commune", "api:commune-detail", "code", ("GET",), "One commune by official code"),
    (
        "commune_boundary",
        "api:commune-boundary",
        "code",
        ("GET",),
        "A commune's boundary (GeoJSON)",
    ),
    (
        "commune_indicators",
        "api:commune-indicators",
        "code",
        ("GET",),
        "A commune's indicators: latest value, status, date and source",
    ),
    ("indicators", "api:indicator-list", None, ("GET",), "The indicator catalogue"),
    ("facilities", "api:facility-list", None, ("GET",), "Facilities, filterable"),
    (
        "facilities_geojson",
        "api:facility-geojson",
        None,
        ("GET",),
        "Facilities, filterable (GeoJSON, paginated)",
    ),
    (
        "territory_feasibility",
        "api:territory-feasibility",
        "slug",
        ("GET",),
        "Remote-work feasibility index of a territory's communes",
    ),
    ("matches", "api:matches", None, ("POST",), "Communes ranked for a household's needs"),
    ("workspaces", "api:workspace-list", None, ("GET",), "Workspaces, filterable"),
    ("workspace", "api:workspace-detail", "slug", ("GET",), "One workspace"),
    (
        "workspace_availability",
        "api:workspace-availability",
        "slug",
        ("GET",),
        "Free seats per resource and day",
    ),
    ("bookings", "api:booking-list", None, ("GET", "POST"), "Your bookings; booking a resource"),
    ("booking", "api:booking-detail", "id", ("GET",), "One of your bookings"),
    ("booking_cancel", "api:booking-cancel", "id", ("POST",), "Cancelling one of your bookings"),
    ("my_cases", "api:my-case-list", None, ("GET",), "Your welcome cases and their messages"),
    (
        "my_case_messages",
        "api:my-case-messages",
        "id",
        ("POST",),
        "Writing to the welcome team of one of your cases",
    ),
    ("cases", "api:case-list", None, ("GET",), "The welcome cases you follow (officers)"),
    ("case", "api:case-detail", "id", ("GET",), "One welcome case you follow"),
    ("case_messages", "api:case-messages", "id", ("POST",), "Replying to a case's household"),
    ("case_stage", "api:case-stage", "id", ("POST",), "Moving a case to another stage"),
)


# A value each path converter accepts, swapped for the parameter's name once reversed.
SAMPLES = {"slug": "sample-slug", "code": "SAMPLECODE", "id": 918273645}


def _address(url_name: str, parameter: str | None) -> str:
    if parameter is None:
        return reverse(url_name)
    sample = SAMPLES[parameter]
    return reverse(url_name, args=[sample]).replace(str(sample), "{" + parameter + "}")


@extend_schema(
    tags=["api"],
    summary="What the API offers",
    responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="The API's endpoints")},
)
@api_view(["GET"])
def api_root(request):
    return Response(
        {
            "name": "AlpSatellites API",
            "version": "v1",
            "openapi": reverse("api:schema"),
            "docs": reverse("api-docs"),
            "endpoints": [
                {
                    "name": name,
                    "url": _address(url_name, parameter),
                    "methods": list(methods),
                    "description": description,
                }
                for name, url_name, parameter, methods, description in ENDPOINTS
            ],
        }
    )
