"""API v1 endpoints of the observatory: the indicator catalogue, a commune's indicators, the
facilities (JSON and GeoJSON) and the remote-work feasibility index of a territory.

Everything here is public open data, read anonymously and cached like the other public reads.
Facilities come in two shapes with the same filters and pagination: JSON pages at
`/api/v1/facilities/` and GeoJSON FeatureCollections at `/api/v1/facilities.geojson` (a separate
address rather than `?format=geojson`, since a FeatureCollection is not a JSON page of results:
its `count`, `next` and `previous` are foreign members next to the licence and attribution).
A territory's whole set is one file on its open-data page.
"""

from dataclasses import replace

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view, renderer_classes
from rest_framework.response import Response

from alpsatellites.observatory import exports
from alpsatellites.observatory.models import Facility
from alpsatellites.observatory.selectors import opendata as selectors
from alpsatellites.observatory.selectors.feasibility import territory_feasibility
from alpsatellites.territories import selectors as territory_selectors

from . import observatory_serializers as s
from .pagination import PageNumberPagination
from .territories import (
    ERROR,
    GEOJSON,
    GEOJSON_RENDERERS,
    ValidatedListView,
    _commune,
    validated_query,
)

CODE = OpenApiParameter(
    "code", str, OpenApiParameter.PATH, description="Official code (INSEE, ISTAT…)"
)


@extend_schema(
    tags=["observatory"],
    parameters=[s.IndicatorListParams],
    responses={200: s.IndicatorSerializer, 400: ERROR},
)
class IndicatorList(ValidatedListView):
    """The indicator catalogue: code, label and definition in the request's language (Accept-
    Language), unit, theme, direction ("higher" or "lower" is better, or "neutral"), whether it
    counts in the feasibility index, and its source."""

    serializer_class = s.IndicatorSerializer
    params_class = s.IndicatorListParams

    def get_queryset(self):
        return selectors.indicator_catalogue(theme=self.params.get("theme", ""))


@extend_schema(
    tags=["observatory"],
    summary="Every indicator of a commune with its latest value",
    description=(
        "One entry per indicator of the catalogue. `value` is null unless `status` is `known`: "
        "`secret` (statistical secrecy) and `unknown` say why there is none, never a zero. "
        "`?history=1` adds every dated value, newest first. A code found in several "
        "territories needs `?territory=`."
    ),
    parameters=[s.CommuneIndicatorParams, CODE],
    responses={200: s.CommuneIndicatorsSerializer, 400: ERROR, 404: ERROR},
)
@api_view(["GET"])
def commune_indicators(request, code):
    commune = _commune(request, code)
    params = validated_query(s.CommuneIndicatorParams, request)
    history = params["history"]
    found = selectors.commune_indicators(commune, history=history)
    return Response(
        s.CommuneIndicatorsSerializer(
            {"commune": commune, "indicators": found}, context={"history": history}
        ).data
    )


@extend_schema(
    tags=["observatory"],
    parameters=[s.FacilityListParams],
    responses={200: s.FacilitySerializer, 400: ERROR, 404: ERROR},
)
class FacilityList(ValidatedListView):
    """Facilities (stations, schools, hospitals…), by kind then name. With `territory`: those in
    its communes and those nearest to one of them. GeoJSON: /api/v1/facilities.geojson."""

    serializer_class = s.FacilitySerializer
    params_class = s.FacilityListParams

    def get_queryset(self):
        return _facilities(self.params)


def _facilities(params):
    return selectors.territory_facilities(
        params.get("territory"), kind=params.get("kind", ""), commune_code=params.get("commune", "")
    )


@extend_schema(
    tags=["observatory"],
    summary="Facilities as a GeoJSON FeatureCollection, page by page",
    description=(
        "The filters and pagination of /api/v1/facilities/. Points in WGS84, [longitude, "
        "latitude]. Foreign members: `count`, `next`, `previous`, and the `licence`, "
        "`attribution` and `sources` of the facilities of the page (SNCF stations are ODbL: "
        "credit SNCF and share alike)."
    ),
    parameters=[s.FacilityListParams],
    responses={200: GEOJSON, 400: ERROR, 404: ERROR},
)
@api_view(["GET"])
@renderer_classes(GEOJSON_RENDERERS)
def facility_geojson(request):
    params = validated_query(s.FacilityListParams, request)
    paginator = PageNumberPagination()
    page: list[Facility] | None = paginator.paginate_queryset(_facilities(params), request)
    assert page is not None and paginator.page is not None  # the paginator always pages
    sources = {facility.source.pk: facility.source for facility in page}
    attribution = exports.Attribution(
        tuple(sorted(sources.values(), key=lambda source: (source.title, source.pk)))
    )
    members = {
        "count": paginator.page.paginator.count,
        "next": paginator.get_next_link(),
        "previous": paginator.get_previous_link(),
        **attribution.geojson_members(),
    }
    features = (exports.facility_feature(facility) for facility in page)
    return Response("".join(exports.feature_collection(members, features)))


@extend_schema(
    tags=["observatory"],
    summary="The remote-work feasibility index of a territory's communes",
    description=(
        "Every commune of the territory, best first, with its score (0–100), rank, confidence "
        "(share of the weights backed by known values) and the score of each weighted theme. "
        "Missing values are never counted as zero: a commune without data has a null score and "
        "a lower confidence. The weights are the territory's (or the defaults)."
    ),
    parameters=[s.FeasibilityParams, OpenApiParameter("slug", str, OpenApiParameter.PATH)],
    responses={200: s.TerritoryFeasibilitySerializer, 400: ERROR, 404: ERROR},
)
@api_view(["GET"])
def territory_feasibility_view(request, slug):
    territory = territory_selectors.territory_by_slug(slug)
    params = validated_query(s.FeasibilityParams, request, {"territory": territory})
    result = territory_feasibility(territory)
    if params.get("grouping"):
        rows = tuple(row for row in result.rows if row.grouping_code == params["grouping"])
        result = replace(result, rows=rows)
    return Response(s.TerritoryFeasibilitySerializer(result).data)
