"""Who answers a grouping's or a case's welcome requests."""

from django.db.models import QuerySet

from alpsatellites.accounts.models import TERRITORY_EDITOR_ROLES, Role, User
from alpsatellites.territories.models import Grouping, Territory

from ..models import WelcomeCase


def grouping_officers(grouping: Grouping) -> QuerySet[User]:
    """The active welcome officers of `grouping`."""
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.WELCOME_OFFICER,
            role_assignments__grouping=grouping,
        )
        .distinct()
        .order_by("name", "pk")
    )


def territory_staff(territory: Territory) -> QuerySet[User]:
    """The active staff and admins of `territory`: they answer where no officer does."""
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__role__in=TERRITORY_EDITOR_ROLES,
            role_assignments__territory=territory,
            role_assignments__grouping__isnull=True,
        )
        .distinct()
        .order_by("name", "pk")
    )


def case_followers(case: WelcomeCase) -> list[User]:
    """Whom to tell about a case: its assigned officer, else its grouping's officers, else the
    territory's staff."""
    if case.assigned_to is not None and case.assigned_to.is_active:
        return [case.assigned_to]
    if case.grouping is not None:
        officers = list(grouping_officers(case.grouping))
        if officers:
            return officers
    return list(territory_staff(case.territory))
