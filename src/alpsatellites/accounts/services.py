"""Writes to accounts: granting roles keeps back-office access in step; the person's language."""

from django.conf import settings
from django.db import IntegrityError, transaction

from alpsatellites.core.cache import content_changed_on_commit
from alpsatellites.territories.models import Grouping, Territory

from .models import Role, RoleAssignment, User
from .scopes import forget_scopes

BACK_OFFICE_ROLES = {Role.TERRITORY_ADMIN, Role.TERRITORY_STAFF, Role.ELECTED_OFFICIAL}


def user_sync_back_office_access(*, user: User) -> None:
    """A user with a back-office role may log into the back office; one without may not."""
    forget_scopes(user)
    if user.is_superuser:
        return
    has_role = (
        user.role_assignments.filter(role__in=BACK_OFFICE_ROLES).exists()
        # Space managers run their workspace from the back office too.
        # (through the lookup, as accounts does not import the workspaces app above it)
        or User.objects.filter(pk=user.pk, managed_workspaces__isnull=False).exists()
    )
    if user.is_staff != has_role:
        user.is_staff = has_role
        user.save(update_fields=["is_staff"])


def _scope(
    user: User, role: Role, territory: Territory | None, grouping: Grouping | None
) -> dict[str, object]:
    # A grouping's role is stored with the grouping's territory (see RoleAssignment.clean).
    if grouping is not None:
        territory = grouping.territory
    return {"user": user, "role": role, "territory": territory, "grouping": grouping}


def _public_pages_changed(role: Role, territory: object) -> None:
    # Welcome officers are named on their territory's public welcome page, which is cached.
    if role == Role.WELCOME_OFFICER and isinstance(territory, Territory):
        content_changed_on_commit(territory_slugs=[territory.slug])


@transaction.atomic
def role_grant(
    *,
    user: User,
    role: Role,
    territory: Territory | None = None,
    grouping: Grouping | None = None,
) -> RoleAssignment:
    """Grant a role over a scope; granting it again changes nothing."""
    scope = _scope(user, role, territory, grouping)
    assignment = RoleAssignment.objects.filter(**scope).first()
    if assignment is None:
        assignment = RoleAssignment(**scope)
        assignment.full_clean()
        try:
            with transaction.atomic():
                assignment.save()
        except IntegrityError:
            # Granted by a concurrent request between the check and the insert.
            assignment = RoleAssignment.objects.get(**scope)
    user_sync_back_office_access(user=user)
    _public_pages_changed(role, assignment.territory)
    return assignment


@transaction.atomic
def role_revoke(
    *,
    user: User,
    role: Role,
    territory: Territory | None = None,
    grouping: Grouping | None = None,
) -> None:
    scope = _scope(user, role, territory, grouping)
    RoleAssignment.objects.filter(**scope).delete()
    user_sync_back_office_access(user=user)
    _public_pages_changed(role, scope["territory"])


def user_language_set(*, user: User, language: str) -> bool:
    """Remember the language the person uses the site in: their e-mails are sent in it.

    Returns whether it changed. An unknown code (a stale cookie, a hand-made request) leaves
    the stored language as it was.
    """
    if language not in dict(settings.LANGUAGES) or user.language == language:
        return False
    user.language = language
    user.save(update_fields=["language"])
    return True
