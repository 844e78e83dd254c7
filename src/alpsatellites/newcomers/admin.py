"""Back office of the welcome service: its texts, the officers' public cards, testimonials.

Scoped like the territories' back office (accounts.scopes): a territory's admins and staff see
and change only their territory's rows, elected officials only read them, platform admins see
all. Testimonials are moderated with two actions that record who decided and when; their
words are the author's and are never edited here.
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from alpsatellites.accounts.models import Role, User
from alpsatellites.accounts.scopes import (
    editable_territory_ids,
    is_platform_admin,
    readable_territory_ids,
)
from alpsatellites.territories.admin import ScopedPermissionsMixin, TerritoryScopedMixin

from .models import OfficerProfile, Testimonial, TestimonialStatus, WelcomeService
from .services.welcome import (
    officer_profile_changed,
    testimonials_moderate,
    welcome_page_changed,
)


@admin.register(WelcomeService)
class WelcomeServiceAdmin(TerritoryScopedMixin, TranslationAdmin):
    list_display = ["territory", "slogan", "email", "phone"]
    list_select_related = ["territory"]

    def has_add_permission(self, request, obj=None):
        # One per territory: its staff may create it when the defaults did not.
        return request.user.is_staff and (
            is_platform_admin(request.user) or bool(editable_territory_ids(request.user))
        )

    def get_readonly_fields(self, request, obj=None):
        return ["territory"] if obj is not None and not is_platform_admin(request.user) else []


def _officer_territory_ids(profile: OfficerProfile) -> set[int]:
    return set(
        profile.user.role_assignments.filter(role=Role.WELCOME_OFFICER).values_list(
            "territory_id", flat=True
        )
    )


@admin.register(OfficerProfile)
class OfficerProfileAdmin(ScopedPermissionsMixin, admin.ModelAdmin):
    """An officer's card belongs to the territories where they hold the welcome officer role."""

    list_display = ["public_name", "job_title", "email", "is_public"]
    list_filter = ["is_public"]
    search_fields = ["public_name", "email", "user__email"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user")
        ids = readable_territory_ids(request.user)
        if ids is None:
            return queryset
        return queryset.filter(
            user__role_assignments__role=Role.WELCOME_OFFICER,
            user__role_assignments__territory_id__in=ids,
        ).distinct()

    def _allowed(self, ids, obj) -> bool:
        if ids is None:
            return True
        return bool(ids) if obj is None else bool(_officer_territory_ids(obj) & ids)

    def has_add_permission(self, request):
        return self.has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = editable_territory_ids(request.user)
        if db_field.name == "user":
            officers = User.objects.filter(role_assignments__role=Role.WELCOME_OFFICER)
            if ids is not None:
                officers = officers.filter(role_assignments__territory_id__in=ids)
            kwargs["queryset"] = officers.distinct().order_by("name", "email")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        officer_profile_changed(profile=form.instance)

    def delete_model(self, request, obj):
        officer_profile_changed(profile=obj)
        super().delete_model(request, obj)


@admin.register(Testimonial)
class TestimonialAdmin(TerritoryScopedMixin, admin.ModelAdmin):
    list_display = ["signature", "territory", "commune", "language", "status", "created_at"]
    list_filter = ["status", ("territory", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["territory", "commune"]
    search_fields = ["signature", "quote"]
    actions = ["publish", "reject"]
    readonly_fields = (
        "territory",
        "commune",
        "author",
        "signature",
        "quote",
        "language",
        "consent_given_at",
        "status",
        "moderated_by",
        "moderated_at",
        "created_at",
    )
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False  # testimonials come from their authors, with their consent

    def has_delete_permission(self, request, obj=None):
        # Removing one on its author's request (GDPR) is the territory's staff's job.
        return self.has_change_permission(request, obj)

    def delete_queryset(self, request, queryset):
        territory_ids = set(queryset.values_list("territory_id", flat=True))
        super().delete_queryset(request, queryset)
        welcome_page_changed(territory_ids=territory_ids)

    def _moderate(self, request: HttpRequest, queryset: QuerySet[Testimonial], status) -> None:
        ids = editable_territory_ids(request.user)
        if ids is not None:
            queryset = queryset.filter(territory_id__in=ids)
        count = testimonials_moderate(
            testimonials=queryset,
            moderator=request.user,  # type: ignore[arg-type]
            status=status,
        )
        self.message_user(
            request,
            ngettext("%(count)d testimonial changed.", "%(count)d testimonials changed.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Publish the selected testimonials"), permissions=["change"])
    def publish(self, request, queryset):
        self._moderate(request, queryset, TestimonialStatus.PUBLISHED)

    @admin.action(description=_("Reject the selected testimonials"), permissions=["change"])
    def reject(self, request, queryset):
        self._moderate(request, queryset, TestimonialStatus.REJECTED)
