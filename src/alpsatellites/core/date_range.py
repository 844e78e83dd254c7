"""The dates the platform accepts from people and clients: one range, checked at the edge.

Python's dates run from year 1 to 9999, but a day at either end cannot be shifted to another time
zone or have a day added to it without an OverflowError. Forms and API parameters refuse a date
outside this range with a message, so that nothing deeper (schedules, bookings, occupancy) ever
meets one.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)


def in_range(day: datetime.date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def out_of_range_message() -> str:
    return _("Give a date between %(first)s and %(last)s.") % {
        "first": date_format(FIRST_DAY, "SHORT_DATE_FORMAT"),
        "last": date_format(LAST_DAY, "SHORT_DATE_FORMAT"),
    }


def validate_in_range(day: datetime.date) -> None:
    """Form and model validator: a ValidationError for a day outside the range."""
    if not in_range(day):
        raise ValidationError(out_of_range_message(), code="date_out_of_range")
