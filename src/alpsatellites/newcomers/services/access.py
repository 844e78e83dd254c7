"""Opening a case as staff: scoped, and written down (GDPR: every staff read is logged)."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from alpsatellites.accounts.models import User
from alpsatellites.core.errors import NotFound

from ..models import CaseAccessLog, WelcomeCase
from ..selectors.cases import cases_for


def case_open(
    *, user: User, case_id: int, action: str = "view", queryset: QuerySet[WelcomeCase] | None = None
) -> WelcomeCase:
    """The case `case_id` if `user` may read it, its reading logged; NotFound (404) otherwise —
    the same answer as for a case that does not exist, so ids cannot be probed.

    `queryset` lets a view add its select_related; it is scoped here again all the same.
    """
    cases = cases_for(user)
    if queryset is not None:
        cases = cases & queryset
    case = cases.filter(pk=case_id).first()
    if case is None:
        raise NotFound(_("No such welcome case."))
    CaseAccessLog.objects.create(case=case, user=user, action=action)
    return case
