"""Booking e-mails go through the task API: enqueued with ids on commit, retried, logged."""

import datetime
import logging
from smtplib import SMTPServerDisconnected
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django_tasks import default_task_backend

from alpsatellites.core.tasks import RETRY_DELAYS, max_attempts
from alpsatellites.workspaces.services import BookingRequest, booking_request
from alpsatellites.workspaces.tasks import workspaces_notify
from tests.factories import UserFactory
from tests.workspaces.factories import ResourceFactory, WorkspaceFactory, open_all_week

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 6, 1, 8, 0, tzinfo=PARIS)
QUEUED = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SEND = "alpsatellites.workspaces.notifications._send"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def resource():
    workspace = WorkspaceFactory(name="Café & Co")
    open_all_week(workspace)
    return ResourceFactory(workspace=workspace, name="Open space", capacity=3)


@pytest.fixture
def queued(settings):
    """Tasks are stored, not run, as a worker's queue would hold them."""
    settings.TASKS = QUEUED
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def book(resource):
    start = datetime.datetime(2026, 6, 3, 10, tzinfo=PARIS)
    return booking_request(
        user=UserFactory(email="anne@example.org"),
        request=BookingRequest(
            resource_id=resource.pk, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
        ),
    )


def test_the_email_task_is_enqueued_with_the_booking_id_on_commit(
    resource, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(resource)
        assert queued.results == []  # nothing before the commit

    (result,) = queued.results
    assert result.task.module_path == "alpsatellites.workspaces.tasks.workspaces_notify"
    assert (result.args, result.kwargs) == (["booking_made", booking.pk], {})
    assert mail.outbox == []  # queued, not sent by the request


def test_nothing_is_enqueued_when_the_transaction_rolls_back(
    resource, queued, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        book(resource)
        raise RuntimeError("the surrounding work failed")

    assert queued.results == []


def test_the_task_sends_the_email(resource, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        book(resource)
    (result,) = queued.results

    result.task.call(*result.args, **result.kwargs)

    (message,) = mail.outbox
    assert message.to == ["anne@example.org"]


def test_a_failure_is_logged_and_retried_later(resource, queued, caplog):
    booking = book(resource)

    with (
        mock.patch(SEND, side_effect=SMTPServerDisconnected("mail server away")),
        caplog.at_level(logging.WARNING, logger="alpsatellites.workspaces.tasks"),
    ):
        workspaces_notify.call("booking_made", booking.pk)

    assert (
        f"booking_email failed, will retry: kind=booking_made booking={booking.pk} attempt=1"
        in caplog.text
    )
    assert "mail server away" in caplog.text
    (retry,) = queued.results
    assert (retry.args, retry.kwargs) == (["booking_made", booking.pk, None], {"attempt": 2})
    assert retry.task.run_after == NOW + datetime.timedelta(seconds=RETRY_DELAYS[0])


def test_the_immediate_backend_retries_at_once_until_it_works(resource, caplog):
    booking = book(resource)
    mail.outbox.clear()
    failures = [SMTPServerDisconnected("away"), SMTPServerDisconnected("away"), None]

    with mock.patch(SEND, side_effect=failures) as send:
        workspaces_notify.enqueue("booking_made", booking.pk)

    assert send.call_count == 3
    assert caplog.text.count("booking_email failed, will retry") == 2


def test_the_last_failure_is_logged_as_an_error(resource, queued, caplog):
    booking = book(resource)

    with (
        mock.patch(SEND, side_effect=SMTPServerDisconnected("away")),
        pytest.raises(SMTPServerDisconnected),
    ):
        workspaces_notify.call("booking_made", booking.pk, attempt=max_attempts())

    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.getMessage() == (
        f"booking_email failed for good: kind=booking_made booking={booking.pk} "
        f"attempts={max_attempts()}"
    )
    assert queued.results == []  # no further try


# Committed for real: the worker reopens database connections as a long-running process must,
# which a test's surrounding transaction would not survive.
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_what_the_database_queue_holds(resource, settings):
    settings.TASKS = DATABASE_QUEUE
    book(resource)
    assert mail.outbox == []

    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)

    (message,) = mail.outbox
    assert message.to == ["anne@example.org"]


def test_the_worker_explains_that_immediate_tasks_need_no_worker():
    with pytest.raises(CommandError, match="runs tasks without a worker; set TASKS_BACKEND"):
        call_command("worker", "--batch")
