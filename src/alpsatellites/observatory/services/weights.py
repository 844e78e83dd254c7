"""Saving a territory's feasibility weights: checked, atomic, and the public pages renewed.

Only the territory's admins and staff (and platform admins) may change them; elected officials
read the index but do not set it. The weights are stored for every theme (0 = not counted), so a
theme added later starts at 0 rather than at an unseen default.
"""

import math
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from alpsatellites.accounts.models import User
from alpsatellites.accounts.scopes import editable_territory_ids
from alpsatellites.core.cache import content_changed_on_commit
from alpsatellites.core.errors import Forbidden, Invalid
from alpsatellites.observatory.models import FeasibilityWeights, Theme
from alpsatellites.territories.models import Territory


def may_edit_weights(user: User, territory: Territory) -> bool:
    editable = editable_territory_ids(user)
    return editable is None or territory.pk in editable


def feasibility_weights_update(
    *, territory: Territory, weights: Mapping[str, float], by: User
) -> FeasibilityWeights:
    """Store `weights` (by theme; themes left out are 0) as the territory's index weights.

    Invalid (field = the theme at fault, or "weights") when a weight is negative, not a number
    or when none is above zero; nothing is written then.
    """
    if not may_edit_weights(by, territory):
        raise Forbidden(_("Only the territory's staff may change the index weights."))
    unknown = sorted(set(weights) - set(Theme.values))
    if unknown:
        raise Invalid(_("Unknown theme: %(theme)s.") % {"theme": unknown[0]}, field="weights")
    stored: dict[str, float] = {}
    for theme in Theme.values:
        value = float(weights.get(theme, 0))
        if not (math.isfinite(value) and value >= 0):
            raise Invalid(_("A weight must be a number, zero or more."), field=theme)
        stored[theme] = value
    if not any(stored.values()):
        raise Invalid(_("At least one weight must be above zero."), field="weights")
    with transaction.atomic():
        record, _created = FeasibilityWeights.objects.update_or_create(
            territory=territory, defaults={"weights": stored, "updated_by": by}
        )
        content_changed_on_commit(territory_slugs=[territory.slug])
    return record
