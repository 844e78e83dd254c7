"""API representations of the observatory: indicators, commune values, facilities, the index.

A value is `null` unless its status is "known"; "secret" (statistical secrecy) and "unknown" say
why there is none. Clients must never read a null as a zero.
"""

import re

from django.utils.translation import gettext as _
from rest_framework import serializers

from alpsatellites.observatory.models import (
    Direction,
    Facility,
    FacilityKind,
    Indicator,
    Theme,
    ValueStatus,
)
from alpsatellites.territories.models import Territory

from .serializers import CommuneLookupParams, PageParams, SourceSerializer, TerritoryFilterParams

CODE_PATTERN = re.compile(r"^[A-Za-z0-9]{1,12}$")


class IndicatorSerializer(serializers.ModelSerializer):
    """An indicator of the catalogue; label and definition in the request's language."""

    theme_label = serializers.CharField(source="get_theme_display", read_only=True)
    direction_label = serializers.CharField(source="get_direction_display", read_only=True)
    source = SourceSerializer(read_only=True)  # type: ignore[assignment]

    class Meta:
        model = Indicator
        fields = [
            "code",
            "label",
            "definition",
            "unit",
            "decimals",
            "theme",
            "theme_label",
            "direction",
            "direction_label",
            "in_index",
            "source",
        ]


class ValueSerializer(serializers.Serializer):
    """One dated figure (observatory.selectors.opendata.Value)."""

    value = serializers.FloatField(allow_null=True)
    status = serializers.ChoiceField(choices=ValueStatus.choices)
    reference_date = serializers.DateField(allow_null=True)
    period = serializers.CharField(allow_null=True)
    source = SourceSerializer()  # type: ignore[assignment]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["period"] = data["period"] or None  # no period where nothing is known
        return data


class CommuneIndicatorSerializer(serializers.Serializer):
    """An indicator of one commune: what it is, then its latest value (and history if asked)."""

    code = serializers.CharField(source="indicator.code")
    label = serializers.CharField(source="indicator.label")  # type: ignore[assignment]
    unit = serializers.CharField(source="indicator.unit")
    decimals = serializers.IntegerField(source="indicator.decimals")
    theme = serializers.ChoiceField(choices=Theme.choices, source="indicator.theme")
    direction = serializers.ChoiceField(choices=Direction.choices, source="indicator.direction")
    in_index = serializers.BooleanField(source="indicator.in_index")
    value = serializers.FloatField(source="latest.value", allow_null=True)
    status = serializers.ChoiceField(choices=ValueStatus.choices, source="latest.status")
    reference_date = serializers.DateField(source="latest.reference_date", allow_null=True)
    period = serializers.CharField(source="latest.period", allow_null=True)
    source = SourceSerializer(source="latest.source")  # type: ignore[assignment]
    history = ValueSerializer(
        many=True,
        required=False,
        help_text="Every dated value, newest first: only with ?history=1.",
    )

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["period"] = data["period"] or None
        if not self.context.get("history"):
            del data["history"]
        return data


class IndicatorCommuneSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    territory = serializers.CharField(source="territory.slug")


class CommuneIndicatorsSerializer(serializers.Serializer):
    commune = IndicatorCommuneSerializer()
    indicators = CommuneIndicatorSerializer(many=True)


class FacilitySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    commune_name = serializers.CharField(source="commune.name", read_only=True, allow_null=True)
    source = SourceSerializer(read_only=True)  # type: ignore[assignment]

    class Meta:
        model = Facility
        fields = [
            "id",
            "kind",
            "kind_label",
            "name",
            "external_id",
            "country",
            "commune_code",
            "commune_name",
            "latitude",
            "longitude",
            "details",
            "source",
        ]


# --- the feasibility index ---------------------------------------------------------------------


class IndexIndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    theme = serializers.ChoiceField(choices=Theme.choices)
    direction = serializers.ChoiceField(choices=Direction.choices)
    source = serializers.CharField(  # type: ignore[assignment]
        source="source.key", help_text="Key of the source"
    )


class CommuneFeasibilitySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    grouping_code = serializers.CharField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True, help_text="1 = best; null without a score")
    score = serializers.FloatField(allow_null=True, help_text="0–100; null when nothing is known")
    confidence = serializers.FloatField(
        help_text="Share (0–1) of the weights backed by known values"
    )
    themes = serializers.DictField(
        child=serializers.FloatField(allow_null=True),
        help_text="Score 0–100 of each weighted theme; null where it has no known value",
    )
    missing_themes = serializers.ListField(child=serializers.CharField())


class TerritoryFeasibilitySerializer(serializers.Serializer):
    territory = serializers.CharField(source="territory.slug")
    weights = serializers.DictField(child=serializers.FloatField())
    weights_are_default = serializers.BooleanField()
    themes = serializers.ListField(child=serializers.CharField())
    indicators = IndexIndicatorSerializer(many=True)
    communes = CommuneFeasibilitySerializer(many=True, source="rows")


# --- query parameters ---------------------------------------------------------------------------


class IndicatorListParams(PageParams):
    theme = serializers.ChoiceField(choices=Theme.choices, required=False)


class CommuneIndicatorParams(CommuneLookupParams):
    history = serializers.BooleanField(
        required=False, default=False, help_text="1 for every dated value, not only the latest"
    )


def validate_commune_code(code: str) -> str:
    if not CODE_PATTERN.match(code):
        raise serializers.ValidationError(_("An official code is 1 to 12 letters or digits."))
    return code


class FacilityListParams(TerritoryFilterParams):
    kind = serializers.ChoiceField(choices=FacilityKind.choices, required=False)
    commune = serializers.CharField(
        required=False, max_length=12, help_text="Official code of the facility's commune"
    )

    def validate_commune(self, code: str) -> str:
        return validate_commune_code(code)


class FeasibilityParams(serializers.Serializer):
    grouping = serializers.CharField(
        required=False,
        max_length=40,
        help_text="Official identifier of a grouping: only its communes (ranks stay territorial)",
    )

    def validate_grouping(self, official_id: str) -> str:
        territory: Territory = self.context["territory"]
        if not territory.groupings.filter(official_id=official_id).exists():
            raise serializers.ValidationError(
                _("No grouping %(id)r in this territory.") % {"id": official_id}
            )
        return official_id
