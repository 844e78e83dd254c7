"""Each territory has its own clock: hours, bookings, "today", e-mails and feeds follow it."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from alpsatellites.territories.importers.bundle import read_bundle
from alpsatellites.territories.importers.records import InvalidImportFile
from alpsatellites.workspaces.calendars import booking_ics
from alpsatellites.workspaces.services import BookingRefused, BookingRequest, booking_request
from tests.factories import CommuneFactory, TerritoryFactory, UserFactory
from tests.workspaces.factories import OpeningHoursFactory, ResourceFactory, WorkspaceFactory

NEW_YORK = ZoneInfo("America/New_York")
ROME = ZoneInfo("Europe/Rome")
UTC = datetime.UTC
# 16 March 2026: New York is already on summer time (UTC-4), Paris not yet (UTC+1).
MONDAY = datetime.date(2026, 3, 16)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def workspace_in(zone: str):
    territory = TerritoryFactory(time_zone=zone)
    workspace = WorkspaceFactory(commune=CommuneFactory(territory=territory))
    for weekday in range(7):
        OpeningHoursFactory(
            workspace=workspace,
            weekday=weekday,
            opens=datetime.time(9, 0),
            closes=datetime.time(17, 0),
        )
    return workspace


def book(user, resource, start, end):
    return booking_request(
        user=user,
        request=BookingRequest(resource_id=resource.pk, starts_at=start, ends_at=end),
    )


def test_opening_hours_are_the_territorys_local_time(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 10, 12, 0, tzinfo=UTC), tick=False)
    resource = ResourceFactory(workspace=workspace_in("America/New_York"))
    user = UserFactory()

    opens = datetime.datetime.combine(MONDAY, datetime.time(9, 0), tzinfo=NEW_YORK)
    booking = book(user, resource, opens, opens + datetime.timedelta(hours=2))

    assert booking.starts_at == datetime.datetime(2026, 3, 16, 13, 0, tzinfo=UTC)
    # 09:00 in Paris is 04:00 in New York: before the workspace opens.
    paris_nine = datetime.datetime.combine(
        MONDAY, datetime.time(9, 0), tzinfo=ZoneInfo("Europe/Paris")
    )
    with pytest.raises(BookingRefused) as refusal:
        book(user, resource, paris_nine, paris_nine + datetime.timedelta(hours=2))
    assert refusal.value.field == "starts_at"


def test_rome_across_the_change_to_summer_time(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 20, 12, 0, tzinfo=UTC), tick=False)
    resource = ResourceFactory(workspace=workspace_in("Europe/Rome"))
    user = UserFactory()
    before = datetime.datetime(2026, 3, 28, 9, 0, tzinfo=ROME)  # Saturday, UTC+1
    after = datetime.datetime(2026, 3, 29, 9, 0, tzinfo=ROME)  # Sunday, UTC+2

    first = book(user, resource, before, before + datetime.timedelta(hours=8))
    second = book(user, resource, after, after + datetime.timedelta(hours=8))

    assert first.starts_at == datetime.datetime(2026, 3, 28, 8, 0, tzinfo=UTC)
    assert second.starts_at == datetime.datetime(2026, 3, 29, 7, 0, tzinfo=UTC)


def test_the_api_says_which_zone_and_starts_on_the_local_today(client, time_machine):
    # 02:00 UTC on 1 June: still 31 May in New York, already 1 June in Paris.
    time_machine.move_to(datetime.datetime(2026, 6, 1, 2, 0, tzinfo=UTC), tick=False)
    new_york, paris = workspace_in("America/New_York"), workspace_in("Europe/Paris")

    far = client.get(f"/api/v1/workspaces/{new_york.slug}/availability/").json()
    near = client.get(f"/api/v1/workspaces/{paris.slug}/availability/").json()
    detail = client.get(f"/api/v1/workspaces/{new_york.slug}/").json()

    assert (far["time_zone"], far["first_day"]) == ("America/New_York", "2026-05-31")
    assert (near["time_zone"], near["first_day"]) == ("Europe/Paris", "2026-06-01")
    assert detail["time_zone"] == "America/New_York"


def test_the_local_yesterday_is_refused_as_the_past(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 2, 0, tzinfo=UTC), tick=False)
    new_york = workspace_in("America/New_York")

    ok = client.get(f"/api/v1/workspaces/{new_york.slug}/availability/", {"from": "2026-05-31"})

    assert ok.status_code == 200


def test_the_workspace_page_books_in_local_time(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 10, 12, 0, tzinfo=UTC), tick=False)
    resource = ResourceFactory(workspace=workspace_in("America/New_York"))
    client.force_login(UserFactory())

    response = client.post(
        f"/en/workspaces/{resource.workspace.slug}/book/{resource.pk}/",
        {
            "day": MONDAY.isoformat(),
            "slot": "day",
            "days": 1,
            "seats": 1,
            "request_key": str(uuid.uuid4()),
            "action": "quote",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200, html
    assert "Monday 16 March 2026, 09:00" in html
    assert "Monday 16 March 2026, 17:00" in html


def test_the_confirmation_email_and_calendar_use_the_workspaces_zone(
    time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(datetime.datetime(2026, 3, 10, 12, 0, tzinfo=UTC), tick=False)
    resource = ResourceFactory(workspace=workspace_in("America/New_York"))
    opens = datetime.datetime.combine(MONDAY, datetime.time(9, 0), tzinfo=NEW_YORK)

    with django_capture_on_commit_callbacks(execute=True):
        booking = book(UserFactory(language="en"), resource, opens, opens.replace(hour=11))

    (message,) = mail.outbox
    assert "Monday 16 March 2026, 09:00" in message.body
    assert b"X-WR-TIMEZONE:America/New_York" in booking_ics(booking)


def test_a_time_zone_must_exist():
    territory = TerritoryFactory(time_zone="Europe/Atlantis")
    with pytest.raises(ValidationError) as error:
        territory.full_clean()
    assert "time_zone" in error.value.message_dict


def test_a_territory_file_with_an_unknown_zone_is_refused(tmp_path):
    from alpsatellites.setup.demo import DEFAULT_BUNDLES

    document = DEFAULT_BUNDLES[0].read_text(encoding="utf-8")
    path = tmp_path / "bad.json"
    path.write_text(document.replace('"time_zone": "Europe/', '"time_zone": "Mars/'), "utf-8")

    with pytest.raises(InvalidImportFile) as error:
        read_bundle(path)
    assert any("time_zone" in problem for problem in error.value.problems)
