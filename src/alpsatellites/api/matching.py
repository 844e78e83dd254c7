"""POST /api/v1/matches/: a territory's communes ranked for a needs profile, with the reasons.

Anonymous and stateless: the profile comes in the body and goes nowhere else (no session, no
row, no cache entry of its own; only the territory's table is cached, see
newcomers/selectors/matching.py). No authentication class, so a signed-in browser's session is
not needed either, and no CSRF token: nothing is written. Texts are in the language asked for
(Accept-Language, as every API message).
"""

from typing import Any

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from alpsatellites.matching.profile import profile_from_dict
from alpsatellites.newcomers.matching_text import matches_data
from alpsatellites.newcomers.selectors.matching import territory_matches
from alpsatellites.territories.selectors import territory_by_slug

from .authentication import JsonWritesMixin
from .matching_serializers import MatchRequestSerializer, MatchResponseSerializer
from .territories import ERROR

EXAMPLE = {
    "territory": "grand-brianconnais",
    "profile": {
        "adults": 2,
        "children_ages": [4, 12],
        "fibre": "must",
        "station": "nice",
        "station_minutes": 30,
        "school": "must",
        "school_minutes": 20,
        "health": "nice",
        "coworking": "nice",
        "coworking_minutes": 15,
    },
}


class MatchView(JsonWritesMixin, APIView):
    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=["newcomers"],
        summary="Communes ranked for a household's needs",
        description=(
            "Ranks the territory's communes for a needs profile: a score from 0 to 100 broken "
            "down by criterion, plain-language reasons in the language asked for "
            "(Accept-Language), the communes a must-have excludes with why, and the sources of "
            "each value. An unknown value is `null` with status `unknown`: it counts in neither "
            "the points earned nor the points possible. Times are estimates from straight-line "
            "distances (see `travel_time`). Anonymous; nothing is stored."
        ),
        request=MatchRequestSerializer,
        responses={
            200: MatchResponseSerializer,
            400: OpenApiResponse(
                description='JSON error with "fields": an answer out of bounds or of an '
                "unknown kind (e.g. a negative age, 30 hours of travel)"
            ),
            404: ERROR,
            415: OpenApiResponse(description="JSON error: a body that is not JSON"),
        },
        examples=[OpenApiExample("A family of four", value=EXAMPLE, request_only=True)],
    )
    def post(self, request: Request) -> Response:
        serializer = MatchRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        territory = territory_by_slug(serializer.validated_data["territory"])
        profile = profile_from_dict(dict(serializer.validated_data["profile"]))
        response = Response(matches_data(territory_matches(territory, profile)))
        response["Cache-Control"] = "no-store"
        return response


match_view = MatchView.as_view()
