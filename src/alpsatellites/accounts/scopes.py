"""What a user may see and change: the one place that reads role assignments.

Every domain asks here ("which territories may this user edit?") instead of re-reading roles,
so a new role or scope changes this file, not the views.
"""

from collections.abc import Iterable

from .models import TERRITORY_EDITOR_ROLES, TERRITORY_READER_ROLES, Role, RoleAssignment

CACHE_ATTRIBUTE = "_territory_scope_cache"


def forget_scopes(user) -> None:
    """Drop the role assignments remembered on this user object (after granting or revoking)."""
    user.__dict__.pop(CACHE_ATTRIBUTE, None)


def _assignments(user) -> list[tuple[str, int, int | None]]:
    """(role, territory id, grouping id or None) of each of the user's roles, read once."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user)
            .exclude(territory__isnull=True)
            .values_list("role", "territory_id", "grouping_id")
        )
        setattr(user, CACHE_ATTRIBUTE, cached)
    return cached


def _territory_ids(user, roles: Iterable[Role]) -> set[int]:
    wanted = set(roles)
    return {territory_id for role, territory_id, _ in _assignments(user) if role in wanted}


def is_platform_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def editable_territory_ids(user) -> set[int] | None:
    """Territory ids the user may change; None means all of them (platform admin)."""
    if is_platform_admin(user):
        return None
    return _territory_ids(user, TERRITORY_EDITOR_ROLES)


def readable_territory_ids(user) -> set[int] | None:
    """Territory ids whose back-office data the user may read; None means all."""
    if is_platform_admin(user):
        return None
    return _territory_ids(user, TERRITORY_READER_ROLES)


def welcome_grouping_ids(user) -> set[int]:
    """Groupings whose welcome cases the user follows as a welcome officer."""
    return {
        grouping_id
        for role, _, grouping_id in _assignments(user)
        if role == Role.WELCOME_OFFICER and grouping_id is not None
    }


def welcome_territory_ids(user) -> set[int]:
    """Territories in which the user is a welcome officer of at least one grouping."""
    return {
        territory_id for role, territory_id, _ in _assignments(user) if role == Role.WELCOME_OFFICER
    }
