"""allauth's sign-in under the platform's one limit on password guessing (accounts.throttle);
a new account keeps the language it signed up in, allauth's e-mails (address confirmation,
password reset) go out in the recipient's language, and each role lands on its own home.

allauth's own "login_failed" limit counts failures per account from any address and then refuses
even the right password: five wrong guesses by anyone locked the owner out. It is switched off in
the settings (ACCOUNT_RATE_LIMITS) and replaced here by the per-(address, account) limit.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from . import throttle
from .models import TERRITORY_EDITOR_ROLES, Role, RoleAssignment, User
from .scopes import is_platform_admin, welcome_grouping_ids


def _named(name: str, **kwargs: str) -> str | None:
    """The address of a named page, or None (allauth's default) when that app is not installed."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _account(credentials: dict) -> str:
    return credentials.get("email") or credentials.get("username") or ""


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request, **credentials):
        try:
            throttle.attempt_check(request, _account(credentials))
        except throttle.TooManyFailures as refusal:
            raise forms.ValidationError(refusal.message, code="too_many_login_attempts") from None

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            throttle.attempt_succeeded(request, _account(credentials))
        return user

    def authentication_failed(self, request, **credentials):
        throttle.attempt_failed(request, _account(credentials))

    def get_login_redirect_url(self, request):
        """Each role's home after sign-in (allauth has already honoured a safe ?next= address).

        The first role that has a home wins, in this order: an elected official, territory staff
        or a territory admin land on their territory's decision dashboard; a welcome officer on
        the inbox of welcome cases; a space manager on the planning of their first workspace;
        a platform admin without a role on the back office; everyone else on their own home.
        Homes are named by URL: accounts imports no domain above it."""
        user = request.user
        for roles in ((Role.ELECTED_OFFICIAL,), TERRITORY_EDITOR_ROLES):
            slug = (
                RoleAssignment.objects.filter(user=user, role__in=roles)
                .exclude(territory=None)
                .order_by("territory__name")
                .values_list("territory__slug", flat=True)
                .first()
            )
            if slug:
                return reverse("decision:dashboard", kwargs={"territory": slug})
        home = None
        if welcome_grouping_ids(user):
            home = _named("newcomers:inbox")
        # The reverse side of Workspace.managers: read without importing the workspaces app.
        managed = user.managed_workspaces.order_by("name").values_list("slug", flat=True).first()
        if home is None and managed:
            home = _named("workspaces:manage", slug=managed)
        if home is None and is_platform_admin(user):
            home = reverse("admin:index")
        return home or _named("www:my-home") or super().get_login_redirect_url(request)

    def save_user(self, request, user, form, commit=True):
        language = translation.get_language()
        if language in dict(settings.LANGUAGES):
            user.language = language
        return super().save_user(request, user, form, commit)

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        language = user.language if user is not None else translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
