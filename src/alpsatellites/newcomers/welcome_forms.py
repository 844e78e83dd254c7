"""The form a newcomer signs to have their testimonial shown on the welcome page."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# The exact words agreed to are recorded with the consent, in the language they were read in.
CONSENT_WORDING = _("I agree that this testimonial is published on this page with my signature.")


class TestimonialForm(forms.Form):
    signature = forms.CharField(
        label=_("Signature"),
        help_text=_("How you want to be named, for example: Claire, graphic designer, since 2024."),
        max_length=200,
    )
    commune: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Commune where you live (optional)"), queryset=None, required=False
    )
    quote = forms.CharField(
        label=_("Your testimonial"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6})
    )
    consent = forms.BooleanField(label=CONSENT_WORDING)

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["commune"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = communes
