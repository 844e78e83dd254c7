from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from alpsatellites.core.mixins import MixinBase

from .forms import AdminSignInForm
from .models import RoleAssignment, User
from .services import user_sync_back_office_access

# The back office's sign-in counts failures like every other way in (accounts.throttle).
admin.site.login_form = AdminSignInForm
admin.site.site_header = _("AlpSatellites — back office")
admin.site.site_title = _("AlpSatellites — back office")
admin.site.index_title = _("What would you like to manage?")

_admin_login = admin.site.login


def back_office_login(request, extra_context=None):
    """One way in: the back office sends people to the site's sign-in (same throttle, same
    password reset, same look) and back. A signed-in person without back-office access still
    gets the admin's own page, which says so: sending them to the sign-in would loop. A POST
    (an old bookmark's form) is still answered by the admin's form, under the same throttle."""
    if request.method != "GET" or request.user.is_authenticated:
        return _admin_login(request, extra_context)
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")


# Before the admin's URLs are built (urls.py is read after every admin module is discovered).
admin.site.login = back_office_login  # type: ignore[method-assign]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["territory", "grouping"]
    fields = ["role", "territory", "grouping", "granted_at"]
    readonly_fields = ["granted_at"]


class LowerCaseEmailMixin(MixinBase):
    def clean_email(self):
        # Stored in lower case as UserManager does, so that the unique check catches "Anne@X.org"
        # when anne@x.org exists: one person, one account.
        return self.cleaned_data["email"].lower()


class UserCreationForm(LowerCaseEmailMixin, auth_forms.UserCreationForm):
    pass


class UserChangeForm(LowerCaseEmailMixin, auth_forms.UserChangeForm):
    pass


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Only platform admins manage people and their roles (Django's superuser flag)."""

    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "name"]
    inlines = [RoleAssignmentInline]
    fieldsets = [
        (None, {"fields": ["email", "name", "language", "password"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = []
    list_filter = ["is_staff", "is_superuser", "is_active"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user_sync_back_office_access(user=form.instance)
