"""Requests and answers of the coworking API, shared by its test modules."""

import datetime
import json
from zoneinfo import ZoneInfo

from alpsatellites.accounts.tokens import api_token_create
from alpsatellites.workspaces.models import (
    Booking,
)

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 6, 1, 8, 0, tzinfo=PARIS)  # a Monday
PASSWORD = "correct horse battery staple"  # UserFactory's
BOOKINGS = "/api/v1/bookings/"


def at(day, hour, minute=0, month=6):
    """A Paris time in June 2026 (or another month)."""
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=PARIS)


def auth(user) -> dict:
    """The headers of a script using the person's API token (one token per person and test)."""
    if not hasattr(user, "_test_api_token"):
        user._test_api_token = api_token_create(user=user, name="tests")[1]
    return {"authorization": f"Token {user._test_api_token}"}


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    assert body["error"]["message"]
    return body["error"]


def post_booking(client, user, resource, start, end, **fields):
    body = {
        "resource": resource.pk if hasattr(resource, "pk") else resource,
        "starts_at": start.isoformat() if isinstance(start, datetime.datetime) else start,
        "ends_at": end.isoformat() if isinstance(end, datetime.datetime) else end,
        **fields,
    }
    headers = auth(user) if user is not None else {}
    return client.post(BOOKINGS, json.dumps(body), content_type="application/json", headers=headers)


def refused(client, user, resource, start, end, status=400, **fields) -> dict:
    """The error of a refused booking, having checked that nothing was written."""
    before = Booking.objects.count()
    error = error_of(post_booking(client, user, resource, start, end, **fields), status)
    assert Booking.objects.count() == before
    return error
