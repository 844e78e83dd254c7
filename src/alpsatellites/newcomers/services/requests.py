"""A household asks for support: the welcome request opens a case routed to the right officers.

Routing: the case belongs to the chosen commune's grouping, whose officers answer it
(`case_followers` falls back to the territory staff when the grouping has none); a request that
names no commune has no grouping and the territory staff answer it.

One open case per household and territory: a second request is refused with `RequestAlreadyOpen`,
which names the open case, and the pages send the person there to write. One conversation with
one team is easier to follow for both sides than two cases answered apart, and nothing the person
typed is silently merged into a thread they did not choose.

Lock order: the household's user row first (two requests of one person are served one after the
other), then the writes. On SQLite the IMMEDIATE transaction takes the write lock instead.
"""

import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alpsatellites.accounts.models import User
from alpsatellites.core.errors import Conflict, Invalid, NotFound
from alpsatellites.core.formats import phone_e164
from alpsatellites.matching.profile import NeedsProfile
from alpsatellites.territories.models import Commune, Territory

from ..models import (
    CaseStageChange,
    ClosingReason,
    Consent,
    ConsentPurpose,
    Stage,
    WelcomeCase,
)
from ..selectors.cases import household_cases
from ..selectors.household import household_open_case
from ..tasks import notify_on_commit
from .messages import MAX_BODY, case_message_post

MAX_NAME = 200


class RequestAlreadyOpen(Conflict):
    """The person already has an open case in this territory: `case_id` is where to write."""

    def __init__(self, case_id: int) -> None:
        self.case_id = case_id
        super().__init__(
            _(
                "You already have an open request here: write to the welcome team on its page "
                "rather than sending a new one."
            ),
            code="open_case",
        )


def _checked(
    *,
    territory: Territory,
    commune: Commune | None,
    contact_name: str,
    contact_phone: str,
    message: str,
    consent_wording: str,
    language: str,
) -> tuple[str, str, str]:
    """(name, phone in E.164 or "", message), or Invalid naming the field — before any write."""
    if commune is not None and commune.territory_id != territory.pk:
        raise Invalid(_("Choose a commune of this territory."), field="commune")
    name = contact_name.strip()
    if not name or len(name) > MAX_NAME:
        raise Invalid(
            _("Tell us your name (up to %(count)s characters).") % {"count": MAX_NAME},
            field="contact_name",
        )
    phone = ""
    if contact_phone.strip():
        phone = phone_e164(contact_phone, territory.country)
        if not phone:
            raise Invalid(
                _("This phone number cannot be read: write it with its country code, e.g. +33…"),
                field="contact_phone",
            )
    body = message.strip()
    if not body or len(body) > MAX_BODY:
        raise Invalid(
            _("Tell the welcome team what you need (up to %(count)s characters).")
            % {"count": MAX_BODY},
            field="message",
        )
    if not consent_wording.strip():
        raise Invalid(_("Your consent is needed to send the request."), field="consent")
    if language not in dict(settings.LANGUAGES):
        raise Invalid(_("Unknown language."), field="language")
    return name, phone, body


def _by_key(user: User, request_key: uuid.UUID) -> WelcomeCase | None:
    return WelcomeCase.objects.filter(household=user, request_key=request_key).first()


def welcome_request_create(
    *,
    user: User,
    territory: Territory,
    commune: Commune | None,
    contact_name: str,
    contact_phone: str,
    message: str,
    profile: NeedsProfile | None,
    consent_wording: str,
    language: str,
    request_key: uuid.UUID,
) -> WelcomeCase:
    """Open the case of `user`'s welcome request; the same `request_key` returns the same case.

    `profile` is None when the person did not share one; `consent_wording` is the exact text
    they ticked, in `language`. Raises Invalid (a field) or RequestAlreadyOpen; writes nothing
    then. After commit: the acknowledgement to the household and the news to the officers.
    """
    existing = _by_key(user, request_key)
    if existing is not None:
        return existing
    name, phone, body = _checked(
        territory=territory,
        commune=commune,
        contact_name=contact_name,
        contact_phone=contact_phone,
        message=message,
        consent_wording=consent_wording,
        language=language,
    )
    try:
        with transaction.atomic():
            User.objects.select_for_update().filter(pk=user.pk).first()
            # The same request may have been served while this one waited for the lock.
            existing = _by_key(user, request_key)
            if existing is not None:
                return existing
            open_case = household_open_case(user, territory)
            if open_case is not None:
                raise RequestAlreadyOpen(open_case.pk)
            case = WelcomeCase.objects.create(
                territory=territory,
                grouping=commune.grouping if commune is not None else None,
                commune=commune,
                household=user,
                contact_name=name,
                contact_email=user.email,
                contact_phone=phone,
                language=language,
                profile=profile.to_dict() if profile is not None else {},
                request_key=request_key,
            )
            CaseStageChange.objects.create(
                case=case, from_stage="", to_stage=Stage.NEW, changed_by=user
            )
            Consent.objects.create(
                user=user,
                case=case,
                purpose=ConsentPurpose.WELCOME_REQUEST,
                wording=consent_wording.strip(),
                language=language,
            )
            # The officers hear of it as a new request, not as a new message.
            case_message_post(case=case, author=user, body=body, from_household=True, notify=False)
            notify_on_commit("welcome_request_to_household", case.pk)
            notify_on_commit("welcome_request_to_officers", case.pk)
            return case
    except IntegrityError:
        # Lost a race against the same request (the unique key): hand back the winner's case.
        existing = _by_key(user, request_key)
        if existing is None:
            raise
        return existing


def welcome_request_withdraw(*, user: User, case_id: int) -> WelcomeCase:
    """The household withdraws its request: the case closes (reason: withdrawn), the consent is
    withdrawn and the needs profile shared under it is removed from the case."""
    with transaction.atomic():
        case = household_cases(user).select_for_update().filter(pk=case_id).first()
        if case is None:
            raise NotFound(_("No such welcome case."))
        if case.is_closed:
            raise Invalid(_("This request is already closed."), code="closed")
        now = timezone.now()
        CaseStageChange.objects.create(
            case=case, from_stage=case.stage, to_stage=Stage.CLOSED, changed_by=user
        )
        case.stage = Stage.CLOSED
        case.closing_reason = ClosingReason.WITHDRAWN
        case.closed_at = now
        case.stage_changed_at = now
        case.profile = {}
        case.save(
            update_fields=["stage", "closing_reason", "closed_at", "stage_changed_at", "profile"]
        )
        Consent.objects.filter(case=case, withdrawn_at__isnull=True).update(withdrawn_at=now)
        notify_on_commit("welcome_request_withdrawn", case.pk)
    return case
