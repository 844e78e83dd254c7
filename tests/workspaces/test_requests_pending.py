"""The manager's requests page: every pending booking of every workspace they run, whatever its
date, oldest first; approve, decline with a reason; the header badge; denials; query counts."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from alpsatellites.workspaces.models import BookingStatus
from alpsatellites.workspaces.selectors import booking_requests_pending_count
from tests.factories import UserFactory
from tests.workspaces.factories import (
    BookingFactory,
    ResourceFactory,
    WorkspaceFactory,
    open_all_week,
)

pytestmark = pytest.mark.django_db

LIST = "/en/manage/requests/"


@pytest.fixture
def manager():
    return UserFactory(email="manager@example.org", name="Dominique")


@pytest.fixture
def workspace(manager):
    workspace = WorkspaceFactory(name="Le Refuge", slug="le-refuge", managers=[manager])
    open_all_week(workspace)
    return workspace


@pytest.fixture
def room(workspace):
    return ResourceFactory(workspace=workspace, name="Meeting room", requires_approval=True)


def pending(resource, *, days=2, name="Anna", created=None, **fields):
    start = (timezone.now() + datetime.timedelta(days=days)).replace(microsecond=0)
    booking = BookingFactory(
        resource=resource,
        user=UserFactory(name=name),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        price=Decimal("20.00"),
        **{"status": BookingStatus.PENDING, **fields},
    )
    if created is not None:
        type(booking).objects.filter(pk=booking.pk).update(created_at=created)
    return booking


def test_lists_requests_of_every_date_and_workspace_oldest_first(client, manager, room):
    other = ResourceFactory(workspace=WorkspaceFactory(managers=[manager]), requires_approval=True)
    now = timezone.now()
    late = pending(room, days=50, name="Late", created=now - datetime.timedelta(days=3))
    soon = pending(other, days=1, name="Soon", created=now - datetime.timedelta(days=1))
    pending(room, days=3, status=BookingStatus.CONFIRMED, name="Confirmed")
    BookingFactory(resource=room, user=None, is_block=True, status=BookingStatus.PENDING)
    pending(ResourceFactory(), name="Stranger")  # a workspace they do not run
    client.force_login(manager)

    response = client.get(LIST)

    assert response.status_code == 200
    assert [b.pk for b in response.context["page"].object_list] == [late.pk, soon.pk]
    html = response.content.decode()
    assert html.index("Late") < html.index("Soon")
    assert "Confirmed" not in html and "Stranger" not in html


def test_the_query_count_does_not_grow_with_the_requests(
    client, manager, room, django_assert_max_num_queries
):
    pending(room)
    client.force_login(manager)
    client.get(LIST)  # session, user and translations warmed up
    with django_assert_max_num_queries(12) as few:
        client.get(LIST)
    for n in range(8):
        pending(ResourceFactory(workspace=room.workspace, requires_approval=True), name=f"M{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 9


def test_paginated(client, manager, room):
    for n in range(26):
        pending(room, name=f"Member {n}")
    client.force_login(manager)
    assert len(client.get(LIST).context["page"].object_list) == 25
    assert len(client.get(LIST + "?page=2").context["page"].object_list) == 1
    assert client.get(LIST + "?page=3").status_code == 404


def test_approve_says_who_and_which_day(client, manager, room):
    booking = pending(room, name="Anna")
    client.force_login(manager)
    response = client.post(f"/en/manage/requests/{booking.pk}/", {"action": "approve"}, follow=True)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    day = timezone.localtime(booking.starts_at, room.workspace.zone)
    expected = f"Booking of Anna for {day:%A} {day.day} {day:%B} approved — an e-mail tells them."
    assert expected in [str(m) for m in response.context["messages"]]


def test_decline_keeps_the_reason_and_escapes_it_on_the_page(client, manager, room):
    booking = pending(room, name="<b>Anna</b>")
    client.force_login(manager)
    response = client.post(
        f"/en/manage/requests/{booking.pk}/",
        {"action": "decline", "reason": "  Room closed <script>x</script>  "},
        follow=True,
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED
    assert booking.decline_reason == "Room closed <script>x</script>"
    html = response.content.decode()
    assert "<b>Anna</b>" not in html and "&lt;b&gt;Anna&lt;/b&gt;" in html


def test_a_too_long_reason_is_a_field_error_and_nothing_changes(client, manager, room):
    booking = pending(room)
    client.force_login(manager)
    response = client.post(
        f"/en/manage/requests/{booking.pk}/", {"action": "decline", "reason": "x" * 501}
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert "at most 500 characters" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PENDING and booking.decline_reason == ""


def test_deciding_twice_is_an_error_message_not_a_500(client, manager, room):
    booking = pending(room)
    client.force_login(manager)
    client.post(f"/en/manage/requests/{booking.pk}/", {"action": "approve"})
    response = client.post(f"/en/manage/requests/{booking.pk}/", {"action": "decline"}, follow=True)
    assert response.status_code == 200
    assert "not awaiting a decision" in response.content.decode()


@pytest.mark.parametrize("data", [{"action": "approve"}, {"action": "decline"}, {"action": "x"}])
def test_a_manager_of_another_workspace_gets_404(client, room, data):
    booking = pending(room)
    client.force_login(WorkspaceFactory(managers=[UserFactory()]).managers.get())

    assert client.post(f"/en/manage/requests/{booking.pk}/", data).status_code == 404
    assert client.post(f"/en/manage/bookings/{booking.pk}/cancel/").status_code == 404
    assert booking.pk not in [b.pk for b in client.get(LIST).context["page"].object_list]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PENDING


def test_anonymous_is_sent_to_sign_in(client, room):
    booking = pending(room)
    assert client.get(LIST).status_code == 302
    response = client.post(f"/en/manage/requests/{booking.pk}/", {"action": "approve"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_get_on_a_decision_url_is_refused(client, manager, room):
    booking = pending(room)
    client.force_login(manager)
    assert client.get(f"/en/manage/requests/{booking.pk}/").status_code == 405


def test_the_manager_cancels_and_the_member_is_told(
    client, manager, room, mailoutbox, django_capture_on_commit_callbacks
):
    booking = pending(room, name="Anna", status=BookingStatus.CONFIRMED)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/manage/bookings/{booking.pk}/cancel/", follow=True)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert any("Booking of Anna for" in str(m) for m in response.context["messages"])
    (message,) = mailoutbox
    assert message.to == [booking.user.email]
    # In the member's language (French here), whatever the manager's page language.
    assert "gestionnaire de l'espace a annulé votre réservation" in message.body


class TestBadge:
    def test_a_manager_with_requests_sees_the_count(self, client, manager, room):
        pending(room)
        pending(room)
        client.force_login(manager)
        html = client.get("/en/bookings/").content.decode()
        assert f'href="{LIST}"' in html
        assert "Requests (2)" in html
        assert '<span class="visually-hidden">, awaiting your decision</span>' in html

    def test_no_badge_without_requests_or_for_members(self, client, manager, room):
        client.force_login(manager)
        assert f'href="{LIST}"' not in client.get("/en/bookings/").content.decode()
        pending(room)
        client.force_login(UserFactory())
        assert f'href="{LIST}"' not in client.get("/en/bookings/").content.decode()

    def test_one_query_for_a_signed_in_person_none_for_anonymous(
        self, manager, room, django_assert_num_queries
    ):
        pending(room)
        with django_assert_num_queries(1):
            assert booking_requests_pending_count(manager) == 1
        with django_assert_num_queries(0):
            assert booking_requests_pending_count(AnonymousUser()) == 0

    def test_anonymous_pages_never_count(self, client, room):
        pending(room)
        response = client.get("/en/accounts/login/")
        assert response.status_code == 200
        assert f'href="{LIST}"' not in response.content.decode()


class TestSpecificMessages:
    """The week view and the member's booking page name who and which day, not "Done."."""

    def test_week_view_decline_and_check_in(self, client, manager, room, time_machine):
        booking = pending(room, name="Anna")
        client.force_login(manager)
        week = f"/en/manage/workspaces/{room.workspace.slug}/"
        response = client.post(week, {"action": "decline", "booking": booking.pk}, follow=True)
        (message,) = [str(m) for m in response.context["messages"]]
        assert message.startswith("Booking of Anna for ") and message.endswith(
            "declined — an e-mail tells them."
        )

        arrival = pending(room, name="Ben", status=BookingStatus.CONFIRMED)
        time_machine.move_to(arrival.starts_at, tick=False)
        response = client.post(week, {"action": "check_in", "booking": arrival.pk}, follow=True)
        (message,) = [str(m) for m in response.context["messages"]]
        assert message.startswith("Ben is checked in for ")

    def test_the_member_cancels(self, client, room):
        booking = pending(room, days=5, name="Anna", status=BookingStatus.CONFIRMED)
        client.force_login(booking.user)
        response = client.post(f"/en/bookings/{booking.pk}/cancel/", follow=True)
        (message,) = [str(m) for m in response.context["messages"]]
        assert message.startswith("Your booking of Meeting room for ")
        assert message.endswith("is cancelled — an e-mail confirms it.")
