"""Occupancy analytics: exact figures on constructed weeks, the no-show rule, daylight saving,
bounded queries, and who may see the managers' and the territory's dashboards."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from alpsatellites.workspaces.models import BookingStatus, Workspace
from alpsatellites.workspaces.occupancy import bar_chart, occupancy_report, periods
from tests.factories import CommuneFactory, GroupingFactory, TerritoryFactory, UserFactory
from tests.workspaces.factories import (
    BookingFactory,
    ClosureFactory,
    OpeningHoursFactory,
    ResourceFactory,
    WorkspaceFactory,
    open_all_week,
)

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
HOURS = datetime.timedelta(hours=1)
MONDAY = datetime.date(2026, 6, 8)  # ISO week 24 of 2026, no daylight-saving change
AFTER = datetime.datetime(2026, 6, 30, 12, 0, tzinfo=PARIS)  # "now": every booking has ended


def at(day: datetime.date, hour: int, minute: int = 0, days: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day + datetime.timedelta(days=days), datetime.time(hour, minute), tzinfo=PARIS
    )


def book(resource, user, start, end, *, seats=1, status=BookingStatus.CONFIRMED, **extra):
    return BookingFactory(
        resource=resource,
        user=user,
        starts_at=start,
        ends_at=end,
        seats=seats,
        status=status,
        **extra,
    )


@pytest.fixture
def network():
    """Two workspaces of one grouping, in two communes of territory "valley".

    Le Refuge (check-in in use) — Mon–Fri 09:00–12:00 and 13:00–18:00 (8 h a day), closed
    Friday 12 June: open 32 h in week 24.
      Open space, 4 seats: 128 seat-hours, less a block Wednesday 09:00–12:00 (12) = 116.
      Meeting room, 1 seat: 32 seat-hours.
    La Forge (nobody checks in) — Mon–Fri 08:00–16:00; Desks, 2 seats: 80 seat-hours.
    """
    territory = TerritoryFactory(slug="valley", name="Valley")
    grouping = GroupingFactory(territory=territory, name="CC de la Vallée")
    refuge_commune = CommuneFactory(territory=territory, grouping=grouping, name="Bourg")
    forge_commune = CommuneFactory(territory=territory, grouping=grouping, name="Hameau")
    refuge = WorkspaceFactory(commune=refuge_commune, name="Le Refuge", slug="le-refuge")
    forge = WorkspaceFactory(commune=forge_commune, name="La Forge", slug="la-forge")
    for weekday in range(5):
        OpeningHoursFactory(
            workspace=refuge, weekday=weekday, opens=datetime.time(9), closes=datetime.time(12)
        )
        OpeningHoursFactory(
            workspace=refuge, weekday=weekday, opens=datetime.time(13), closes=datetime.time(18)
        )
        OpeningHoursFactory(
            workspace=forge, weekday=weekday, opens=datetime.time(8), closes=datetime.time(16)
        )
    ClosureFactory(workspace=refuge, starts_on=MONDAY + datetime.timedelta(days=4))
    space = ResourceFactory(workspace=refuge, name="Open space", capacity=4)
    room = ResourceFactory(workspace=refuge, name="Meeting room", capacity=1)
    desks = ResourceFactory(workspace=forge, name="Desks", capacity=2)
    u1, u2, u3, u4, u5, u6 = (UserFactory() for _n in range(6))
    tue, wed, thu = (MONDAY + datetime.timedelta(days=n) for n in (1, 2, 3))
    # Counted: 2 seats × 8 h (the lunch hour is not on offer) = 16 seat-hours, checked in.
    book(space, u1, at(MONDAY, 9), at(MONDAY, 18), seats=2, status=BookingStatus.CHECKED_IN)
    # Counted, 3 h; ended without check-in in a workspace that uses it: a no-show too.
    book(space, u2, at(tue, 9), at(tue, 12))
    # Only 13:00–14:00 counts: 10:00–12:00 lies under the manager's block, 12:00–13:00 closed.
    book(space, u3, at(wed, 10), at(wed, 14), status=BookingStatus.CHECKED_IN)
    book(space, None, at(wed, 9), at(wed, 12), seats=4, is_block=True)
    # Not counted: pending, cancelled, declined; marked no-show (counted as a no-show only).
    book(space, u4, at(thu, 9), at(thu, 18), status=BookingStatus.PENDING)
    book(space, u5, at(thu, 9), at(thu, 12), status=BookingStatus.CANCELLED)
    book(space, u2, at(MONDAY, 13), at(MONDAY, 15), status=BookingStatus.DECLINED)
    book(space, u6, at(thu, 13), at(thu, 18), status=BookingStatus.NO_SHOW)
    # Meeting room: 2 h, checked in.
    book(room, u1, at(tue, 14), at(tue, 16), status=BookingStatus.CHECKED_IN)
    # La Forge: 8 h confirmed, never checked in — nobody checks in there: not a no-show.
    book(desks, u2, at(MONDAY, 8), at(MONDAY, 16))
    # Week 25: 3 h on the open space, confirmed, and no check-in at Le Refuge that week.
    book(space, u1, at(MONDAY, 9, days=7), at(MONDAY, 12, days=7))
    return {"territory": territory, "refuge": refuge, "forge": forge, "users": (u1, u2, u3)}


def _report(workspaces, **options):
    options = {"kind": "week", "first_day": MONDAY, "count": 2, "now": AFTER, **options}
    return occupancy_report(workspaces, **options)


def test_rates_users_and_no_shows_by_resource_workspace_commune_and_grouping(network):
    report = _report(Workspace.objects.filter(territory=network["territory"]))

    week24 = report.periods[0]
    assert (week24.first_day, week24.last_day, week24.iso_week) == (
        MONDAY,
        datetime.date(2026, 6, 14),
        24,
    )
    resources = {line.label: line.per_period[0] for line in report.by_resource}
    space, room, desks = resources["Open space"], resources["Meeting room"], resources["Desks"]
    assert (space.available_hours, space.booked_hours) == (116, 16 + 3 + 1)
    assert space.rate == 20 / 116
    assert (space.unique_users, space.no_shows) == (3, 2)
    assert (room.available_hours, room.booked_hours, room.rate) == (32, 2, 2 / 32)
    assert (desks.available_hours, desks.booked_hours, desks.no_shows) == (80, 8, 0)

    workspaces = {line.label: line.per_period[0] for line in report.by_workspace}
    refuge = workspaces["Le Refuge"]
    assert (refuge.available_hours, refuge.booked_hours) == (148, 22)
    assert (refuge.unique_users, refuge.no_shows) == (3, 2)
    communes = {line.label: line.per_period[0] for line in report.by_commune}
    assert communes["Hameau"].booked_hours == 8
    # u2 booked in both communes: one user of the grouping, not two.
    [grouping] = report.by_grouping
    assert grouping.label == "CC de la Vallée"
    figures = grouping.per_period[0]
    assert (figures.available_hours, figures.booked_hours) == (228, 30)
    assert (figures.unique_users, figures.no_shows) == (3, 2)
    assert report.total.per_period[0].rate == 30 / 228

    # Week 25: no closure, no block; no check-in at Le Refuge that week, so the confirmed
    # booking is not taken for a no-show.
    week = {line.label: line.per_period[1] for line in report.by_resource}["Open space"]
    assert (week.available_hours, week.booked_hours, week.no_shows) == (160, 3, 0)
    whole = report.total.whole
    assert (whole.available_hours, whole.booked_hours) == (228 + 160 + 40 + 80, 33)
    assert whole.unique_users == 3


def test_no_show_only_once_the_booking_has_ended(network):
    tuesday_noon = datetime.datetime(2026, 6, 9, 11, 0, tzinfo=PARIS)  # u2's booking is running

    report = _report(Workspace.objects.filter(pk=network["refuge"].pk), now=tuesday_noon)

    assert report.total.per_period[0].no_shows == 1  # only the booking marked no-show


def test_month_period(network):
    report = _report(
        Workspace.objects.filter(pk=network["refuge"].pk), kind="month", first_day=MONDAY, count=1
    )

    [june] = report.periods
    assert (june.first_day, june.end_day) == (datetime.date(2026, 6, 1), datetime.date(2026, 7, 1))
    space = {line.label: line.whole for line in report.by_resource}["Open space"]
    # 22 weekdays in June 2026, one closed: 21 × 8 h × 4 seats, less the 12 blocked.
    assert (space.available_hours, space.booked_hours) == (21 * 8 * 4 - 12, 23)


def test_week_of_the_october_clock_change_has_one_more_hour():
    workspace = WorkspaceFactory()
    open_all_week(workspace)  # 00:00–23:59 every day
    desk = ResourceFactory(workspace=workspace, capacity=1)
    saturday = datetime.date(2026, 10, 24)
    # 22:00 summer time to 06:00 winter time: 9 hours elapse, 8 h 59 min of them open.
    book(desk, UserFactory(), at(saturday, 22), at(saturday, 6, days=1))

    report = occupancy_report(
        Workspace.objects.filter(pk=workspace.pk),
        kind="week",
        first_day=datetime.date(2026, 10, 12),
        count=2,
        now=AFTER,
    )

    before, dst_week = (figures for figures in report.total.per_period)
    assert before.available == datetime.timedelta(hours=7 * 24, minutes=-7)
    assert dst_week.available == datetime.timedelta(hours=7 * 24 + 1, minutes=-7)
    assert dst_week.booked == datetime.timedelta(hours=9, minutes=-1)


def test_overlapping_opening_rows_are_open_once():
    workspace = WorkspaceFactory()
    for opens, closes in ((9, 13), (12, 18)):
        OpeningHoursFactory(
            workspace=workspace, weekday=0, opens=datetime.time(opens), closes=datetime.time(closes)
        )
    ResourceFactory(workspace=workspace, capacity=2)

    report = occupancy_report(
        Workspace.objects.filter(pk=workspace.pk), kind="week", first_day=MONDAY, count=1, now=AFTER
    )

    assert report.total.whole.available_hours == 2 * 9


def test_queries_do_not_grow_with_workspaces_or_bookings(network):
    workspaces = Workspace.objects.filter(territory=network["territory"])
    with CaptureQueriesContext(connection) as small:
        _report(workspaces)
    for n in range(5):
        workspace = WorkspaceFactory(commune=network["refuge"].commune, slug=f"extra-{n}")
        open_all_week(workspace)
        resource = ResourceFactory(workspace=workspace)
        for day in range(3):
            book(resource, UserFactory(), at(MONDAY, 9, days=day), at(MONDAY, 10, days=day))
    with CaptureQueriesContext(connection) as large:
        report = _report(workspaces)

    assert len(report.by_workspace) == 7
    assert len(large.captured_queries) == len(small.captured_queries) <= 6


def test_periods_and_chart_geometry():
    assert [p.first_day for p in periods("week", datetime.date(2026, 1, 1), 2)] == [
        datetime.date(2025, 12, 29),
        datetime.date(2026, 1, 5),
    ]
    assert [p.first_day for p in periods("month", datetime.date(2026, 11, 23), 3)] == [
        datetime.date(2026, 11, 1),
        datetime.date(2026, 12, 1),
        datetime.date(2027, 1, 1),
    ]
    with pytest.raises(ValueError, match="unknown period"):
        periods("year", datetime.date(2026, 1, 1), 1)
    chart = bar_chart([("A", 0.5), ("B", 1.4), ("C", None)], no_value="none")
    assert [bar.width for bar in chart.bars] == [132, 264, 0]  # 264 px = 100 %
    assert chart.bars[2].text == "none"
    assert chart.height == 3 * 30


# --- Pages and who may see them ----------------------------------------------------------------


def _manager_url(workspace):
    return f"/fr/manage/workspaces/{workspace.slug}/occupancy/?period=week&from=2026-06-08"


TERRITORY_URL = "/fr/t/valley/occupancy/?period=week&from=2026-06-08"


def test_manager_dashboard_shows_chart_and_table(client, network):
    manager = UserFactory()
    network["refuge"].managers.add(manager)
    client.force_login(manager)

    response = client.get(_manager_url(network["refuge"]))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<svg role="img" aria-labelledby="series-chart-title"' in page
    assert '<title id="resources-chart-title">' in page
    assert '<caption id="resources-table-caption">' in page
    assert '<th scope="col" class="num">' in page
    assert "Semaine 24" in page or "Week 24" in page
    # Week 24: 22 of 148 seat-hours = 14,9 %, in the chart and in the table.
    assert page.count("14,9 %") >= 2
    assert "Le Refuge" in page


def test_territory_dashboard_breakdowns(client, network):
    official = UserFactory()
    role_grant(user=official, role=Role.ELECTED_OFFICIAL, territory=network["territory"])
    client.force_login(official)

    response = client.get(TERRITORY_URL)

    assert response.status_code == 200
    page = response.content.decode()
    for section in ("workspaces", "communes", "groupings"):
        assert f'<caption id="{section}-table-caption">' in page
        assert f'aria-labelledby="{section}-chart-title"' in page
    assert "CC de la Vallée" in page and "Hameau" in page


def test_bad_period_parameters_are_a_400_with_a_field_error(client, network):
    client.force_login(UserFactory(is_superuser=True))

    wrong_period = client.get("/en/t/valley/occupancy/?period=year")
    wrong_date = client.get("/en/t/valley/occupancy/?from=2026-13-45")

    assert wrong_period.status_code == wrong_date.status_code == 400
    assert "Choose week or month." in wrong_period.content.decode()
    assert 'aria-invalid="true"' in wrong_date.content.decode()


def test_a_territory_without_workspaces(client):
    TerritoryFactory(slug="empty-valley")
    client.force_login(UserFactory(is_superuser=True))

    response = client.get("/de/t/empty-valley/occupancy/?period=month")

    assert response.status_code == 200
    assert "—" in response.content.decode()  # no rate without seats on offer


def test_anonymous_visitors_are_sent_to_sign_in(client, network):
    for url in (_manager_url(network["refuge"]), TERRITORY_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_a_user_without_role_gets_404(client, network):
    client.force_login(UserFactory())

    assert client.get(_manager_url(network["refuge"])).status_code == 404
    assert client.get(TERRITORY_URL).status_code == 404


def test_a_manager_sees_only_their_workspace(client, network):
    manager = UserFactory()
    network["refuge"].managers.add(manager)
    client.force_login(manager)

    assert client.get(_manager_url(network["refuge"])).status_code == 200
    assert client.get(_manager_url(network["forge"])).status_code == 404
    assert client.get(TERRITORY_URL).status_code == 404  # managing is not a territory role


def test_territory_roles_see_only_their_territory(client, network):
    other = TerritoryFactory(slug="other-valley")
    admin = UserFactory()
    role_grant(user=admin, role=Role.TERRITORY_ADMIN, territory=other)
    client.force_login(admin)

    assert client.get("/fr/t/other-valley/occupancy/").status_code == 200
    assert client.get(TERRITORY_URL).status_code == 404
    assert client.get(_manager_url(network["refuge"])).status_code == 404

    staff = UserFactory()
    role_grant(user=staff, role=Role.TERRITORY_STAFF, territory=network["territory"])
    client.force_login(staff)
    assert client.get(TERRITORY_URL).status_code == 200
