from django import template
from django.utils.translation import gettext as _

from alpsatellites.core.dates import WEEKDAYS
from alpsatellites.core.formats import euros as format_euros

register = template.Library()


@register.filter
def weekday_name(weekday: int) -> str:
    return str(WEEKDAYS[weekday])


@register.filter
def euros(amount) -> str:
    return format_euros(amount)


@register.simple_tag
def resource_prices(resource) -> str:
    """ "5,00 € per hour · 20,00 € per day", or "Free" when no tariff is set."""
    labels = [
        (resource.price_hour, _("per hour")),
        (resource.price_half_day, _("per half-day")),
        (resource.price_day, _("per day")),
        (resource.price_week, _("per week")),
        (resource.price_month, _("per month")),
    ]
    parts = [f"{euros(price)} {label}" for price, label in labels if price is not None]
    return " · ".join(parts) if parts else _("Free")
