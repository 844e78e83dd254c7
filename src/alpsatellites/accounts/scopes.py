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


def _territory_ids(user, roles: Iterable[Role]) -> set[int]:
    if not user.is_authenticated or not user.is_active:
        return set()
    cache_attr = CACHE_ATTRIBUTE
    cached = getattr(user, cache_attr, None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user)
            .exclude(territory__isnull=True)
            .values_list("role", "territory_id")
        )
        setattr(user, cache_attr, cached)
    wanted = set(roles)
    return {territory_id for role, territory_id in cached if role in wanted}


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
