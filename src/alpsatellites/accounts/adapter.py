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
from .models import Role, RoleAssignment, User
from .scopes import welcome_grouping_ids


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
        """Each role's home after sign-in (allauth has already honoured a ?next= address):
        an elected official lands on the decision dashboard of their territory, a welcome
        officer on their inbox of welcome cases (named by URL: accounts knows no newcomers)."""
        slug = (
            RoleAssignment.objects.filter(user=request.user, role=Role.ELECTED_OFFICIAL)
            .exclude(territory=None)
            .order_by("territory__name")
            .values_list("territory__slug", flat=True)
            .first()
        )
        if slug:
            return reverse("decision:dashboard", kwargs={"territory": slug})
        if welcome_grouping_ids(request.user):
            try:
                return reverse("newcomers:inbox")
            except NoReverseMatch:
                pass
        return super().get_login_redirect_url(request)

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
