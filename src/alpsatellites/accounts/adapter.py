"""allauth's sign-in under the platform's one limit on password guessing (accounts.throttle).

allauth's own "login_failed" limit counts failures per account from any address and then refuses
even the right password: five wrong guesses by anyone locked the owner out. It is switched off in
the settings (ACCOUNT_RATE_LIMITS) and replaced here by the per-(address, account) limit.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms

from . import throttle


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
