"""Two officers accepting the last place of a discovery stay at the same instant: one wins.

The approach of tests/workspaces/test_concurrency.py: threads with their own database
connections wait at a barrier, then each accepts a different pending application of a stay
with one place left (and a coworking pass, booked inside the same transaction). Exactly one
acceptance and one booking go through; the other is refused as "full", with nothing written.

- PostgreSQL: in this process, against the test database (the stay row is locked with
  SELECT … FOR UPDATE). Skipped on another database.
- SQLite: the suite's in-memory database cannot be shared by threads, so the race runs in a
  child process on a file database with the platform's embedded settings (WAL, BEGIN
  IMMEDIATE): `python -m tests.newcomers.test_stays_concurrency <data dir>` prints JSON.
"""

import collections
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection

THREADS = 2
ROOT = Path(__file__).resolve().parents[2]


def _setup() -> tuple[int, list[int], list[int]]:
    """A stay of capacity 2 with one household accepted, a pass, and THREADS pending
    applications; returns the stay id, officer ids (one per thread) and application ids."""
    from alpsatellites.newcomers.services.stays import stay_application_decide
    from tests.newcomers.factories import make_officer
    from tests.newcomers.stays_helpers import apply, coworking_pass, stay_of_new_grouping

    stay, officer = stay_of_new_grouping(capacity=2)
    stay.workspace_resource = coworking_pass(stay.territory, capacity=10)
    stay.save()
    stay_application_decide(user=officer, application_id=apply(stay).pk, accept=True)
    officers = [officer.pk] + [make_officer(stay.grouping).pk for _ in range(THREADS - 1)]
    applications = [apply(stay).pk for _ in range(THREADS)]
    return stay.pk, officers, applications


def _race(officer_ids: list[int], application_ids: list[int]) -> list:
    """Each thread accepts one application, all released at once; ["accepted", booking id],
    ["refused", code] or ["error", repr]."""
    from alpsatellites.accounts.models import User
    from alpsatellites.core.errors import DomainError
    from alpsatellites.newcomers.services.stays import stay_application_decide

    barrier = threading.Barrier(len(application_ids))
    outcomes: list = [None] * len(application_ids)

    def attempt(index: int) -> None:
        try:
            officer = User.objects.get(pk=officer_ids[index])
            barrier.wait(timeout=30)
            application = stay_application_decide(
                user=officer, application_id=application_ids[index], accept=True
            )
            outcomes[index] = [application.status, application.booking_id]
        except DomainError as refused:
            outcomes[index] = ["refused", refused.code]
        except Exception as error:  # reported, not raised: the test says what went wrong
            outcomes[index] = ["error", repr(error)]
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(application_ids))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "an acceptance thread hung"
    return outcomes


def _state(stay_id: int) -> dict:
    from alpsatellites.newcomers.models import ApplicationStatus, StayApplication
    from alpsatellites.workspaces.models import Booking, BookingStatus

    applications = StayApplication.objects.filter(stay_id=stay_id)
    return {
        "accepted": applications.filter(status=ApplicationStatus.ACCEPTED).count(),
        "pending_with_booking": applications.filter(
            status=ApplicationStatus.PENDING, booking__isnull=False
        ).count(),
        "bookings": Booking.objects.filter(status=BookingStatus.CONFIRMED).count(),
    }


def _summary(outcomes) -> collections.Counter:
    return collections.Counter(
        outcome[0] if outcome[0] != "refused" else f"refused:{outcome[1]}" for outcome in outcomes
    )


EXPECTED = {"accepted": 1, "refused:full": 1}
# The household accepted beforehand and the winner: two places, two desks, nothing else.
EXPECTED_STATE = {"accepted": 2, "pending_with_booking": 0, "bookings": 2}

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads need their own connections to one database: PostgreSQL test database only "
    "(the SQLite one is in memory; see test_last_place_race_on_an_sqlite_file)",
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_last_place_race_on_postgresql():
    stay_id, officers, applications = _setup()
    outcomes = _race(officers, applications)
    assert _summary(outcomes) == EXPECTED, outcomes
    assert _state(stay_id) == EXPECTED_STATE


def test_last_place_race_on_an_sqlite_file(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alpsatellites.settings.base",
        "ALPSATELLITES_DATA_DIR": str(tmp_path),
        "EMAIL_URL": "memorymail://",
    }
    for name in ("DATABASE_URL", "CACHE_URL"):
        env.pop(name, None)  # the embedded default: SQLite file in the data dir, local cache
    completed = subprocess.run(
        [sys.executable, "-m", "tests.newcomers.test_stays_concurrency", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result["journal_mode"] == "wal"
    assert _summary(result["outcomes"]) == EXPECTED, result["outcomes"]
    assert result["state"] == EXPECTED_STATE


def _child_main(data_dir: str) -> None:
    """In the child process: migrate a fresh SQLite file, race, print the outcomes as JSON."""
    import django

    django.setup()
    from django.core.management import call_command

    assert connection.vendor == "sqlite"
    assert Path(connection.settings_dict["NAME"]).parent == Path(data_dir)
    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        journal_mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    stay_id, officers, applications = _setup()
    outcomes = _race(officers, applications)
    print(
        json.dumps({"journal_mode": journal_mode, "outcomes": outcomes, "state": _state(stay_id)})
    )


if __name__ == "__main__":
    _child_main(sys.argv[1])
