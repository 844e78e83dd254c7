"""The back office's sign-in form (under the platform's one limit on password guessing), the
form that names a new API token, and the person's language."""

from typing import cast

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import throttle


class AdminSignInForm(AdminAuthenticationForm):
    def clean(self):
        account = self.cleaned_data.get("username") or ""
        # The admin's LoginView always gives the form its request.
        request = cast(HttpRequest, self.request)
        try:
            throttle.attempt_check(request, account)
        except throttle.TooManyFailures as refusal:
            raise forms.ValidationError(refusal.message, code="too_many_attempts") from None
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            # A right password of an account without back-office access is not a guess.
            if self.user_cache is None:
                throttle.attempt_failed(request, account)
            raise
        throttle.attempt_succeeded(request, account)
        return cleaned


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, such as the script that will use it."),
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of your e-mails"),
        choices=settings.LANGUAGES,
        help_text=_("Booking confirmations and other messages are sent in this language."),
    )
