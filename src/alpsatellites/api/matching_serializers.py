"""The matches endpoint's request (a needs profile, bounds from `matching.profile.LIMITS`, the
same the questionnaire's forms use) and its documented response shape."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alpsatellites.matching.profile import LIMITS, Importance, Season, WorkStatus


def _bounded(name: str, **kwargs: Any) -> serializers.IntegerField:
    low, high = LIMITS[name]
    return serializers.IntegerField(min_value=low, max_value=high, **kwargs)


@extend_schema_field(
    {"type": "string", "pattern": "^(must|nice|no)$", "description": "must, nice or no"}
)
class ImportanceField(serializers.ChoiceField):
    """must / nice / no, as a pattern: eight enums of one choice set would each need a name
    (ENUM_NAME_OVERRIDES in the settings) or warn when the schema is built."""


def _importance(default: Importance) -> serializers.ChoiceField:
    return ImportanceField(choices=[i.value for i in Importance], default=default.value)


class NeedsProfileSerializer(serializers.Serializer):
    """Every field optional: a missing one takes the questionnaire's default."""

    adults = _bounded("adults", default=1)
    children_ages = serializers.ListField(
        child=_bounded("child_age"),
        max_length=LIMITS["children"][1],
        default=list,
        help_text=_("Age of each child, in years."),
    )
    work_status = serializers.ChoiceField(
        choices=[w.value for w in WorkStatus], default=WorkStatus.EMPLOYEE.value
    )
    employer_location = serializers.CharField(max_length=200, allow_blank=True, default="")
    office_days_per_month = _bounded("office_days_per_month", default=0)
    partner_job_search = serializers.BooleanField(default=False)
    partner_sector = serializers.CharField(max_length=200, allow_blank=True, default="")
    fibre = _importance(Importance.NICE)
    station = _importance(Importance.NO)
    station_minutes = _bounded("station_minutes", default=30)
    school = _importance(Importance.NO)
    school_minutes = _bounded("school_minutes", default=20)
    childcare = _importance(Importance.NO)
    health = _importance(Importance.NICE)
    health_minutes = _bounded("health_minutes", default=20)
    coworking = _importance(Importance.NO)
    coworking_minutes = _bounded("coworking_minutes", default=20)
    altitude = _importance(Importance.NO)
    max_altitude_m = _bounded("max_altitude_m", default=1500)
    housing = _importance(Importance.NO)
    housing_budget = _bounded("housing_budget", allow_null=True, default=None)
    arrival_season = serializers.ChoiceField(
        choices=[s.value for s in Season], default=Season.UNDECIDED.value
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=12), max_length=10, default=list
    )


class MatchRequestSerializer(serializers.Serializer):
    territory = serializers.SlugField(help_text=_("The territory's slug."))
    profile = NeedsProfileSerializer()


# --- The response, for the OpenAPI document ------------------------------------------------


class MatchSourceSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    short = serializers.CharField()
    url = serializers.CharField()
    period = serializers.CharField(help_text="As published, e.g. 'T2 2025'; '' when none.")


class ReasonSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=["near", "far", "unknown", "fibre", "altitude", "rent"])
    params = serializers.DictField(
        help_text="part, name, value, threshold, source, period, basis ('' for a located place; "
        "in_commune, nearest_commune or none_in_territory for a place counted per commune)…"
    )
    text = serializers.CharField(help_text="The reason in the language asked for.")


class CriterionSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="fibre, station, school, childcare, pharmacy, doctor…")
    label = serializers.CharField()  # type: ignore[assignment]  # the key clients read
    group = serializers.CharField(
        help_text="The profile's item it is counted under: 'health' for pharmacy and doctor, "
        "else the key."
    )
    group_label = serializers.CharField()
    importance = serializers.ChoiceField(choices=["must", "nice"])
    importance_label = serializers.CharField()
    threshold = serializers.FloatField()
    value = serializers.FloatField(allow_null=True, help_text="null: unknown (never a zero)")
    value_text = serializers.CharField()
    known = serializers.BooleanField()
    points = serializers.FloatField(allow_null=True, help_text="null when unknown")
    possible = serializers.FloatField(allow_null=True, help_text="null when unknown")
    status = serializers.ChoiceField(choices=["met", "partial", "failed", "unknown"])
    status_label = serializers.CharField()
    ask_officer = serializers.BooleanField(help_text="A must-have nobody knows: ask the officer.")
    ask_officer_text = serializers.CharField()
    ask_officer_short = serializers.CharField()
    reasons = ReasonSerializer(many=True)
    sources = MatchSourceSerializer(many=True)


class NearbyWorkspaceSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    commune = serializers.CharField()
    distance_km = serializers.FloatField(help_text="As the crow flies.")
    minutes = serializers.IntegerField(help_text="Estimate by road.")
    minutes_text = serializers.CharField()


class HospitalSerializer(serializers.Serializer):
    name = serializers.CharField()
    minutes = serializers.IntegerField(help_text="Estimate by road.")
    minutes_text = serializers.CharField()
    text = serializers.CharField()
    source = MatchSourceSerializer(allow_null=True)  # type: ignore[assignment]  # the key read


class PointsSerializer(serializers.Serializer):
    earned = serializers.FloatField()
    possible = serializers.FloatField(help_text="Over the known criteria only.")


class CommuneMatchSerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True, help_text="null for an excluded commune")
    code = serializers.CharField()
    name = serializers.CharField()
    score = serializers.FloatField(allow_null=True, help_text="0–100; null when nothing known")
    points = PointsSerializer()
    excluded = serializers.BooleanField()
    failed = serializers.ListField(child=serializers.CharField(), help_text="Must-haves failed")
    failed_reasons = serializers.ListField(child=serializers.CharField())
    unknown = serializers.ListField(child=serializers.CharField())
    known_count = serializers.IntegerField(help_text="Criteria whose value is known")
    asked_count = serializers.IntegerField(help_text="Criteria counted for this profile")
    criteria = CriterionSerializer(many=True)
    workspaces = NearbyWorkspaceSerializer(many=True)
    hospital = HospitalSerializer(
        allow_null=True, help_text="The nearest hospital: information, not a criterion."
    )


class NotCountedSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the key clients read
    reason = serializers.ChoiceField(choices=["no_child_of_age", "no_budget", "no_data"])
    text = serializers.CharField()


class TravelTimeSerializer(serializers.Serializer):
    detour_factor = serializers.FloatField()
    average_speed_kmh = serializers.FloatField()
    status = serializers.CharField(help_text="'assumption' until measured")
    text = serializers.CharField()


class CountedSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the key clients read
    group = serializers.CharField(help_text="'health' for pharmacy and doctor, else the key.")
    group_label = serializers.CharField()
    importance = serializers.ChoiceField(choices=["must", "nice"])
    importance_label = serializers.CharField()


class MatchResponseSerializer(serializers.Serializer):
    territory = serializers.CharField()
    counted = CountedSerializer(many=True, help_text="The criteria the profile asks for.")
    matches = CommuneMatchSerializer(many=True, help_text="Best first; ties by name, then code.")
    excluded = CommuneMatchSerializer(many=True, help_text="With the must-haves they fail.")
    not_counted = NotCountedSerializer(many=True)
    travel_time = TravelTimeSerializer()
    sources = MatchSourceSerializer(many=True)
