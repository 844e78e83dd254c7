"""API v1: a household's own welcome cases and their message thread.

For a mobile or other client of the person who asked for support: the same reads and the same
write as the "My support" pages, through the same selectors (scoped to the person's own cases:
another household's case is a 404) and the same message service. Files are sent from the pages
only: the API takes JSON bodies. Token or session authentication, as for bookings.
"""

from typing import Any, cast

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    parser_classes,
    permission_classes,
)
from rest_framework.request import Request
from rest_framework.response import Response

from alpsatellites.accounts.models import User
from alpsatellites.core.errors import NotFound
from alpsatellites.newcomers.household_text import STAGE_WORDS
from alpsatellites.newcomers.models import CaseMessage, Stage, WelcomeCase
from alpsatellites.newcomers.selectors.cases import household_cases
from alpsatellites.newcomers.selectors.household import household_case_list
from alpsatellites.newcomers.services.messages import case_message_post
from alpsatellites.territories.models import Commune, Grouping, Territory

from .authentication import AUTHENTICATION_CLASSES, JSON_PARSERS, refuse_non_json_write
from .cases import MessageCreateSerializer
from .workspaces import FORBIDDEN, THROTTLED, UNAUTHENTICATED, UNSUPPORTED

NOT_FOUND = OpenApiResponse(description="JSON error: no such case among yours")


class CaseMessageSerializer(serializers.ModelSerializer[CaseMessage]):
    author = serializers.SerializerMethodField(help_text="'you', or the officer's public name")
    attachments = serializers.SerializerMethodField(help_text="Names of the files sent")

    class Meta:
        model = CaseMessage
        fields = ["id", "from_household", "author", "body", "created_at", "attachments"]

    def get_author(self, message: CaseMessage) -> str:
        if message.from_household:
            return "you"
        profile = getattr(message.author, "officer_profile", None) if message.author else None
        return profile.public_name if profile is not None else ""

    def get_attachments(self, message: CaseMessage) -> list[str]:
        return [attachment.original_name for attachment in message.attachments.all()]


class MyCaseSerializer(serializers.ModelSerializer[WelcomeCase]):
    territory: "serializers.SlugRelatedField[Territory]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    commune: "serializers.SlugRelatedField[Commune]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    grouping: "serializers.SlugRelatedField[Grouping]" = serializers.SlugRelatedField(
        slug_field="name", read_only=True
    )
    stage_label = serializers.SerializerMethodField(help_text="The stage in plain words")
    messages = CaseMessageSerializer(many=True, read_only=True)

    class Meta:
        model = WelcomeCase
        fields = [
            "id",
            "territory",
            "commune",
            "grouping",
            "stage",
            "stage_label",
            "created_at",
            "closed_at",
            "messages",
        ]

    def get_stage_label(self, case: WelcomeCase) -> str:
        return str(STAGE_WORDS[Stage(case.stage)])


def _signed_in(request: Request) -> User:
    return cast(User, request.user)


def _cases(user: User) -> Any:
    thread = CaseMessage.objects.select_related("author__officer_profile").prefetch_related(
        "attachments"
    )
    return household_case_list(user).prefetch_related(Prefetch("messages", queryset=thread))


@extend_schema(
    tags=["my support"],
    summary="Your welcome cases",
    responses={200: MyCaseSerializer(many=True), 401: UNAUTHENTICATED, 429: THROTTLED},
)
class MyCaseList(generics.ListAPIView[WelcomeCase]):
    """The signed-in person's welcome requests, newest first, each with its message thread."""

    serializer_class = MyCaseSerializer
    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> Any:
        return _cases(_signed_in(self.request))


@extend_schema(
    tags=["my support"],
    summary="Write to the welcome team of one of your cases",
    request=MessageCreateSerializer,
    responses={
        201: CaseMessageSerializer,
        400: OpenApiResponse(description='JSON error with "fields": empty or too long'),
        401: UNAUTHENTICATED,
        403: FORBIDDEN,
        404: NOT_FOUND,
        415: UNSUPPORTED,
        429: THROTTLED,
    },
)
@api_view(["POST"])
@authentication_classes(AUTHENTICATION_CLASSES)
@permission_classes([permissions.IsAuthenticated])
@parser_classes(JSON_PARSERS)
def my_case_message_create(request: Request, pk: int) -> Response:
    refuse_non_json_write(request)
    user = _signed_in(request)
    case = household_cases(user).select_related("territory").filter(pk=pk).first()
    if case is None:
        raise NotFound(_("No such welcome case."))
    serializer = MessageCreateSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    message = case_message_post(
        case=case, author=user, body=serializer.validated_data["body"], from_household=True
    )
    return Response(CaseMessageSerializer(message).data, status=status.HTTP_201_CREATED)
