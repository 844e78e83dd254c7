from typing import cast
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from alpsatellites.core.date_range import validate_in_range
from alpsatellites.core.pagination import page_field

from .models import Amenity, Resource, WorkspaceKind
from .validators import validate_availability_day


class WorkspaceSearchForm(forms.Form):
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of place"),
        required=False,
        choices=[("", _("All kinds")), *WorkspaceKind.choices],
    )
    amenity = forms.MultipleChoiceField(
        label=_("Amenities"), required=False, widget=forms.CheckboxSelectMultiple
    )
    capacity = forms.IntegerField(
        label=_("Seats needed"), min_value=1, max_value=500, required=False
    )
    free_on = forms.DateField(
        label=_("Free on"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    page = page_field()

    def __init__(self, *args, communes=(), zone: ZoneInfo, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone  # the territory's: "today" is today where the workspaces are
        cast(forms.ChoiceField, self.fields["commune"]).choices = [("", _("All communes"))] + [
            (c.code, c.name) for c in communes
        ]
        cast(forms.ChoiceField, self.fields["amenity"]).choices = [
            (a.code, a.name) for a in Amenity.objects.all()
        ]

    def clean_free_on(self):
        day = self.cleaned_data["free_on"]
        if day is not None:
            validate_availability_day(day, self.zone)
        return day


class BlockForm(forms.Form):
    resource: forms.ModelChoiceField[Resource] = forms.ModelChoiceField(
        label=_("Resource"), queryset=Resource.objects.none()
    )
    day = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        validators=[validate_in_range],
    )
    start_time = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}))
    note = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, resources, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["resource"]).queryset = resources
