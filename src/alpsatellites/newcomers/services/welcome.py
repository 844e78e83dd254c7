"""Writes behind the public welcome page: testimonials (submitted, then moderated) and the
invalidation of the cached page whenever what it shows changes.

The welcome page is cached per territory (core.cache); every write here that changes what it
shows renews the territory's pages once the transaction commits.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from alpsatellites.accounts.models import Role, RoleAssignment, User
from alpsatellites.core.cache import content_changed_on_commit
from alpsatellites.core.errors import Conflict, Invalid
from alpsatellites.territories.models import Commune, Territory

from ..models import Consent, ConsentPurpose, OfficerProfile, Testimonial, TestimonialStatus


def welcome_page_changed(*, territory_ids: Iterable[int]) -> None:
    """These territories' welcome pages (and the rest of their cached pages) are stale."""
    slugs = Territory.objects.filter(pk__in=set(territory_ids)).values_list("slug", flat=True)
    content_changed_on_commit(territory_slugs=list(slugs))


def officer_profile_changed(*, profile: OfficerProfile) -> None:
    """An officer's public card changed: the pages of every territory where they welcome."""
    welcome_page_changed(
        territory_ids=RoleAssignment.objects.filter(
            user_id=profile.user_id, role=Role.WELCOME_OFFICER, territory__isnull=False
        ).values_list("territory_id", flat=True)
    )


@transaction.atomic
def testimonial_submit(
    *,
    territory: Territory,
    author: User,
    signature: str,
    quote: str,
    commune: Commune | None,
    language: str,
    consent_wording: str,
) -> Testimonial:
    """Record the author's consent to publication with its exact words, then the testimonial,
    which waits for a moderator. One testimonial awaiting moderation per person and territory:
    a double click or a resubmission does not queue twins."""
    if commune is not None and commune.territory_id != territory.pk:
        raise Invalid(code="commune", field="commune")
    if not signature.strip() or not quote.strip():
        raise Invalid(code="empty", field="quote")
    # Lock the author's row: two submissions at once must not both pass the check below.
    User.objects.select_for_update().filter(pk=author.pk).first()
    if Testimonial.objects.filter(
        territory=territory, author=author, status=TestimonialStatus.PENDING
    ).exists():
        raise Conflict(code="testimonial_pending")
    consent = Consent.objects.create(
        user=author, purpose=ConsentPurpose.TESTIMONIAL, wording=consent_wording, language=language
    )
    return Testimonial.objects.create(
        territory=territory,
        commune=commune,
        author=author,
        signature=signature.strip(),
        quote=quote.strip(),
        language=language,
        consent_given_at=consent.given_at,
    )


@transaction.atomic
def testimonials_moderate(
    *, testimonials: QuerySet[Testimonial], moderator: User, status: TestimonialStatus
) -> int:
    """Publish or reject; the caller passes only the rows the moderator may change (scoped).
    Returns how many changed."""
    if status == TestimonialStatus.PENDING:
        raise Invalid(code="status", field="status")
    rows = list(testimonials.select_for_update().exclude(status=status))
    for testimonial in rows:
        testimonial.status = status
        testimonial.moderated_by = moderator
        testimonial.moderated_at = timezone.now()
        testimonial.save(update_fields=["status", "moderated_by", "moderated_at"])
    if rows:
        welcome_page_changed(territory_ids=[row.territory_id for row in rows])
    return len(rows)
