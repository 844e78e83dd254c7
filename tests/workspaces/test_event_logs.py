"""Structured log lines: bookings made, refused, cancelled and decided; imports read and
written; a denial on a page. One line each, `event key=value …`, the pairs on the record."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from alpsatellites.core.errors import Forbidden
from alpsatellites.territories.importers.records import InvalidImportFile
from alpsatellites.workspaces.models import Booking
from alpsatellites.workspaces.services import (
    BookingRefused,
    BookingRequest,
    booking_cancel,
    booking_decide,
    booking_request,
)
from alpsatellites.workspaces.tiers_lieux import tiers_lieux_import
from tests.factories import UserFactory
from tests.workspaces.factories import ResourceFactory, WorkspaceFactory, open_all_week

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 6, 1, 8, 0, tzinfo=PARIS)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def at(day, hour):
    return datetime.datetime(2026, 6, day, hour, tzinfo=PARIS)


def events(caplog, name) -> list[dict]:
    return [r.data for r in caplog.records if getattr(r, "event", None) == name]


@pytest.fixture
def manager():
    return UserFactory()


@pytest.fixture
def member():
    return UserFactory()


@pytest.fixture
def resource(manager):
    workspace = WorkspaceFactory(managers=[manager])
    open_all_week(workspace)
    return ResourceFactory(workspace=workspace, capacity=1)


def book(user, resource, start, end):
    request = BookingRequest(resource_id=resource.pk, starts_at=start, ends_at=end)
    return booking_request(user=user, request=request)


def test_a_booking_made_and_cancelled(member, resource, caplog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(member, resource, at(3, 9), at(3, 10))
    booking_cancel(user=member, booking_id=booking.pk)

    assert events(caplog, "booking.made") == [
        {
            "booking": booking.pk,
            "user": member.pk,
            "resource": resource.pk,
            "seats": 1,
            "status": "confirmed",
        }
    ]
    assert events(caplog, "booking.cancelled") == [{"booking": booking.pk, "user": member.pk}]
    line = next(r for r in caplog.records if getattr(r, "event", None) == "booking.made")
    assert line.name == "alpsatellites.workspaces.services"
    assert line.pathname.endswith("services.py")  # where it happened, not the helper
    assert line.getMessage().startswith(f"booking.made booking={booking.pk} user={member.pk} ")


def test_a_refused_booking(member, resource, caplog):
    book(member, resource, at(3, 9), at(3, 10))

    with pytest.raises(BookingRefused):
        book(UserFactory(), resource, at(3, 9), at(3, 10))

    (refusal,) = events(caplog, "booking.refused")
    assert refusal["code"] == "full"
    assert refusal["field"] == "seats"


def test_a_decision(manager, member, resource, caplog):
    resource.requires_approval = True
    resource.save()
    booking = book(member, resource, at(3, 9), at(3, 10))

    booking_decide(manager=manager, booking_id=booking.pk, approve=False)

    assert events(caplog, "booking.decided") == [
        {"booking": booking.pk, "manager": manager.pk, "status": "declined"}
    ]


def test_cancelling_someone_elses_booking_from_the_page(client, member, resource, caplog):
    booking = book(member, resource, at(3, 9), at(3, 10))
    intruder = UserFactory()
    client.force_login(intruder)

    response = client.post(f"/en/bookings/{booking.pk}/cancel/")

    assert response.status_code == 404  # as if it did not exist
    (denial,) = events(caplog, "permission.denied")
    assert denial["user"] == intruder.pk
    assert denial["path"] == f"/en/bookings/{booking.pk}/cancel/"
    assert Booking.objects.get(pk=booking.pk).status == "confirmed"


def test_the_service_refuses_with_a_domain_error(member, resource):
    booking = book(member, resource, at(3, 9), at(3, 10))

    with pytest.raises(Forbidden) as refusal:
        booking_cancel(user=UserFactory(), booking_id=booking.pk)

    assert refusal.value.http_status == 404


def test_an_import_reports_rows_read_imported_and_skipped(grand_brianconnais, data_dir, caplog):
    tiers_lieux_import(
        path=data_dir / "tiers_lieux_sample.csv", territory_slug="grand-brianconnais"
    )

    assert events(caplog, "import.tiers_lieux") == [
        {
            "territory": "grand-brianconnais",
            "file": "tiers_lieux_sample.csv",
            "read": 7,
            "created": 3,
            "updated": 0,
            "unchanged": 0,
            "skipped": 4,
        }
    ]


def test_a_refused_import_is_logged(grand_brianconnais, data_dir, caplog):
    with pytest.raises(InvalidImportFile):
        tiers_lieux_import(
            path=data_dir / "tiers_lieux_bad.csv", territory_slug="grand-brianconnais"
        )

    (refusal,) = events(caplog, "import.refused")
    assert refusal["problems_listed"] >= 1


def test_a_territory_import_is_logged(grand_brianconnais, caplog):
    records = caplog.get_records("setup")  # the fixture imports the shipped file
    (line,) = [r for r in records if getattr(r, "event", None) == "import.territory"]

    assert line.data["territory"] == "grand-brianconnais"
    assert line.data["read"] == 36
    assert line.data["created"] == 36
