"""Template helpers for the public pages: language links, opening hours, figures."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.formats import number_format
from django.utils.translation import get_language, get_language_info, ngettext_lazy
from django.utils.translation import gettext as _

from alpsatellites.core.dates import WEEKDAYS

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in each language, for the language switcher."""
    request = context["request"]
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(request.get_full_path(), code),
                "current": code == current,
            }
        )
    return links


@register.filter
def opening_days(days: list[int]) -> str:
    names = [str(WEEKDAYS[d]) for d in days]
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return _("%(first)s to %(last)s") % {"first": names[0], "last": names[-1]}
    return ", ".join(names)


@register.filter
def figure(value, decimals: int = 0) -> str:
    if value is None:
        return "—"
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


# ngettext_lazy without a number: the count is given when the label is shown.
FIGURE_LABELS = {
    "communes": ngettext_lazy("commune", "communes", "count"),
    "groupings": ngettext_lazy("grouping of communes", "groupings of communes", "count"),
    "population": ngettext_lazy("inhabitant", "inhabitants", "count"),
    "area_km2": ngettext_lazy("km²", "km²", "count"),
    "density": ngettext_lazy("inhabitant per km²", "inhabitants per km²", "count"),
    "town_halls": ngettext_lazy(
        "town hall with contact details", "town halls with contact details", "count"
    ),
    "with_boundary": ngettext_lazy(
        "commune with an official boundary", "communes with an official boundary", "count"
    ),
}


@register.filter
def figure_label(key: str, value) -> str:
    return FIGURE_LABELS[key] % {"count": int(value or 0)}


@register.filter
def opening_period(period: dict) -> str:
    """One line of opening hours: "Monday to Friday: 08:30–12:00, 13:00–17:30"."""
    hours = ", ".join(f"{opening}–{closing}" for opening, closing in period["slots"])
    return _("%(days)s: %(hours)s") % {"days": opening_days(period["days"]), "hours": hours}


@register.inclusion_tag("www/_breadcrumb.html")
def breadcrumb(*parts):
    """`{% breadcrumb label url label url … current %}`: the pages above this one, then it."""
    *pairs, current = parts
    if len(pairs) % 2:
        raise template.TemplateSyntaxError("breadcrumb takes label/address pairs, then a label")
    return {"links": list(zip(pairs[::2], pairs[1::2], strict=True)), "current": current}
