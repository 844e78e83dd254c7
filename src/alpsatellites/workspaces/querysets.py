"""Who sees which workspace, resource or booking: one vocabulary for pages, API, admin and feeds.

- `public()`: what anyone may see — a workspace neither draft nor cancelled, in a published
  territory. Anything else answers exactly like something that does not exist, everywhere.
- `managed_by(user)`: the workspaces the user runs (every one for a platform admin).
- `back_office_for(user)`: what the back office shows the user — the workspaces of the
  territories they may read (staff, admins, elected officials) and those they run.
- `editable_by(user)`: what they may change there — territories they may edit, and those they run.
- `readable_by(user)`: everything the user may read: the public ones and their back office.

Role scopes are read from `accounts.scopes`, never from the role tables here.
"""

from typing import TYPE_CHECKING, Any, Self

from django.contrib.auth.models import AnonymousUser
from django.db import models

from alpsatellites.accounts.scopes import (
    editable_territory_ids,
    is_platform_admin,
    readable_territory_ids,
)
from alpsatellites.territories.models import Territory

if TYPE_CHECKING:
    from alpsatellites.accounts.models import User

    # Named in the QuerySet type arguments, strings ruff does not read.
    from .models import Booking, Resource, Workspace  # noqa: F401

# Values of WorkspaceStatus (models.py imports this module, so not the enum itself): a workspace
# not yet opened, or gone, is not public.
HIDDEN_STATUSES = ("draft", "cancelled")


def _is_active(user: "User | AnonymousUser") -> bool:
    return bool(user.is_authenticated and user.is_active)


class WorkspaceQuerySet(models.QuerySet["Workspace"]):
    def public(self) -> Self:
        return self.exclude(status__in=HIDDEN_STATUSES).filter(
            territory__in=Territory.objects.public()
        )

    def _managed_ids(self, user: "User | AnonymousUser") -> models.QuerySet[Any, dict[str, Any]]:
        # A subquery rather than a join on the managers: no duplicate rows, no distinct().
        # The stubs leave the through model Django creates for `managers` unnamed (Never).
        through: type[models.Model] = self.model.managers.through
        return through._default_manager.filter(user_id=user.pk).values("workspace_id")

    def managed_by(self, user: "User | AnonymousUser") -> Self:
        if is_platform_admin(user):
            return self.all()
        if not _is_active(user):
            return self.none()
        return self.filter(pk__in=self._managed_ids(user))

    def _scoped(self, user: "User | AnonymousUser", territory_ids: set[int] | None) -> Self:
        if territory_ids is None:  # a platform admin
            return self.all()
        if not _is_active(user):
            return self.none()
        return self.filter(
            models.Q(territory_id__in=territory_ids) | models.Q(pk__in=self._managed_ids(user))
        )

    def back_office_for(self, user: "User | AnonymousUser") -> Self:
        return self._scoped(user, readable_territory_ids(user))

    def editable_by(self, user: "User | AnonymousUser") -> Self:
        return self._scoped(user, editable_territory_ids(user))

    def readable_by(self, user: "User | AnonymousUser") -> Self:
        everyone = self.model.objects.public().values("pk")
        theirs = self.model.objects.back_office_for(user).values("pk")
        return self.filter(models.Q(pk__in=everyone) | models.Q(pk__in=theirs))


class ResourceQuerySet(models.QuerySet["Resource"]):
    def public(self) -> Self:
        """Bookable resources of public workspaces."""
        from .models import Workspace  # models.py imports this module

        return self.filter(is_active=True, workspace__in=Workspace.objects.public())

    def managed_by(self, user: "User | AnonymousUser") -> Self:
        from .models import Workspace  # models.py imports this module

        return self.filter(workspace__in=Workspace.objects.managed_by(user))


class BookingQuerySet(models.QuerySet["Booking"]):
    def of_user(self, user: "User | AnonymousUser") -> Self:
        """A person's own bookings (a manager's blocks are not anyone's booking)."""
        if not _is_active(user):
            return self.none()
        return self.filter(user=user, is_block=False)

    def managed_by(self, user: "User | AnonymousUser") -> Self:
        """Bookings and blocks of the workspaces the user runs."""
        from .models import Workspace  # models.py imports this module

        return self.filter(resource__workspace__in=Workspace.objects.managed_by(user))
