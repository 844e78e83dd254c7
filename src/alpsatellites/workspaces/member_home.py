"""What a member's own home shows after sign-in: their next bookings and workspaces to try.

A module of its own (rather than more functions in selectors.py) so that the home page's reads
stay in one short place; every read is scoped to the requesting user.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from alpsatellites.accounts.models import User
from alpsatellites.territories.models import Territory

from .models import Booking, Workspace, WorkspaceStatus
from .selectors import booking_list_for_user, booking_upcoming

UPCOMING_SHOWN = 5
SUGGESTIONS_SHOWN = 4


@dataclass(frozen=True)
class MemberHome:
    upcoming: list[Booking]
    territory: Territory | None
    suggestions: list[Workspace]


def _home_territory(user: User) -> Territory | None:
    """The territory of the member's last booking, else the platform's default territory."""
    last: Territory | None = (
        Territory.objects.public()
        .filter(
            slug__in=booking_list_for_user(user).values("resource__workspace__territory__slug")[:1]
        )
        .first()
    )
    if last is not None:
        return last
    default: Territory | None = (
        Territory.objects.public().filter(slug=settings.DEFAULT_TERRITORY_SLUG).first()
    )
    return default


def member_home(user: User) -> MemberHome:
    upcoming_qs: QuerySet[Booking] = booking_upcoming(booking_list_for_user(user)).order_by(
        "starts_at"
    )
    upcoming = list(upcoming_qs[:UPCOMING_SHOWN])
    territory = _home_territory(user)
    suggestions: list[Workspace] = []
    if territory is not None:
        suggestions = list(
            Workspace.objects.public()
            .filter(territory=territory, status=WorkspaceStatus.OPEN)
            .select_related("commune")
            .order_by("name")[:SUGGESTIONS_SHOWN]
        )
    return MemberHome(upcoming=upcoming, territory=territory, suggestions=suggestions)
