"""API v1 for welcome officers: their cases, one case, replying and moving a case along.

Same scope and log as the pages: the list starts from `cases_for`, each case from `case_open`
(so a case out of the user's scope is a 404 JSON error, as for a case that does not exist, and
every read is written in the access log). Token or session authentication, JSON writes only.
"""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from alpsatellites.core.errors import NotFound
from alpsatellites.newcomers.models import (
    CaseMessage,
    ClosingReason,
    Stage,
    WelcomeCase,
)
from alpsatellites.newcomers.selectors.cases import may_follow_cases
from alpsatellites.newcomers.selectors.inbox import (
    ASSIGNED_TO_ME,
    UNASSIGNED,
    InboxFilters,
    inbox_cases,
    inbox_rows,
)
from alpsatellites.newcomers.services.access import case_open
from alpsatellites.newcomers.services.cases import case_stage_set
from alpsatellites.newcomers.services.messages import MAX_BODY, case_message_post

from .authentication import AUTHENTICATION_CLASSES, JsonWritesMixin
from .serializers import PageParams
from .territories import ERROR, validated_query
from .workspaces import BOOKING_PERMISSIONS, UNAUTHENTICATED, signed_in

NOT_IN_SCOPE = OpenApiResponse(
    description="JSON error: no such case among those you follow (the same answer either way)"
)


# --- serializers -----------------------------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CaseSummarySerializer(serializers.ModelSerializer):
    territory = serializers.CharField(source="territory.slug", read_only=True)
    grouping = serializers.CharField(source="grouping.name", default=None, read_only=True)
    commune = serializers.CharField(source="commune.code", default=None, read_only=True)
    assigned_to = PersonSerializer(read_only=True, allow_null=True)
    awaiting_first_response = serializers.SerializerMethodField()
    last_message_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = WelcomeCase
        fields = [
            "id",
            "territory",
            "grouping",
            "commune",
            "contact_name",
            "language",
            "stage",
            "created_at",
            "first_response_at",
            "assigned_to",
            "awaiting_first_response",
            "last_message_at",
        ]

    def get_awaiting_first_response(self, case: WelcomeCase) -> bool:
        return case.first_response_at is None and not case.is_closed


class MessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseMessage
        fields = ["id", "from_household", "body", "created_at"]


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    due_on = serializers.DateField()
    done_at = serializers.DateTimeField(allow_null=True)
    assigned_to = PersonSerializer(allow_null=True)


class StageChangeSerializer(serializers.Serializer):
    from_stage = serializers.CharField()
    to_stage = serializers.CharField()
    changed_at = serializers.DateTimeField()


class CaseDetailSerializer(serializers.ModelSerializer):
    territory = serializers.CharField(source="territory.slug", read_only=True)
    grouping = serializers.CharField(source="grouping.name", default=None, read_only=True)
    commune = serializers.CharField(source="commune.code", default=None, read_only=True)
    assigned_to = PersonSerializer(read_only=True, allow_null=True)
    messages = MessageSerializer(many=True, read_only=True)
    tasks = TaskSerializer(many=True, read_only=True)
    stage_changes = StageChangeSerializer(many=True, read_only=True)

    class Meta:
        model = WelcomeCase
        fields = [
            "id",
            "territory",
            "grouping",
            "commune",
            "contact_name",
            "contact_email",
            "contact_phone",
            "language",
            "profile",
            "stage",
            "closing_reason",
            "closed_at",
            "created_at",
            "first_response_at",
            "assigned_to",
            "messages",
            "tasks",
            "stage_changes",
        ]


class CaseListParams(PageParams):
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    assigned = serializers.ChoiceField(choices=[ASSIGNED_TO_ME, UNASSIGNED], required=False)
    awaiting_first_response = serializers.BooleanField(required=False, default=False)


class MessageCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=MAX_BODY)


class StageSetSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    closing_reason = serializers.ChoiceField(
        choices=ClosingReason.choices, required=False, default=""
    )


# --- views -----------------------------------------------------------------------------------


def _open(request: Request, pk: int, action: str) -> WelcomeCase:
    return case_open(
        user=signed_in(request),
        case_id=pk,
        action=action,
        queryset=WelcomeCase.objects.select_related(
            "territory", "grouping", "commune", "assigned_to"
        ),
    )


def _detail(case: WelcomeCase) -> dict[str, Any]:
    case = (
        WelcomeCase.objects.select_related("territory", "grouping", "commune", "assigned_to")
        .prefetch_related("messages", "tasks__assigned_to", "stage_changes")
        .get(pk=case.pk)
    )
    return dict(CaseDetailSerializer(case).data)


class CaseApiView(JsonWritesMixin, APIView):
    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = BOOKING_PERMISSIONS


@extend_schema(
    tags=["welcome cases"],
    summary="The welcome cases you follow",
    description=(
        "For welcome officers and territory staff: the cases of their groupings or territory, "
        "newest first; closed cases only when asked for with `stage=closed`."
    ),
    parameters=[CaseListParams],
    responses={200: CaseSummarySerializer, 400: ERROR, 401: UNAUTHENTICATED, 404: ERROR},
)
class CaseList(generics.ListAPIView):
    serializer_class = CaseSummarySerializer
    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = BOOKING_PERMISSIONS

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not may_follow_cases(signed_in(request)):
            raise NotFound(_("You follow no welcome case."))
        self.params = validated_query(CaseListParams, request)
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        params = self.params
        filters = InboxFilters(
            stage=params.get("stage", ""),
            assigned=params.get("assigned", ""),
            awaiting_first_response=params["awaiting_first_response"],
        )
        return inbox_cases(signed_in(self.request), filters)

    def paginate_queryset(self, queryset):
        # Paginated on the ids, the page's cases read whole afterwards (see selectors.inbox).
        ids = super().paginate_queryset(queryset.values_list("pk", flat=True))
        return None if ids is None else inbox_rows(list(ids))


@extend_schema(
    tags=["welcome cases"],
    summary="One welcome case",
    description="The case with its thread, tasks and stage history; the reading is logged.",
    responses={200: CaseDetailSerializer, 401: UNAUTHENTICATED, 404: NOT_IN_SCOPE},
)
class CaseDetail(CaseApiView):
    def get(self, request: Request, pk: int) -> Response:
        return Response(_detail(_open(request, pk, "api_view")))


@extend_schema(
    tags=["welcome cases"],
    summary="Reply to the household",
    description="Adds an officer's message to the thread; the household is told by e-mail.",
    request=MessageCreateSerializer,
    responses={
        201: MessageSerializer,
        400: ERROR,
        401: UNAUTHENTICATED,
        404: NOT_IN_SCOPE,
        415: ERROR,
    },
)
class CaseMessageCreate(CaseApiView):
    def post(self, request: Request, pk: int) -> Response:
        case = _open(request, pk, "api_reply")
        payload = MessageCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        message = case_message_post(
            case=case,
            author=signed_in(request),
            body=payload.validated_data["body"],
            from_household=False,
        )
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["welcome cases"],
    summary="Move a case to another stage",
    description=(
        "Forward to any later stage, back one stage, or `closed` with a `closing_reason`. "
        "Settling plans follow-up tasks at 6 and 12 months."
    ),
    request=StageSetSerializer,
    responses={
        200: CaseDetailSerializer,
        400: ERROR,
        401: UNAUTHENTICATED,
        404: NOT_IN_SCOPE,
        415: ERROR,
    },
)
class CaseStageSet(CaseApiView):
    def post(self, request: Request, pk: int) -> Response:
        case = _open(request, pk, "api_stage")
        payload = StageSetSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        case = case_stage_set(
            user=signed_in(request),
            case=case,
            stage=payload.validated_data["stage"],
            closing_reason=payload.validated_data["closing_reason"],
        )
        return Response(_detail(case))
