"""Bookings exports a French Excel opens as a table (CSV and XLSX), revenue beside occupancy, and
the 404 a manager of another workspace gets on each."""

import csv
import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from alpsatellites.workspaces.models import BookingStatus
from tests.factories import UserFactory

from .factories import BookingFactory, OpeningHoursFactory, ResourceFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def at(day, hour):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


@pytest.fixture
def desk_and_manager():
    manager = UserFactory()
    workspace = WorkspaceFactory(managers=[manager], slug="altipolis")
    desk = ResourceFactory(workspace=workspace, name="Salle Écrins")
    return workspace, desk, manager


def _csv(client, workspace, language="fr"):
    response = client.get(f"/{language}/manage/workspaces/{workspace.slug}/bookings.csv")
    assert response.status_code == 200
    return response


def test_csv_is_what_french_excel_reads(client, desk_and_manager):
    workspace, desk, manager = desk_and_manager
    BookingFactory(
        resource=desk,
        user=UserFactory(email="anna@example.org"),
        starts_at=at(datetime.date(2026, 12, 8), 9),
        ends_at=at(datetime.date(2026, 12, 8), 11),
        price=Decimal("1234.50"),
        status=BookingStatus.PENDING,
    )
    client.force_login(manager)

    response = _csv(client, workspace)

    assert response["Content-Disposition"] == 'attachment; filename="altipolis-bookings.csv"'
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
    header, row = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    # Headers in French once the catalogues are merged ("Statut" already is).
    assert len(header) == len(row) == 9 and header[5] == "Statut"
    assert row[5] == "En attente de validation" or row[5].startswith("En attente")
    assert row[1] == "Salle Écrins"
    assert row[2] == "08/12/2026 09:00"
    assert row[3] == "08/12/2026 11:00"
    assert row[6] == "1234,50"  # decimal comma, no thousands separator
    assert row[7] == "anna@example.org"


def test_csv_headers_and_statuses_follow_the_language(client, desk_and_manager):
    workspace, desk, manager = desk_and_manager
    BookingFactory(resource=desk, status=BookingStatus.CHECKED_IN, price=Decimal("5"))
    client.force_login(manager)

    english = list(
        csv.reader(io.StringIO(_csv(client, workspace, "en").content.decode("utf-8-sig")))
    )
    german = _csv(client, workspace, "de").content.decode("utf-8-sig")

    assert english[0][:3] == ["Number", "Resource", "Starts"]
    assert english[1][5] == "Checked in" and english[1][6] == "5.00"
    assert german.splitlines()[0].count(";") == 8  # decimal comma: ";" between cells
    assert ";5,00;" in german


def test_formulas_typed_by_others_stay_text_in_both_files(client, desk_and_manager):
    workspace, desk, manager = desk_and_manager
    desk.name = '=HYPERLINK("http://evil")'
    desk.save()
    BookingFactory(resource=desk, user=UserFactory(email="+x@example.org"))
    client.force_login(manager)

    (_header, row) = list(
        csv.reader(io.StringIO(_csv(client, workspace).content.decode("utf-8-sig")), delimiter=";")
    )
    assert row[1].startswith("'=HYPERLINK")
    assert row[7] == "'+x@example.org"

    response = client.get(f"/fr/manage/workspaces/{workspace.slug}/bookings.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value.startswith("'=HYPERLINK")
    assert sheet.cell(row=2, column=8).value == "'+x@example.org"


def test_xlsx_has_real_dates_and_numbers(client, desk_and_manager):
    workspace, desk, manager = desk_and_manager
    BookingFactory(
        resource=desk,
        starts_at=at(datetime.date(2026, 12, 8), 9),
        ends_at=at(datetime.date(2026, 12, 8), 10),
        price=Decimal("12.50"),
    )
    client.force_login(manager)

    response = client.get(f"/en/manage/workspaces/{workspace.slug}/bookings.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="altipolis-bookings.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Bookings"
    assert [c.value for c in sheet[1]][:3] == ["Number", "Resource", "Starts"]
    assert sheet.cell(row=2, column=3).value == datetime.datetime(2026, 12, 8, 9, 0)
    assert sheet.cell(row=2, column=7).value == 12.5
    assert sheet.cell(row=2, column=6).value == "Confirmed"


def test_export_query_count_does_not_grow(client, desk_and_manager, django_assert_num_queries):
    workspace, desk, manager = desk_and_manager
    client.force_login(manager)
    for size in (1, 15):
        for _n in range(size):
            BookingFactory(resource=desk)
        # Session, user, workspace, bookings with their resources and people.
        with django_assert_num_queries(4):
            _csv(client, workspace)
        with django_assert_num_queries(4):
            client.get(f"/fr/manage/workspaces/{workspace.slug}/bookings.xlsx")


# --- Revenue beside occupancy -------------------------------------------------------------------


def test_revenue_by_week_counts_confirmed_and_checked_in_prices(client, desk_and_manager):
    workspace, desk, manager = desk_and_manager
    for weekday in range(7):
        OpeningHoursFactory(workspace=workspace, weekday=weekday)
    monday = datetime.date(2026, 6, 8)
    for status, price in [
        (BookingStatus.CONFIRMED, "20.00"),
        (BookingStatus.CHECKED_IN, "1000.50"),
        (BookingStatus.PENDING, "7.00"),
        (BookingStatus.CANCELLED, "9.00"),
        (BookingStatus.NO_SHOW, "11.00"),
    ]:
        BookingFactory(
            resource=desk,
            status=status,
            price=Decimal(price),
            starts_at=at(monday, 9),
            ends_at=at(monday, 10),
        )
    client.force_login(manager)

    response = client.get(
        f"/fr/manage/workspaces/{workspace.slug}/occupancy/?period=week&from=2026-06-08"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="revenue-title"' in page
    assert '<caption id="revenue-table-caption">' in page
    assert '<svg role="img" aria-labelledby="revenue-chart-title"' in page
    assert "1\u202f020,50\xa0€" in page or "1 020,50 €" in page or "1\xa0020,50" in page


def test_revenue_by_month(client, desk_and_manager):
    workspace, desk, manager = desk_and_manager
    BookingFactory(
        resource=desk,
        price=Decimal("30.00"),
        starts_at=at(datetime.date(2026, 5, 31), 23),  # 21:00 UTC on 31 May: still May in Paris
        ends_at=at(datetime.date(2026, 6, 1), 0),
    )
    client.force_login(manager)
    page = client.get(
        f"/en/manage/workspaces/{workspace.slug}/occupancy/?period=month&from=2026-05-01"
    ).content.decode()
    assert "Revenue month by month" in page
    may = page[page.index("revenue-table-caption") :]
    assert "May 2026</th>" in may
    assert may.index("30.00") < may.index("June 2026")


def test_territory_dashboard_shows_no_revenue(client, territory_admin):
    client.force_login(territory_admin)
    page = client.get("/fr/t/grand-brianconnais/occupancy/").content.decode()
    assert 'id="revenue-title"' not in page


# --- Denials ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["bookings.csv", "bookings.xlsx", "occupancy/", "grid/"])
def test_a_manager_of_another_workspace_gets_404(client, desk_and_manager, path):
    workspace, desk, _manager = desk_and_manager
    BookingFactory(resource=desk)
    other = UserFactory()
    WorkspaceFactory(managers=[other])
    client.force_login(other)
    assert client.get(f"/fr/manage/workspaces/{workspace.slug}/{path}").status_code == 404


@pytest.mark.parametrize("path", ["bookings.csv", "bookings.xlsx"])
def test_anonymous_visitors_are_sent_to_sign_in(client, desk_and_manager, path):
    workspace, _desk, _manager = desk_and_manager
    response = client.get(f"/fr/manage/workspaces/{workspace.slug}/{path}")
    assert response.status_code == 302
