"""What welcome officers do on a case: move it along its stages, hand it over, plan and tick off
tasks, keep private notes.

Every function takes a case the caller obtained through `access.case_open` (or `cases_for`), so
the acting user may read it; what is checked here are the rules of the case itself. The case row
is locked first in each write (SELECT … FOR UPDATE on PostgreSQL; SQLite's writing transaction is
BEGIN IMMEDIATE), so two officers acting at once see each other's stage, never a stale one.
"""

import calendar
import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alpsatellites.accounts.models import Role, RoleAssignment, User
from alpsatellites.core.date_range import in_range, out_of_range_message
from alpsatellites.core.errors import Invalid, NotFound

from ..models import (
    CaseNote,
    CaseStageChange,
    CaseTask,
    ClosingReason,
    Stage,
    WelcomeCase,
)
from ..models.cases import STAGE_ORDER
from ..selectors.inbox import case_assignees, case_readers

MAX_TITLE = 200
MAX_NOTE = 5000
# The follow-ups a settled case gets, in months after the day it settled.
FOLLOW_UPS = ((6, Stage.FOLLOW_UP_6), (12, Stage.FOLLOW_UP_12))


def _locked(case: WelcomeCase) -> WelcomeCase:
    locked = WelcomeCase.objects.select_for_update(of=("self",)).filter(pk=case.pk).first()
    if locked is None:
        raise NotFound(_("No such welcome case."))
    return locked


def stage_targets(stage: str) -> list[str]:
    """The stages a case at `stage` may move to: any later one (a discovery stay is optional),
    the one just before (to correct a mistake), or closed. A closed case stays closed."""
    if stage == Stage.CLOSED:
        return []
    position = STAGE_ORDER.index(Stage(stage))
    earlier = [STAGE_ORDER[position - 1]] if position > 0 else []
    return [*earlier, *STAGE_ORDER[position + 1 :], Stage.CLOSED]


def _months_later(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def case_stage_set(
    *, user: User, case: WelcomeCase, stage: str, closing_reason: str = ""
) -> WelcomeCase:
    """Move `case` to `stage` and write the move down. Closing needs a reason and dates the
    closing; settling plans the follow-up calls at 6 and 12 months."""
    if stage not in Stage.values:
        raise Invalid(_("Choose a stage."), field="stage", code="unknown_stage")
    if stage == Stage.CLOSED and closing_reason not in ClosingReason.values:
        raise Invalid(_("Say why the case is closed."), field="closing_reason", code="required")
    with transaction.atomic():
        locked = _locked(case)
        if stage not in stage_targets(locked.stage):
            raise Invalid(
                _("A case at the stage “%(current)s” cannot move to “%(stage)s”.")
                % {"current": Stage(locked.stage).label, "stage": Stage(stage).label},
                field="stage",
                code="invalid_transition",
            )
        now = timezone.now()
        CaseStageChange.objects.create(
            case=locked, from_stage=locked.stage, to_stage=stage, changed_by=user
        )
        locked.stage = stage
        locked.stage_changed_at = now
        locked.closing_reason = closing_reason if stage == Stage.CLOSED else ""
        locked.closed_at = now if stage == Stage.CLOSED else None
        locked.save(update_fields=["stage", "stage_changed_at", "closing_reason", "closed_at"])
        if stage == Stage.SETTLED:
            _plan_follow_ups(user=user, case=locked)
    return locked


def _plan_follow_ups(*, user: User, case: WelcomeCase) -> None:
    today = timezone.localdate()
    # Task titles are stored text: written in the language of the officer who will read them.
    language = (case.assigned_to.language if case.assigned_to else "") or user.language
    with translation.override(language or None):
        CaseTask.objects.bulk_create(
            CaseTask(
                case=case,
                title=str(follow_up.label),
                due_on=_months_later(today, months),
                assigned_to=case.assigned_to,
                created_by=user,
            )
            for months, follow_up in FOLLOW_UPS
        )


def case_assign(*, user: User, case: WelcomeCase, assignee: User | None) -> WelcomeCase:
    """Hand `case` to `assignee` (None: to nobody in particular). Only a welcome officer or the
    staff of the case's territory may take it; an officer of another grouping takes the case
    into their grouping."""
    with transaction.atomic():
        locked = _locked(case)
        if assignee is not None:
            if not case_assignees(locked).filter(pk=assignee.pk).exists():
                raise Invalid(
                    _("Choose a welcome officer or a staff member of this territory."),
                    field="assignee",
                    code="not_in_territory",
                )
            groupings = set(
                RoleAssignment.objects.filter(
                    user=assignee,
                    role=Role.WELCOME_OFFICER,
                    grouping__territory_id=locked.territory_id,
                ).values_list("grouping_id", flat=True)
            )
            if groupings and locked.grouping_id not in groupings:
                locked.grouping_id = min(groupings)
        locked.assigned_to = assignee
        locked.save(update_fields=["assigned_to", "grouping"])
    return locked


def case_task_add(
    *,
    user: User,
    case: WelcomeCase,
    title: str,
    due_on: datetime.date,
    assignee: User | None = None,
) -> CaseTask:
    """A task on `case`, for one of the people who may read it (or for whoever follows it)."""
    title = title.strip()
    if not title:
        raise Invalid(_("Say what is to be done."), field="title", code="required")
    if len(title) > MAX_TITLE:
        raise Invalid(
            _("A task holds up to %(count)s characters.") % {"count": MAX_TITLE},
            field="title",
            code="too_long",
        )
    if not in_range(due_on):
        raise Invalid(out_of_range_message(), field="due_on", code="date_out_of_range")
    with transaction.atomic():
        locked = _locked(case)
        if locked.is_closed:
            raise Invalid(_("This case is closed."), field="title", code="closed")
        if assignee is not None and not case_readers(locked).filter(pk=assignee.pk).exists():
            raise Invalid(
                _("Choose someone who may read this case."),
                field="assignee",
                code="not_a_reader",
            )
        return CaseTask.objects.create(
            case=locked, title=title, due_on=due_on, assigned_to=assignee, created_by=user
        )


def case_task_complete(*, user: User, case: WelcomeCase, task_id: int) -> CaseTask:
    """Tick off a task of `case` (ticking it twice keeps the first time)."""
    with transaction.atomic():
        task = CaseTask.objects.select_for_update().filter(pk=task_id, case_id=case.pk).first()
        if task is None:
            raise NotFound(_("No such task on this case."))
        if task.done_at is None:
            task.done_at = timezone.now()
            task.save(update_fields=["done_at"])
    return task


def case_note_add(*, user: User, case: WelcomeCase, body: str) -> CaseNote:
    """A private note: read by the officers and staff of the case, never by the household."""
    body = body.strip()
    if not body:
        raise Invalid(_("Write the note."), field="body", code="required")
    if len(body) > MAX_NOTE:
        raise Invalid(
            _("A note holds up to %(count)s characters.") % {"count": MAX_NOTE},
            field="body",
            code="too_long",
        )
    with transaction.atomic():
        return CaseNote.objects.create(case=case, author=user, body=body)
