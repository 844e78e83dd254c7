"""The welcome dashboard's period, read from the query string: a wrong value is a field error on
the page (status 400), never a 500 and never silently replaced by the default."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors.dashboard import ALL_TIME, DEFAULT_PERIOD, LAST_12_MONTHS, LAST_YEAR, THIS_YEAR

PERIOD_CHOICES = [
    (LAST_12_MONTHS, _("The last 12 months")),
    (THIS_YEAR, _("This year")),
    (LAST_YEAR, _("Last year")),
    (ALL_TIME, _("All time")),
]


class WelcomePeriodForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Requests received in"), choices=PERIOD_CHOICES, required=False
    )

    def full_clean(self) -> None:
        super().full_clean()
        # The message under the field describes it (Django marks it aria-invalid itself).
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"

    def chosen_period(self) -> str:
        """The period asked for, the default when none was (call after is_valid())."""
        return self.cleaned_data.get("period") or DEFAULT_PERIOD
