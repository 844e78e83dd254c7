"""Counts and durations of the welcome figures as the page's language writes them, shared by the
dashboard's views and its template filters."""

import datetime

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def count_text(value: float | None) -> str:
    return number_format(value or 0, decimal_pos=0, force_grouping=True)


def duration_text(value: datetime.timedelta | None) -> str:
    """ "45 min", "5.5 h", "3.2 days" in the page's language; "—" without a value."""
    if value is None:
        return "—"
    hours = value.total_seconds() / 3600
    if hours < 1:
        return _("%(minutes)s min") % {"minutes": number_format(round(hours * 60), 0)}
    if hours < 48:
        return _("%(hours)s h") % {"hours": number_format(hours, 1)}
    return _("%(days)s days") % {"days": number_format(hours / 24, 1)}
