"""Back office of the coworking network.

Who sees a workspace here: platform admins; the territory's admins and staff (read-only for
elected officials); and the workspace's own managers, who edit their workspace, its resources,
hours and closures, and nothing else.
"""

from typing import cast

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from alpsatellites.accounts.scopes import editable_territory_ids, is_platform_admin
from alpsatellites.accounts.services import user_sync_back_office_access
from alpsatellites.core.cache import content_changed_on_commit
from alpsatellites.core.dates import WEEKDAYS
from alpsatellites.territories.admin import URL_FIELDS_ASSUME_HTTPS, PublicPageLinkMixin
from alpsatellites.territories.models import Territory

from .models import RESOURCE_TERMS, Amenity, Closure, OpeningHours, Resource, Workspace
from .photo_admin import photo_inline
from .querysets import WorkspaceQuerySet


def _visible(user, *, edit: bool):
    """Workspaces the user may see (edit=False) or change (edit=True) in the back office."""
    return Workspace.objects.editable_by(user) if edit else Workspace.objects.back_office_for(user)


def _allowed(request, obj, *, edit: bool) -> bool:
    if not request.user.is_staff:
        return False
    if is_platform_admin(request.user):
        return True
    visible = _visible(request.user, edit=edit)
    return visible.exists() if obj is None else visible.filter(pk=obj.pk).exists()


class WorkspacePartInline(admin.TabularInline):
    extra = 0

    def has_view_permission(self, request, obj=None):
        return _allowed(request, obj, edit=False)

    def has_change_permission(self, request, obj=None):
        return _allowed(request, obj, edit=True)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


class ResourceInline(WorkspacePartInline, TranslationTabularInline):
    model = Resource
    # Stacked: a resource's name in four languages and its prices made a 3,000 px wide row.
    template = "admin/edit_inline/stacked.html"
    fields = ["kind", "name", *RESOURCE_TERMS, "is_active"]

    def has_delete_permission(self, request, obj=None):
        return False  # a resource with bookings stays: deactivate it instead


class OpeningHoursInline(WorkspacePartInline):
    model = OpeningHours
    fields = ["weekday", "opens", "closes", "valid_from", "valid_until"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Day names in the person's language rather than the stored 0–6 (0 is Monday).
        if db_field.name == "weekday":
            return forms.TypedChoiceField(
                label=db_field.verbose_name, choices=list(enumerate(WEEKDAYS)), coerce=int
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ClosureInline(WorkspacePartInline):
    model = Closure
    fields = ["starts_on", "ends_on", "reason"]


WorkspacePhotoInline = photo_inline(WorkspacePartInline)


# view_on_site is a method, as Django documents; the stubs know only its bool form.
@admin.register(Workspace)
class WorkspaceAdmin(PublicPageLinkMixin, TranslationAdmin):  # type: ignore[misc]
    list_display = ["name", "kind", "commune", "status", "is_demo"]
    list_filter = ["status", "kind", ("territory", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug"]
    list_select_related = ["commune"]
    filter_horizontal = ["amenities"]
    autocomplete_fields = ["managers"]
    inlines = [ResourceInline, OpeningHoursInline, ClosureInline, WorkspacePhotoInline]
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS

    def get_queryset(self, request):
        # modeltranslation swaps in a manager built at run time on WorkspaceQuerySet.
        queryset = cast(WorkspaceQuerySet, super().get_queryset(request))
        return queryset.back_office_for(request.user)

    def public_url(self, obj) -> str:
        return reverse("workspaces:detail", args=[obj.slug])

    @admin.display(description=_("Planning"))
    def planning(self, obj) -> str:
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("workspaces:manage", args=[obj.slug]),
            _("Bookings of the week"),
            reverse("workspaces:occupancy", args=[obj.slug]),
            _("Occupancy"),
        )

    def _plans(self, request, obj) -> bool:
        """The planning pages are the managers' (and platform admins'): others would get a 404."""
        return (
            obj is not None
            and Workspace.objects.managed_by(request.user).filter(pk=obj.pk).exists()
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        fields = list(fieldsets[0][1]["fields"])
        if "planning" in fields:  # first, where a manager looks, not below the descriptions
            fields.remove("planning")
            fields.insert(0, "planning")
            fieldsets = [(fieldsets[0][0], {**fieldsets[0][1], "fields": fields}), *fieldsets[1:]]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        planning = ["planning"] if self._plans(request, obj) else []
        return [*planning, *self._locked_fields(request, obj)]

    def _locked_fields(self, request, obj=None):
        if is_platform_admin(request.user):
            return []
        # Managers are named by platform admins (people are theirs to manage); territory staff
        # place and describe workspaces; managers run their space but do not move it.
        editable = editable_territory_ids(request.user) or set()
        if obj is None or obj.territory_id in editable:
            return ["source", "managers"]
        # Whether a place runs is checked by territory staff, not declared by its manager.
        return [
            "territory",
            "commune",
            "slug",
            "source",
            "is_demo",
            "managers",
            "activity_verified",
        ]

    def has_module_permission(self, request):
        return _allowed(request, None, edit=False)

    def has_view_permission(self, request, obj=None):
        return _allowed(request, obj, edit=False)

    def has_change_permission(self, request, obj=None):
        return _allowed(request, obj, edit=True)

    def has_add_permission(self, request):
        return is_platform_admin(request.user) or bool(editable_territory_ids(request.user))

    def has_delete_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = editable_territory_ids(request.user)
        if ids is not None and db_field.name in ("territory", "commune"):
            lookup = "id__in" if db_field.name == "territory" else "territory_id__in"
            kwargs["queryset"] = db_field.related_model.objects.filter(**{lookup: ids})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        before = set(form.instance.managers.values_list("pk", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(form.instance.managers.values_list("pk", flat=True))
        for user in form.instance.managers.model.objects.filter(pk__in=before ^ after):
            user_sync_back_office_access(user=user)
        workspace = form.instance
        # A moved or renamed workspace: its old address and territory's pages are stale too.
        moved_from = Territory.objects.filter(pk=form.initial.get("territory")).first()
        content_changed_on_commit(
            territory_slugs=[workspace.territory.slug, moved_from.slug if moved_from else ""],
            workspace_slugs=[workspace.slug, form.initial.get("slug", "")],
        )

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        content_changed_on_commit(territory_slugs=[obj.territory.slug], workspace_slugs=[obj.slug])


@admin.register(Amenity)
class AmenityAdmin(TranslationAdmin):
    list_display = ["name", "code", "position"]

    def has_module_permission(self, request):
        return is_platform_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff  # needed by the workspace form's amenity list

    def has_change_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission
