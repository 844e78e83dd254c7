"""The forms of the person's "My data" page: their name, and the password that confirms the
deletion of their account."""

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from alpsatellites.accounts import throttle
from alpsatellites.accounts.models import User

from .services.privacy import NAME_MAX_LENGTH


class NameForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("As you want the welcome officers and the spaces to call you."),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Type your password to confirm that you want to delete your account."),
    )

    def __init__(self, *args, user: User, request: HttpRequest, **kwargs):
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        # Under the platform's one limit on password guessing: a session left open on a shared
        # computer must not let someone try passwords here.
        password = self.cleaned_data["password"]
        try:
            throttle.attempt_check(self.request, self.user.email)
        except throttle.TooManyFailures as refusal:
            raise forms.ValidationError(refusal.message, code="too_many_attempts") from None
        if not self.user.check_password(password):
            throttle.attempt_failed(self.request, self.user.email)
            raise forms.ValidationError(
                _("This is not your password. Nothing was deleted."), code="wrong_password"
            )
        throttle.attempt_succeeded(self.request, self.user.email)
        return password
