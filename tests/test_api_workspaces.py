"""API v1 of the coworking network: workspaces, availability, the user's bookings, and denials.

The clock is frozen (time-machine) at Monday 2026-06-01 08:00 in Paris; the workspace opens
08:00–18:00 every day. Errors are asked for in English (Accept-Language).
"""

import datetime
import json
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alpsatellites.accounts.tokens import api_token_create
from alpsatellites.workspaces.models import (
    Booking,
    BookingStatus,
    ResourceKind,
    WorkspaceKind,
    WorkspaceStatus,
)

from .factories import CommuneFactory, SourceFactory, TerritoryFactory, UserFactory
from .workspaces_factories import (
    AmenityFactory,
    BookingFactory,
    ClosureFactory,
    OpeningHoursFactory,
    ResourceFactory,
    WorkspaceFactory,
    open_all_week,
)

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 6, 1, 8, 0, tzinfo=PARIS)  # a Monday
PASSWORD = "correct horse battery staple"  # UserFactory's
BOOKINGS = "/api/v1/bookings/"

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0, month=6):
    """A Paris time in June 2026 (or another month)."""
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _frozen_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def client():
    """Errors in English; the session's CSRF token is checked, as a browser's would be."""
    return Client(enforce_csrf_checks=True, headers={"accept-language": "en"})


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


@pytest.fixture
def territory():
    return TerritoryFactory(slug="grand-brianconnais", name="Grand Briançonnais")


@pytest.fixture
def commune(territory):
    return CommuneFactory(territory=territory, code="05023", name="Briançon")


@pytest.fixture
def workspace(commune):
    workspace = WorkspaceFactory(
        commune=commune, slug="le-refuge", name="Le Refuge", kind=WorkspaceKind.TIERS_LIEU
    )
    open_all_week(workspace, opens=datetime.time(8, 0), closes=datetime.time(18, 0))
    return workspace


@pytest.fixture
def desk(workspace):
    return ResourceFactory(workspace=workspace, name="Open space", capacity=2)


@pytest.fixture
def anne():
    return UserFactory(email="anne@example.org", name="Anne")


@pytest.fixture
def bruno():
    return UserFactory(email="bruno@example.org", name="Bruno")


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


# --- workspaces: list and filters ------------------------------------------------------------


def test_workspace_list_shows_public_workspaces(client, workspace, territory, commune):
    fibre = AmenityFactory(code="fibre", name="Fibre")
    workspace.amenities.add(fibre)
    workspace.latitude, workspace.longitude, workspace.is_demo = 44.9, 6.64, True
    workspace.save()
    WorkspaceFactory(commune=commune, name="Brouillon", status=WorkspaceStatus.DRAFT)
    WorkspaceFactory(commune=commune, name="Fermé pour de bon", status=WorkspaceStatus.CANCELLED)
    WorkspaceFactory(commune=commune, name="Fermé l'hiver", status=WorkspaceStatus.CLOSED)
    hidden = TerritoryFactory(slug="hidden", is_published=False)
    WorkspaceFactory(commune=CommuneFactory(territory=hidden), name="Caché")

    response = client.get("/api/v1/workspaces/")

    assert response.status_code == 200
    body = response.json()
    assert [w["name"] for w in body["results"]] == ["Fermé l'hiver", "Le Refuge"]
    refuge = body["results"][1]
    assert refuge == {
        "slug": "le-refuge",
        "name": "Le Refuge",
        "kind": "tiers_lieu",
        "kind_label": "Third place (tiers-lieu)",
        "status": "open",
        "status_label": "Open",
        "territory": "grand-brianconnais",
        "commune": {"code": "05023", "name": "Briançon"},
        "address": "1 rue de la Gare",
        "latitude": 44.9,
        "longitude": 6.64,
        "amenities": [{"code": "fibre", "name": "Fibre"}],
        "fibre_mbps": None,
        "is_demo": True,
        "url": "/api/v1/workspaces/le-refuge/",
        "page_url": "/en/workspaces/le-refuge/",
    }
    assert body["results"][0]["status"] == "closed"


def test_workspace_list_filters(client, workspace, territory, commune):
    fibre = AmenityFactory(code="fibre", name="Fibre")
    parking = AmenityFactory(code="parking", name="Parking")
    workspace.amenities.add(fibre, parking)
    ResourceFactory(workspace=workspace, capacity=12)
    other_commune = CommuneFactory(territory=territory, code="05063", name="La Grave")
    cafe = WorkspaceFactory(commune=other_commune, name="Café", kind=WorkspaceKind.HOSPITALITY)
    cafe.amenities.add(fibre)
    ResourceFactory(workspace=cafe, capacity=4)
    ResourceFactory(workspace=cafe, capacity=40, is_active=False)
    elsewhere = WorkspaceFactory(name="Ailleurs")  # in a territory of its own

    def names(**params):
        response = client.get("/api/v1/workspaces/", params)
        assert response.status_code == 200, response.content
        return [w["name"] for w in response.json()["results"]]

    assert names() == ["Ailleurs", "Café", "Le Refuge"]
    assert names(territory="grand-brianconnais") == ["Café", "Le Refuge"]
    assert names(territory=elsewhere.territory.slug) == ["Ailleurs"]
    assert names(commune="05063") == ["Café"]
    assert names(territory="grand-brianconnais", commune="05023") == ["Le Refuge"]
    assert names(kind="hospitality") == ["Café"]
    assert names(amenity="fibre") == ["Café", "Le Refuge"]
    assert names(amenity=["fibre", "parking"]) == ["Le Refuge"]  # repeated: every one of them
    assert names(capacity=4) == ["Café", "Le Refuge"]
    assert names(capacity=5) == ["Le Refuge"]  # the café's 40 seats are not bookable
    assert names(capacity=13) == []
    assert names(kind="coworking", commune="05063") == []


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"territory": "atlantis"}, "territory", "Unknown territory 'atlantis'."),
        ({"territory": "not a slug!"}, "territory", None),
        ({"commune": "99999"}, "commune", "Unknown commune '99999'."),
        ({"commune": "<script>"}, "commune", "An official code is 1 to 12 letters or digits."),
        ({"kind": "castle"}, "kind", '"castle" is not a valid choice.'),
        ({"amenity": "jacuzzi"}, "amenity", "Unknown amenity 'jacuzzi'."),
        ({"amenity": "not a slug!"}, "amenity", None),
        ({"capacity": "0"}, "capacity", None),
        ({"capacity": "lots"}, "capacity", "A valid integer is required."),
        ({"capacity": "99999999999999999999999"}, "capacity", None),
        ({"page": "abc"}, "page", None),
        ({"page_size": "1000"}, "page_size", None),
    ],
)
def test_workspace_list_bad_parameters(client, workspace, params, field, message):
    error = error_of(client.get("/api/v1/workspaces/", params), 400)

    assert error["message"] == "Invalid parameters."
    assert list(error["fields"]) == [field]
    if message:
        assert message in str(error["fields"][field])


def test_a_commune_code_in_two_territories_needs_the_territory(client, workspace):
    CommuneFactory(territory=TerritoryFactory(slug="elsewhere"), code="05023")

    error = error_of(client.get("/api/v1/workspaces/", {"commune": "05023"}), 400)
    chosen = client.get("/api/v1/workspaces/", {"commune": "05023", "territory": "elsewhere"})

    assert "elsewhere, grand-brianconnais" in error["fields"]["territory"][0]
    assert chosen.json()["count"] == 0


def test_workspace_list_query_count_does_not_grow(
    client, territory, commune, django_assert_num_queries
):
    amenities = [AmenityFactory(code=f"a{n}") for n in range(3)]

    def add_workspaces(count):
        for _n in range(count):
            workspace = WorkspaceFactory(commune=commune)
            workspace.amenities.add(*amenities)
            ResourceFactory.create_batch(2, workspace=workspace, capacity=6)

    params = {"territory": territory.slug, "amenity": "a1", "capacity": 2, "commune": "05023"}
    add_workspaces(2)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/workspaces/", params)
    assert response.json()["count"] == 2
    assert len(queries) <= 6

    add_workspaces(18)
    with django_assert_num_queries(len(queries)):
        response = client.get("/api/v1/workspaces/", {**params, "page_size": 100})
    assert response.json()["count"] == 20
    assert all(len(w["amenities"]) == 3 for w in response.json()["results"])


def test_workspace_list_is_paginated(client, commune):
    WorkspaceFactory.create_batch(5, commune=commune)

    first = client.get("/api/v1/workspaces/", {"page_size": 2}).json()
    last = client.get("/api/v1/workspaces/", {"page_size": 2, "page": 3}).json()

    assert (first["count"], len(first["results"]), len(last["results"])) == (5, 2, 1)
    assert last["next"] is None
    error_of(client.get("/api/v1/workspaces/", {"page_size": 2, "page": 4}), 404)


# --- workspaces: detail ----------------------------------------------------------------------


def test_workspace_detail(client, workspace, desk):
    workspace.amenities.add(AmenityFactory(code="fibre", name="Fibre"))
    workspace.source = SourceFactory(key="tiers-lieux", title="Annuaire des tiers-lieux")
    workspace.description, workspace.is_demo, workspace.fibre_mbps = (
        "Au pied des pistes.",
        True,
        800,
    )
    workspace.save()
    room = ResourceFactory(
        workspace=workspace,
        kind=ResourceKind.MEETING_ROOM,
        name="Salle Écrins",
        capacity=8,
        price_hour=Decimal("15.00"),
        price_half_day=None,
        price_day=Decimal("90.00"),
        price_week=Decimal("400.00"),
        requires_approval=True,
        cancellation_hours=48,
    )
    ResourceFactory(workspace=workspace, name="Retired", is_active=False)
    OpeningHoursFactory(
        workspace=workspace,
        weekday=5,
        opens=datetime.time(9, 0),
        closes=datetime.time(12, 0),
        valid_from=datetime.date(2026, 7, 1),
        valid_until=datetime.date(2026, 8, 31),
    )
    ClosureFactory(workspace=workspace, starts_on=datetime.date(2026, 5, 1), reason="Past")
    ClosureFactory(
        workspace=workspace,
        starts_on=datetime.date(2026, 8, 15),
        ends_on=datetime.date(2026, 8, 16),
        reason="Assumption",
    )

    response = client.get("/api/v1/workspaces/le-refuge/")

    assert response.status_code == 200
    body = response.json()
    assert (body["slug"], body["is_demo"], body["fibre_mbps"]) == ("le-refuge", True, 800)
    assert body["description"] == "Au pied des pistes."
    assert body["amenities"] == [{"code": "fibre", "name": "Fibre"}]
    assert body["source"]["key"] == "tiers-lieux"
    assert body["time_zone"] == "Europe/Paris"
    assert body["availability_url"] == "/api/v1/workspaces/le-refuge/availability/"
    assert body["calendar_url"] == "/en/workspaces/le-refuge/calendar.ics"
    assert [r["name"] for r in body["resources"]] == ["Open space", "Salle Écrins"]
    assert body["resources"][1] == {
        "id": room.pk,
        "kind": "meeting_room",
        "kind_label": "Meeting room",
        "name": "Salle Écrins",
        "capacity": 8,
        "prices": {
            "hour": "15.00",
            "half_day": None,
            "day": "90.00",
            "week": "400.00",
            "month": None,
        },
        "rules": {
            "min_minutes": 60,
            "max_days": 5,
            "max_days_ahead": 60,
            "cancellation_hours": 48,
            "requires_approval": True,
        },
    }
    assert body["resources"][0]["id"] == desk.pk
    week = [h for h in body["opening_hours"] if h["valid_from"] is None]
    season = [h for h in body["opening_hours"] if h["valid_from"] is not None]
    assert len(week) == 7
    assert week[0] == {
        "weekday": 0,
        "opens": "08:00",
        "closes": "18:00",
        "valid_from": None,
        "valid_until": None,
    }
    assert season == [
        {
            "weekday": 5,
            "opens": "09:00",
            "closes": "12:00",
            "valid_from": "2026-07-01",
            "valid_until": "2026-08-31",
        }
    ]
    assert body["closures"] == [
        {"starts_on": "2026-08-15", "ends_on": "2026-08-16", "reason": "Assumption"}
    ]


def test_workspace_detail_query_count_does_not_grow(
    client, workspace, desk, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/workspaces/le-refuge/").status_code == 200

    ResourceFactory.create_batch(6, workspace=workspace)
    for n in range(5):
        workspace.amenities.add(AmenityFactory(code=f"amenity-x{n}"))
        ClosureFactory(workspace=workspace, starts_on=datetime.date(2026, 9, 1 + n))
    cache.clear()  # factories write behind the services' back: no cache invalidation
    with django_assert_num_queries(len(queries)):
        assert len(client.get("/api/v1/workspaces/le-refuge/").json()["resources"]) == 7


@pytest.mark.parametrize("status", [WorkspaceStatus.DRAFT, WorkspaceStatus.CANCELLED])
def test_hidden_workspaces_are_not_found(client, workspace, status):
    workspace.status = status
    workspace.save()

    error_of(client.get("/api/v1/workspaces/le-refuge/"), 404)
    error_of(client.get("/api/v1/workspaces/le-refuge/availability/"), 404)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/workspaces/nope/",
        "/api/v1/workspaces/nope/availability/",
        "/api/v1/workspaces/le%20refuge/",
        "/api/v1/workspaces/le-refuge/nope/",
    ],
)
def test_unknown_workspaces_are_json_404(client, workspace, path):
    error_of(client.get(path), 404)


# --- availability ----------------------------------------------------------------------------


def test_availability_for_the_next_14_days(client, workspace, desk, anne):
    ClosureFactory(workspace=workspace, starts_on=datetime.date(2026, 6, 6))
    BookingFactory(resource=desk, user=anne, starts_at=at(2, 9), ends_at=at(2, 12))
    BookingFactory(resource=desk, user=anne, starts_at=at(3, 9), ends_at=at(3, 12), seats=2)
    BookingFactory(
        resource=desk, user=anne, starts_at=at(4, 9), ends_at=at(4, 12), status="cancelled"
    )
    BookingFactory(resource=desk, user=None, is_block=True, starts_at=at(5, 8), ends_at=at(5, 9))

    response = client.get("/api/v1/workspaces/le-refuge/availability/")

    assert response.status_code == 200
    body = response.json()
    assert (body["workspace"], body["first_day"], body["days"]) == ("le-refuge", "2026-06-01", 14)
    assert (body["time_zone"], body["bookable"]) == ("Europe/Paris", True)
    (resource,) = body["resources"]
    assert (resource["id"], resource["name"], resource["capacity"]) == (desk.pk, "Open space", 2)
    days = resource["days"]
    assert len(days) == 14
    assert days[0] == {
        "date": "2026-06-01",
        "open": True,
        "opens": "2026-06-01T08:00:00+02:00",
        "closes": "2026-06-01T18:00:00+02:00",
        "free_seats": 2,
    }
    free = {d["date"]: d["free_seats"] for d in days}
    assert free["2026-06-02"] == 1
    assert free["2026-06-03"] == 0
    assert free["2026-06-04"] == 2  # the cancelled booking holds nothing
    assert free["2026-06-05"] == 0  # a block takes every seat
    assert days[5] == {
        "date": "2026-06-06",
        "open": False,
        "opens": None,
        "closes": None,
        "free_seats": 0,
    }


def test_availability_from_a_day_over_a_daylight_saving_change(client, workspace, desk):
    response = client.get(
        "/api/v1/workspaces/le-refuge/availability/", {"from": "2026-10-24", "days": 3}
    )

    days = response.json()["resources"][0]["days"]
    assert [d["date"] for d in days] == ["2026-10-24", "2026-10-25", "2026-10-26"]
    assert [d["opens"] for d in days] == [
        "2026-10-24T08:00:00+02:00",
        "2026-10-25T08:00:00+01:00",
        "2026-10-26T08:00:00+01:00",
    ]


def test_availability_of_a_temporarily_closed_workspace(client, workspace, desk):
    workspace.status = WorkspaceStatus.CLOSED
    workspace.save()

    body = client.get("/api/v1/workspaces/le-refuge/availability/", {"days": 2}).json()

    assert body["bookable"] is False
    assert [d["free_seats"] for d in body["resources"][0]["days"]] == [0, 0]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "tomorrow"}, "from"),
        ({"from": "2026-13-01"}, "from"),
        ({"from": "2026-06-01T10:00"}, "from"),
        ({"from": "2026-05-31"}, "from"),  # the past
        ({"from": "2027-06-03"}, "from"),  # more than a year ahead
        ({"from": "9999-12-31"}, "from"),
        ({"days": "0"}, "days"),
        ({"days": "32"}, "days"),
        ({"days": "-1"}, "days"),
        ({"days": "two"}, "days"),
        ({"days": "1e9"}, "days"),
    ],
)
def test_availability_bad_parameters(client, workspace, desk, params, field):
    error = error_of(client.get("/api/v1/workspaces/le-refuge/availability/", params), 400)

    assert list(error["fields"]) == [field]


def test_availability_days_bounds(client, workspace, desk):
    url = "/api/v1/workspaces/le-refuge/availability/"

    assert len(client.get(url, {"days": 1}).json()["resources"][0]["days"]) == 1
    assert len(client.get(url, {"days": 31}).json()["resources"][0]["days"]) == 31


def test_availability_query_count_does_not_grow(
    client, workspace, desk, anne, django_assert_num_queries
):
    url = "/api/v1/workspaces/le-refuge/availability/"
    BookingFactory(resource=desk, user=anne, starts_at=at(2, 9), ends_at=at(2, 10))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 6

    for day in range(3, 14):
        other = ResourceFactory(workspace=workspace)
        BookingFactory(resource=other, user=anne, starts_at=at(day, 9), ends_at=at(day, 10))
        BookingFactory(resource=desk, user=anne, starts_at=at(day, 11), ends_at=at(day, 12))
    with django_assert_num_queries(len(queries)):
        assert len(client.get(url, {"days": 20}).json()["resources"]) == 12


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
        (at(1, 6), at(1, 7), {}, "starts_at", "This time is in the past."),
        (at(3, 7), at(3, 9), {}, "starts_at", "The start is outside opening hours."),
        (at(3, 17), at(3, 19), {}, "ends_at", "The end is outside opening hours."),
        (at(6, 9), at(6, 10), {}, "starts_at", "The workspace is closed on 2026-06-06."),
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


# --- documentation ---------------------------------------------------------------------------


def test_openapi_schema_documents_the_coworking_api(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)

    paths = schema["paths"]
    assert {
        "/api/v1/workspaces/",
        "/api/v1/workspaces/{slug}/",
        "/api/v1/workspaces/{slug}/availability/",
        "/api/v1/bookings/",
        "/api/v1/bookings/{id}/",
        "/api/v1/bookings/{id}/cancel/",
    } <= set(paths)
    parameters = {p["name"] for p in paths["/api/v1/workspaces/"]["get"]["parameters"]}
    assert {"territory", "commune", "kind", "amenity", "capacity", "page"} <= parameters
    availability = paths["/api/v1/workspaces/{slug}/availability/"]["get"]["parameters"]
    assert {"from", "days"} <= {p["name"] for p in availability}
    create = paths["/api/v1/bookings/"]["post"]
    assert {"200", "201", "400", "401", "409"} <= set(create["responses"])
    assert {"tokenAuth": []} in create["security"]
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    assert "basicAuth" not in schema["components"]["securitySchemes"]
    request = schema["components"]["schemas"]["BookingCreateRequest"]
    assert set(request["required"]) == {"resource", "starts_at", "ends_at"}
    assert {"WorkspaceKindEnum", "ResourceKindEnum", "BookingStatusEnum"} <= set(
        schema["components"]["schemas"]
    )
