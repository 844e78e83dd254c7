"""Back office for the observatory's indicators and their values.

Indicators are shared by every territory: only platform admins change them (labels in four
languages, unit, theme, direction, whether they count in the index). Values come from imports
(`alpsatellites import_indicators`), so the back office shows them read-only, each territory's
staff seeing only their territory's communes.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from alpsatellites.accounts.scopes import is_platform_admin, readable_territory_ids
from alpsatellites.core.cache import platform_changed

from .models import Indicator, IndicatorValue


@admin.register(Indicator)
class IndicatorAdmin(TranslationAdmin):
    list_display = ["code", "label", "theme", "unit", "direction", "in_index", "source"]
    list_filter = ["theme", "direction", "in_index"]
    search_fields = ["code", "label"]
    list_select_related = ["source"]
    readonly_fields = ["code"]

    def has_module_permission(self, request):
        return is_platform_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    def has_add_permission(self, request):
        return False  # new indicators come with their values, from a catalogue or an import

    def has_delete_permission(self, request, obj=None):
        return False  # its values and the index would go with it

    def save_model(self, request, obj, form, change):
        if obj.in_index and obj.direction == "neutral":
            obj.in_index = False
            messages.warning(
                request, _("Only an indicator with a direction can count in the index.")
            )
        super().save_model(request, obj, form, change)
        platform_changed()


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "commune", "value", "status", "period", "source"]
    list_filter = ["indicator__theme", "status", "indicator"]
    search_fields = ["commune__name", "commune__code", "indicator__code"]
    list_select_related = ["indicator", "commune", "source"]
    show_full_result_count = False  # a national import holds over a million rows

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        ids = readable_territory_ids(request.user)
        return queryset if ids is None else queryset.filter(commune__territory_id__in=ids)

    def _may_read(self, request, obj=None) -> bool:
        if not request.user.is_staff:
            return False
        ids = readable_territory_ids(request.user)
        if ids is None:
            return True
        return bool(ids) if obj is None else obj.commune.territory_id in ids

    def has_module_permission(self, request):
        return self._may_read(request)

    def has_view_permission(self, request, obj=None):
        return self._may_read(request, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
