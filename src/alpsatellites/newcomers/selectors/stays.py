"""Who sees which discovery stay and which application: the one place that decides it.

Staff side: a stay is followed by the people who follow its grouping's welcome cases (the
officers of the grouping, the territory's staff, platform admins) — so `stays_for_staff` reuses
the cases' scope filter instead of restating it. Everything an officer reads or changes about a
stay or an application starts from it; anything outside answers 404.

Public side: a published stay whose first day has not passed, in a published territory.
Household side: a person's own applications only.
"""

import datetime

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from alpsatellites.accounts.models import User
from alpsatellites.accounts.scopes import (
    editable_territory_ids,
    is_platform_admin,
    welcome_grouping_ids,
)
from alpsatellites.territories.models import Grouping, Territory

from ..models import ApplicationStatus, DiscoveryStay, StayApplication, StayStatus
from .cases import case_scope_filter

ACCEPTED = Q(applications__status=ApplicationStatus.ACCEPTED)


def with_places(stays: QuerySet[DiscoveryStay]) -> QuerySet[DiscoveryStay]:
    """Adds `accepted` (households accepted) and `places_left` to each stay, in the same query."""
    return stays.annotate(accepted=Count("applications", filter=ACCEPTED)).annotate(
        places_left=F("capacity") - F("accepted")
    )


def stays_for_staff(user: User) -> QuerySet[DiscoveryStay]:
    """The stays `user` organises or oversees: those of the groupings whose cases they follow."""
    scope = case_scope_filter(user)
    stays = DiscoveryStay.objects.all()
    return stays if scope is None else stays.filter(scope)


def staff_groupings(user: User) -> QuerySet[Grouping]:
    """The groupings `user` may offer stays for (the same scope as `stays_for_staff`)."""
    groupings = Grouping.objects.select_related("territory")
    if is_platform_admin(user):
        return groupings
    territory_ids = editable_territory_ids(user) or set()
    return groupings.filter(
        Q(pk__in=welcome_grouping_ids(user)) | Q(territory_id__in=territory_ids)
    )


def stay_today(territory: Territory) -> datetime.date:
    """Today where the stay takes place, whatever the server's or the reader's zone."""
    return timezone.localdate(timezone=territory.zone)


def public_stays(territory: Territory) -> QuerySet[DiscoveryStay]:
    """Published stays of `territory` not yet begun, with their places left, soonest first."""
    stays = DiscoveryStay.objects.filter(
        territory=territory,
        status=StayStatus.PUBLISHED,
        starts_on__gte=stay_today(territory),
    ).select_related("commune", "workspace_resource__workspace")
    return with_places(stays).order_by("starts_on", "pk")


def staff_applications(user: User, stay: DiscoveryStay) -> QuerySet[StayApplication]:
    """The applications to `stay`, which the caller read through `stays_for_staff(user)`."""
    if not stays_for_staff(user).filter(pk=stay.pk).exists():
        return StayApplication.objects.none()
    return stay.applications.select_related("household", "case", "booking").order_by(
        "created_at", "pk"
    )


def household_applications(user: User) -> QuerySet[StayApplication]:
    """A person's own applications, most recent stay first."""
    if not user.is_authenticated:
        return StayApplication.objects.none()
    return (
        StayApplication.objects.filter(household=user)
        .select_related("stay__territory", "stay__commune", "booking")
        .order_by("-stay__starts_on", "-pk")
    )
