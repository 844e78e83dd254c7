"""Two officers accepting the last place of a discovery stay at the same instant: one wins.

The approach of tests/workspaces/test_concurrency.py (machinery in tests/concurrency.py): threads
with their own database connections wait at a barrier, then each accepts a different pending
application of a stay with one place left (and a coworking pass, booked inside the same
transaction). Exactly one acceptance and one booking go through; the other is refused as
"full", with nothing written.

- PostgreSQL: in this process, against the test database (the stay row is locked with
  SELECT … FOR UPDATE). Skipped on another database.
- SQLite: the suite's in-memory database cannot be shared by threads, so the race runs in a
  child process on a file database with the platform's embedded settings (WAL, BEGIN
  IMMEDIATE): `python -m tests.newcomers.test_stays_concurrency <data dir>` prints JSON.
"""

import json
import sys

import pytest

from tests.concurrency import (
    postgresql_only,
    race,
    run_sqlite_child,
    sqlite_child_setup,
    summary,
)

THREADS = 2


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

    def attempt(index: int, barrier) -> list:
        officer = User.objects.get(pk=officer_ids[index])
        barrier.wait(timeout=30)
        application = stay_application_decide(
            user=officer, application_id=application_ids[index], accept=True
        )
        return [application.status, application.booking_id]

    return race(len(application_ids), attempt, DomainError)


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


EXPECTED = {"accepted": 1, "refused:full": 1}
# The household accepted beforehand and the winner: two places, two desks, nothing else.
EXPECTED_STATE = {"accepted": 2, "pending_with_booking": 0, "bookings": 2}


@postgresql_only("test_last_place_race_on_an_sqlite_file")
@pytest.mark.django_db(transaction=True)
def test_last_place_race_on_postgresql():
    stay_id, officers, applications = _setup()
    outcomes = _race(officers, applications)
    assert summary(outcomes) == EXPECTED, outcomes
    assert _state(stay_id) == EXPECTED_STATE


def test_last_place_race_on_an_sqlite_file(tmp_path):
    result = run_sqlite_child("tests.newcomers.test_stays_concurrency", tmp_path)
    assert result["journal_mode"] == "wal"
    assert summary(result["outcomes"]) == EXPECTED, result["outcomes"]
    assert result["state"] == EXPECTED_STATE


def _child_main(data_dir: str) -> None:
    """In the child process: race on a fresh SQLite file, print the outcomes as JSON."""
    journal_mode = sqlite_child_setup(data_dir)
    stay_id, officers, applications = _setup()
    outcomes = _race(officers, applications)
    print(
        json.dumps({"journal_mode": journal_mode, "outcomes": outcomes, "state": _state(stay_id)})
    )


if __name__ == "__main__":
    _child_main(sys.argv[1])
