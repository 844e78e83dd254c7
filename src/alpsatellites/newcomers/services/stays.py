"""Discovery stays: officers offer them, households apply, officers accept or decline.

The capacity (households) is never exceeded, with the guarantees of the booking service
(workspaces/services.py): every write that changes who holds a place runs in one transaction
that first locks the stay row (SELECT … FOR UPDATE on PostgreSQL; on SQLite every write
transaction starts with BEGIN IMMEDIATE, settings: transaction_mode), then counts the accepted
applications. Two officers accepting the last place at once take turns: one wins, the other is
told the stay is full.

Lock order, never reversed: stay → application → booking → resource. The coworking pass is
booked and cancelled through the booking service (which locks the booking, then the resource)
inside the same transaction, so a refused booking refuses the acceptance and writes nothing.
"""

import datetime
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alpsatellites.accounts.models import User
from alpsatellites.core.errors import Conflict, Invalid, NotFound
from alpsatellites.core.logs import log_event
from alpsatellites.territories.models import Commune, Grouping
from alpsatellites.workspaces.models import Resource, WorkspaceStatus

from ..models import (
    OPEN_STAGES,
    ApplicationStatus,
    Consent,
    ConsentPurpose,
    DiscoveryStay,
    StayApplication,
    StayStatus,
    WelcomeCase,
)
from ..selectors.stays import staff_groupings, stay_today, stays_for_staff
from ..tasks import notify_on_commit
from .stay_pass import pass_book, pass_check, pass_release

logger = logging.getLogger(__name__)

MAX_STAY_DAYS = 30
MAX_CAPACITY = 50
MAX_PEOPLE = 12
MAX_MESSAGE = 2000
# Texts a stay has in each language; the territory's default language must have the first three.
REQUIRED_TEXTS = ("title", "description", "accommodation")
TEXT_LIMITS = {"title": 200, "description": 5000, "accommodation": 2000, "meetings": 2000}
LIVE = (ApplicationStatus.PENDING, ApplicationStatus.ACCEPTED)


@dataclass(frozen=True)
class StayText:
    """The words of a stay in one language."""

    title: str = ""
    description: str = ""
    accommodation: str = ""
    meetings: str = ""


@dataclass(frozen=True)
class StayFields:
    """Everything an officer sets on a stay. `texts` maps a language code to its words."""

    grouping_id: int
    commune_id: int
    texts: Mapping[str, StayText]
    accommodation_partner: str
    starts_on: datetime.date
    ends_on: datetime.date
    capacity: int
    price: Decimal
    workspace_resource_id: int | None = None


def stay_consent_wording(stay: DiscoveryStay) -> str:
    """The words a household agrees to when it applies, in the active language: the form shows
    them beside the checkbox and the service records them, so what is stored is what was read."""
    return _(
        "I agree that the organisers of this stay, the welcome officers of %(grouping)s, read my "
        "application and my message and contact me about this stay."
    ) % {"grouping": stay.grouping.name}


# ---- officers: offering stays ----------------------------------------------------------------


def _staff_stay(user: User, stay_id: int, *, lock: bool) -> DiscoveryStay:
    stays = stays_for_staff(user).select_related("territory", "grouping", "commune")
    if lock:
        stays = stays.select_for_update(of=("self",))
    stay = stays.filter(pk=stay_id).first()
    if stay is None:
        raise NotFound(_("No such discovery stay among those you organise."))
    return stay


def _checked_grouping(user: User, fields: StayFields) -> tuple[Grouping, Commune]:
    grouping = staff_groupings(user).filter(pk=fields.grouping_id).first()
    if grouping is None:
        raise Invalid(_("Choose one of the groupings you follow."), field="grouping")
    commune = Commune.objects.filter(pk=fields.commune_id, grouping=grouping).first()
    if commune is None:
        raise Invalid(_("Choose a commune of this grouping."), field="commune")
    return grouping, commune


def _check_texts(fields: StayFields, default_language: str) -> None:
    for code, text in fields.texts.items():
        if code not in dict(settings.LANGUAGES):
            raise Invalid(_("Unknown language."), field=f"title_{code}")
        for name, limit in TEXT_LIMITS.items():
            if len(getattr(text, name)) > limit:
                raise Invalid(
                    _("Up to %(count)s characters.") % {"count": limit}, field=f"{name}_{code}"
                )
    default = fields.texts.get(default_language, StayText())
    for name in REQUIRED_TEXTS:
        if not getattr(default, name).strip():
            raise Invalid(
                _("Required in the territory's main language."), field=f"{name}_{default_language}"
            )
    if not fields.accommodation_partner.strip():
        raise Invalid(
            _("Name the partner who hosts the households."), field="accommodation_partner"
        )


def _check_terms(fields: StayFields, today: datetime.date) -> None:
    if fields.starts_on < today:
        raise Invalid(_("The first day cannot be in the past."), field="starts_on")
    if fields.ends_on < fields.starts_on:
        raise Invalid(_("The last day cannot be before the first."), field="ends_on")
    if (fields.ends_on - fields.starts_on).days + 1 > MAX_STAY_DAYS:
        raise Invalid(
            _("A stay lasts at most %(days)s days.") % {"days": MAX_STAY_DAYS}, field="ends_on"
        )
    if not 1 <= fields.capacity <= MAX_CAPACITY:
        raise Invalid(
            _("Between 1 and %(count)s households.") % {"count": MAX_CAPACITY}, field="capacity"
        )
    if fields.price < 0:
        raise Invalid(_("The price cannot be negative."), field="price")


def _checked_resource(fields: StayFields, grouping: Grouping) -> Resource | None:
    if fields.workspace_resource_id is None:
        return None
    resource: Resource | None = (
        Resource.objects.public()
        .select_related("workspace__territory")
        .filter(
            pk=fields.workspace_resource_id,
            workspace__territory_id=grouping.territory_id,
            workspace__status=WorkspaceStatus.OPEN,
        )
        .first()
    )
    if resource is None:
        raise Invalid(
            _("Choose a bookable resource of an open workspace of the territory."),
            field="workspace_resource",
        )
    pass_check(resource, fields.starts_on, fields.ends_on)
    return resource


def _write(stay: DiscoveryStay, fields: StayFields, grouping: Grouping, commune: Commune) -> None:
    stay.territory, stay.grouping, stay.commune = grouping.territory, grouping, commune
    for code, _name in settings.LANGUAGES:
        text = fields.texts.get(code, StayText())
        for name in TEXT_LIMITS:
            setattr(stay, f"{name}_{code}", getattr(text, name).strip())
    stay.accommodation_partner = fields.accommodation_partner.strip()
    stay.workspace_resource_id = fields.workspace_resource_id
    stay.starts_on, stay.ends_on = fields.starts_on, fields.ends_on
    stay.capacity, stay.price = fields.capacity, fields.price
    stay.full_clean(exclude=["created_by", "workspace_resource"], validate_unique=False)
    stay.save()


def _checked(user: User, fields: StayFields) -> tuple[Grouping, Commune]:
    grouping, commune = _checked_grouping(user, fields)
    _check_texts(fields, grouping.territory.default_language)
    _check_terms(fields, stay_today(grouping.territory))
    _checked_resource(fields, grouping)
    return grouping, commune


def stay_create(*, user: User, fields: StayFields) -> DiscoveryStay:
    """A new stay, as a draft: households see it once it is published."""
    grouping, commune = _checked(user, fields)
    with transaction.atomic():
        stay = DiscoveryStay(created_by=user, status=StayStatus.DRAFT)
        _write(stay, fields, grouping, commune)
    log_event(logger, "stay.created", stay=stay.pk, user=user.pk)
    return stay


def stay_update(*, user: User, stay_id: int, fields: StayFields) -> DiscoveryStay:
    """Change a stay. Once households are accepted, their dates and coworking pass are booked:
    those no longer change (cancel the stay instead), and the capacity keeps their places."""
    grouping, commune = _checked(user, fields)
    with transaction.atomic():
        stay = _staff_stay(user, stay_id, lock=True)
        if stay.status == StayStatus.CANCELLED:
            raise Invalid(_("This stay is cancelled."), code="cancelled")
        accepted = stay.applications.filter(status=ApplicationStatus.ACCEPTED).count()
        if accepted:
            moved = (stay.starts_on, stay.ends_on, stay.workspace_resource_id) != (
                fields.starts_on,
                fields.ends_on,
                fields.workspace_resource_id,
            )
            if moved:
                raise Conflict(
                    _(
                        "Households are already accepted: the dates and the coworking pass can "
                        "no longer change."
                    ),
                    field="starts_on",
                    code="accepted",
                )
            if fields.capacity < accepted:
                raise Conflict(
                    _("%(count)s households are already accepted.") % {"count": accepted},
                    field="capacity",
                    code="accepted",
                )
        _write(stay, fields, grouping, commune)
    return stay


def stay_publish(*, user: User, stay_id: int) -> DiscoveryStay:
    """Households of the territory can see the stay and apply."""
    with transaction.atomic():
        stay = _staff_stay(user, stay_id, lock=True)
        if stay.status != StayStatus.DRAFT:
            raise Invalid(_("Only a draft can be published."), code="not_draft")
        if stay.starts_on < stay_today(stay.territory):
            raise Invalid(_("This stay has already begun: change its dates first."), code="past")
        stay.status = StayStatus.PUBLISHED
        stay.save(update_fields=["status"])
    log_event(logger, "stay.published", stay=stay.pk, user=user.pk)
    return stay


def stay_cancel(*, user: User, stay_id: int) -> DiscoveryStay:
    """Call a stay off: accepted households lose their coworking pass and are told by e-mail."""
    with transaction.atomic():
        stay = _staff_stay(user, stay_id, lock=True)
        if stay.status == StayStatus.CANCELLED:
            return stay
        accepted = list(
            stay.applications.select_for_update(of=("self",))
            .select_related("household", "booking")
            .filter(status=ApplicationStatus.ACCEPTED)
        )
        for application in accepted:
            pass_release(application)
            notify_on_commit("stay_cancelled", application.pk)
        stay.status = StayStatus.CANCELLED
        stay.save(update_fields=["status"])
    log_event(logger, "stay.cancelled", stay=stay.pk, user=user.pk, accepted=len(accepted))
    return stay


# ---- households: applying --------------------------------------------------------------------


def _open_case(user: User, stay: DiscoveryStay) -> WelcomeCase | None:
    """The household's open case in the stay's territory, its grouping's first."""
    cases = WelcomeCase.objects.filter(
        household=user, territory_id=stay.territory_id, stage__in=OPEN_STAGES
    )
    return (
        cases.filter(grouping_id=stay.grouping_id).order_by("-created_at", "-pk").first()
        or cases.order_by("-created_at", "-pk").first()
    )


def _accepted_count(stay: DiscoveryStay) -> int:
    return stay.applications.filter(status=ApplicationStatus.ACCEPTED).count()


def _refuse_when_full(stay: DiscoveryStay) -> None:
    # Called with the stay row locked: no other transaction changes the count meanwhile.
    if _accepted_count(stay) >= stay.capacity:
        raise Conflict(_("This stay is full: every place has been given."), code="full")


def stay_application_create(
    *,
    user: User,
    stay_id: int,
    people: int,
    message: str,
    consent: bool,
    language: str,
    request_key: uuid.UUID,
) -> StayApplication:
    """A household applies to a published stay, sharing its application with the organisers.

    The same request_key from the same person returns the application already made (a double
    click, a retried request). A full stay, or a second live application, is refused (409).
    """
    message = message.strip()
    if not consent:
        raise Invalid(_("Your consent is needed to send the application."), field="consent")
    if not 1 <= people <= MAX_PEOPLE:
        raise Invalid(_("Between 1 and %(count)s people.") % {"count": MAX_PEOPLE}, field="people")
    if len(message) > MAX_MESSAGE:
        raise Invalid(_("Up to %(count)s characters.") % {"count": MAX_MESSAGE}, field="message")
    existing = StayApplication.objects.filter(household=user, request_key=request_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _apply(user, stay_id, people, message, language, request_key)
    except IntegrityError:
        # Lost a race against the same request (unique key): hand back the winner's application.
        existing = StayApplication.objects.filter(household=user, request_key=request_key).first()
        if existing is not None:
            return existing
        raise _already_applied() from None


def _already_applied() -> Conflict:
    return Conflict(
        _("You have already applied to this stay: see your applications."),
        code="already_applied",
    )


def _apply(
    user: User, stay_id: int, people: int, message: str, language: str, request_key: uuid.UUID
) -> StayApplication:
    stay = (
        DiscoveryStay.objects.select_for_update(of=("self",))
        .select_related("territory", "grouping")
        .filter(pk=stay_id, status=StayStatus.PUBLISHED, territory__is_published=True)
        .first()
    )
    if stay is None or stay.starts_on < stay_today(stay.territory):
        raise NotFound(_("No such discovery stay."))
    existing = StayApplication.objects.filter(household=user, request_key=request_key).first()
    if existing is not None:
        return existing
    _refuse_when_full(stay)
    if stay.applications.filter(household=user, status__in=LIVE).exists():
        raise _already_applied()
    case = _open_case(user, stay)
    application = StayApplication.objects.create(
        stay=stay,
        household=user,
        case=case,
        people=people,
        message=message,
        request_key=request_key,
    )
    with translation.override(language):
        wording = stay_consent_wording(stay)
    Consent.objects.create(
        user=user,
        case=case,
        purpose=ConsentPurpose.STAY_APPLICATION,
        wording=wording,
        language=language,
    )
    notify_on_commit("stay_application_received", application.pk)
    transaction.on_commit(
        lambda: log_event(logger, "stay.applied", stay=stay.pk, application=application.pk)
    )
    return application


# ---- deciding, withdrawing -------------------------------------------------------------------


def _locked_application(application_id: int, stay: DiscoveryStay) -> StayApplication:
    return (
        StayApplication.objects.select_for_update(of=("self",))
        .select_related("household", "booking")
        .get(pk=application_id, stay=stay)
    )


def stay_application_decide(*, user: User, application_id: int, accept: bool) -> StayApplication:
    """An officer accepts (a place, and the coworking pass booked for the stay's days) or
    declines an application. An accepted household may still be declined: its pass is cancelled."""
    found = (
        StayApplication.objects.filter(stay__in=stays_for_staff(user), pk=application_id)
        .values_list("stay_id", flat=True)
        .first()
    )
    if found is None:
        raise NotFound(_("No such application among the stays you organise."))
    with transaction.atomic():
        stay = _staff_stay(user, found, lock=True)
        application = _locked_application(application_id, stay)
        if accept:
            _accept(stay, application)
        elif application.status in LIVE:
            pass_release(application)
        else:
            raise Invalid(_("This application is no longer awaiting a decision."), code="decided")
        application.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.DECLINED
        application.decided_by, application.decided_at = user, timezone.now()
        application.save(update_fields=["status", "decided_by", "decided_at", "booking"])
        notify_on_commit("stay_application_decided", application.pk)
    log_event(logger, "stay.decided", application=application.pk, user=user.pk, accept=accept)
    return application


def _accept(stay: DiscoveryStay, application: StayApplication) -> None:
    if application.status != ApplicationStatus.PENDING:
        raise Invalid(_("This application is no longer awaiting a decision."), code="decided")
    if stay.status != StayStatus.PUBLISHED:
        raise Invalid(_("Only a published stay takes households."), code="not_published")
    if application.household is None:
        raise Invalid(_("This household's account no longer exists."), code="no_household")
    _refuse_when_full(stay)
    if stay.workspace_resource_id is not None:
        application.booking = pass_book(stay, application, application.household)


def stay_application_withdraw(*, user: User, application_id: int) -> StayApplication:
    """A household withdraws its application; an accepted one frees its place and its pass. The
    organisers are told: a place may be free again."""
    found = (
        StayApplication.objects.filter(household=user, pk=application_id)
        .values_list("stay_id", flat=True)
        .first()
    )
    if found is None:
        raise NotFound(_("No such application among yours."))
    with transaction.atomic():
        stay = DiscoveryStay.objects.select_for_update(of=("self",)).get(pk=found)
        application = _locked_application(application_id, stay)
        if application.status not in LIVE:
            raise Invalid(_("This application can no longer be withdrawn."), code="decided")
        pass_release(application)
        application.status = ApplicationStatus.WITHDRAWN
        application.save(update_fields=["status"])
        notify_on_commit("stay_application_withdrawn", application.pk)
    log_event(logger, "stay.withdrawn", application=application.pk, user=user.pk)
    return application
