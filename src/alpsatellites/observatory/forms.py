"""The feasibility weights form: one weight per theme, 0 (not counted) to 10."""

from decimal import Decimal
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Theme

MAX_WEIGHT = Decimal(10)


class FeasibilityWeightsForm(forms.Form):
    """Negative weights are refused beside their field; all-zero beside the first one."""

    def __init__(self, *args, initial_weights: dict[str, float] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for theme, label in Theme.choices:
            self.fields[theme] = forms.DecimalField(
                label=label,
                min_value=Decimal(0),
                max_value=MAX_WEIGHT,
                max_digits=4,
                decimal_places=1,
                initial=(initial_weights or {}).get(theme, 0),
                error_messages={"min_value": _("A weight must be zero or more.")},
                widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
            )

    def clean(self):
        cleaned = super().clean() or {}
        values = [cleaned.get(theme) for theme in Theme.values]
        if not self.errors and not any(values):
            self.add_error(Theme.values[0], _("At least one weight must be above zero."))
        return cleaned

    def weights(self) -> dict[str, float]:
        return {theme: float(self.cleaned_data[theme]) for theme in Theme.values}


class CommunePairForm(forms.Form):
    """Two different communes of a territory to compare side by side."""

    a = forms.ChoiceField(label=_("First commune"))
    b = forms.ChoiceField(label=_("Second commune"))

    def __init__(self, *args, communes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            cast(forms.ChoiceField, self.fields[name]).choices = communes

    def clean(self):
        cleaned = super().clean() or {}
        if not self.errors and cleaned.get("a") == cleaned.get("b"):
            self.add_error("b", _("Choose a commune other than the first one."))
        return cleaned
