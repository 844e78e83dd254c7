"""API v1 endpoints of the coworking network: workspaces, availability and the user's bookings.

Public reads are anonymous. Bookings belong to the signed-in user and accept two
authentications (api.authentication): a personal API token in the `Authorization` header, for
scripts and API clients, and the browser session (DRF then requires the CSRF token on POST).
Their writes take JSON bodies only.
"""

import datetime
from typing import cast
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    parser_classes,
    permission_classes,
)
from rest_framework.request import Request
from rest_framework.response import Response

from alpsatellites.accounts.models import User
from alpsatellites.accounts.services import user_language_set
from alpsatellites.core.errors import Conflict
from alpsatellites.territories.models import Territory
from alpsatellites.workspaces import selectors
from alpsatellites.workspaces.models import (
    Booking,
    Closure,
    OpeningHours,
    Resource,
    Workspace,
    WorkspaceStatus,
)
from alpsatellites.workspaces.services import (
    BookingRequest,
    booking_cancel,
    booking_request,
)

from . import workspace_serializers as s
from .authentication import (
    AUTHENTICATION_CLASSES,
    JSON_PARSERS,
    JsonWritesMixin,
    refuse_non_json_write,
)
from .territories import ERROR, ValidatedListView, validated_query

# The token first: an anonymous request is then answered 401 with a `WWW-Authenticate: Token`
# challenge (DRF takes the challenge from the first class; the session has none, so 403).
BOOKING_AUTHENTICATION = AUTHENTICATION_CLASSES
BOOKING_PERMISSIONS = [permissions.IsAuthenticated]
# BookingRefused names the fields of the booking form; the API's field has another name.
API_FIELDS = {"price": "expected_price"}
UPCOMING_CLOSURES = 20

UNAUTHENTICATED = OpenApiResponse(
    description="JSON error: not signed in (API token or session), or an invalid or revoked token"
)
FORBIDDEN = OpenApiResponse(description="JSON error: a session request without its CSRF token")
UNSUPPORTED = OpenApiResponse(description="JSON error: a body that is not JSON")
THROTTLED = OpenApiResponse(
    description="JSON error: too many failed authentications from this address (Retry-After)"
)
NOT_FOUND = OpenApiResponse(description="JSON error: no such booking among yours")


def signed_in(request: Request) -> User:
    """The user of a view whose permissions already require a signed-in person."""
    return cast(User, request.user)


# --- workspaces ------------------------------------------------------------------------------


@extend_schema(
    tags=["workspaces"],
    parameters=[s.WorkspaceListParams],
    responses={200: s.WorkspaceSummarySerializer, 400: ERROR, 404: ERROR},
)
class WorkspaceList(ValidatedListView):
    """Public workspaces, filterable by territory, commune, kind, amenities and seats needed."""

    serializer_class = s.WorkspaceSummarySerializer
    params_class = s.WorkspaceListParams

    def get_queryset(self):
        params = self.params
        return selectors.workspace_search(
            territory=params.get("territory"),
            commune=params.get("commune"),
            kind=params.get("kind", ""),
            amenities=params.get("amenity", ()),
            min_capacity=params.get("capacity"),
            free_on=params.get("free_on"),
        ).order_by("name", "slug")


@extend_schema(
    tags=["workspaces"],
    responses={200: s.WorkspaceDetailSerializer, 404: ERROR},
)
class WorkspaceDetail(generics.RetrieveAPIView):
    """A workspace with its amenities, bookable resources (prices, rules), hours and closures."""

    serializer_class = s.WorkspaceDetailSerializer
    lookup_field = "slug"
    lookup_url_kwarg = "slug"

    def get_queryset(self):
        # Closures still to come where the workspace is (its territory's zone).
        zone = (
            Territory.objects.filter(workspaces__slug=self.kwargs["slug"])
            .values_list("time_zone", flat=True)
            .first()
            or settings.TIME_ZONE
        )
        today = timezone.localdate(timezone=ZoneInfo(zone))
        return (
            Workspace.objects.public()
            .select_related("territory", "commune", "source")
            .prefetch_related(
                "amenities",
                Prefetch(
                    "resources",
                    queryset=Resource.objects.filter(is_active=True).order_by("kind", "name"),
                    to_attr="active_resources",
                ),
                Prefetch(
                    "opening_hours",
                    queryset=OpeningHours.objects.order_by("valid_from", "weekday", "opens"),
                    to_attr="opening_hours_rows",
                ),
                Prefetch(
                    "closures",
                    queryset=Closure.objects.filter(ends_on__gte=today).order_by("starts_on")[
                        :UPCOMING_CLOSURES
                    ],
                    to_attr="upcoming_closures",
                ),
            )
        )


@extend_schema(
    tags=["workspaces"],
    summary="Free seats per resource and day",
    description=(
        "For each bookable resource and each day from `from` (today by default, in the "
        "workspace's time zone) "
        "over `days` days (1 to 31, 14 by default): whether the workspace is open, from its "
        "first opening to its last closing, and the seats free at the busiest moment of those "
        "hours. A workspace that is temporarily closed is not bookable: every day has 0 free "
        "seats."
    ),
    parameters=[s.AvailabilityParams],
    responses={200: s.AvailabilitySerializer, 400: ERROR, 404: ERROR},
)
@api_view(["GET"])
def workspace_availability(request, slug):
    workspace = get_object_or_404(Workspace.objects.public().select_related("territory"), slug=slug)
    params = validated_query(s.AvailabilityParams, request, context={"zone": workspace.zone})
    first_day = params.get("from") or timezone.localdate(timezone=workspace.zone)
    resources = selectors.workspace_availability(workspace, first_day, params["days"])
    bookable = workspace.status == WorkspaceStatus.OPEN
    if not bookable:
        resources = [
            selectors.ResourceAvailability(
                r.resource,
                [selectors.DayAvailability(d.day, d.opens, d.closes, 0) for d in r.days],
            )
            for r in resources
        ]
    data = {
        "workspace": workspace,
        "time_zone": workspace.territory.time_zone,
        "first_day": first_day,
        "days": params["days"],
        "bookable": bookable,
        "resources": resources,
    }
    return Response(s.AvailabilitySerializer(data).data)


# --- bookings --------------------------------------------------------------------------------


@extend_schema(tags=["bookings"])
class BookingListCreate(JsonWritesMixin, generics.ListCreateAPIView):
    """The signed-in user's bookings (newest first), and booking a resource."""

    serializer_class = s.BookingSerializer
    authentication_classes = BOOKING_AUTHENTICATION
    permission_classes = BOOKING_PERMISSIONS
    error_field_names = API_FIELDS

    def get_queryset(self):
        queryset = selectors.booking_list_for_user(signed_in(self.request))
        if self.params.get("upcoming"):
            queryset = selectors.booking_upcoming(queryset)
        return queryset

    @extend_schema(
        summary="Your bookings",
        description="The signed-in user's bookings, newest first; never anyone else's.",
        parameters=[s.BookingListParams],
        responses={
            200: s.BookingSerializer,
            400: ERROR,
            401: UNAUTHENTICATED,
            404: ERROR,
            429: THROTTLED,
        },
    )
    def get(self, request, *args, **kwargs):
        self.params = validated_query(s.BookingListParams, request)
        return self.list(request, *args, **kwargs)

    @extend_schema(
        summary="Book a resource",
        description=(
            "Seats are checked inside the writing transaction: the booking is confirmed (or "
            "pending, where the manager approves) only if they are free over the whole span. "
            "Send a `request_key` so that a retry cannot book twice, and the `expected_price` "
            "the person was shown so that they never pay another."
        ),
        request=s.BookingCreateSerializer,
        responses={
            201: OpenApiResponse(s.BookingSerializer, description="Booked (or pending approval)"),
            200: OpenApiResponse(
                s.BookingSerializer,
                description="The request_key was already used for this booking: the same one",
            ),
            400: OpenApiResponse(
                description='JSON error with "code" and "fields": a rule of the resource or its '
                "opening hours forbids this booking, or the request is malformed"
            ),
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            415: UNSUPPORTED,
            429: THROTTLED,
            409: OpenApiResponse(
                description='JSON error with "code": "full" (not enough free seats), '
                '"price_changed" (expected_price differs) or "request_key_reused" (the '
                "request_key was used for another booking)"
            ),
        },
    )
    def post(self, request, *args, **kwargs):
        serializer = s.BookingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        workspace = data.get("workspace")
        booking_req = BookingRequest(
            resource_id=data["resource"],
            workspace_id=workspace.pk if workspace is not None else None,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            seats=data["seats"],
            request_key=data.get("request_key"),
            expected_price=data.get("expected_price"),
        )
        key = booking_req.request_key
        replay = (
            key is not None and Booking.objects.filter(user=request.user, request_key=key).exists()
        )
        if "HTTP_ACCEPT_LANGUAGE" in request.META:
            # A client that says which language it reads gets its e-mails in that language; one
            # that does not (a script) leaves the person's choice alone.
            user_language_set(user=request.user, language=get_language())
        booking = booking_request(user=request.user, request=booking_req)
        if replay and not _same_request(booking, booking_req):
            raise Conflict(
                _("This request_key was already used for another booking."),
                field="request_key",
                code="request_key_reused",
            )
        booking = selectors.booking_list_for_user(request.user).get(pk=booking.pk)
        return Response(
            s.BookingSerializer(booking).data,
            status=status.HTTP_200_OK if replay else status.HTTP_201_CREATED,
            headers={"Location": booking_url(booking.pk)},
        )


def _same_request(booking: Booking, request: BookingRequest) -> bool:
    return (
        booking.resource_id == request.resource_id
        and booking.starts_at == request.starts_at.astimezone(datetime.UTC)
        and booking.ends_at == request.ends_at.astimezone(datetime.UTC)
        and booking.seats == request.seats
    )


def booking_url(pk: int) -> str:
    return reverse("api:booking-detail", args=[pk])


@extend_schema(
    tags=["bookings"],
    responses={200: s.BookingSerializer, 401: UNAUTHENTICATED, 404: NOT_FOUND, 429: THROTTLED},
)
class BookingDetail(generics.RetrieveAPIView):
    """One of the signed-in user's bookings; anyone else's is not found."""

    serializer_class = s.BookingSerializer
    authentication_classes = BOOKING_AUTHENTICATION
    permission_classes = BOOKING_PERMISSIONS
    lookup_url_kwarg = "pk"

    def get_queryset(self):
        return selectors.booking_list_for_user(signed_in(self.request))


@extend_schema(
    tags=["bookings"],
    summary="Cancel one of your bookings",
    description=(
        "Allowed until the resource's cancellation deadline (`cancellable_until`). "
        "No body is needed; one that is sent must be JSON."
    ),
    parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
    request=None,
    responses={
        200: s.BookingSerializer,
        400: OpenApiResponse(
            description='JSON error with "code": too late, or already cancelled or declined'
        ),
        401: UNAUTHENTICATED,
        403: FORBIDDEN,
        404: NOT_FOUND,
        415: UNSUPPORTED,
        429: THROTTLED,
    },
)
@api_view(["POST"])
@authentication_classes(BOOKING_AUTHENTICATION)
@permission_classes(BOOKING_PERMISSIONS)
@parser_classes(JSON_PARSERS)
def booking_cancel_view(request, pk):
    refuse_non_json_write(request)
    booking_cancel(user=request.user, booking_id=pk)
    return Response(
        s.BookingSerializer(selectors.booking_list_for_user(request.user).get(pk=pk)).data
    )
