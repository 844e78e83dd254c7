"""Everything the platform holds about one person, for their download (GDPR art. 15 and 20).

One function reads it all, in a fixed number of queries whatever the person holds (asserted by
the tests), so that a person with years of bookings gets their file as fast as a newcomer.

Officers' private notes on the person's cases are included: they are personal data about the
person (art. 15), and the privacy page tells both households and officers so. Staff reads of the
cases (the access log) are included too: they say who received the data (art. 15(1)(c)).
"""

from collections import defaultdict
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from alpsatellites.accounts.models import ApiToken, RoleAssignment, User
from alpsatellites.territories.models import Territory
from alpsatellites.workspaces.models import Booking, BookingStatus

from ..models import (
    CaseAccessLog,
    CaseAttachment,
    CaseMessage,
    CaseNote,
    Consent,
    ConsentPurpose,
    StayApplication,
    Testimonial,
    WelcomeCase,
)

FORMAT_VERSION = 1


def public_name(person: User | None) -> str:
    """How the household sees a member of staff: their public officer name when they have one."""
    if person is None:
        return ""
    try:
        return str(person.officer_profile.public_name)
    except ObjectDoesNotExist:
        return person.name


def consents_of(user: User) -> QuerySet[Consent]:
    """The consents the person gave, newest first, with the case each one is about."""
    return Consent.objects.filter(user=user).select_related("case").order_by("-given_at", "-pk")


def withdrawable(consent: Consent) -> bool:
    """Only the welcome consent can be withdrawn here (a testimonial is withdrawn by deleting
    it with the account; a stay application by withdrawing the application)."""
    return consent.purpose == ConsentPurpose.WELCOME_REQUEST and consent.withdrawn_at is None


def upcoming_bookings(user: User) -> QuerySet[Booking]:
    """Bookings still to come: the delete page warns that their seats stay held."""
    return Booking.objects.filter(
        user=user,
        ends_at__gt=timezone.now(),
        status__in=[BookingStatus.PENDING, BookingStatus.CONFIRMED],
    )


def _cases(user: User) -> QuerySet[WelcomeCase]:
    staff = ("author", "author__officer_profile")
    return (
        WelcomeCase.objects.filter(household=user)
        .select_related("territory", "grouping", "commune")
        .prefetch_related(
            "stage_changes",
            "tasks",
            Prefetch("messages", CaseMessage.objects.select_related(*staff)),
            Prefetch("attachments", CaseAttachment.objects.order_by("created_at", "pk")),
            Prefetch("notes", CaseNote.objects.select_related(*staff)),
            Prefetch(
                "access_log", CaseAccessLog.objects.select_related("user", "user__officer_profile")
            ),
        )
        .order_by("created_at", "pk")
    )


def _case(case: WelcomeCase) -> dict[str, Any]:
    files: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for attachment in case.attachments.all():
        files[attachment.message_id].append(
            {
                "name": attachment.original_name,
                "size_bytes": attachment.size,
                "type": attachment.content_type,
            }
        )
    return {
        "id": case.pk,
        "territory": case.territory.name,
        "grouping": case.grouping.name if case.grouping else None,
        "commune": case.commune.name if case.commune else None,
        "stage": case.stage,
        "closing_reason": case.closing_reason,
        "requested_at": case.created_at,
        "closed_at": case.closed_at,
        "first_response_at": case.first_response_at,
        "contact": {
            "name": case.contact_name,
            "email": case.contact_email,
            "phone": case.contact_phone,
            "language": case.language,
        },
        "shared_profile": case.profile,
        "stage_history": [
            {"from": change.from_stage, "to": change.to_stage, "at": change.changed_at}
            for change in case.stage_changes.all()
        ],
        "messages": [
            {
                "at": message.created_at,
                "from_household": message.from_household,
                "author": public_name(message.author),
                "body": message.body,
                "attachments": files.pop(message.pk, []),
            }
            for message in case.messages.all()
        ],
        "other_attachments": [item for group in files.values() for item in group],
        "tasks": [
            {"title": task.title, "due_on": task.due_on, "done_at": task.done_at}
            for task in case.tasks.all()
        ],
        "officer_notes": [
            {"at": note.created_at, "author": public_name(note.author), "body": note.body}
            for note in case.notes.all()
        ],
        "read_by_staff": [
            {"at": entry.at, "by": public_name(entry.user), "action": entry.action}
            for entry in case.access_log.all()
        ],
    }


def personal_data(user: User) -> dict[str, Any]:
    """The person's whole file as plain data (dates and decimals as Python objects: the caller
    serialises). Never a secret: API tokens by name and dates only, no password hash."""
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now(),
        "account": {
            "name": user.name,
            "email": user.email,
            "language": user.language,
            "date_joined": user.date_joined,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
        },
        "roles": [
            {
                "role": assignment.role,
                "territory": assignment.territory.name if assignment.territory else None,
                "grouping": assignment.grouping.name if assignment.grouping else None,
                "granted_at": assignment.granted_at,
            }
            for assignment in RoleAssignment.objects.filter(user=user)
            .select_related("territory", "grouping")
            .order_by("pk")
        ],
        "api_tokens": [
            {
                "name": token.name,
                "created_at": token.created_at,
                "last_used_at": token.last_used_at,
                "revoked_at": token.revoked_at,
            }
            for token in ApiToken.objects.filter(user=user).order_by("pk")
        ],
        "bookings": [
            {
                "workspace": booking.resource.workspace.name,
                "resource": booking.resource.name,
                "starts_at": booking.starts_at,
                "ends_at": booking.ends_at,
                "seats": booking.seats,
                "status": booking.status,
                "price_eur": booking.price,
                "note": booking.note,
                "booked_at": booking.created_at,
                "cancelled_at": booking.cancelled_at,
                "checked_in_at": booking.checked_in_at,
            }
            for booking in Booking.objects.filter(user=user)
            .select_related("resource__workspace")
            .order_by("starts_at", "pk")
        ],
        "welcome_cases": [_case(case) for case in _cases(user)],
        "consents": [
            {
                "purpose": consent.purpose,
                "words": consent.wording,
                "language": consent.language,
                "given_at": consent.given_at,
                "withdrawn_at": consent.withdrawn_at,
                "case": consent.case_id,
            }
            for consent in Consent.objects.filter(user=user).order_by("given_at", "pk")
        ],
        "stay_applications": [
            {
                "stay": application.stay.title,
                "first_day": application.stay.starts_on,
                "last_day": application.stay.ends_on,
                "people": application.people,
                "message": application.message,
                "status": application.status,
                "applied_at": application.created_at,
                "decided_at": application.decided_at,
            }
            for application in StayApplication.objects.filter(household=user)
            .select_related("stay")
            .order_by("created_at", "pk")
        ],
        "testimonials": [
            {
                "territory": testimonial.territory.name,
                "signature": testimonial.signature,
                "quote": testimonial.quote,
                "language": testimonial.language,
                "status": testimonial.status,
                "consent_given_at": testimonial.consent_given_at,
                "written_at": testimonial.created_at,
            }
            for testimonial in Testimonial.objects.filter(author=user)
            .select_related("territory")
            .order_by("created_at", "pk")
        ],
    }


def controllers() -> QuerySet[Territory]:
    """Who is responsible for the data (the privacy page): each published territory, for its
    welcome service."""
    territories: QuerySet[Territory] = (
        Territory.objects.public().select_related("welcome_service").order_by("name")
    )
    return territories
