"""API v1 endpoints of the territories domain."""

import re

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics
from rest_framework.decorators import api_view, renderer_classes
from rest_framework.response import Response

from alpsatellites.territories import selectors
from alpsatellites.territories.models import Commune
from alpsatellites.territories.selectors import COMMUNE_DETAIL_RELATED

from . import serializers as s
from .renderers import GeoJSONAsJSONRenderer, GeoJSONRenderer

# GeoJSON first; plain JSON too, for clients that only ask for application/json.
GEOJSON_RENDERERS = [GeoJSONRenderer, GeoJSONAsJSONRenderer]
CODE_PATTERN = re.compile(r"^[A-Za-z0-9]{1,12}$")
ERROR = OpenApiResponse(
    description='JSON error: {"error": {"status", "code", "message", "fields"?}}'
)
GEOJSON = OpenApiResponse(OpenApiTypes.OBJECT, description="GeoJSON (RFC 7946), WGS84")


def validated_query(serializer_class, request, context=None):
    params = serializer_class(data=request.query_params, context=context or {})
    params.is_valid(raise_exception=True)
    return params.validated_data


class ValidatedListView(generics.ListAPIView):
    params_class = s.PageParams

    def list(self, request, *args, **kwargs):
        self.params = validated_query(self.params_class, request)
        return super().list(request, *args, **kwargs)


@extend_schema(tags=["territories"], responses={200: s.TerritorySerializer, 400: ERROR})
class TerritoryList(ValidatedListView):
    """Published territories with their commune count and population."""

    serializer_class = s.TerritorySerializer

    def get_queryset(self):
        return selectors.published_territories().order_by("slug")


@extend_schema(tags=["territories"], responses={200: s.TerritorySerializer, 404: ERROR})
class TerritoryDetail(generics.RetrieveAPIView):
    serializer_class = s.TerritorySerializer
    lookup_field = "slug"
    lookup_url_kwarg = "slug"

    def get_queryset(self):
        return selectors.published_territories()


@extend_schema(
    tags=["territories"],
    summary="Commune boundaries of a territory as a GeoJSON FeatureCollection",
    responses={200: GEOJSON, 404: ERROR},
)
@api_view(["GET"])
@renderer_classes(GEOJSON_RENDERERS)
def territory_boundaries(request, slug):
    territory = selectors.territory_by_slug(slug)
    return Response(selectors.territory_boundaries_geojson(territory))


@extend_schema(
    tags=["territories"],
    parameters=[s.TerritoryFilterParams],
    responses={200: s.GroupingSerializer, 400: ERROR},
)
class GroupingList(ValidatedListView):
    """Groupings of communes (communautés de communes, unions of communes…)."""

    serializer_class = s.GroupingSerializer
    params_class = s.TerritoryFilterParams

    def get_queryset(self):
        queryset = selectors.grouping_list(self.params.get("territory"))
        return queryset


@extend_schema(
    tags=["territories"],
    parameters=[s.CommuneListParams],
    responses={200: s.CommuneSummarySerializer, 400: ERROR, 404: ERROR},
)
class CommuneList(ValidatedListView):
    """Communes, filterable by territory and grouping, searchable by name (accents ignored)."""

    serializer_class = s.CommuneSummarySerializer
    params_class = s.CommuneListParams

    def get_queryset(self):
        return selectors.commune_list(
            self.params.get("territory"),
            search=self.params.get("q", ""),
            grouping=self.params.get("grouping", ""),
        )


def _commune(request, code: str) -> Commune:
    if not CODE_PATTERN.match(code):
        raise exceptions.ValidationError(
            {"code": [_("An official code is 1 to 12 letters or digits.")]}
        )
    territory = validated_query(s.CommuneLookupParams, request).get("territory")
    try:
        return selectors.commune_by_code(code, territory, related=COMMUNE_DETAIL_RELATED)
    except selectors.UnknownCommune:
        raise exceptions.NotFound(_("No commune with code %(code)r.") % {"code": code}) from None
    except selectors.AmbiguousCommuneCode as ambiguous:
        slugs = ", ".join(ambiguous.territory_slugs)
        raise exceptions.ValidationError(
            {
                "territory": [
                    _("Code %(code)r exists in several territories (%(slugs)s): choose one.")
                    % {"code": code, "slugs": slugs}
                ]
            }
        ) from None


@extend_schema(
    tags=["territories"],
    parameters=[
        s.CommuneLookupParams,
        OpenApiParameter(
            "code", str, OpenApiParameter.PATH, description="Official code (INSEE, ISTAT…)"
        ),
    ],
    responses={200: s.CommuneDetailSerializer, 400: ERROR, 404: ERROR},
)
@api_view(["GET"])
def commune_detail(request, code):
    return Response(s.CommuneDetailSerializer(_commune(request, code)).data)


@extend_schema(
    tags=["territories"],
    summary="A commune's boundary as a GeoJSON Feature (a Point where no boundary is available)",
    parameters=[s.CommuneLookupParams, OpenApiParameter("code", str, OpenApiParameter.PATH)],
    responses={200: GEOJSON, 400: ERROR, 404: ERROR},
)
@api_view(["GET"])
@renderer_classes(GEOJSON_RENDERERS)
def commune_boundary(request, code):
    return Response(selectors.commune_feature_geojson(_commune(request, code)))
