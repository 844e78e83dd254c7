"""What a household reads about its own cases, and who answers a case, in the household's words.

Every read here starts from `household_cases(user)`: a person sees the cases they opened and
nothing else — another household's case or file is a 404, like one that does not exist.
"""

from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from alpsatellites.accounts.models import User
from alpsatellites.territories.models import Commune, Territory

from ..models import OPEN_STAGES, CaseAttachment, CaseMessage, OfficerProfile, WelcomeCase
from .cases import household_cases
from .officers import case_followers


def household_case_list(user: User) -> QuerySet[WelcomeCase]:
    """The person's cases, newest first, each with its last message (one query)."""
    last = CaseMessage.objects.filter(case=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        household_cases(user)
        .select_related("territory", "grouping", "commune", "assigned_to__officer_profile")
        .annotate(
            last_message_body=Subquery(last.values("body")[:1]),
            last_message_at=Subquery(last.values("created_at")[:1]),
            last_message_from_household=Subquery(last.values("from_household")[:1]),
        )
    )


def household_case(user: User, case_id: int) -> WelcomeCase:
    """One of the person's cases, or 404."""
    case: WelcomeCase = get_object_or_404(
        household_cases(user).select_related(
            "territory", "grouping", "commune", "assigned_to__officer_profile"
        ),
        pk=case_id,
    )
    return case


def household_open_case(user: User, territory: Territory) -> WelcomeCase | None:
    """The person's open case in `territory`: there is at most one (the request service)."""
    return (
        household_cases(user)
        .filter(territory=territory, stage__in=OPEN_STAGES)
        .order_by("-created_at", "-pk")
        .first()
    )


def household_attachment(user: User, case_id: int, attachment_id: int) -> CaseAttachment:
    """A file of one of the person's cases, or 404."""
    attachment: CaseAttachment = get_object_or_404(
        CaseAttachment.objects.filter(case__in=household_cases(user)),
        case_id=case_id,
        pk=attachment_id,
    )
    return attachment


def case_thread(case: WelcomeCase) -> list[CaseMessage]:
    """The messages of `case`, oldest first, with their files and their authors' public names."""
    return list(
        case.messages.select_related("author__officer_profile").prefetch_related("attachments")
    )


def request_communes(territory: Territory) -> list[Commune]:
    """The communes a request may name, by grouping then name (the form groups them)."""
    return list(
        Commune.objects.filter(territory=territory)
        .select_related("grouping")
        .order_by("grouping__name", "name")
    )


def public_officers(users: list[User]) -> list[OfficerProfile]:
    """The public profiles among `users`: only officers who chose to be shown are named."""
    return list(OfficerProfile.objects.filter(user__in=[user.pk for user in users], is_public=True))


def case_answerers(case: WelcomeCase) -> list[OfficerProfile]:
    """The named officers who answer `case`; empty when the territory team answers it."""
    return public_officers(case_followers(case))
