"""The person's own control over their data (GDPR art. 16 and 7(3)): their name, their consents.

Erasure and anonymisation live apart (services.erasure): they touch every domain.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alpsatellites.accounts.models import User
from alpsatellites.core.errors import Invalid, NotFound

from ..models import Consent, ConsentPurpose, WelcomeCase

NAME_MAX_LENGTH = 200


def account_name_set(*, user: User, name: str) -> bool:
    """Rectify the person's name; whether it changed. Their open cases keep the name they gave
    at request time until an officer changes it: the officers must see who wrote to them."""
    name = " ".join(name.split())
    if not name:
        raise Invalid(_("Enter your name."), field="name", code="required")
    if len(name) > NAME_MAX_LENGTH:
        raise Invalid(
            _("A name holds up to %(count)s characters.") % {"count": NAME_MAX_LENGTH},
            field="name",
            code="too_long",
        )
    if name == user.name:
        return False
    user.name = name
    user.save(update_fields=["name"])
    return True


@transaction.atomic
def consent_withdraw(*, user: User, consent_id: int) -> Consent:
    """Withdraw the person's consent to share their needs profile with the welcome officers.

    Withdrawal stops the sharing, it does not end the support: the profile is removed from the
    case at once; the case, its thread and the contact details the person gave stay, so the
    officers can still answer them. Closing the case or deleting the account is a separate act.
    Another person's consent, or one already withdrawn, answers NotFound.
    """
    consent = (
        Consent.objects.select_for_update()
        .filter(
            pk=consent_id,
            user=user,
            purpose=ConsentPurpose.WELCOME_REQUEST,
            withdrawn_at__isnull=True,
        )
        .first()
    )
    if consent is None:
        raise NotFound(_("No such consent to withdraw."))
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    if consent.case_id is not None:
        WelcomeCase.objects.filter(pk=consent.case_id, household=user).update(profile={})
    return consent
