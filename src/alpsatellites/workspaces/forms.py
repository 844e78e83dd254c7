import uuid
from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from alpsatellites.core.date_range import validate_in_range
from alpsatellites.core.pagination import page_field

from .models import Amenity, Resource, WorkspaceKind
from .validators import validate_availability_day

SLOT_CHOICES = [
    ("day", _("Full day")),
    ("morning", _("Morning")),
    ("afternoon", _("Afternoon")),
    ("hours", _("Choose the hours")),
]


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


class BookingForm(forms.Form):
    """Step one chooses the slot and shows the price; step two confirms that price."""

    # ISO format: an <input type="date"> shows no other value ("24/11/2026" in French is blank).
    day = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        validators=[validate_in_range],
    )
    slot = forms.ChoiceField(label=_("Slot"), choices=SLOT_CHOICES, initial="day")
    start_time = forms.TimeField(
        label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("To"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    days = forms.IntegerField(
        label=_("Number of days"),
        min_value=1,
        max_value=31,
        initial=1,
        help_text=_("Consecutive days, for a full-day booking."),
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500, initial=1)
    request_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    expected_price = forms.DecimalField(
        widget=forms.HiddenInput, required=False, max_digits=9, decimal_places=2
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        hours_missing = not data.get("start_time") or not data.get("end_time")
        if data.get("slot") == "hours" and hours_missing:
            raise forms.ValidationError(_("Give the start and end times."))
        if data.get("days", 1) > 1 and data.get("slot") != "day":
            self.add_error("days", _("Several days can only be booked as full days."))
        return data


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
