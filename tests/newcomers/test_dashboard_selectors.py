"""The territory's welcome figures: the funnel read from the stage history, the median first
response, closing reasons, the period's edges, erased cases kept in the statistics, and a query
count that does not grow with the number of cases."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from alpsatellites.newcomers.models import ApplicationStatus, ClosingReason, Stage, StayApplication
from alpsatellites.newcomers.selectors.dashboard import (
    ALL_TIME,
    LAST_12_MONTHS,
    LAST_YEAR,
    THIS_YEAR,
    period_of,
    welcome_dashboard,
    welcome_headline,
)
from tests.factories import CommuneFactory, GroupingFactory, TerritoryFactory, UserFactory
from tests.newcomers.dashboard_helpers import history_case
from tests.newcomers.factories import DiscoveryStayFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 6, 17, 12, 0, tzinfo=PARIS)
RECENT = NOW - datetime.timedelta(days=20)
HOUR = datetime.timedelta(hours=1)
S = Stage


@pytest.fixture
def territory():
    return TerritoryFactory(time_zone="Europe/Paris")


@pytest.fixture
def north(territory):
    return GroupingFactory(territory=territory, name="A North")


@pytest.fixture
def south(territory):
    return GroupingFactory(territory=territory, name="B South")


def dashboard(territory, period=LAST_12_MONTHS):
    return welcome_dashboard(territory, period=period, now=NOW)


def test_the_funnel_counts_every_stage_a_case_reached_per_grouping(territory, north, south):
    history_case(north, created=RECENT)  # still new
    history_case(north, created=RECENT, stages=(S.FIRST_CONTACT, S.EXPLORING))
    # No discovery stay: settled straight from exploring.
    history_case(
        north, created=RECENT, stages=(S.FIRST_CONTACT, S.EXPLORING, S.SETTLING, S.SETTLED)
    )
    # Closed after its discovery stay: counted up to the stay, not beyond.
    history_case(
        north,
        created=RECENT,
        stages=(S.FIRST_CONTACT, S.EXPLORING, S.DISCOVERY_STAY, S.CLOSED),
        closing_reason=ClosingReason.HOUSING,
    )
    # Followed up at 6 months: a settled household.
    history_case(
        south, created=RECENT, stages=(S.FIRST_CONTACT, S.SETTLING, S.SETTLED, S.FOLLOW_UP_6)
    )
    figures = dashboard(territory)
    a, b = figures.rows
    assert (a.label, b.label) == ("A North", "B South")
    assert a.funnel == [
        ("requests", 4),
        ("first_contact", 3),
        ("exploring", 3),
        ("discovery_stay", 1),
        ("settling", 1),
        ("settled", 1),
    ]
    assert [n for _k, n in b.funnel] == [1, 1, 0, 0, 1, 1]
    assert [n for _k, n in figures.total.funnel] == [5, 4, 3, 1, 2, 2]
    assert b.follow_ups == {"follow_up_6": 1, "follow_up_12": 0}
    assert figures.total.settled == 2


def test_a_case_created_at_a_stage_without_history_counts_there(territory, north):
    case = history_case(north, created=RECENT)
    type(case).objects.filter(pk=case.pk).update(stage=S.EXPLORING)
    (row,) = dashboard(territory).rows
    assert row.reached["exploring"] == 1 and row.reached["first_contact"] == 0
    type(case).objects.filter(pk=case.pk).update(stage=S.FOLLOW_UP_12)
    (row,) = dashboard(territory).rows
    assert (row.settled, row.follow_ups["follow_up_6"], row.follow_ups["follow_up_12"]) == (1, 1, 1)


def test_a_case_is_counted_once_per_step_whatever_its_moves(territory, north):
    # Moved to settling twice (back and forth), then settled and followed up at 6 months.
    history_case(
        north,
        created=RECENT,
        stages=(S.SETTLING, S.EXPLORING, S.SETTLING, S.SETTLED, S.FOLLOW_UP_6),
    )
    (row,) = dashboard(territory).rows
    assert row.reached["settling"] == 1 and row.settled == 1
    assert row.follow_ups == {"follow_up_6": 1, "follow_up_12": 0}


@pytest.mark.parametrize(
    "hours, median",
    [((), None), ((5,), 5), ((1, 9, 3), 3), ((1, 2, 10, 30), 6)],
    ids=["none", "one", "odd", "even"],
)
def test_median_time_to_first_response(territory, north, hours, median):
    for h in hours:
        history_case(north, created=RECENT, answered_after=h * HOUR)
    (row,) = dashboard(territory).rows
    expected = None if median is None else median * HOUR
    assert row.median_first_response == expected
    assert dashboard(territory).total.median_first_response == expected
    assert row.answered == len(hours)


def test_cases_still_waiting_are_counted_apart_with_the_oldest_wait(territory, north, south):
    history_case(north, created=RECENT, answered_after=2 * HOUR)
    history_case(north, created=RECENT - 3 * HOUR)
    oldest = history_case(south, created=RECENT - 48 * HOUR)
    # A case closed without an answer no longer waits.
    history_case(south, created=RECENT - 99 * HOUR, stages=(S.CLOSED,), closing_reason="no_reply")
    figures = dashboard(territory)
    assert figures.total.awaiting == 2
    assert figures.total.oldest_waiting_since == oldest.created_at
    assert [r.awaiting for r in figures.rows] == [1, 1]
    assert figures.total.median_first_response == 2 * HOUR


def test_closing_reasons_are_counted_per_reason(territory, north, south):
    for grouping, reason in [
        (north, ClosingReason.NO_REPLY),
        (north, ClosingReason.NO_REPLY),
        (south, ClosingReason.JOB),
        (south, ""),
    ]:
        history_case(grouping, created=RECENT, stages=(S.CLOSED,), closing_reason=reason)
    figures = dashboard(territory)
    assert figures.rows[0].closing_reasons["no_reply"] == 2
    assert figures.total.closing_reasons["job"] == 1
    assert figures.total.closing_reasons["housing"] == 0
    assert figures.total.closed == 4 and figures.total.closed_without_reason == 1


def test_anonymised_cases_still_count(territory, north):
    history_case(
        north,
        created=RECENT,
        stages=(S.FIRST_CONTACT, S.SETTLING, S.SETTLED, S.CLOSED),
        answered_after=4 * HOUR,
        closing_reason=ClosingReason.FOLLOW_UP_DONE,
        anonymised=True,
    )
    (row,) = dashboard(territory).rows
    assert row.requests == 1 and row.settled == 1
    assert row.closing_reasons["follow_up_done"] == 1
    assert row.median_first_response == 4 * HOUR


def test_cases_of_no_grouping_and_of_other_territories(territory, north):
    history_case(north, created=RECENT)
    unrouted = history_case(north, created=RECENT)
    type(unrouted).objects.filter(pk=unrouted.pk).update(grouping=None)
    history_case(GroupingFactory(), created=RECENT)  # another territory
    figures = dashboard(territory)
    assert [(r.grouping_id, r.requests) for r in figures.rows] == [(north.pk, 1), (None, 1)]
    assert figures.total.requests == 2


def test_the_periods_edges_in_the_territory_time_zone():
    bounds = period_of(LAST_12_MONTHS, now=NOW, zone=PARIS)
    assert bounds.start == datetime.datetime(2025, 7, 1, tzinfo=PARIS)
    assert bounds.end is None  # up to now
    last_year = period_of(LAST_YEAR, now=NOW, zone=PARIS)
    assert (last_year.start, last_year.end) == (
        datetime.datetime(2025, 1, 1, tzinfo=PARIS),
        datetime.datetime(2026, 1, 1, tzinfo=PARIS),
    )
    assert last_year.last_day == datetime.date(2025, 12, 31)
    assert period_of(THIS_YEAR, now=NOW, zone=PARIS).first_day == datetime.date(2026, 1, 1)
    assert period_of(ALL_TIME, now=NOW, zone=PARIS).start is None
    with pytest.raises(ValueError):
        period_of("forever", now=NOW, zone=PARIS)


@time_machine.travel(datetime.datetime(2026, 1, 1, 0, 30, tzinfo=PARIS), tick=False)
def test_a_request_just_after_local_midnight_is_in_the_new_year(territory, north):
    now = timezone.now()
    # 23:59 on 31 December in Paris, 00:10 on 1 January in Paris (still 31 December in UTC).
    history_case(north, created=datetime.datetime(2025, 12, 31, 23, 59, tzinfo=PARIS))
    history_case(north, created=datetime.datetime(2026, 1, 1, 0, 10, tzinfo=PARIS))
    this_year = welcome_dashboard(territory, period=THIS_YEAR, now=now)
    last_year = welcome_dashboard(territory, period=LAST_YEAR, now=now)
    assert (this_year.total.requests, last_year.total.requests) == (1, 1)
    assert [(m, n) for m, n, _g in this_year.months] == [(datetime.date(2026, 1, 1), 1)]
    december = last_year.months[-1]
    assert december[0] == datetime.date(2025, 12, 1) and december[1] == 1
    assert len(last_year.months) == 12


def test_requests_per_month_include_empty_months(territory, north, south):
    history_case(north, created=datetime.datetime(2026, 3, 10, tzinfo=PARIS))
    history_case(south, created=datetime.datetime(2026, 3, 31, 23, tzinfo=PARIS))
    history_case(south, created=datetime.datetime(2026, 6, 1, tzinfo=PARIS))
    history_case(south, created=datetime.datetime(2025, 6, 30, tzinfo=PARIS))  # 13 months ago
    months = dashboard(territory).months
    assert len(months) == 12 and months[0][0] == datetime.date(2025, 7, 1)
    by_month = {m: (n, g) for m, n, g in months}
    assert by_month[datetime.date(2026, 3, 1)] == (2, {north.pk: 1, south.pk: 1})
    assert by_month[datetime.date(2026, 4, 1)] == (0, {})
    everything = dashboard(territory, ALL_TIME)
    assert everything.months[0][0] == datetime.date(2025, 6, 1)
    assert everything.total.requests == 4


@time_machine.travel(NOW, tick=False)
def test_discovery_stay_applications_and_acceptances(territory, north, south):
    stay = DiscoveryStayFactory(
        grouping=north, commune=CommuneFactory(territory=territory, grouping=north)
    )
    for status in (
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.DECLINED,
        ApplicationStatus.PENDING,
    ):
        StayApplication.objects.create(stay=stay, household=UserFactory(), status=status)
    old = StayApplication.objects.create(
        stay=stay, household=UserFactory(), status=ApplicationStatus.ACCEPTED
    )
    StayApplication.objects.filter(pk=old.pk).update(created_at=NOW - datetime.timedelta(400))
    elsewhere = GroupingFactory()
    other = DiscoveryStayFactory(
        grouping=elsewhere,
        commune=CommuneFactory(territory=elsewhere.territory, grouping=elsewhere),
    )
    StayApplication.objects.create(stay=other, household=UserFactory())
    figures = welcome_dashboard(territory, now=timezone.now())
    assert (figures.rows[0].stay_applications, figures.rows[0].stay_acceptances) == (3, 1)
    assert (figures.rows[1].stay_applications, figures.total.stay_acceptances) == (0, 1)


def make_cases(grouping, count):
    for i in range(count):
        stages = (S.FIRST_CONTACT, S.EXPLORING, S.SETTLING)[: i % 4]
        history_case(grouping, created=RECENT - i * HOUR, stages=stages, answered_after=HOUR)


def test_the_query_count_does_not_grow_with_the_cases(
    territory, north, south, django_assert_num_queries
):
    make_cases(north, 3)
    with django_assert_num_queries(6):
        small = dashboard(territory)
    make_cases(south, 30)
    with django_assert_num_queries(6):
        large = dashboard(territory)
    assert (small.total.requests, large.total.requests) == (3, 33)


def test_the_headline_of_the_decision_dashboard_is_one_query(
    territory, north, django_assert_num_queries
):
    history_case(north, created=RECENT, stages=(S.FIRST_CONTACT, S.SETTLING, S.SETTLED))
    history_case(north, created=RECENT)
    history_case(north, created=NOW - datetime.timedelta(days=500))
    with django_assert_num_queries(1):
        headline = welcome_headline(territory, now=NOW)
    assert headline == {"requests": 2, "settled": 1, "awaiting": 2}
