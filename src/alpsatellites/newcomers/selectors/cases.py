"""Who may read which welcome case: the one place that decides it.

A case is read by the welcome officers of its grouping and by the staff of its territory (and
platform admins); a case with no grouping by the territory staff only. Elected officials see
figures, never cases. Every page and endpoint that shows a case starts from `cases_for(user)`, so
an officer of another grouping gets a 404, as for a case that does not exist.
"""

from django.db.models import Q, QuerySet

from alpsatellites.accounts.models import User
from alpsatellites.accounts.scopes import (
    editable_territory_ids,
    is_platform_admin,
    welcome_grouping_ids,
)

from ..models import WelcomeCase


def case_scope_filter(user: User) -> Q | None:
    """The filter that keeps the cases `user` may read; None means every case (platform admin).
    A user with no role gets a filter that matches nothing."""
    if is_platform_admin(user):
        return None
    territory_ids = editable_territory_ids(user) or set()
    grouping_ids = welcome_grouping_ids(user)
    return Q(territory_id__in=territory_ids) | Q(grouping_id__in=grouping_ids)


def cases_for(user: User) -> QuerySet[WelcomeCase]:
    """The welcome cases `user` may read as staff (not their own cases as a household)."""
    scope = case_scope_filter(user)
    cases = WelcomeCase.objects.all()
    return cases if scope is None else cases.filter(scope)


def may_follow_cases(user: User) -> bool:
    """Whether the user has any case to follow (officer or territory staff): the inbox link."""
    return is_platform_admin(user) or bool(
        welcome_grouping_ids(user) or editable_territory_ids(user)
    )


def household_cases(user: User) -> QuerySet[WelcomeCase]:
    """The cases a household opened itself."""
    if not user.is_authenticated:
        return WelcomeCase.objects.none()
    return WelcomeCase.objects.filter(household=user)
