"""Welcome cases with a stage history at chosen dates, for the dashboard's tests and benchmark.

`created_at` and `changed_at` are set by the database on insert: they are rewritten afterwards,
as the dashboard reads them.
"""

import datetime

from alpsatellites.newcomers.models import CaseStageChange, Stage, WelcomeCase
from tests.newcomers.factories import WelcomeCaseFactory


def history_case(
    grouping,
    *,
    created: datetime.datetime,
    stages: tuple[str, ...] = (),
    answered_after: datetime.timedelta | None = None,
    closing_reason: str = "",
    anonymised: bool = False,
    **fields,
) -> WelcomeCase:
    """A case of `grouping` requested at `created` that moved through `stages` in order (one
    day apart), answered `answered_after` its request (None: never)."""
    case = WelcomeCaseFactory(grouping=grouping, **fields)
    previous = Stage.NEW
    for position, stage in enumerate(stages, start=1):
        change = CaseStageChange.objects.create(case=case, from_stage=previous, to_stage=stage)
        CaseStageChange.objects.filter(pk=change.pk).update(
            changed_at=created + datetime.timedelta(days=position)
        )
        previous = stage
    update = {
        "created_at": created,
        "stage": previous,
        "stage_changed_at": created + datetime.timedelta(days=len(stages)),
        "first_response_at": None if answered_after is None else created + answered_after,
    }
    if previous == Stage.CLOSED:
        update |= {"closed_at": update["stage_changed_at"], "closing_reason": closing_reason}
    if anonymised:
        # What the privacy part leaves of an erased case: no person, the statistics kept.
        update |= {
            "household": None,
            "contact_name": "",
            "contact_email": "",
            "contact_phone": "",
            "profile": {},
            "anonymised_at": created + datetime.timedelta(days=400),
        }
    WelcomeCase.objects.filter(pk=case.pk).update(**update)
    case.refresh_from_db()
    return case
