"""Forgetting people (GDPR art. 17 and storage limitation) while keeping the statistics.

Two ways in, one way of forgetting a case: a person deletes their account (`account_erase`), or a
closed case outlives its territory's retention delay (`closed_cases_anonymise`, run daily by the
`anonymise_closed_cases` command or task). Both go through `case_anonymise`, which removes every
free text (officers may have written the person's name in a note, a task or a message) and every
file, and keeps what the dashboards count: stage history, dates, grouping, commune, closing reason.
"""

import datetime
import functools
import logging
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alpsatellites.accounts.models import ApiToken, RoleAssignment, User
from alpsatellites.core.logs import log_event
from alpsatellites.workspaces.models import Booking
from alpsatellites.workspaces.services import bookings_release_for_leaver

from ..models import (
    CaseAttachment,
    CaseMessage,
    CaseNote,
    CaseStageChange,
    CaseTask,
    ClosingReason,
    Consent,
    Stage,
    StayApplication,
    Testimonial,
    WelcomeCase,
    WelcomeService,
)

logger = logging.getLogger(__name__)

# What replaces a free text that must stay non-empty (a note, a task, a message): one neutral word,
# the same in every language, that no statistic reads.
ANONYMISED = "[anonymised]"
DEFAULT_RETENTION_MONTHS = 24


def _delete_files(storage: Storage, names: list[str]) -> None:
    """After commit only: a rolled-back anonymisation must not have lost the files."""
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            # The row is gone already; a file left behind is logged for the operator.
            logger.warning("anonymisation: could not delete the file %s", name, exc_info=True)


@transaction.atomic
def case_anonymise(*, case: WelcomeCase) -> WelcomeCase:
    """Remove everything that names or describes the household from `case`; keep its figures.

    An open case is closed first (reason "withdrawn"), so that it leaves the officers' inbox and
    the funnel still counts it. Anonymising twice changes nothing more.
    """
    now = timezone.now()
    case = WelcomeCase.objects.select_for_update().get(pk=case.pk)
    if not case.is_closed:
        CaseStageChange.objects.create(case=case, from_stage=case.stage, to_stage=Stage.CLOSED)
        case.stage = Stage.CLOSED
        case.closing_reason = ClosingReason.WITHDRAWN
        case.closed_at = now
        case.stage_changed_at = now
    attachments = list(CaseAttachment.objects.filter(case=case).only("pk", "file"))
    names = [attachment.file.name for attachment in attachments if attachment.file.name]
    if names:
        storage = attachments[0].file.storage
        transaction.on_commit(functools.partial(_delete_files, storage, names))
    CaseAttachment.objects.filter(case=case).delete()
    CaseMessage.objects.filter(case=case).update(body=ANONYMISED)
    CaseNote.objects.filter(case=case).update(body=ANONYMISED)
    CaseTask.objects.filter(case=case).update(title=ANONYMISED)
    StayApplication.objects.filter(case=case).update(message="")
    case.contact_name = ""
    case.contact_email = ""
    case.contact_phone = ""
    case.profile = {}
    case.household = None
    if case.anonymised_at is None:
        case.anonymised_at = now
    case.save()
    log_event(logger, "case.anonymised", case=case.pk, files=len(attachments))
    return case


def _scrub_history(user: User) -> None:
    """The platform's histories that may name the person. The back office's names people in
    `object_repr` and `change_message` ("Anne Martin — Welcome officer"): rows about the person
    go, rows that merely name them are blanked; rows the person wrote as an admin go with the user
    row (LogEntry.user cascades)."""
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).delete()
    LogEntry.objects.filter(_naming(user, "object_repr", "change_message")).update(
        object_repr=ANONYMISED, change_message=""
    )
    # A failed e-mail task keeps its traceback, and a mail server's refusal names the recipient.
    DBTaskResult.objects.filter(_naming(user, "traceback")).update(traceback=ANONYMISED)


def _naming(user: User, *fields: str) -> Q:
    """Rows whose `fields` hold the person's e-mail or (non-empty) name."""
    needles = [user.email, user.name.strip()]
    condition = Q(pk__in=[])
    for field in fields:
        for needle in filter(None, needles):
            condition |= Q(**{f"{field}__icontains": needle})
    return condition


def _person_sessions(user: User) -> Iterable[str]:
    """The keys of every stored session signed in as `user` (every device, expired or not), and
    of any other that holds their address (a sign-in or password reset left half-way)."""
    store = SessionStore()
    email = user.email.lower()
    for key, data in Session.objects.values_list("session_key", "session_data").iterator(
        chunk_size=2000
    ):
        decoded = store.decode(data)
        if str(decoded.get("_auth_user_id")) == str(user.pk) or email in repr(decoded).lower():
            yield key


@transaction.atomic
def account_erase(*, user: User) -> None:
    """Delete the person's account and everything that names them; keep anonymous statistics.

    Their welcome cases are anonymised (and closed), their bookings that have not started are
    cancelled (the seats go back to others), their other bookings and stay applications stay
    for the spaces' and stays' figures without them, their consents keep only the words agreed to
    (proof of what was asked), their testimonials are deleted. The caller signs them out.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    for case in WelcomeCase.objects.filter(household=user):
        case_anonymise(case=case)
    # An officer's note naming them can sit on someone else's case only by mistake; their own
    # cases are the ones that hold their words.
    bookings_release_for_leaver(user=user)
    Booking.objects.filter(user=user).update(user=None, note="")
    StayApplication.objects.filter(household=user).update(household=None, message="")
    Consent.objects.filter(user=user).update(user=None)
    Testimonial.objects.filter(author=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    ApiToken.objects.filter(user=user).delete()
    RoleAssignment.objects.filter(user=user).delete()
    Session.objects.filter(session_key__in=list(_person_sessions(user))).delete()
    _scrub_history(user)
    user_id = user.pk
    user.delete()
    log_event(logger, "account.erased", user=user_id)


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` earlier; the 31st becomes the month's last day."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def closed_cases_anonymise(*, now: datetime.datetime) -> int:
    """Anonymise every case closed at least its territory's `retention_months` before `now`
    (24 where the territory has no welcome service) and not anonymised yet; how many.

    Each case in its own transaction: a failure leaves the others done and is retried tomorrow.
    """
    retention = dict(WelcomeService.objects.values_list("territory_id", "retention_months"))
    pending = WelcomeCase.objects.filter(stage=Stage.CLOSED, anonymised_at__isnull=True)
    done = 0
    for territory_id in pending.order_by().values_list("territory_id", flat=True).distinct():
        cutoff = months_before(now, retention.get(territory_id, DEFAULT_RETENTION_MONTHS))
        for case in pending.filter(territory_id=territory_id, closed_at__lte=cutoff).order_by("pk"):
            case_anonymise(case=case)
            done += 1
    return done
