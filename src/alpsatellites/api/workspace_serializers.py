"""API representations and parameter validation of the coworking network (workspaces app)."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alpsatellites.core.date_range import in_range, out_of_range_message
from alpsatellites.territories.models import Commune
from alpsatellites.territories.selectors import (
    AmbiguousCommuneCode,
    UnknownCommune,
    commune_by_code,
)
from alpsatellites.workspaces.models import (
    Amenity,
    Booking,
    Resource,
    Workspace,
    WorkspaceKind,
    WorkspaceStatus,
)
from alpsatellites.workspaces.validators import validate_availability_day

from .serializers import PageParams, SourceSerializer, published_territory

MAX_AVAILABILITY_DAYS = 31
DEFAULT_AVAILABILITY_DAYS = 14
MAX_BOOKING_SPAN = datetime.timedelta(days=366)
MAX_ID = 2**63 - 1  # a bigint: anything larger cannot be an id, and would break the query


# --- parameters ------------------------------------------------------------------------------


class WorkspaceListParams(PageParams):
    territory = serializers.SlugField(required=False, max_length=100)
    commune = serializers.RegexField(
        r"^[A-Za-z0-9]{1,12}$",
        required=False,
        error_messages={"invalid": gettext_lazy("An official code is 1 to 12 letters or digits.")},
        help_text="Official code of the commune (INSEE, ISTAT…)",
    )
    kind = serializers.ChoiceField(choices=WorkspaceKind.choices, required=False)
    amenity = serializers.ListField(
        child=serializers.SlugField(max_length=40),
        required=False,
        max_length=20,
        help_text="Amenity code; repeat the parameter to require several amenities.",
    )
    capacity = serializers.IntegerField(
        min_value=1,
        max_value=500,
        required=False,
        help_text="Seats needed: workspaces with a bookable resource of at least this capacity.",
    )
    free_on = serializers.DateField(
        required=False,
        input_formats=["iso-8601"],
        help_text=(
            "A day (YYYY-MM-DD, from today to a year ahead): open workspaces with a seat free "
            "all day long."
        ),
    )

    def validate_territory(self, slug: str):
        return published_territory(slug)

    def validate_amenity(self, codes: list[str]) -> list[str]:
        codes = list(dict.fromkeys(codes))
        known = set(Amenity.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise serializers.ValidationError(_("Unknown amenity %(code)r.") % {"code": unknown[0]})
        return codes

    def validate(self, data):
        code = data.pop("commune", None)
        if code is not None:
            try:
                data["commune"] = commune_by_code(code, data.get("territory"))
            except UnknownCommune:
                raise serializers.ValidationError(
                    {"commune": [_("Unknown commune %(code)r.") % {"code": code}]}
                ) from None
            except AmbiguousCommuneCode as ambiguous:
                slugs = ", ".join(ambiguous.territory_slugs)
                raise serializers.ValidationError(
                    {
                        "territory": [
                            _("Code %(code)r exists in several territories (%(slugs)s).")
                            % {"code": code, "slugs": slugs}
                        ]
                    }
                ) from None
        free_on = data.get("free_on")
        if free_on is not None:
            # "Today" where the workspaces are: the territory's zone, or the platform's by default.
            territory = data.get("territory")
            zone = territory.zone if territory else ZoneInfo(settings.TIME_ZONE)
            _check_day({"free_on": free_on}, zone)
        return data


def _check_day(named_day: dict[str, datetime.date], zone: ZoneInfo) -> datetime.date:
    ((name, day),) = named_day.items()
    try:
        validate_availability_day(day, zone)
    except DjangoValidationError as error:
        raise serializers.ValidationError({name: error.messages}) from None
    return day


def _validate_first_day(self, day: datetime.date) -> datetime.date:
    # The workspace's zone: "today" is today where it is.
    try:
        validate_availability_day(day, self.context["zone"])
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.messages) from None
    return day


# `from` is a Python keyword, hence the class built with type().
AvailabilityParams = type(
    "AvailabilityParams",
    (serializers.Serializer,),
    {
        "__module__": __name__,
        "__doc__": "Query parameters of a workspace's availability.",
        "from": serializers.DateField(
            required=False,
            input_formats=["iso-8601"],
            help_text=(
                "First day (YYYY-MM-DD, in the workspace's time zone, up to a year ahead); "
                "today by default."
            ),
        ),
        "days": serializers.IntegerField(
            min_value=1,
            max_value=MAX_AVAILABILITY_DAYS,
            default=DEFAULT_AVAILABILITY_DAYS,
            help_text=f"Number of days, 1 to {MAX_AVAILABILITY_DAYS}.",
        ),
        "validate_from": _validate_first_day,
    },
)


# --- workspaces ------------------------------------------------------------------------------


class AmenitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Amenity
        fields = ["code", "name"]


class CommuneRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commune
        fields = ["code", "name"]


class WorkspaceSummarySerializer(serializers.ModelSerializer):
    # Method fields rather than nested serializers and `get_kind_display`: a list page
    # serialises 50 of these, and DRF's per-field machinery was half of the request's time.
    territory = serializers.CharField(source="territory.slug", read_only=True)
    commune = serializers.SerializerMethodField()
    kind_label = serializers.SerializerMethodField()
    status_label = serializers.SerializerMethodField()
    amenities = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = Workspace
        fields = [
            "slug",
            "name",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "territory",
            "commune",
            "address",
            "latitude",
            "longitude",
            "amenities",
            "fibre_mbps",
            "is_demo",
            "url",
            "page_url",
        ]

    @extend_schema_field(CommuneRefSerializer)
    def get_commune(self, workspace) -> dict:
        return {"code": workspace.commune.code, "name": workspace.commune.name}

    def get_kind_label(self, workspace) -> str:
        return str(WorkspaceKind(workspace.kind).label)

    def get_status_label(self, workspace) -> str:
        return str(WorkspaceStatus(workspace.status).label)

    @extend_schema_field(AmenitySerializer(many=True))
    def get_amenities(self, workspace) -> list[dict]:
        return [{"code": a.code, "name": a.name} for a in workspace.amenities.all()]

    def get_url(self, workspace) -> str:
        return reverse("api:workspace-detail", args=[workspace.slug])

    def get_page_url(self, workspace) -> str:
        return reverse("workspaces:detail", args=[workspace.slug])


class PricesSerializer(serializers.Serializer):
    hour = serializers.DecimalField(
        source="price_hour", max_digits=8, decimal_places=2, allow_null=True
    )
    half_day = serializers.DecimalField(
        source="price_half_day", max_digits=8, decimal_places=2, allow_null=True
    )
    day = serializers.DecimalField(
        source="price_day", max_digits=8, decimal_places=2, allow_null=True
    )
    week = serializers.DecimalField(
        source="price_week", max_digits=8, decimal_places=2, allow_null=True
    )
    month = serializers.DecimalField(
        source="price_month", max_digits=8, decimal_places=2, allow_null=True
    )


class RulesSerializer(serializers.Serializer):
    min_minutes = serializers.IntegerField(help_text="Shortest booking, in minutes.")
    max_days = serializers.IntegerField(help_text="Longest booking, in days.")
    max_days_ahead = serializers.IntegerField(help_text="How many days ahead it can be booked.")
    cancellation_hours = serializers.IntegerField(
        help_text="Cancellations close this many hours before the start."
    )
    requires_approval = serializers.BooleanField(
        help_text="A manager approves each booking (it stays pending until then)."
    )


class ResourceSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    prices = PricesSerializer(source="*", read_only=True, help_text="In euros; null: no tariff.")
    rules = RulesSerializer(source="*", read_only=True)

    class Meta:
        model = Resource
        fields = ["id", "kind", "kind_label", "name", "capacity", "price_basis", "prices", "rules"]
        extra_kwargs = {
            "price_basis": {
                "help_text": "per_seat: prices are per seat (× seats); per_unit: for the whole "
                "resource, whatever the number of people."
            }
        }


class OpeningHoursSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(help_text="0 = Monday … 6 = Sunday")
    opens = serializers.TimeField(format="%H:%M")
    closes = serializers.TimeField(format="%H:%M")
    valid_from = serializers.DateField(
        allow_null=True, help_text="Season's first day; null for the usual week."
    )
    valid_until = serializers.DateField(allow_null=True, help_text="Season's last day.")


class ClosureSerializer(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    reason = serializers.CharField()


class WorkspaceDetailSerializer(WorkspaceSummarySerializer):
    description = serializers.CharField(read_only=True)
    # A field named `source` shadows Field.source in the stubs; DRF takes it off the class.
    source = SourceSerializer(read_only=True, allow_null=True)  # type: ignore[assignment]
    resources = ResourceSerializer(source="active_resources", many=True, read_only=True)
    opening_hours = OpeningHoursSerializer(
        source="opening_hours_rows",
        many=True,
        read_only=True,
        help_text="Local time (see time_zone). A season replaces the usual week on its days.",
    )
    closures = ClosureSerializer(source="upcoming_closures", many=True, read_only=True)
    time_zone = serializers.SerializerMethodField()
    availability_url = serializers.SerializerMethodField()
    calendar_url = serializers.SerializerMethodField()

    class Meta(WorkspaceSummarySerializer.Meta):
        fields = [
            *WorkspaceSummarySerializer.Meta.fields,
            "description",
            "email",
            "phone",
            "website",
            "payment",
            "source",
            "time_zone",
            "resources",
            "opening_hours",
            "closures",
            "availability_url",
            "calendar_url",
        ]

    def get_time_zone(self, workspace) -> str:
        return workspace.territory.time_zone

    def get_availability_url(self, workspace) -> str:
        return reverse("api:workspace-availability", args=[workspace.slug])

    def get_calendar_url(self, workspace) -> str:
        return reverse("workspaces:calendar", args=[workspace.slug])


# --- availability ----------------------------------------------------------------------------


class DayAvailabilitySerializer(serializers.Serializer):
    date = serializers.DateField(source="day")
    open = serializers.BooleanField(source="is_open")
    opens = serializers.DateTimeField(allow_null=True, help_text="First opening, with its offset.")
    closes = serializers.DateTimeField(allow_null=True, help_text="Last closing.")
    free_seats = serializers.IntegerField(
        help_text="Seats free at the busiest moment of the day's opening hours (0 when closed)."
    )


class ResourceAvailabilitySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="resource.pk")
    name = serializers.CharField(source="resource.name")
    kind = serializers.CharField(source="resource.kind")
    capacity = serializers.IntegerField(source="resource.capacity")
    days = DayAvailabilitySerializer(many=True)


class AvailabilitySerializer(serializers.Serializer):
    workspace = serializers.CharField(source="workspace.slug")
    time_zone = serializers.CharField()
    first_day = serializers.DateField()
    days = serializers.IntegerField()
    bookable = serializers.BooleanField(help_text="False while the workspace is closed.")
    resources = ResourceAvailabilitySerializer(many=True)


# --- bookings --------------------------------------------------------------------------------


class BookingListParams(PageParams):
    upcoming = serializers.BooleanField(
        required=False, help_text="true: only the bookings that have not ended yet."
    )


class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date and time that must carry its UTC offset: a naive time is ambiguous."""

    default_error_messages = {
        "naive": "Give the time with its UTC offset, e.g. 2026-03-02T09:00:00+01:00.",
    }

    def __init__(self, **kwargs):
        super().__init__(input_formats=["iso-8601"], **kwargs)

    def enforce_timezone(self, value):
        if timezone.is_naive(value):
            self.fail("naive")
        # Before any conversion: a time on 0001-01-01 or 9999-12-31 cannot change time zone.
        if not in_range(value.date()):
            raise serializers.ValidationError(out_of_range_message(), code="date_out_of_range")
        return super().enforce_timezone(value)


class BookingCreateSerializer(serializers.Serializer):
    resource = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="Id of the resource (see the workspace detail)."
    )
    workspace = serializers.SlugField(
        required=False,
        max_length=100,
        help_text="Slug of the workspace; when given, the resource must belong to it.",
    )
    starts_at = AwareDateTimeField(help_text="ISO 8601 with the UTC offset.")
    ends_at = AwareDateTimeField(help_text="ISO 8601 with the UTC offset.")
    seats = serializers.IntegerField(min_value=1, max_value=10_000, default=1)
    request_key = serializers.UUIDField(
        required=False,
        help_text=(
            "Chosen by the client: sending the same request_key again (a retry) returns the "
            "booking already made instead of making a second one."
        ),
    )
    expected_price = serializers.DecimalField(
        required=False,
        max_digits=9,
        decimal_places=2,
        min_value=0,
        help_text=(
            "The price the person was shown (euros): the booking is refused with code "
            "'price_changed' if the server's price differs."
        ),
    )

    def validate(self, data):
        # The resource's own rules (max_days) give the usual limit, with their message; this one
        # only keeps absurd spans (to the year 9999) from costing the server a list of days.
        if data["ends_at"] - data["starts_at"] > MAX_BOOKING_SPAN:
            raise serializers.ValidationError(
                {
                    "ends_at": [
                        _("A booking lasts at most %(days)s days.")
                        % {"days": MAX_BOOKING_SPAN.days}
                    ]
                }
            )
        return data

    def validate_workspace(self, slug: str) -> Workspace:
        workspace = Workspace.objects.public().filter(slug=slug).only("pk").first()
        if workspace is None:
            raise serializers.ValidationError(_("Unknown workspace %(slug)r.") % {"slug": slug})
        return workspace


class BookingWorkspaceSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class BookingResourceSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    kind = serializers.CharField()


class BookingSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    workspace = BookingWorkspaceSerializer(source="resource.workspace", read_only=True)
    resource = BookingResourceSerializer(read_only=True)
    price = serializers.DecimalField(max_digits=9, decimal_places=2, read_only=True)
    cancellable_until = serializers.SerializerMethodField()
    cancel_url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = Booking
        fields = [
            "id",
            "status",
            "status_label",
            "workspace",
            "resource",
            "starts_at",
            "ends_at",
            "seats",
            "price",
            "request_key",
            "created_at",
            "cancelled_at",
            "cancellable_until",
            "cancel_url",
            "page_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DateTimeField())
    def get_cancellable_until(self, booking) -> str:
        deadline = booking.starts_at - datetime.timedelta(hours=booking.resource.cancellation_hours)
        return serializers.DateTimeField().to_representation(deadline)

    def get_cancel_url(self, booking) -> str:
        return reverse("api:booking-cancel", args=[booking.pk])

    def get_page_url(self, booking) -> str:
        return reverse("workspaces:booking", args=[booking.pk])
