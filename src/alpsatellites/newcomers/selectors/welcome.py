"""What the public "Settle here" page shows: the welcome service, its officers, testimonials.

Read in a fixed number of queries whatever the number of officers or testimonials: the page is
public and sits behind the territory's page cache, but a cold cache must stay cheap too.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from alpsatellites.accounts.models import Role, RoleAssignment
from alpsatellites.territories.models import Commune, Grouping, Territory

from ..models import OfficerProfile, Testimonial, TestimonialStatus, WelcomeService


@dataclass
class GroupingOfficers:
    """One communauté de communes and the officers who answer there (none: the territory team)."""

    grouping: Grouping
    officers: list[OfficerProfile] = field(default_factory=list)


def welcome_service(territory: Territory) -> WelcomeService | None:
    service: WelcomeService | None = WelcomeService.objects.filter(territory=territory).first()
    return service


def officers_by_grouping(territory: Territory) -> list[GroupingOfficers]:
    """Every grouping of the territory with its public officers, in two queries.

    Only people who hold the welcome officer role now (the role assignment is the truth: a
    profile outlives a revoked role) and chose to be shown (`is_public`).
    """
    groups = {
        grouping.pk: GroupingOfficers(grouping)
        for grouping in Grouping.objects.filter(territory=territory).order_by("name", "pk")
    }
    assignments = (
        RoleAssignment.objects.filter(
            role=Role.WELCOME_OFFICER,
            grouping__in=list(groups),
            user__is_active=True,
            user__officer_profile__is_public=True,
        )
        .select_related("user__officer_profile")
        .order_by("user__officer_profile__public_name", "user_id")
    )
    for assignment in assignments:
        if assignment.grouping_id is not None:
            groups[assignment.grouping_id].officers.append(assignment.user.officer_profile)
    return list(groups.values())


def published_testimonials(territory: Territory) -> QuerySet[Testimonial]:
    return (
        Testimonial.objects.filter(territory=territory, status=TestimonialStatus.PUBLISHED)
        .select_related("commune")
        .order_by("-moderated_at", "-pk")
    )


def testimonial_communes(territory: Territory) -> QuerySet[Commune]:
    """The communes a testimonial may name: the territory's own."""
    return Commune.objects.filter(territory=territory).order_by("name", "pk")
