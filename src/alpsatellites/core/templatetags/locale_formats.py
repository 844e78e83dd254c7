"""Template side of core.formats, for every app's templates: `{% load locale_formats %}`."""

from django import template
from django.utils.html import format_html

from alpsatellites.core import formats

register = template.Library()

register.filter("euros", formats.euros)
register.filter("long_date", formats.long_date)
register.filter("long_datetime", formats.long_datetime)


@register.simple_tag
def phone(number: str, country: str):
    """A phone link dialling E.164, shown as the reader's language writes it; text if unreadable."""
    if not number:
        return ""
    e164 = formats.phone_e164(number, country)
    shown = formats.phone_display(number, country)
    if not e164:
        return shown
    return format_html('<a href="tel:{}">{}</a>', e164, shown)
