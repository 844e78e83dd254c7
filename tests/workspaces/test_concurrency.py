"""Many people booking the last seats at the same instant: capacity holds, nobody gets an error.

12 threads, each with its own database connection, wait at a barrier and then all ask for one
seat of the same slot of a 5-seat resource: 5 bookings are confirmed and 7 refused as "full".

- PostgreSQL: in this process, against the test database (the resource row is locked with
  SELECT … FOR UPDATE). Skipped on another database.
- SQLite: the suite's SQLite test database lives in memory with a shared cache, whose table
  locks fail at once instead of waiting ("database table is locked"), so threads cannot share
  it. The same race is run in a child process against a file database with the platform's own
  embedded settings (WAL, BEGIN IMMEDIATE, busy timeout): `python -m
  tests.workspaces.test_concurrency <data dir>` prints the outcomes as JSON.
"""

import collections
import datetime
import json
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

THREADS = 12
CAPACITY = 5
ROOT = Path(__file__).resolve().parents[2]


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
    barrier = threading.Barrier(len(user_ids))
    outcomes: list = [None] * len(user_ids)

    def attempt(index: int) -> None:
        try:
            request = BookingRequest(
                resource_id=resource_id,
                starts_at=start,
                ends_at=end,
                seats=1,
                request_key=request_keys[index] if request_keys else None,
            )
            barrier.wait(timeout=30)
            booking = booking_request(user=users[user_ids[index]], request=request)
            outcomes[index] = [booking.status, booking.pk]
        except BookingRefused as refused:
            outcomes[index] = ["refused", refused.code]
        except Exception as error:  # reported, not raised: the test says what went wrong
            outcomes[index] = ["error", repr(error)]
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(user_ids))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a booking thread hung"
    return outcomes


def _setup(capacity: int, people: int):
    """A workspace open all week with one resource, and `people` users; returns their ids."""
    from tests.factories import UserFactory
    from tests.workspaces.factories import ResourceFactory, open_all_week

    resource = ResourceFactory(capacity=capacity)
    open_all_week(resource.workspace)
    return resource.pk, [user.pk for user in UserFactory.create_batch(people)]


def _summary(outcomes) -> collections.Counter:
    return collections.Counter(
        outcome[0] if outcome[0] != "refused" else f"refused:{outcome[1]}" for outcome in outcomes
    )


def _assert_capacity_held(outcomes, resource_id):
    from alpsatellites.workspaces.models import Booking

    assert _summary(outcomes) == {"confirmed": CAPACITY, "refused:full": THREADS - CAPACITY}, (
        outcomes
    )
    confirmed = Booking.objects.filter(resource_id=resource_id, status="confirmed")
    assert confirmed.count() == CAPACITY
    assert sorted(confirmed.values_list("pk", flat=True)) == sorted(
        outcome[1] for outcome in outcomes if outcome[0] == "confirmed"
    )


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads need their own connections to one database: PostgreSQL test database only "
    "(the SQLite one is in memory; see test_race_on_an_sqlite_file for SQLite)",
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_race_for_the_last_seats_on_postgresql(mailoutbox):
    resource_id, user_ids = _setup(CAPACITY, THREADS)
    outcomes = _race(resource_id, user_ids)
    _assert_capacity_held(outcomes, resource_id)
    assert len(mailoutbox) == CAPACITY  # one confirmation per booking made, after its commit


@postgresql_only
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


def _run_child(data_dir: Path, *args: str) -> list:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alpsatellites.settings.base",
        "ALPSATELLITES_DATA_DIR": str(data_dir),
        "EMAIL_URL": "memorymail://",
    }
    for name in ("DATABASE_URL", "CACHE_URL"):
        env.pop(name, None)  # the embedded default: SQLite file in the data dir, local cache
    completed = subprocess.run(
        [sys.executable, "-m", "tests.workspaces.test_concurrency", str(data_dir), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_race_on_an_sqlite_file(tmp_path):
    result = _run_child(tmp_path)
    assert result["journal_mode"] == "wal"
    assert _summary(result["outcomes"]) == {
        "confirmed": CAPACITY,
        "refused:full": THREADS - CAPACITY,
    }, result["outcomes"]
    assert result["confirmed_in_database"] == CAPACITY
    assert result["emails"] == CAPACITY
    assert result["double_submit"] == [["confirmed", result["double_submit"][0][1]]] * 6
    assert result["double_submit_bookings"] == 1


def _child_main(data_dir: str) -> None:
    """In the child process: migrate a fresh SQLite file, race, print the outcomes as JSON."""
    import django

    django.setup()
    from django.core import mail
    from django.core.management import call_command

    from alpsatellites.workspaces.models import Booking

    assert connection.vendor == "sqlite"
    assert Path(connection.settings_dict["NAME"]).parent == Path(data_dir)
    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        journal_mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]

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
