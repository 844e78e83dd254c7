"""API v1 bookings: authentication, scope, making, refusing and cancelling a booking."""

import datetime
import json
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alpsatellites.workspaces.models import (
    Booking,
    BookingStatus,
    WorkspaceStatus,
)
from tests.factories import UserFactory
from tests.workspaces.factories import (
    BookingFactory,
    ClosureFactory,
    ResourceFactory,
    WorkspaceFactory,
    open_all_week,
)

from .helpers import BOOKINGS, NOW, at, auth, error_of, post_booking, refused

pytestmark = pytest.mark.django_db


# --- bookings: authentication and scope ------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", BOOKINGS),
        ("post", BOOKINGS),
        ("get", "/api/v1/bookings/1/"),
        ("post", "/api/v1/bookings/1/cancel/"),
    ],
)
def test_anonymous_people_are_asked_to_sign_in(client, method, path):
    response = getattr(client, method)(path)

    error = error_of(response, 401)
    assert error["message"] == "Authentication credentials were not provided."
    assert response["WWW-Authenticate"] == 'Token realm="api"'


def test_wrong_token_is_refused(client, anne, desk):
    auth(anne)
    response = client.get(BOOKINGS, headers={"authorization": "Token alps_000000000000_wrong"})

    assert error_of(response, 401)["message"] == "Invalid or revoked token."
    assert error_of(post_booking(client, None, desk, at(3, 9), at(3, 10)), 401)
    inactive = UserFactory(is_active=False)
    assert error_of(client.get(BOOKINGS, headers=auth(inactive)), 401)


def test_people_see_only_their_own_bookings(client, anne, bruno, desk):
    mine = BookingFactory(resource=desk, user=anne, starts_at=at(3, 9), ends_at=at(3, 10))
    theirs = BookingFactory(resource=desk, user=bruno, starts_at=at(4, 9), ends_at=at(4, 10))
    BookingFactory(resource=desk, user=None, is_block=True, starts_at=at(5, 9), ends_at=at(5, 10))

    listing = client.get(BOOKINGS, headers=auth(anne))
    own = client.get(f"{BOOKINGS}{mine.pk}/", headers=auth(anne))
    other = client.get(f"{BOOKINGS}{theirs.pk}/", headers=auth(anne))

    assert listing.status_code == 200
    assert [b["id"] for b in listing.json()["results"]] == [mine.pk]
    assert own.json()["id"] == mine.pk
    error_of(other, 404)
    assert [b["id"] for b in client.get(BOOKINGS, headers=auth(bruno)).json()["results"]] == [
        theirs.pk
    ]


def test_nobody_cancels_someone_elses_booking(client, anne, bruno, desk):
    theirs = BookingFactory(resource=desk, user=bruno, starts_at=at(4, 9), ends_at=at(4, 10))

    response = client.post(
        f"{BOOKINGS}{theirs.pk}/cancel/", content_type="application/json", headers=auth(anne)
    )

    assert error_of(response, 404)["message"] == "No such booking among yours."
    theirs.refresh_from_db()
    assert theirs.status == BookingStatus.CONFIRMED


def test_booking_list_fields_and_upcoming_filter(client, anne, desk, workspace):
    past = BookingFactory(
        resource=desk, user=anne, starts_at=NOW - datetime.timedelta(days=3), price="20.00"
    )
    future = BookingFactory(resource=desk, user=anne, starts_at=at(3, 9), ends_at=at(3, 10))

    everything = client.get(BOOKINGS, headers=auth(anne)).json()["results"]
    upcoming = client.get(BOOKINGS, {"upcoming": "true"}, headers=auth(anne)).json()["results"]

    assert [b["id"] for b in everything] == [future.pk, past.pk]  # newest first
    assert [b["id"] for b in upcoming] == [future.pk]
    assert everything[0] == {
        "id": future.pk,
        "status": "confirmed",
        "status_label": "Confirmed",
        "workspace": {"slug": "le-refuge", "name": "Le Refuge"},
        "resource": {"id": desk.pk, "name": "Open space", "kind": "hot_desk"},
        "starts_at": "2026-06-03T09:00:00+02:00",
        "ends_at": "2026-06-03T10:00:00+02:00",
        "seats": 1,
        "price": "5.00",
        "request_key": str(future.request_key),
        "created_at": "2026-06-01T08:00:00+02:00",
        "cancelled_at": None,
        "cancellable_until": "2026-06-02T09:00:00+02:00",
        "cancel_url": f"/api/v1/bookings/{future.pk}/cancel/",
        "page_url": f"/en/bookings/{future.pk}/",
    }


def test_booking_list_query_count_does_not_grow(client, anne, desk, django_assert_num_queries):
    BookingFactory.create_batch(2, resource=desk, user=anne)
    client.get(BOOKINGS, headers=auth(anne))  # the token is created and its first use noted
    with CaptureQueriesContext(connection) as queries:
        assert client.get(BOOKINGS, headers=auth(anne)).json()["count"] == 2

    for n in range(10):
        BookingFactory(resource=ResourceFactory(), user=anne, starts_at=at(2 + n, 9))
    with django_assert_num_queries(len(queries)):
        assert client.get(BOOKINGS, headers=auth(anne)).json()["count"] == 12


def test_unknown_and_absurd_booking_ids_are_not_found(client, anne):
    for pk in (12345, 2**63, 10**30):
        error_of(client.get(f"{BOOKINGS}{pk}/", headers=auth(anne)), 404)
        error_of(
            client.post(
                f"{BOOKINGS}{pk}/cancel/", content_type="application/json", headers=auth(anne)
            ),
            404,
        )


def test_session_requests_need_the_csrf_token(client, anne, desk):
    client.force_login(anne)

    listing = client.get(BOOKINGS)
    without_token = post_booking(client, None, desk, at(3, 9), at(3, 10))
    client.get("/fr/bookings/")  # a page of the site sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    with_token = client.post(
        BOOKINGS,
        json.dumps(
            {
                "resource": desk.pk,
                "starts_at": at(3, 9).isoformat(),
                "ends_at": at(3, 10).isoformat(),
            }
        ),
        content_type="application/json",
        headers={"x-csrftoken": token},
    )

    assert listing.status_code == 200
    assert "CSRF" in error_of(without_token, 403)["message"]
    assert with_token.status_code == 201, with_token.content
    assert Booking.objects.get().user == anne


# --- bookings: making one --------------------------------------------------------------------


def test_booking_with_an_api_token(client, anne, desk):
    key = uuid.uuid4()

    response = post_booking(
        client,
        anne,
        desk,
        at(3, 9),
        "2026-06-03T10:00:00Z",  # 12:00 in Paris, given in UTC
        seats=2,
        request_key=str(key),
        expected_price="24.00",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    booking = Booking.objects.get()
    assert response["Location"] == f"/api/v1/bookings/{booking.pk}/"
    assert (booking.user, booking.resource, booking.seats, booking.request_key) == (
        anne,
        desk,
        2,
        key,
    )
    assert (booking.status, booking.price) == (BookingStatus.CONFIRMED, Decimal("24.00"))
    assert body["id"] == booking.pk
    assert (body["starts_at"], body["ends_at"]) == (
        "2026-06-03T09:00:00+02:00",
        "2026-06-03T12:00:00+02:00",
    )
    assert (body["price"], body["status"], body["seats"]) == ("24.00", "confirmed", 2)


def test_booking_that_needs_approval_is_pending(client, anne, desk):
    desk.requires_approval = True
    desk.save()

    response = post_booking(client, anne, desk, at(3, 9), at(3, 10))

    assert response.status_code == 201
    assert response.json()["status"] == "pending"


def test_the_same_request_key_twice_is_one_booking(client, anne, desk):
    key = str(uuid.uuid4())

    first = post_booking(client, anne, desk, at(3, 9), at(3, 10), request_key=key)
    second = post_booking(client, anne, desk, at(3, 9), at(3, 10), request_key=key)

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert Booking.objects.count() == 1


def test_a_request_key_reused_for_another_booking_is_a_conflict(client, anne, desk):
    key = str(uuid.uuid4())
    post_booking(client, anne, desk, at(3, 9), at(3, 10), request_key=key)

    error = refused(client, anne, desk, at(4, 9), at(4, 10), status=409, request_key=key)

    assert error["code"] == "request_key_reused"
    assert list(error["fields"]) == ["request_key"]


def test_the_same_request_key_from_two_people_is_two_bookings(client, anne, bruno, desk):
    key = str(uuid.uuid4())

    first = post_booking(client, anne, desk, at(3, 9), at(3, 10), request_key=key)
    second = post_booking(client, bruno, desk, at(3, 9), at(3, 10), request_key=key)

    assert (first.status_code, second.status_code) == (201, 201)
    assert Booking.objects.count() == 2


def test_a_full_resource_is_a_conflict(client, anne, bruno, desk):
    BookingFactory(resource=desk, user=bruno, starts_at=at(3, 8), ends_at=at(3, 18))

    error = refused(client, anne, desk, at(3, 9), at(3, 10), status=409, seats=2)

    assert error["code"] == "full"
    assert error["message"] == "Not enough free seats for this time: 1 left."
    assert error["fields"] == {"seats": [error["message"]]}
    assert post_booking(client, anne, desk, at(3, 9), at(3, 10)).status_code == 201
    assert refused(client, anne, desk, at(3, 9), at(3, 10), status=409)["code"] == "full"


def test_a_price_that_changed_is_a_conflict(client, anne, desk):
    error = refused(client, anne, desk, at(3, 8), at(3, 18), status=409, expected_price="1.00")

    assert error["code"] == "price_changed"
    assert error["fields"] == {
        "expected_price": ["The price is now 20.00 €; please confirm again."]
    }


@pytest.mark.parametrize(
    ("start", "end", "fields", "field", "message"),
    [
        (at(3, 12), at(3, 10), {}, "ends_at", "The end must be after the start."),
        (at(3, 10), at(3, 10), {}, "ends_at", "The end must be after the start."),
        (
            at(1, 6),
            at(1, 7),
            {},
            "starts_at",
            "The start (Monday 1 June 2026, 06:00) has already passed: "
            "choose a later time or another day.",
        ),
        (at(3, 7), at(3, 9), {}, "starts_at", "The start is outside opening hours."),
        (at(3, 17), at(3, 19), {}, "ends_at", "The end is outside opening hours."),
        (at(6, 9), at(6, 10), {}, "starts_at", "The workspace is closed on Saturday 6 June 2026."),
        (at(3, 9), at(9, 10), {}, "ends_at", "The longest booking is 5 days."),
        (at(3, 9), at(3, 9, 30), {}, "ends_at", "The shortest booking is 60 minutes."),
        (
            at(3, 9, month=8),
            at(3, 10, month=8),
            {},
            "starts_at",
            "This resource can be booked at most 60 days ahead.",
        ),
        (at(3, 9), at(3, 10), {"seats": 3}, "seats", "Choose between 1 and 2 seats."),
    ],
)
def test_rule_violations_are_field_errors(client, anne, desk, start, end, fields, field, message):
    ClosureFactory(workspace=desk.workspace, starts_on=datetime.date(2026, 6, 6))

    error = refused(client, anne, desk, start, end, **fields)

    assert error["code"] == "invalid"
    assert error["message"] == message
    assert error["fields"] == {field: [message]}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_at": "2026-06-03T09:00:00"}, "starts_at"),  # no offset
        ({"ends_at": "2026-06-03 10:00"}, "ends_at"),
        ({"starts_at": "next tuesday"}, "starts_at"),
        ({"starts_at": "2026-02-30T09:00:00+01:00"}, "starts_at"),
        ({"ends_at": "9999-12-31T23:59:59-14:00"}, "ends_at"),  # beyond the last instant
        ({"ends_at": "9999-12-31T20:00:00+00:00"}, "ends_at"),  # too long to even count days
        ({"starts_at": None}, "starts_at"),
        ({"seats": 0}, "seats"),
        ({"seats": "two"}, "seats"),
        ({"request_key": "not-a-uuid"}, "request_key"),
        ({"expected_price": "-5"}, "expected_price"),
        ({"expected_price": "1e400"}, "expected_price"),
        ({"expected_price": "abc"}, "expected_price"),
    ],
)
def test_malformed_requests_are_field_errors(client, anne, desk, changes, field):
    body = {
        "resource": desk.pk,
        "starts_at": at(3, 9).isoformat(),
        "ends_at": at(3, 10).isoformat(),
        **changes,
    }

    response = client.post(
        BOOKINGS, json.dumps(body), content_type="application/json", headers=auth(anne)
    )

    error = error_of(response, 400)
    assert error["message"] == "Invalid parameters."
    assert list(error["fields"]) == [field]
    assert Booking.objects.count() == 0


def test_missing_fields_and_bodies_that_are_not_json(client, anne, desk):
    empty = client.post(BOOKINGS, "{}", content_type="application/json", headers=auth(anne))
    broken = client.post(BOOKINGS, "{", content_type="application/json", headers=auth(anne))
    listed = client.post(BOOKINGS, "[1, 2]", content_type="application/json", headers=auth(anne))
    form = client.post(
        BOOKINGS,
        {"resource": desk.pk, "starts_at": at(3, 9).isoformat(), "ends_at": at(3, 10).isoformat()},
        headers=auth(anne),
    )

    assert set(error_of(empty, 400)["fields"]) == {"resource", "starts_at", "ends_at"}
    assert "JSON" in error_of(broken, 400)["message"]
    assert error_of(listed, 400)
    assert error_of(form, 415)  # JSON only: what an HTML form of another site cannot send
    assert not Booking.objects.exists()


@pytest.mark.parametrize("resource", ["abc", -1, 0, 2**63, 10**30, 1.5, None, [1]])
def test_tampered_resource_ids_are_field_errors(client, anne, desk, resource):
    error = refused(client, anne, resource, at(3, 9), at(3, 10))

    assert list(error["fields"]) == ["resource"]


def test_unknown_resource_is_not_found(client, anne, desk):
    error = refused(client, anne, desk.pk + 1000, at(3, 9), at(3, 10), status=404)

    assert error["code"] == "not_found"
    assert error["fields"] == {"resource": ["This resource does not exist in this workspace."]}


def test_a_resource_of_another_workspace_is_refused(client, anne, desk, workspace):
    other = ResourceFactory(workspace=WorkspaceFactory(commune=workspace.commune))
    open_all_week(other.workspace)

    error = refused(client, anne, other, at(3, 9), at(3, 10), status=404, workspace="le-refuge")
    unknown = refused(client, anne, desk, at(3, 9), at(3, 10), workspace="nowhere")
    right = post_booking(client, anne, desk, at(3, 9), at(3, 10), workspace="le-refuge")

    assert error["fields"] == {"resource": ["This resource does not exist in this workspace."]}
    assert unknown["fields"] == {"workspace": ["Unknown workspace 'nowhere'."]}
    assert right.status_code == 201


def test_a_temporarily_closed_workspace_cannot_be_booked(client, anne, desk, workspace):
    workspace.status = WorkspaceStatus.CLOSED
    workspace.save()

    error = refused(client, anne, desk, at(3, 9), at(3, 10))

    assert error["fields"] == {"resource": ["This resource cannot be booked at the moment."]}


@pytest.mark.parametrize("status", [WorkspaceStatus.CANCELLED, WorkspaceStatus.DRAFT])
def test_a_hidden_workspace_answers_like_an_unknown_resource(client, anne, desk, workspace, status):
    unknown = refused(client, anne, desk.pk + 1000, at(3, 9), at(3, 10), status=404)
    workspace.status = status
    workspace.save()

    assert refused(client, anne, desk, at(3, 9), at(3, 10), status=404) == unknown


def test_an_inactive_resource_cannot_be_booked(client, anne, desk):
    desk.is_active = False
    desk.save()

    error = refused(client, anne, desk, at(3, 9), at(3, 10), status=404)
    assert list(error["fields"]) == ["resource"]


def test_errors_follow_the_requested_language(client, anne, desk):
    body = {"resource": desk.pk, "starts_at": "demain", "ends_at": at(3, 10).isoformat()}

    response = client.post(
        BOOKINGS,
        json.dumps(body),
        content_type="application/json",
        headers={**auth(anne), "accept-language": "fr"},
    )

    assert (
        "La date + heure n'a pas le bon format" in error_of(response, 400)["fields"]["starts_at"][0]
    )


# --- bookings: cancelling --------------------------------------------------------------------


def test_cancel_own_booking(client, anne, desk):
    booking = BookingFactory(resource=desk, user=anne, starts_at=at(3, 9), ends_at=at(3, 10))

    response = client.post(
        f"{BOOKINGS}{booking.pk}/cancel/", content_type="application/json", headers=auth(anne)
    )
    again = client.post(
        f"{BOOKINGS}{booking.pk}/cancel/", content_type="application/json", headers=auth(anne)
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["cancelled_at"]) == (
        "cancelled",
        "2026-06-01T08:00:00+02:00",
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert error_of(again, 400)["message"] == "This booking can no longer be cancelled."


def test_cancel_after_the_deadline_is_refused(client, anne, desk):
    booking = BookingFactory(resource=desk, user=anne, starts_at=at(1, 20), ends_at=at(1, 21))

    error = error_of(
        client.post(
            f"{BOOKINGS}{booking.pk}/cancel/", content_type="application/json", headers=auth(anne)
        ),
        400,
    )

    assert error["message"] == "Cancellations close 24 hours before the start."
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_cancel_is_post_only(client, anne, desk):
    booking = BookingFactory(resource=desk, user=anne)

    error_of(client.get(f"{BOOKINGS}{booking.pk}/cancel/", headers=auth(anne)), 405)
    error_of(client.delete(f"{BOOKINGS}{booking.pk}/", headers=auth(anne)), 405)


def test_cached_availability_follows_bookings_and_cancellations(
    client, anne, desk, django_capture_on_commit_callbacks
):
    url = "/api/v1/workspaces/le-refuge/availability/"
    before = client.get(url, {"days": 2}).json()["resources"][0]["days"][1]["free_seats"]
    with django_capture_on_commit_callbacks(execute=True):
        made = post_booking(client, anne, desk, at(2, 9), at(2, 10), seats=2).json()

    with_booking = client.get(url, {"days": 2}).json()["resources"][0]["days"][1]["free_seats"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(made["cancel_url"], content_type="application/json", headers=auth(anne))
    after_cancel = client.get(url, {"days": 2}).json()["resources"][0]["days"][1]["free_seats"]

    assert (before, with_booking, after_cancel) == (2, 0, 2)
