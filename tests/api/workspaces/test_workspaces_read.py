"""API v1 of the coworking network: workspace list, detail and availability; the schema."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alpsatellites.workspaces.models import (
    PriceBasis,
    ResourceKind,
    WorkspaceKind,
    WorkspaceStatus,
)
from tests.factories import CommuneFactory, SourceFactory, TerritoryFactory
from tests.workspaces.factories import (
    AmenityFactory,
    BookingFactory,
    ClosureFactory,
    OpeningHoursFactory,
    ResourceFactory,
    WorkspaceFactory,
)

from .helpers import at, error_of

pytestmark = pytest.mark.django_db


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
        price_basis=PriceBasis.PER_UNIT,
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
        "price_basis": "per_unit",
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
