from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from alpsatellites.core.pagination import page_field


class CommuneSearchForm(forms.Form):
    q = forms.CharField(label=_("Search a commune"), max_length=100, required=False, strip=True)
    grouping = forms.ChoiceField(label=_("Grouping"), required=False)
    page = page_field()

    def __init__(self, *args, groupings=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["grouping"]).choices = [
            ("", _("All groupings")),
            *groupings,
        ]
