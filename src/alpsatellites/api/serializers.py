"""API representations and query-parameter validation."""

from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import serializers

from alpsatellites.territories.models import Commune, Grouping, Source, Territory


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = [
            "key",
            "title",
            "publisher",
            "url",
            "licence",
            "licence_url",
            "version",
            "retrieved_on",
        ]


class TerritorySerializer(serializers.ModelSerializer):
    commune_count = serializers.IntegerField(read_only=True)
    population = serializers.IntegerField(
        source="population_total", read_only=True, allow_null=True
    )
    boundaries_url = serializers.SerializerMethodField()

    class Meta:
        model = Territory
        fields = [
            "slug",
            "name",
            "country",
            "default_language",
            "tagline",
            "description",
            "commune_count",
            "population",
            "boundaries_url",
        ]

    def get_boundaries_url(self, territory) -> str:
        return reverse("api:territory-boundaries", args=[territory.slug])


class GroupingSerializer(serializers.ModelSerializer):
    territory: "serializers.SlugRelatedField[Territory]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    commune_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Grouping
        fields = ["official_id", "name", "kind", "kind_label", "territory", "commune_count"]


class CommuneSummarySerializer(serializers.ModelSerializer):
    territory = serializers.CharField(source="territory.slug", read_only=True)
    grouping = serializers.CharField(source="grouping.official_id", read_only=True, allow_null=True)
    grouping_name = serializers.CharField(source="grouping.name", read_only=True, allow_null=True)

    class Meta:
        model = Commune
        fields = [
            "code",
            "name",
            "country",
            "territory",
            "grouping",
            "grouping_name",
            "population",
            "population_year",
            "area_km2",
            "latitude",
            "longitude",
        ]


class TownHallSerializer(serializers.Serializer):
    address = serializers.CharField(source="town_hall_address")
    phone = serializers.CharField(source="town_hall_phone")
    email = serializers.CharField(source="town_hall_email")
    website = serializers.CharField(source="town_hall_website")
    opening_hours = serializers.JSONField(source="town_hall_hours")
    # A field named `source` shadows Field.source in the stubs; DRF takes it off the class.
    source = SourceSerializer(source="town_hall_source", allow_null=True)  # type: ignore[assignment]


class CommuneDetailSerializer(CommuneSummarySerializer):
    description = serializers.CharField()
    altitude_m = serializers.IntegerField(allow_null=True)
    population_source = SourceSerializer(allow_null=True)
    boundary_source = SourceSerializer(allow_null=True)
    town_hall = TownHallSerializer(source="*")
    boundary_url = serializers.SerializerMethodField()

    class Meta(CommuneSummarySerializer.Meta):
        fields = [
            *CommuneSummarySerializer.Meta.fields,
            "description",
            "altitude_m",
            "population_source",
            "boundary_source",
            "town_hall",
            "boundary_url",
        ]

    def get_boundary_url(self, commune) -> str:
        return (
            reverse("api:commune-boundary", args=[commune.code])
            + f"?territory={commune.territory.slug}"
        )


def published_territory(slug: str) -> Territory:
    territory = Territory.objects.public().filter(slug=slug).first()
    if territory is None:
        raise serializers.ValidationError(_("Unknown territory %(slug)r.") % {"slug": slug})
    return territory


class PageParams(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, max_value=1_000_000, required=False)
    page_size = serializers.IntegerField(min_value=1, max_value=200, required=False)


class TerritoryFilterParams(PageParams):
    territory = serializers.SlugField(required=False, max_length=100)

    def validate_territory(self, slug: str) -> Territory:
        return published_territory(slug)


class CommuneListParams(TerritoryFilterParams):
    grouping = serializers.CharField(required=False, max_length=40)
    q = serializers.CharField(required=False, max_length=100, allow_blank=True)


class CommuneLookupParams(serializers.Serializer):
    territory = serializers.SlugField(required=False, max_length=100)

    def validate_territory(self, slug: str) -> Territory:
        return published_territory(slug)
