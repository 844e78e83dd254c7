"""Checks of the dates people and clients ask about, shared by the forms and the API."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .schedule import local_zone

# Resources are bookable a few months ahead at most: free seats are told up to a year ahead.
AVAILABILITY_AHEAD = datetime.timedelta(days=366)


def validate_availability_day(day: datetime.date) -> None:
    """A day free seats may be asked for: from today (the workspaces' zone) to a year ahead."""
    today = timezone.localdate(timezone=local_zone())
    if day < today:
        raise ValidationError(
            _("Give today's date (%(today)s) or a later one.")
            % {"today": date_format(today, "SHORT_DATE_FORMAT")},
            code="past",
        )
    if day > today + AVAILABILITY_AHEAD:
        raise ValidationError(_("Free seats are told up to a year ahead."), code="too_far")
