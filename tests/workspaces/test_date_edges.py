"""Dates at the edge of what Python can shift: refused with a message, never a server error.

A day on 0001-01-01 or 9999-12-31 cannot move to another time zone or have a day added to it
(OverflowError); forms and API parameters accept dates between 2000-01-01 and 2100-12-31.
"""

import json
import uuid

import pytest

from alpsatellites.workspaces.models import Booking
from tests.factories import UserFactory
from tests.workspaces.factories import ResourceFactory, WorkspaceFactory, open_all_week

pytestmark = pytest.mark.django_db

EDGES = ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01"]
MESSAGE = "Give a date between 01/01/2000 and 12/31/2100."


@pytest.fixture
def desk():
    workspace = WorkspaceFactory(slug="le-refuge")
    open_all_week(workspace)
    return ResourceFactory(workspace=workspace)


@pytest.fixture
def manager(client, desk):
    user = UserFactory()
    desk.workspace.managers.add(user)
    client.force_login(user)
    return user


@pytest.mark.parametrize("day", EDGES)
@pytest.mark.parametrize("slot", ["day", "morning", "hours"])
def test_the_booking_form_refuses_a_day_out_of_range(client, manager, desk, day, slot):
    response = client.post(
        f"/en/workspaces/le-refuge/book/{desk.pk}/",
        {
            "day": day,
            "slot": slot,
            "start_time": "09:00",
            "end_time": "10:00",
            "days": 1,
            "seats": 1,
            "request_key": str(uuid.uuid4()),
            "action": "confirm",
        },
    )

    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert Booking.objects.count() == 0


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "field"),
    [
        ("0001-01-01T09:00:00+01:00", "2026-06-03T10:00:00+02:00", "starts_at"),
        ("0001-01-01T00:00:00+14:00", "0001-01-01T10:00:00+14:00", "starts_at"),
        ("9999-12-31T09:00:00+01:00", "9999-12-31T10:00:00+01:00", "starts_at"),
        ("2026-06-03T09:00:00+02:00", "9999-12-31T23:00:00-01:00", "ends_at"),
    ],
)
def test_the_api_refuses_a_time_out_of_range(client, manager, desk, starts_at, ends_at, field):
    body = {"resource": desk.pk, "starts_at": starts_at, "ends_at": ends_at}

    response = client.post(
        "/api/v1/bookings/",
        json.dumps(body),
        content_type="application/json",
        headers={"accept-language": "en"},
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"][field] == [MESSAGE]
    assert Booking.objects.count() == 0


@pytest.mark.parametrize("week", EDGES)
def test_the_manager_week_refuses_a_day_out_of_range(client, manager, week):
    response = client.get("/en/manage/workspaces/le-refuge/", {"week": week})

    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize("day", EDGES)
def test_a_block_refuses_a_day_out_of_range(client, manager, desk, day):
    response = client.post(
        "/en/manage/workspaces/le-refuge/",
        {
            "action": "block",
            "resource": desk.pk,
            "day": day,
            "start_time": "09:00",
            "end_time": "10:00",
        },
    )

    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert Booking.objects.count() == 0


@pytest.mark.parametrize("day", EDGES)
def test_the_occupancy_dashboard_says_the_same(client, manager, day):
    response = client.get("/en/manage/workspaces/le-refuge/occupancy/", {"from": day})

    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
