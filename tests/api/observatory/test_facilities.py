"""GET /api/v1/facilities/ (JSON pages) and /api/v1/facilities.geojson (GeoJSON pages)."""

import pytest
from django.core.cache import cache

from alpsatellites.observatory.models import FacilityKind
from tests.factories import TerritoryFactory
from tests.observatory.opendata_world import HOSTILE_NAME, MARKUP_NAME, facility

from .conftest import error_of


def test_facilities_of_a_territory(client, world):
    body = client.get("/api/v1/facilities/", {"territory": "grand-brianconnais"}).json()

    assert body["count"] == 4
    assert [f["kind"] for f in body["results"]] == ["college", "hospital", "lycee", "station"]
    station = body["results"][-1]
    assert station["name"] == "Briançon"
    assert (station["latitude"], station["longitude"]) == (44.889853, 6.633007)
    assert station["kind_label"] == "Railway station"
    assert (station["commune_code"], station["commune_name"]) == ("05023", "Briançon")
    assert station["source"]["licence"] == "ODbL 1.0"
    assert station["details"] == {"lines": ["Briançon – Paris (night)"]}
    names = {f["name"] for f in body["results"]}
    assert {HOSTILE_NAME, MARKUP_NAME} <= names  # data, returned as they are
    assert "Hôpital de Lyon" not in names


def test_every_facility_without_a_territory(client, world):
    assert client.get("/api/v1/facilities/").json()["count"] == 5


def test_facilities_by_kind_and_commune(client, world):
    hospitals = client.get("/api/v1/facilities/", {"kind": "hospital"}).json()
    in_gap = client.get("/api/v1/facilities/", {"commune": "05061"}).json()
    both = client.get(
        "/api/v1/facilities/",
        {"territory": "grand-brianconnais", "kind": "college", "commune": "05023"},
    ).json()

    assert hospitals["count"] == 2
    assert [f["name"] for f in in_gap["results"]] == ["Centre hospitalier de Gap"]
    assert [f["external_id"] for f in both["results"]] == ["0050043V"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "castle"}, "kind"),
        ({"commune": "05<023"}, "commune"),
        ({"territory": "nowhere"}, "territory"),
        ({"territory": "hidden"}, "territory"),
        ({"page_size": "201"}, "page_size"),
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/facilities/", "/api/v1/facilities.geojson"])
def test_bad_parameters_are_json_field_errors(client, world, path, params, field):
    TerritoryFactory(slug="hidden", is_published=False)

    error = error_of(client.get(path, params), 400)

    assert error["message"] == "Invalid parameters."
    assert list(error["fields"]) == [field]


@pytest.mark.parametrize("path", ["/api/v1/facilities/", "/api/v1/facilities.geojson"])
def test_facility_queries_do_not_grow_with_the_page(client, world, path, django_assert_num_queries):
    params = {"territory": "grand-brianconnais", "page_size": 200}
    with django_assert_num_queries(3):  # territory, count, page with commune and source
        client.get(path, params)
    for n in range(40):
        facility(FacilityKind.PHARMACY, f"Pharmacie {n}", world.insee, world.first)
    cache.clear()
    with django_assert_num_queries(3):
        response = client.get(path, params)
    assert response.status_code == 200


def test_geojson_pages_are_feature_collections_with_licences(client, world):
    response = client.get(
        "/api/v1/facilities.geojson", {"territory": "grand-brianconnais", "page_size": 3}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    document = response.json()
    assert document["type"] == "FeatureCollection"
    assert (document["count"], document["previous"]) == (4, None)
    assert "page=2" in document["next"]
    assert len(document["features"]) == 3
    assert "Licence Ouverte 2.0" in document["licence"]  # collèges and the hospital
    last = client.get(document["next"]).json()
    station = last["features"][0]
    assert station["geometry"] == {"type": "Point", "coordinates": [6.633007, 44.889853]}
    assert station["properties"]["name"] == "Briançon"
    assert last["licence"] == "ODbL 1.0"
    assert "SNCF" in last["attribution"] and "SNCF" in last["share_alike"]


def test_geojson_for_clients_asking_for_json(client, world):
    response = client.get("/api/v1/facilities.geojson", headers={"accept": "application/json"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["type"] == "FeatureCollection"


def test_a_page_beyond_the_last_is_a_json_404(client, world):
    error_of(client.get("/api/v1/facilities.geojson", {"page": 9}), 404)
    error_of(client.get("/api/v1/facilities/", {"page": 9}), 404)
