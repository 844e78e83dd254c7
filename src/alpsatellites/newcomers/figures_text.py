"""Counts and durations of the welcome figures as the page's language writes them, shared by the
dashboard's views and its template filters."""

import datetime
import re

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


# The kind of grouping that starts its official name, and the article after it: the charts'
# labels have room for about twenty characters, and "Communauté de communes du …" would leave
# none for the name itself (the tables beside the charts keep the full names).
GROUPING_KIND = re.compile(
    r"^(communauté de communes|communauté d'agglomération|unité des communes( valdôtaines)?"
    r"|unione (montana )?dei comuni|comunità montana|gemeindeverband|cc|ca)\s+"
    r"(du |de la |de l'|des |de |d'|della |del |dei |degli |delle )?",
    re.IGNORECASE,
)
CHART_LABEL_CHARACTERS = 22


def chart_label(label: str) -> str:
    """A label short enough for a chart's left column: "Pays des Écrins", "Settled, follow…"."""
    short = GROUPING_KIND.sub("", label, count=1) or label
    if len(short) <= CHART_LABEL_CHARACTERS:
        return short
    return short[: CHART_LABEL_CHARACTERS - 1].rstrip() + "…"
