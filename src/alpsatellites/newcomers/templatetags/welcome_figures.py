"""The welcome figures in templates: durations as the page's language writes them, and the
"Welcome service" card of the elected officials' decision dashboard.

The card lives here, loaded by the observatory's template, because the observatory may not
import newcomers (newcomers sits above it in the import layers): templates are not bound by
those arrows, and the card renders nothing until this app is there.
"""

from django import template
from django.utils import timezone

from alpsatellites.territories.models import Territory

from ..figures_text import duration_text
from ..selectors.dashboard import welcome_headline

register = template.Library()

register.filter("duration_text", duration_text)


@register.simple_tag
def welcome_figures(territory: Territory) -> dict[str, int]:
    """Requests of the last 12 months, households settled, requests awaiting a first answer:
    one query."""
    return welcome_headline(territory, now=timezone.now())
