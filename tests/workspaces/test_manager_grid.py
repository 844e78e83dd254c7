"""The managers' week grid: cells per state, the clock change, the query count, who may see it."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from alpsatellites.workspaces.grid import (
    GridBooking,
    GridResource,
    week_columns,
    week_grid,
)
from alpsatellites.workspaces.manager_views import iso_week, parse_week
from alpsatellites.workspaces.models import Booking, BookingStatus
from alpsatellites.workspaces.schedule import ClosedDays, WeeklySlot
from tests.factories import UserFactory

from .factories import (
    BookingFactory,
    ClosureFactory,
    OpeningHoursFactory,
    ResourceFactory,
    WorkspaceFactory,
)

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
MONDAY = datetime.date(2026, 12, 7)  # week 2026-W50
NINE_TO_FIVE = [WeeklySlot(d, datetime.time(9), datetime.time(17)) for d in range(5)]


def at(day, hour, minute=0):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


# --- The grid as plain values ------------------------------------------------------------------


def test_columns_are_the_opening_hours_and_a_closed_column_per_closed_day():
    columns = week_columns(MONDAY, NINE_TO_FIVE, [ClosedDays(MONDAY, MONDAY)], zone=PARIS)
    tuesday = [c for c in columns if c.day == MONDAY + datetime.timedelta(days=1)]
    assert len(tuesday) == 8
    assert tuesday[0].starts_at == at(tuesday[0].day, 9)
    assert tuesday[-1].ends_at == at(tuesday[0].day, 17)
    # Monday (closure), Saturday and Sunday: one "closed" column each.
    closed = [c.day for c in columns if c.starts_at is None]
    assert closed == [MONDAY, MONDAY + datetime.timedelta(days=5), MONDAY + datetime.timedelta(6)]


def test_the_last_column_is_cut_at_closing_time():
    slots = [WeeklySlot(0, datetime.time(8, 30), datetime.time(12, 0))]
    columns = [c for c in week_columns(MONDAY, slots, [], zone=PARIS) if c.starts_at]
    assert [
        (c.starts_at.astimezone(PARIS).time(), c.ends_at.astimezone(PARIS).time()) for c in columns
    ] == [
        (datetime.time(8, 30), datetime.time(9, 30)),
        (datetime.time(9, 30), datetime.time(10, 30)),
        (datetime.time(10, 30), datetime.time(11, 30)),
        (datetime.time(11, 30), datetime.time(12, 0)),
    ]


def test_the_night_clocks_go_back_has_25_hours():
    sunday = datetime.date(2026, 10, 25)
    slots = [WeeklySlot(6, datetime.time(0, 0), datetime.time(23, 59))]
    columns = week_columns(sunday - datetime.timedelta(days=6), slots, [], zone=PARIS)
    hours = [c for c in columns if c.day == sunday and c.starts_at]
    assert len(hours) == 25  # 23:59 local is 24 h 59 min after midnight that day
    labels = [c.starts_at.astimezone(PARIS).strftime("%H") for c in hours]
    assert labels[:4] == ["00", "01", "02", "02"]  # 02:00 happens twice


def test_the_night_clocks_go_forward_has_no_2_am():
    sunday = datetime.date(2026, 3, 29)
    slots = [WeeklySlot(6, datetime.time(0, 0), datetime.time(23, 59))]
    columns = week_columns(sunday - datetime.timedelta(days=6), slots, [], zone=PARIS)
    labels = [c.starts_at.astimezone(PARIS).strftime("%H") for c in columns if c.starts_at]
    assert len(labels) == 23
    assert labels[:3] == ["00", "01", "03"]


def test_cells_show_the_strongest_state_and_the_seats_held():
    desk, room = GridResource(1, "Desks", 3), GridResource(2, "Room", 1)
    columns = week_columns(MONDAY, NINE_TO_FIVE, [], zone=PARIS)
    bookings = [
        GridBooking(1, at(MONDAY, 9), at(MONDAY, 11), 1, BookingStatus.PENDING, False),
        GridBooking(1, at(MONDAY, 10), at(MONDAY, 12), 1, BookingStatus.CONFIRMED, False),
        GridBooking(1, at(MONDAY, 11), at(MONDAY, 12), 1, BookingStatus.CHECKED_IN, False),
        GridBooking(2, at(MONDAY, 14), at(MONDAY, 17), 1, BookingStatus.CONFIRMED, True),
        GridBooking(2, at(MONDAY, 9), at(MONDAY, 10), 1, BookingStatus.CANCELLED, False),
    ]
    with translation.override("en"):
        grid = week_grid([desk, room], columns, bookings)
    desk_cells = str(grid.rows[0][1]).split("</td>")
    room_cells = str(grid.rows[1][1]).split("</td>")
    assert 'grid-pending"><span aria-hidden="true">?</span> 1/3' in desk_cells[0]
    assert "Awaiting approval" in desk_cells[0]
    assert 'grid-confirmed"><span aria-hidden="true">✓</span> 2/3' in desk_cells[1]
    assert 'grid-checked-in"><span aria-hidden="true">●</span> 2/3' in desk_cells[2]
    assert desk_cells[3] == "<td>"  # free: an empty cell
    assert room_cells[0] == "<td>"  # a cancelled booking holds nothing
    assert all("grid-blocked" in cell for cell in room_cells[5:8])
    assert [d.columns for d in grid.days] == [8, 8, 8, 8, 8, 1, 1]


def test_resource_names_are_escaped_in_the_page(client):
    manager = UserFactory()
    workspace = WorkspaceFactory(managers=[manager])
    ResourceFactory(workspace=workspace, name="<script>alert(1)</script>")
    client.force_login(manager)
    page = client.get(f"/fr/manage/workspaces/{workspace.slug}/grid/").content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page


def test_week_parameter():
    today = datetime.date(2026, 12, 2)
    assert parse_week("2026-W50", today) == (MONDAY, "")
    assert parse_week("2026-12-10", today) == (MONDAY, "")
    assert parse_week("", today) == (datetime.date(2026, 11, 30), "")
    assert parse_week("2026-W60", today)[1]
    assert parse_week("9999-01-01", today)[1]
    assert iso_week(datetime.date(2027, 1, 1)) == "2026-W53"


# --- The page ----------------------------------------------------------------------------------


def _workspace(manager, resources=3, bookings_per_resource=2):
    workspace = WorkspaceFactory(managers=[manager], name="Altipolis")
    for weekday in range(5):
        OpeningHoursFactory(
            workspace=workspace, weekday=weekday, opens=datetime.time(8), closes=datetime.time(18)
        )
    ClosureFactory(workspace=workspace, starts_on=MONDAY + datetime.timedelta(days=3))
    statuses = [BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN]
    rows = []
    for n in range(resources):
        resource = ResourceFactory(workspace=workspace, capacity=50, name=f"Resource {n}")
        for m in range(bookings_per_resource):
            day = MONDAY + datetime.timedelta(days=m % 5)
            rows.append(
                Booking(
                    resource=resource,
                    user=manager,
                    starts_at=at(day, 8 + m % 9),
                    ends_at=at(day, 9 + m % 9),
                    status=statuses[m % 3],
                    request_key=f"00000000-0000-0000-{n:04d}-{m:012d}",
                )
            )
    Booking.objects.bulk_create(rows)
    return workspace


def test_grid_page_shows_the_week_in_a_table_with_headers(client):
    manager = UserFactory()
    workspace = _workspace(manager)
    BookingFactory(
        resource=workspace.resources.first(),
        user=None,
        is_block=True,
        starts_at=at(MONDAY, 8),
        ends_at=at(MONDAY, 10),
    )
    client.force_login(manager)

    response = client.get(f"/fr/manage/workspaces/{workspace.slug}/grid/?week=2026-W50")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<caption id="grid-caption">' in page
    assert '<th scope="row">Resource 0</th>' in page
    assert page.count('<th scope="col" class="grid-hour">') == 4 * 10 + 3  # Thursday closed
    assert 'colspan="10"' in page
    assert "grid-blocked" in page and "grid-pending" in page and "grid-checked-in" in page
    assert "?week=2026-W49" in page and "?week=2026-W51" in page
    assert "lun 7/12" in page


def test_unreadable_week_is_a_400_with_the_reason(client):
    manager = UserFactory()
    workspace = _workspace(manager, resources=1)
    client.force_login(manager)
    response = client.get(f"/en/manage/workspaces/{workspace.slug}/grid/?week=next")
    assert response.status_code == 400
    assert "Give the week as 2026-W50" in response.content.decode()


@pytest.mark.parametrize(("resources", "bookings"), [(2, 3), (12, 40)])
def test_query_count_does_not_grow_with_resources_or_bookings(client, resources, bookings):
    manager = UserFactory()
    workspace = _workspace(manager, resources=resources, bookings_per_resource=bookings)
    client.force_login(manager)
    url = f"/fr/manage/workspaces/{workspace.slug}/grid/?week=2026-W50"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # Session and user, workspace, hours, closures, resources, bookings, the menu's roles, the
    # header's pending-requests count.
    assert len(queries) == 9, [q["sql"] for q in queries.captured_queries]


def test_a_manager_of_another_workspace_gets_404(client):
    manager, other = UserFactory(), UserFactory()
    workspace = _workspace(manager, resources=1)
    WorkspaceFactory(managers=[other])
    client.force_login(other)
    assert client.get(f"/fr/manage/workspaces/{workspace.slug}/grid/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client):
    workspace = _workspace(UserFactory(), resources=1)
    response = client.get(f"/fr/manage/workspaces/{workspace.slug}/grid/")
    assert response.status_code == 302 and "login" in response["Location"]
