"""What a welcome officer reads on their home page and a case page, always within `cases_for`.

The inbox has to stay fast with ten thousand cases. The list is sorted and paginated on the cases'
ids alone (`inbox_cases`); only the page's cases are then read whole, with what they show
(`inbox_rows`), and the date of their last message in one query on the `message_thread` index.
Sorting whole rows (the joined commune and territory, the case's profile) and computing the last
message for every case before the LIMIT — as SQLite does — made a far page cost a second.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from alpsatellites.accounts.models import TERRITORY_EDITOR_ROLES, Role, User
from alpsatellites.accounts.scopes import editable_territory_ids
from alpsatellites.territories.models import Grouping

from ..models import CaseMessage, CaseTask, Stage, WelcomeCase
from .cases import cases_for

ASSIGNED_TO_ME = "me"
UNASSIGNED = "unassigned"
OVERDUE_SHOWN = 20


@dataclass(frozen=True)
class InboxFilters:
    stage: str = ""
    grouping_id: int | None = None
    assigned: str = ""  # "", ASSIGNED_TO_ME or UNASSIGNED
    awaiting_first_response: bool = False


def inbox_cases(user: User, filters: InboxFilters) -> QuerySet[WelcomeCase]:
    """The cases of the inbox, newest first; closed ones only when asked for by their stage.
    Paginate their ids (`.values_list("pk", flat=True)`) and read the page with `inbox_rows`."""
    cases = cases_for(user).order_by("-created_at", "-pk")
    if filters.stage:
        cases = cases.filter(stage=filters.stage)
    else:
        cases = cases.exclude(stage=Stage.CLOSED)
    if filters.grouping_id is not None:
        cases = cases.filter(grouping_id=filters.grouping_id)
    if filters.assigned == ASSIGNED_TO_ME:
        cases = cases.filter(assigned_to=user)
    elif filters.assigned == UNASSIGNED:
        cases = cases.filter(assigned_to__isnull=True)
    if filters.awaiting_first_response:
        cases = cases.filter(first_response_at__isnull=True).exclude(stage=Stage.CLOSED)
    return cases


def inbox_rows(ids: Sequence[int]) -> list[WelcomeCase]:
    """The cases `ids` (one page of `inbox_cases`, already scoped) in that order, with what a
    row shows, and `last_message_at` (None without a message): two queries."""
    cases = WelcomeCase.objects.select_related("territory", "commune", "grouping", "assigned_to")
    by_id = {case.pk: case for case in cases.filter(pk__in=ids)}
    rows = (
        CaseMessage.objects.filter(case__in=ids)
        .order_by()
        .values("case_id")
        .annotate(last=Max("created_at"))
    )
    last = {row["case_id"]: row["last"] for row in rows}
    page = [by_id[pk] for pk in ids if pk in by_id]
    for case in page:
        case.last_message_at = last.get(case.pk)  # type: ignore[attr-defined]
    return page


def stage_counts(user: User) -> dict[str, int]:
    """How many of the cases `user` follows are at each stage (every stage present, 0 or more)."""
    rows = cases_for(user).order_by().values("stage").annotate(n=Count("pk"))
    counts = {row["stage"]: row["n"] for row in rows}
    return {stage.value: counts.get(stage.value, 0) for stage in Stage}


def inbox_groupings(user: User) -> list[Grouping]:
    """The groupings the user's cases belong to: the choices of the inbox's grouping filter."""
    ids = cases_for(user).order_by().exclude(grouping=None).values("grouping_id").distinct()
    return list(Grouping.objects.filter(pk__in=ids).order_by("name"))


def due_tasks(user: User, *, today: datetime.date | None = None) -> QuerySet[CaseTask]:
    """Open tasks due today or earlier in the cases `user` follows, the oldest first."""
    today = today or timezone.localdate()
    return (
        CaseTask.objects.filter(
            case__in=cases_for(user).exclude(stage=Stage.CLOSED),
            done_at__isnull=True,
            due_on__lte=today,
        )
        .select_related("case", "assigned_to")
        # Sorted before the LIMIT: only the columns shown, not whole cases.
        .only("title", "due_on", "case__contact_name", "assigned_to__name", "assigned_to__email")
        .order_by("due_on", "pk")
    )


def case_readers(case: WelcomeCase) -> QuerySet[User]:
    """Who may read `case` as staff: its grouping's officers and its territory's staff — the
    people a task on it may be given to. Mirrors `cases_for` from the case's side."""
    staff = Q(
        role_assignments__role__in=TERRITORY_EDITOR_ROLES,
        role_assignments__territory_id=case.territory_id,
        role_assignments__grouping__isnull=True,
    )
    readers = staff
    if case.grouping_id is not None:
        readers |= Q(
            role_assignments__role=Role.WELCOME_OFFICER,
            role_assignments__grouping_id=case.grouping_id,
        )
    return User.objects.filter(readers, is_active=True).distinct().order_by("name", "pk")


def case_assignees(case: WelcomeCase) -> QuerySet[User]:
    """Whom `case` may be handed to: any welcome officer of its territory (a case handed to an
    officer of another grouping moves to that grouping) or its territory's staff."""
    return (
        User.objects.filter(
            Q(
                role_assignments__role=Role.WELCOME_OFFICER,
                role_assignments__grouping__territory_id=case.territory_id,
            )
            | Q(
                role_assignments__role__in=TERRITORY_EDITOR_ROLES,
                role_assignments__territory_id=case.territory_id,
                role_assignments__grouping__isnull=True,
            ),
            is_active=True,
        )
        .distinct()
        .order_by("name", "pk")
    )


def sees_access_log(user: User, case: WelcomeCase) -> bool:
    """Territory staff (and platform admins) read who opened a case; officers do not."""
    territory_ids = editable_territory_ids(user)
    return territory_ids is None or case.territory_id in territory_ids
