"""Back office for territories: each territory admin sees and edits only their territories."""

from collections.abc import Mapping
from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from alpsatellites.accounts.scopes import (
    editable_territory_ids,
    is_platform_admin,
    readable_territory_ids,
)
from alpsatellites.core.cache import content_changed_on_commit, platform_changed
from alpsatellites.core.mixins import MixinBase

from .models import Commune, Grouping, Highlight, Source, Territory

# Addresses typed without a scheme get https (Django 6's default); without saying so, Django 5.2
# warns on every form with a URL field.
URL_FIELDS_ASSUME_HTTPS: "Mapping[type[models.Field[Any, Any]], Mapping[str, Any]]" = {
    models.URLField: {"assume_scheme": "https"}
}


class PublishesContentMixin(MixinBase):
    """Public pages are cached: a change made in the back office makes the pages that show it
    stale at once."""

    def content_changed_on_commit(self, obj, form=None) -> None:
        # A shared row (a source) may show on any territory's pages.
        transaction.on_commit(platform_changed, robust=True)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.content_changed_on_commit(form.instance, form)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self.content_changed_on_commit(obj)


class PublicPageLinkMixin(MixinBase):
    """ "View on site" only for what the public sees: the back office must not tell anyone the
    address of an unpublished territory's page (Django's own link would, to any staff user)."""

    def public_url(self, obj: Any) -> str:
        raise NotImplementedError

    def view_on_site(self, obj: Any) -> str | None:
        if not self.model.objects.public().filter(pk=obj.pk).exists():
            return None
        return self.public_url(obj)


class ScopedPermissionsMixin:
    """Staff see a row where they read its territory, change it where they edit it; `_allowed`
    says whether a row (or, for None, any row) is among the territory ids given (None: all)."""

    def _allowed(self, ids, obj) -> bool:
        raise NotImplementedError

    def has_module_permission(self, request):
        return request.user.is_staff and self._allowed(readable_territory_ids(request.user), None)

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and self._allowed(readable_territory_ids(request.user), obj)

    def has_change_permission(self, request, obj=None):
        return request.user.is_staff and self._allowed(editable_territory_ids(request.user), obj)


class TerritoryScopedMixin(ScopedPermissionsMixin, PublishesContentMixin):
    """Filters rows and permissions by the user's territories (read via accounts.scopes).

    `territory_field` is the lookup from the model to its territory's id.
    """

    territory_field = "territory_id"
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS

    def content_changed_on_commit(self, obj, form=None) -> None:
        slugs = [obj.slug if self.territory_field == "id" else obj.territory.slug]
        if form is not None and self.territory_field == "id":
            slugs.append(form.initial.get("slug", ""))  # a moved territory: its old address too
        content_changed_on_commit(territory_slugs=slugs)

    def _territory_id(self, obj):
        return obj.pk if self.territory_field == "id" else getattr(obj, self.territory_field)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        ids = readable_territory_ids(request.user)
        return queryset if ids is None else queryset.filter(**{f"{self.territory_field}__in": ids})

    def _allowed(self, ids, obj) -> bool:
        if ids is None:
            return True
        return bool(ids) if obj is None else self._territory_id(obj) in ids

    def has_add_permission(self, request, obj=None):
        # New territories and communes come from imports; platform admins may still add by hand.
        return is_platform_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = editable_territory_ids(request.user)
        if ids is not None and db_field.name == "territory":
            kwargs["queryset"] = Territory.objects.filter(id__in=ids)
        if ids is not None and db_field.name == "grouping":
            kwargs["queryset"] = Grouping.objects.filter(territory_id__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# Stacked: a highlight's title and text in four languages side by side made a 5,365 px wide row.
class HighlightInline(TerritoryScopedMixin, TranslationStackedInline):
    model = Highlight
    extra = 0
    fields = ["position", "title", "body", "source_title", "source_url", "source_date", "verified"]

    def content_changed_on_commit(self, obj, form=None) -> None:
        slugs = [obj.slug if self.territory_field == "id" else obj.territory.slug]
        if form is not None and self.territory_field == "id":
            slugs.append(form.initial.get("slug", ""))  # a moved territory: its old address too
        content_changed_on_commit(territory_slugs=slugs)

    def _territory_id(self, obj):
        # An inline's permission checks receive the parent territory, not a highlight.
        return obj.pk

    def has_add_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


# view_on_site is a method, as Django documents; the stubs know only its bool form.
@admin.register(Territory)
class TerritoryAdmin(PublicPageLinkMixin, TerritoryScopedMixin, TranslationAdmin):  # type: ignore[misc]
    territory_field = "id"
    list_display = ["name", "slug", "country", "default_language", "is_published"]
    search_fields = ["name", "slug"]
    inlines = [HighlightInline]

    def public_url(self, obj) -> str:
        return reverse("www:territory", args=[obj.slug])

    def get_readonly_fields(self, request, obj=None):
        # Only platform admins move a territory (its address and country); staff edit its content.
        return [] if is_platform_admin(request.user) else ["slug", "country", "is_published"]


@admin.register(Grouping)
class GroupingAdmin(TerritoryScopedMixin, admin.ModelAdmin):
    list_display = ["name", "official_id", "kind", "territory"]
    list_filter = [("territory", admin.RelatedOnlyFieldListFilter), "kind"]
    search_fields = ["name", "official_id"]
    list_select_related = ["territory"]
    readonly_fields = ["territory", "official_id", "source"]


# view_on_site is a method, as Django documents; the stubs know only its bool form.
@admin.register(Commune)
class CommuneAdmin(PublicPageLinkMixin, TerritoryScopedMixin, TranslationAdmin):  # type: ignore[misc]
    list_display = ["name", "code", "grouping", "territory", "population"]
    list_filter = [
        ("territory", admin.RelatedOnlyFieldListFilter),
        ("grouping", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["search_name", "code"]
    list_select_related = ["territory", "grouping"]
    list_per_page = 50
    show_full_result_count = False

    def public_url(self, obj) -> str:
        return reverse("www:commune", args=[obj.territory.slug, obj.code])

    # Official facts come from imports and are corrected at their source; staff add local content.
    readonly_fields = [
        "territory",
        "grouping",
        "country",
        "code",
        "name",
        "population",
        "population_year",
        "population_source",
        "area_km2",
        "latitude",
        "longitude",
        "boundary_source",
        "town_hall_source",
    ]
    fieldsets = [
        (None, {"fields": ["territory", "grouping", "country", "code", "name", "description"]}),
        (
            _("Figures"),
            {
                "fields": [
                    "population",
                    "population_year",
                    "population_source",
                    "area_km2",
                    "altitude_m",
                    "latitude",
                    "longitude",
                    "boundary_source",
                ]
            },
        ),
        (
            _("Town hall"),
            {
                "fields": [
                    "town_hall_address",
                    "town_hall_phone",
                    "town_hall_email",
                    "town_hall_website",
                    "town_hall_hours",
                    "town_hall_source",
                ]
            },
        ),
    ]


@admin.register(Source)
class SourceAdmin(PublishesContentMixin, TranslationAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["title", "version", "licence", "retrieved_on"]
    search_fields = ["title", "key"]

    def has_module_permission(self, request):
        return is_platform_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    def has_add_permission(self, request):
        return is_platform_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_platform_admin(request.user)
