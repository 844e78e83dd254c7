"""Closed cases are anonymised once their territory's retention delay has passed (24 months by
default), by the command and by the task; never a day early, never an open case."""

import datetime

import pytest
from django.core.management import call_command

from alpsatellites.newcomers.models import ClosingReason, Stage, WelcomeCase
from alpsatellites.newcomers.privacy_tasks import closed_cases_anonymise_task
from alpsatellites.newcomers.services.erasure import closed_cases_anonymise, months_before
from tests.factories import GroupingFactory
from tests.newcomers.factories import CaseNoteFactory, WelcomeCaseFactory, WelcomeServiceFactory

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
NOW = datetime.datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def closed_case(closed_at, grouping=None, **fields):
    grouping = grouping or GroupingFactory()
    case = WelcomeCaseFactory(
        grouping=grouping,
        stage=Stage.CLOSED,
        closing_reason=ClosingReason.SETTLED_ELSEWHERE,
        closed_at=closed_at,
        **fields,
    )
    CaseNoteFactory(case=case, body=f"About {case.contact_name}")
    return case


def anonymised(case) -> bool:
    case.refresh_from_db()
    return case.anonymised_at is not None and case.household_id is None


def test_closed_exactly_24_months_ago_is_anonymised_a_day_less_is_kept():
    on_the_day = closed_case(datetime.datetime(2024, 12, 2, 3, 0, tzinfo=UTC))
    a_day_less = closed_case(datetime.datetime(2024, 12, 3, 3, 0, tzinfo=UTC))
    a_second_less = closed_case(datetime.datetime(2024, 12, 2, 3, 0, 1, tzinfo=UTC))

    assert closed_cases_anonymise(now=NOW) == 1

    assert anonymised(on_the_day)
    assert not anonymised(a_day_less)
    assert not anonymised(a_second_less)
    assert on_the_day.notes.get().body == "[anonymised]"
    assert on_the_day.closing_reason == ClosingReason.SETTLED_ELSEWHERE  # the figures stay


def test_each_territory_has_its_own_delay():
    short = GroupingFactory()
    WelcomeServiceFactory(territory=short.territory, retention_months=6)
    six_months = datetime.datetime(2026, 6, 2, 3, 0, tzinfo=UTC)
    in_short = closed_case(six_months, grouping=short)
    in_short_day_less = closed_case(six_months + datetime.timedelta(days=1), grouping=short)
    in_default = closed_case(six_months)

    assert closed_cases_anonymise(now=NOW) == 1

    assert anonymised(in_short)
    assert not anonymised(in_short_day_less)
    assert not anonymised(in_default)


def test_open_and_already_anonymised_cases_are_left_alone():
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=UTC)
    open_case = WelcomeCaseFactory(stage=Stage.EXPLORING)
    WelcomeCase.objects.filter(pk=open_case.pk).update(created_at=long_ago)
    done = closed_case(
        long_ago, anonymised_at=long_ago, household=None, contact_name="", contact_email=""
    )

    assert closed_cases_anonymise(now=NOW) == 0

    open_case.refresh_from_db()
    assert open_case.household_id is not None and open_case.stage == Stage.EXPLORING
    done.refresh_from_db()
    assert done.anonymised_at == long_ago


def test_the_command_and_the_task_run_the_rule(capsys):
    first = closed_case(datetime.datetime(2023, 5, 1, tzinfo=UTC))
    call_command("anonymise_closed_cases")
    assert "1 closed case(s) anonymised." in capsys.readouterr().out
    assert anonymised(first)

    second = closed_case(datetime.datetime(2023, 6, 1, tzinfo=UTC))
    result = closed_cases_anonymise_task.enqueue()
    assert result.return_value == 1
    assert anonymised(second)


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (
            datetime.datetime(2026, 12, 2, tzinfo=UTC),
            24,
            datetime.datetime(2024, 12, 2, tzinfo=UTC),
        ),
        (datetime.datetime(2026, 3, 31, tzinfo=UTC), 1, datetime.datetime(2026, 2, 28, tzinfo=UTC)),
        (
            datetime.datetime(2028, 2, 29, tzinfo=UTC),
            12,
            datetime.datetime(2027, 2, 28, tzinfo=UTC),
        ),
        (
            datetime.datetime(2026, 1, 15, tzinfo=UTC),
            13,
            datetime.datetime(2024, 12, 15, tzinfo=UTC),
        ),
    ],
)
def test_months_before(moment, months, expected):
    assert months_before(moment, months) == expected
