"""The booking form, whose fields follow the kind of slot chosen, and the hints beside its date.

A full day asks no times, a half-day asks morning or afternoon, hours ask a start and an end:
fields that do not apply are not shown, so they cannot be filled wrongly. Several days are
counted in working days (the workspace's open days), so "3 days" from a Friday ends on Tuesday.
The kind is chosen with plain links (?kind=…): no script needed.
"""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from alpsatellites.core.date_range import validate_in_range
from alpsatellites.core.dates import WEEKDAYS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from .models import PriceBasis, Resource
from .pricing import HALF_DAY
from .selectors import DayAvailability

KINDS = {"day": _("Full day"), "half_day": _("Half-day"), "hours": _("Hours")}
HALVES = [("morning", _("Morning")), ("afternoon", _("Afternoon"))]
# What the form posts as `slot`: "day", "morning", "afternoon" or "hours" (as before kinds).
SLOT_KIND = {"day": "day", "morning": "half_day", "afternoon": "half_day", "hours": "hours"}


def offered_kinds(resource: Resource) -> list[str]:
    """A resource whose shortest booking is longer than a half-day is booked by the day only."""
    if resource.min_minutes > HALF_DAY.total_seconds() / 60:
        return ["day"]
    return list(KINDS)


def chosen_kind(resource: Resource, data: Any, query: Any) -> str:
    """The kind posted (from the slot), else the one asked in the address, else a full day."""
    kinds = offered_kinds(resource)
    kind = SLOT_KIND.get(data.get("slot", "")) if data else query.get("kind")
    return kind if kind in kinds else kinds[0]


class BookingForm(forms.Form):
    """Step one chooses the slot and shows the price; step two confirms that price."""

    # ISO format: an <input type="date"> shows no other value ("24/11/2026" in French is blank).
    day = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        validators=[validate_in_range],
        help_text=_("Today can be booked for times that have not started yet."),
    )
    slot = forms.ChoiceField(
        label=_("Half of the day"), choices=HALVES, widget=forms.RadioSelect, initial="morning"
    )
    start_time = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}))
    days = forms.IntegerField(
        label=_("Working days"),
        min_value=1,
        initial=1,
        help_text=_("Days the workspace is open, from the date above: closed days are not paid."),
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=1, initial=1)
    request_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    expected_price = forms.DecimalField(
        widget=forms.HiddenInput, required=False, max_digits=9, decimal_places=2
    )

    def __init__(self, *args: Any, kind: str, resource: Resource, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        fields = self.fields
        if kind == "day":
            fields["slot"] = forms.CharField(widget=forms.HiddenInput, initial="day")
        elif kind == "hours":
            fields["slot"] = forms.CharField(widget=forms.HiddenInput, initial="hours")
        if kind != "hours":
            del fields["start_time"], fields["end_time"]
        if kind != "day" or resource.max_days == 1:
            del fields["days"]
        else:
            _limit(
                fields["days"],
                resource.max_days,
                _("The longest booking is %(limit_value)s working days."),
            )
        seats = fields["seats"]
        _limit(seats, resource.capacity, _("Choose between 1 and %(limit_value)s seats."))
        if resource.price_basis == PriceBasis.PER_UNIT:
            seats.label = _("Number of people")
            seats.help_text = _("The price is for the whole room, whatever the number of people.")
        if resource.capacity == 1:
            seats.widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data.setdefault("days", 1)
        if self.kind == "day":
            data["slot"] = "day"
        elif self.kind == "hours":
            data["slot"] = "hours"
        return data


def _limit(field: forms.Field, limit: int, message: "StrOrPromise") -> None:
    field.validators.append(MaxValueValidator(limit, message=message))
    field.widget.attrs["max"] = limit


@dataclass(frozen=True)
class DateHints:
    """What the date field's hint says: weekdays always closed, other closed days, full days."""

    closed_weekdays: list[str]
    closed_days: list[str]
    full_days: list[str]

    def __bool__(self) -> bool:
        return bool(self.closed_weekdays or self.closed_days or self.full_days)


def date_hints(days: Sequence[DayAvailability], seats: int = 1) -> DateHints:
    """Closed and full days of the resource over the weeks ahead, as the locale writes them.

    A weekday closed every time it occurs in the window is said once ("Sundays"), the others are
    listed by date; "full" means fewer free seats than asked at the busiest moment of the day.
    """
    closed = [d.day for d in days if not d.is_open]
    weekdays_seen = {d.day.weekday() for d in days}
    always_closed = sorted(
        w for w in weekdays_seen if all(not d.is_open for d in days if d.day.weekday() == w)
    )
    if len(weekdays_seen) < 7:  # a window shorter than a week says nothing of "always"
        always_closed = []
    return DateHints(
        closed_weekdays=[str(WEEKDAYS[w]) for w in always_closed],
        closed_days=[_short(day) for day in closed if day.weekday() not in always_closed],
        full_days=[_short(d.day) for d in days if d.is_open and d.free_seats < seats],
    )


def _short(day: datetime.date) -> str:
    return date_format(day, "WEEKDAY_DAY_MONTH_FORMAT")
