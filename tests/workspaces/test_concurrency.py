"""Many people booking the last seats at the same instant: capacity holds, nobody gets an error.

12 threads, each with its own database connection, wait at a barrier and then all ask for one
seat of the same slot of a 5-seat resource: 5 bookings are confirmed and 7 refused as "full".

- PostgreSQL: in this process, against the test database (the resource row is locked with
  SELECT … FOR UPDATE). Skipped on another database.
- SQLite: the suite's SQLite test database lives in memory with a shared cache, whose table
  locks fail at once instead of waiting ("database table is locked"), so threads cannot share
  it. The same race is run in a child process against a file database with the platform's own
  embedded settings (WAL, BEGIN IMMEDIATE, busy timeout): `python -m
  tests.workspaces.test_concurrency <data dir>` prints the outcomes as JSON. The machinery is
  tests/concurrency.py's, shared with the discovery stays' race.
"""

import datetime
import json
import sys
import uuid
from zoneinfo import ZoneInfo

import pytest

from tests.concurrency import (
    postgresql_only,
    race,
    run_sqlite_child,
    sqlite_child_setup,
    summary,
)

THREADS = 12
CAPACITY = 5


def _slot() -> tuple[datetime.datetime, datetime.datetime]:
    """Tomorrow 10:00–11:00 in Paris (the workspace opens all day, every day)."""
    from django.utils import timezone

    paris = ZoneInfo("Europe/Paris")
    tomorrow = timezone.localdate(timezone=paris) + datetime.timedelta(days=1)
    start = datetime.datetime.combine(tomorrow, datetime.time(10), tzinfo=paris)
    return start, start + datetime.timedelta(hours=1)


def _race(resource_id: int, user_ids: list[int], request_keys: list[uuid.UUID] | None = None):
    """Run booking_request in one thread per user, all released at once; return the outcomes.

    An outcome is ["confirmed", pk] / ["pending", pk], ["refused", code] or ["error", repr].
    """
    from alpsatellites.accounts.models import User
    from alpsatellites.workspaces.services import BookingRefused, BookingRequest, booking_request

    start, end = _slot()
    users = {user.pk: user for user in User.objects.filter(pk__in=user_ids)}

    def attempt(index: int, barrier) -> list:
        request = BookingRequest(
            resource_id=resource_id,
            starts_at=start,
            ends_at=end,
            seats=1,
            request_key=request_keys[index] if request_keys else None,
        )
        barrier.wait(timeout=30)
        booking = booking_request(user=users[user_ids[index]], request=request)
        return [booking.status, booking.pk]

    return race(len(user_ids), attempt, BookingRefused)


def _setup(capacity: int, people: int):
    """A workspace open all week with one resource, and `people` users; returns their ids."""
    from tests.factories import UserFactory
    from tests.workspaces.factories import ResourceFactory, open_all_week

    resource = ResourceFactory(capacity=capacity)
    open_all_week(resource.workspace)
    return resource.pk, [user.pk for user in UserFactory.create_batch(people)]


def _assert_capacity_held(outcomes, resource_id):
    from alpsatellites.workspaces.models import Booking

    assert summary(outcomes) == {"confirmed": CAPACITY, "refused:full": THREADS - CAPACITY}, (
        outcomes
    )
    confirmed = Booking.objects.filter(resource_id=resource_id, status="confirmed")
    assert confirmed.count() == CAPACITY
    assert sorted(confirmed.values_list("pk", flat=True)) == sorted(
        outcome[1] for outcome in outcomes if outcome[0] == "confirmed"
    )


@postgresql_only("test_race_on_an_sqlite_file")
@pytest.mark.django_db(transaction=True)
def test_race_for_the_last_seats_on_postgresql(mailoutbox):
    resource_id, user_ids = _setup(CAPACITY, THREADS)
    outcomes = _race(resource_id, user_ids)
    _assert_capacity_held(outcomes, resource_id)
    assert len(mailoutbox) == CAPACITY  # one confirmation per booking made, after its commit


@postgresql_only("test_race_on_an_sqlite_file")
@pytest.mark.django_db(transaction=True)
def test_double_submit_race_is_one_booking_on_postgresql():
    """The same request sent six times at once (a nervous double click, retries): one booking.

    Capacity 1, so a duplicate that reached the seat count would be refused as "full" instead
    of getting its booking back.
    """
    from alpsatellites.workspaces.models import Booking

    resource_id, (user_id,) = _setup(1, 1)
    key = uuid.uuid4()
    outcomes = _race(resource_id, [user_id] * 6, [key] * 6)
    (booking,) = Booking.objects.all()
    assert outcomes == [["confirmed", booking.pk]] * 6


def test_race_on_an_sqlite_file(tmp_path):
    result = run_sqlite_child("tests.workspaces.test_concurrency", tmp_path)
    assert result["journal_mode"] == "wal"
    assert summary(result["outcomes"]) == {
        "confirmed": CAPACITY,
        "refused:full": THREADS - CAPACITY,
    }, result["outcomes"]
    assert result["confirmed_in_database"] == CAPACITY
    assert result["emails"] == CAPACITY
    assert result["double_submit"] == [["confirmed", result["double_submit"][0][1]]] * 6
    assert result["double_submit_bookings"] == 1


def _child_main(data_dir: str) -> None:
    """In the child process: race on a fresh SQLite file, print the outcomes as JSON."""
    journal_mode = sqlite_child_setup(data_dir)
    from django.core import mail

    from alpsatellites.workspaces.models import Booking

    resource_id, user_ids = _setup(CAPACITY, THREADS)
    outcomes = _race(resource_id, user_ids)
    confirmed = Booking.objects.filter(resource_id=resource_id, status="confirmed").count()
    emails = len(getattr(mail, "outbox", []))

    single_seat, (user_id,) = _setup(1, 1)
    double_submit = _race(single_seat, [user_id] * 6, [uuid.uuid4()] * 6)
    print(
        json.dumps(
            {
                "journal_mode": journal_mode,
                "outcomes": outcomes,
                "confirmed_in_database": confirmed,
                "emails": emails,
                "double_submit": double_submit,
                "double_submit_bookings": Booking.objects.filter(resource_id=single_seat).count(),
            }
        )
    )


if __name__ == "__main__":
    _child_main(sys.argv[1])
