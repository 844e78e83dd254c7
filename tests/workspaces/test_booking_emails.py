"""E-mails that keep a request from going unseen: to the managers on each new request, to the
member on approval, decline (with the reason, as plain text) and cancellation by either side; each
in its recipient's language, with absolute links; one retried task for every kind."""

import datetime
from smtplib import SMTPServerDisconnected
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django_tasks import default_task_backend

from alpsatellites.workspaces.services import (
    BookingRefused,
    BookingRequest,
    booking_cancel,
    booking_cancel_by_manager,
    booking_decide,
    booking_request,
)
from alpsatellites.workspaces.tasks import notify_on_commit, workspaces_notify
from tests.factories import UserFactory
from tests.workspaces.factories import ResourceFactory, WorkspaceFactory, open_all_week

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 6, 1, 8, 0, tzinfo=PARIS)
START = datetime.datetime(2026, 6, 3, 10, tzinfo=PARIS)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock(time_machine, settings):
    time_machine.move_to(NOW, tick=False)
    settings.SITE_URL = "https://alps.example"


@pytest.fixture
def managers():
    return [
        UserFactory(email="gestion@example.org", name="Dominique", language="fr"),
        UserFactory(email="leitung@example.org", name="Kim", language="de"),
    ]


@pytest.fixture
def room(managers):
    workspace = WorkspaceFactory(name="Café & Co", managers=managers, email="hello@cafe.example")
    open_all_week(workspace)
    return ResourceFactory(
        workspace=workspace, name="Meeting room", requires_approval=True, cancellation_hours=24
    )


@pytest.fixture
def member():
    return UserFactory(email="anna@example.org", name="Anna", language="it")


def request_room(member, room, capture):
    with capture(execute=True):
        booking = booking_request(
            user=member,
            request=BookingRequest(
                resource_id=room.pk, starts_at=START, ends_at=START + datetime.timedelta(hours=2)
            ),
        )
    mail.outbox.clear()
    return booking


def to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_each_manager_is_told_of_a_new_request_in_their_language(
    member, room, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking_request(
            user=member,
            request=BookingRequest(
                resource_id=room.pk, starts_at=START, ends_at=START + datetime.timedelta(hours=2)
            ),
        )
    (french,) = to("gestion@example.org")
    (german,) = to("leitung@example.org")
    assert "Café & Co" in french.subject
    assert "mercredi 3 juin 2026, 10:00" in french.body
    assert "3. Juni 2026" in german.body
    assert "Anna (anna@example.org)" in french.body
    assert "https://alps.example/fr/manage/requests/" in french.body
    assert "https://alps.example/de/manage/requests/" in german.body
    (receipt,) = to("anna@example.org")  # and the member has their receipt
    assert "https://alps.example/it/bookings/" in receipt.body


def test_a_booking_confirmed_at_once_tells_no_manager(
    member, room, django_capture_on_commit_callbacks
):
    room.requires_approval = False
    room.save()
    with django_capture_on_commit_callbacks(execute=True):
        booking_request(
            user=member,
            request=BookingRequest(
                resource_id=room.pk, starts_at=START, ends_at=START + datetime.timedelta(hours=2)
            ),
        )
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]


def test_approval_tells_the_member_with_links(
    member, room, managers, django_capture_on_commit_callbacks
):
    booking = request_room(member, room, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        booking_decide(manager=managers[0], booking_id=booking.pk, approve=True)
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]
    assert "Café & Co" in message.subject  # plain text: never "&amp;"
    link = f"https://alps.example/it/bookings/{booking.pk}/"
    assert link in message.body
    # Cancellation is still open (until 2 June, 10:00): the e-mail says how, in Italian.
    assert "2 giugno 2026, 10:00" in message.body


def test_decline_sends_the_reason_as_plain_text(
    member, room, managers, django_capture_on_commit_callbacks
):
    booking = request_room(member, room, django_capture_on_commit_callbacks)
    reason = 'Closed for a <b>private</b> event <a href="https://evil.example">here</a>'
    with django_capture_on_commit_callbacks(execute=True):
        booking_decide(manager=managers[0], booking_id=booking.pk, approve=False, reason=reason)
    (message,) = mail.outbox
    assert message.content_subtype == "plain"
    assert not getattr(message, "alternatives", [])  # no HTML part that could render markup
    assert reason in message.body  # verbatim: neither escaped nor interpreted
    assert "&lt;" not in message.body
    assert "https://alps.example/it/bookings/" in message.body
    booking.refresh_from_db()
    assert booking.decline_reason == reason


def test_a_reason_over_500_characters_is_refused_and_nothing_is_sent(
    member, room, managers, django_capture_on_commit_callbacks
):
    booking = request_room(member, room, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(BookingRefused):
        booking_decide(manager=managers[0], booking_id=booking.pk, approve=False, reason="x" * 501)
    assert mail.outbox == []


def test_the_members_own_cancellation_is_confirmed_without_a_cancel_link(
    member, room, django_capture_on_commit_callbacks
):
    booking = request_room(member, room, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(user=member, booking_id=booking.pk)
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]
    assert "2 giugno 2026, 10:00" not in message.body  # nothing left to cancel


def test_a_managers_cancellation_tells_the_member_whom_to_ask(
    member, room, managers, django_capture_on_commit_callbacks
):
    booking = request_room(member, room, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel_by_manager(manager=managers[1], booking_id=booking.pk)
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]
    assert "hello@cafe.example" in message.body


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="no sender"):
        notify_on_commit("booking_teleported", 1)


def test_one_failing_manager_is_retried_alone(member, room, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    booking = booking_request(
        user=member,
        request=BookingRequest(
            resource_id=room.pk, starts_at=START, ends_at=START + datetime.timedelta(hours=2)
        ),
    )
    workspaces_notify.call("request_to_managers", booking.pk)
    fanned = [r for r in default_task_backend.results if r.args[0] == "request_to_managers"]
    assert sorted(r.args[2] for r in fanned) == sorted(u.pk for u in room.workspace.managers.all())
    default_task_backend.clear()

    first, second = room.workspace.managers.order_by("pk")
    real_send = mail.EmailMessage.send

    def send(message, *args, **kwargs):
        if message.to == [second.email]:
            raise SMTPServerDisconnected("away")
        return real_send(message, *args, **kwargs)

    with mock.patch("django.core.mail.EmailMessage.send", send):
        workspaces_notify.call("request_to_managers", booking.pk, first.pk)
        workspaces_notify.call("request_to_managers", booking.pk, second.pk)

    assert [m.to for m in mail.outbox] == [[first.email]]
    (retry,) = default_task_backend.results
    assert retry.args == ["request_to_managers", booking.pk, second.pk]
    assert retry.kwargs == {"attempt": 2}
    default_task_backend.clear()
