"""Opening hours said in words, as a person would: "Monday to Friday: 08:30–18:00; Saturday and
Sunday: closed", in the page's language and time format. Plain functions over (weekday, slots)."""

import datetime
from collections.abc import Iterable

from django.utils.dateformat import time_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from alpsatellites.core.dates import WEEKDAYS

Slots = tuple[tuple[datetime.time, datetime.time], ...]


def _days(first: int, last: int) -> str:
    if first == last:
        return str(WEEKDAYS[first])
    words = {"first": WEEKDAYS[first], "last": WEEKDAYS[last]}
    if last == first + 1:
        return _("%(first)s and %(last)s") % words
    return _("%(first)s to %(last)s") % words


def _slots(slots: Slots) -> str:
    if not slots:
        return _("closed")
    # 24-hour times as everywhere on the platform's pages (08:30–18:00), in every language.
    spans = [f"{time_format(opens, 'H:i')}–{time_format(closes, 'H:i')}" for opens, closes in slots]
    if len(spans) == 1:
        return spans[0]
    return _("%(spans)s and %(last)s") % {"spans": ", ".join(spans[:-1]), "last": spans[-1]}


def hours_in_words(
    days: Iterable[tuple[int, Iterable[tuple[datetime.time, datetime.time]]]],
) -> str:
    """One week's hours, consecutive days with the same hours said together; closed days too."""
    by_day: dict[int, Slots] = {weekday: tuple(slots) for weekday, slots in days}
    runs: list[tuple[int, int, Slots]] = []
    for weekday in range(7):
        slots = by_day.get(weekday, ())
        if runs and runs[-1][2] == slots:
            runs[-1] = (runs[-1][0], weekday, slots)
        else:
            runs.append((weekday, weekday, slots))
    if len(runs) == 1 and not runs[0][2]:
        return ""
    # Capitalised: French and Italian weekday names are lower case, and lead the sentence here.
    return capfirst(
        "; ".join(
            _("%(days)s: %(hours)s") % {"days": _days(first, last), "hours": _slots(slots)}
            for first, last, slots in runs
        )
    )
