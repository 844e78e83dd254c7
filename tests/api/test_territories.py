"""REST API v1: representations, filters, pagination, query counts and JSON errors."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alpsatellites.territories.models import Commune
from tests.factories import CommuneFactory, GroupingFactory, TerritoryFactory
from tests.utils import shipped

GB = shipped("grand-brianconnais")
EVANCON = shipped("evancon")


@pytest.fixture
def client():
    """Errors in English (the API answers in the Accept-Language, French by default)."""
    return Client(headers={"accept-language": "en"})


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["error"]["status"] == status
    return body["error"]


# --- territories and groupings ---------------------------------------------------------------


def test_territory_list_gives_counts_and_population(client, grand_brianconnais, evancon):
    TerritoryFactory(slug="hidden", is_published=False)

    response = client.get("/api/v1/territories/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    by_slug = {t["slug"]: t for t in body["results"]}
    assert list(by_slug) == ["evancon", "grand-brianconnais"]
    gb = by_slug["grand-brianconnais"]
    assert (gb["commune_count"], gb["population"], gb["country"]) == (
        GB.commune_count,
        GB.population,
        "FR",
    )
    assert gb["boundaries_url"] == "/api/v1/territories/grand-brianconnais/boundaries.geojson"
    assert (by_slug["evancon"]["commune_count"], by_slug["evancon"]["default_language"]) == (
        EVANCON.commune_count,
        "it",
    )


def test_territory_detail(client, evancon):
    response = client.get("/api/v1/territories/evancon/")

    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "evancon"
    assert body["country"] == "IT"
    assert body["commune_count"] == EVANCON.commune_count
    assert body["population"] == EVANCON.population


@pytest.mark.django_db
def test_unpublished_and_unknown_territories_are_not_found(client):
    TerritoryFactory(slug="hidden", is_published=False)

    assert error_of(client.get("/api/v1/territories/hidden/"), 404)["message"]
    assert error_of(client.get("/api/v1/territories/nope/"), 404)["message"]
    # GeoJSON endpoints answer errors in the same JSON shape (served as GeoJSON's media type).
    geojson = client.get("/api/v1/territories/nope/boundaries.geojson")
    assert geojson.status_code == 404
    assert json.loads(geojson.content)["error"]["status"] == 404


def test_groupings_filtered_by_territory(client, grand_brianconnais, evancon):
    response = client.get("/api/v1/groupings/", {"territory": "grand-brianconnais"})

    assert response.status_code == 200
    results = response.json()["results"]
    assert {(g["official_id"], g["commune_count"]) for g in results} == {
        ("240500439", 13),
        ("240500462", 8),
        ("200067452", 15),
    }
    assert {g["territory"] for g in results} == {"grand-brianconnais"}
    assert {g["kind"] for g in results} == {"cc"}

    everything = client.get("/api/v1/groupings/").json()
    assert everything["count"] == 4


def test_groupings_of_an_unknown_territory_are_a_field_error(client, grand_brianconnais):
    error = error_of(client.get("/api/v1/groupings/", {"territory": "atlantis"}), 400)

    assert error["fields"] == {"territory": ["Unknown territory 'atlantis'."]}


def test_boundaries_are_a_feature_collection(client, grand_brianconnais):
    response = client.get("/api/v1/territories/grand-brianconnais/boundaries.geojson")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == GB.commune_count
    briancon = next(f for f in collection["features"] if f["properties"]["code"] == "05023")
    assert briancon["properties"] == {
        "code": "05023",
        "name": "Briançon",
        "population": Commune.objects.get(code="05023").population,
    }
    assert briancon["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_boundaries_answer_clients_asking_for_geojson(client, grand_brianconnais):
    response = client.get(
        "/api/v1/territories/grand-brianconnais/boundaries.geojson",
        headers={"accept": "application/geo+json"},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert len(json.loads(response.content)["features"]) == GB.commune_count


def test_boundaries_for_clients_that_only_accept_json(client, evancon):
    response = client.get(
        "/api/v1/territories/evancon/boundaries.geojson", headers={"accept": "application/json"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert len(response.json()["features"]) == EVANCON.commune_count


def test_boundaries_without_polygons_are_points(client, evancon):
    collection = json.loads(client.get("/api/v1/territories/evancon/boundaries.geojson").content)

    assert len(collection["features"]) == EVANCON.commune_count
    assert {f["geometry"]["type"] for f in collection["features"]} == {"Point"}
    verres = next(f for f in collection["features"] if f["properties"]["code"] == "007073")
    assert verres["geometry"]["coordinates"] == [7.68911, 45.66656]


# --- communes --------------------------------------------------------------------------------


def test_communes_filtered_by_territory(client, grand_brianconnais, evancon):
    gb = client.get("/api/v1/communes/", {"territory": "grand-brianconnais"}).json()
    it = client.get("/api/v1/communes/", {"territory": "evancon"}).json()
    everything = client.get("/api/v1/communes/", {"page_size": 200}).json()

    assert gb["count"] == GB.commune_count
    assert {c["territory"] for c in gb["results"]} == {"grand-brianconnais"}
    assert it["count"] == EVANCON.commune_count
    assert {c["country"] for c in it["results"]} == {"IT"}
    assert everything["count"] == GB.commune_count + EVANCON.commune_count


def test_communes_filtered_by_grouping(client, grand_brianconnais):
    body = client.get(
        "/api/v1/communes/", {"territory": "grand-brianconnais", "grouping": "240500462"}
    ).json()

    assert body["count"] == 8
    assert {c["grouping"] for c in body["results"]} == {"240500462"}
    assert "Les Vigneaux" in {c["name"] for c in body["results"]}
    assert body["results"][0]["grouping_name"] == "Communauté de communes du Pays des Ecrins"


@pytest.mark.parametrize("q", ["briancon", "BRIANÇON", "Briançon", "  brianCON "])
def test_search_ignores_accents_and_case(client, grand_brianconnais, q):
    body = client.get("/api/v1/communes/", {"q": q}).json()

    assert [c["name"] for c in body["results"]] == ["Briançon"]


@pytest.mark.parametrize(
    ("q", "names"),
    [
        ("monetier", ["Le Monêtier-les-Bains"]),
        ("salle alpes", ["La Salle-les-Alpes"]),
        ("argentiere", ["L'Argentière-la-Bessée"]),
        ("SAINT-VERAN", ["Saint-Véran"]),
        ("saint v", ["Puy-Saint-Vincent", "Saint-Véran", "Villar-Saint-Pancrace"]),
        ("puy saint", ["Puy-Saint-André", "Puy-Saint-Pierre", "Puy-Saint-Vincent"]),
        ("zzz", []),
    ],
)
def test_search_by_words(client, grand_brianconnais, q, names):
    body = client.get("/api/v1/communes/", {"q": q, "territory": "grand-brianconnais"}).json()

    assert [c["name"] for c in body["results"]] == names


def test_communes_are_paginated(client, grand_brianconnais):
    first = client.get("/api/v1/communes/", {"page_size": 10}).json()
    last = client.get("/api/v1/communes/", {"page_size": 10, "page": 4}).json()

    assert first["count"] == GB.commune_count
    assert len(first["results"]) == 10
    assert first["results"][0]["name"] == "Abriès-Ristolas"
    assert "page=2" in first["next"] and first["previous"] is None
    assert len(last["results"]) == 6
    assert last["next"] is None
    assert last["results"][-1]["name"] == "Villar-Saint-Pancrace"
    every_code = set()
    for page in (1, 2, 3, 4):
        results = client.get("/api/v1/communes/", {"page_size": 10, "page": page}).json()
        every_code |= {c["code"] for c in results["results"]}
    assert len(every_code) == GB.commune_count


def test_commune_list_query_count_does_not_grow_with_communes(
    client, grand_brianconnais, django_assert_num_queries
):
    small = TerritoryFactory(slug="small")
    grouping = GroupingFactory(territory=small)
    CommuneFactory.create_batch(5, territory=small, grouping=grouping)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/communes/", {"territory": "small"})
    assert response.json()["count"] == 5
    assert len(queries) <= 4

    with django_assert_num_queries(len(queries)):
        response = client.get("/api/v1/communes/", {"territory": "grand-brianconnais"})
    assert len(response.json()["results"]) == GB.commune_count


def test_commune_detail_has_town_hall_and_sources(client, grand_brianconnais):
    response = client.get("/api/v1/communes/05023/")

    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["territory"], body["grouping"]) == (
        "Briançon",
        "grand-brianconnais",
        "240500439",
    )
    assert body["population"] == 11411
    assert body["town_hall"]["phone"] == "04 92 21 20 72"
    assert body["town_hall"]["address"] == "26 avenue du 159e RIA\n05100 Briançon"
    assert body["town_hall"]["opening_hours"][0]["days"] == [0, 1, 2, 3, 4]
    assert body["town_hall"]["source"]["key"] == "service-public-annuaire"
    assert body["population_source"]["key"] == "insee-population"
    assert body["population_source"]["licence"] == "Licence Ouverte 2.0"
    assert body["boundary_source"]["key"] == "ign-boundaries"
    assert body["boundary_url"] == (
        "/api/v1/communes/05023/boundary.geojson?territory=grand-brianconnais"
    )


def test_commune_without_town_hall_or_boundary(client, evancon):
    body = client.get("/api/v1/communes/007073/").json()

    assert body["name"] == "Verrès"
    assert body["town_hall"]["source"] is None
    assert body["boundary_source"] is None
    feature = json.loads(client.get(body["boundary_url"]).content)
    assert feature["geometry"] == {"type": "Point", "coordinates": [7.68911, 45.66656]}


def test_commune_boundary_is_a_feature(client, grand_brianconnais):
    response = client.get("/api/v1/communes/05063/boundary.geojson")

    assert response["Content-Type"] == "application/geo+json"
    feature = json.loads(response.content)
    assert feature["type"] == "Feature"
    assert feature["properties"]["name"] == "La Grave"
    assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_unknown_commune_is_a_json_404(client, grand_brianconnais):
    error = error_of(client.get("/api/v1/communes/99999/"), 404)

    assert error["message"] == "No commune with code '99999'."


@pytest.mark.parametrize("code", ["abc%21%21", "%3Cscript%3E", "0123456789ABC", "05%2023"])
def test_malformed_commune_code_is_a_400(client, grand_brianconnais, code):
    error = error_of(client.get(f"/api/v1/communes/{code}/"), 400)

    assert error["fields"] == {"code": ["An official code is 1 to 12 letters or digits."]}


def test_a_code_in_two_territories_needs_the_territory(client, grand_brianconnais):
    other = TerritoryFactory(slug="elsewhere")
    CommuneFactory(territory=other, code="05023", name="Homonyme")

    error = error_of(client.get("/api/v1/communes/05023/"), 400)
    chosen = client.get("/api/v1/communes/05023/", {"territory": "elsewhere"})

    assert error["fields"]["territory"] == [
        "Code '05023' exists in several territories (elsewhere, grand-brianconnais): choose one."
    ]
    assert chosen.status_code == 200
    assert chosen.json()["name"] == "Homonyme"
    assert (
        client.get("/api/v1/communes/05023/", {"territory": "grand-brianconnais"}).json()["name"]
        == "Briançon"
    )


@pytest.mark.django_db
def test_commune_of_an_unpublished_territory_is_not_found(client):
    hidden = TerritoryFactory(slug="hidden", is_published=False)
    CommuneFactory(territory=hidden, code="12345")

    error_of(client.get("/api/v1/communes/12345/"), 404)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"page_size": "-1"}, "page_size"),
        ({"territory": "unknown"}, "territory"),
        ({"territory": "not a slug!"}, "territory"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_bad_parameters_are_field_errors(client, grand_brianconnais, params, field):
    error = error_of(
        client.get("/api/v1/communes/", params, headers={"accept-language": "en"}), 400
    )

    assert error["message"] == "Invalid parameters."
    assert list(error["fields"]) == [field]


def test_unknown_territory_error_names_it(client, grand_brianconnais):
    error = error_of(client.get("/api/v1/communes/", {"territory": "unknown"}), 400)

    assert error["fields"] == {"territory": ["Unknown territory 'unknown'."]}


def test_a_page_beyond_the_last_is_a_json_404(client, grand_brianconnais):
    error_of(client.get("/api/v1/communes/", {"page": 99}), 404)


@pytest.mark.parametrize("q", ["<script>alert(1)</script>", "' OR 1=1 --", "%", "_"])
def test_hostile_search_text_finds_nothing_and_breaks_nothing(client, grand_brianconnais, q):
    response = client.get("/api/v1/communes/", {"q": q})

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_errors_follow_the_requested_language(client, grand_brianconnais):
    response = client.get("/api/v1/communes/", {"page": "abc"}, headers={"accept-language": "en"})

    assert error_of(response, 400)["fields"] == {"page": ["A valid integer is required."]}


# --- documentation and unknown addresses -----------------------------------------------------


@pytest.mark.django_db
def test_openapi_schema_is_json_with_every_path(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert "json" in response["Content-Type"]
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "AlpSatellites API"
    assert {
        "/api/v1/territories/",
        "/api/v1/territories/{slug}/",
        "/api/v1/territories/{slug}/boundaries.geojson",
        "/api/v1/groupings/",
        "/api/v1/communes/",
        "/api/v1/communes/{code}/",
        "/api/v1/communes/{code}/boundary.geojson",
    } <= set(schema["paths"])
    parameters = {p["name"] for p in schema["paths"]["/api/v1/communes/"]["get"]["parameters"]}
    assert {"q", "territory", "grouping", "page", "page_size"} <= parameters


@pytest.mark.django_db
def test_api_docs_page(client):
    response = client.get("/api/v1/docs/")
    # Swagger UI's start-up script is a file of its own (no inline script under the CSP).
    script = client.get("/api/v1/docs/?script=")

    assert response.status_code == 200
    assert b"swagger-ui" in response.content
    assert b"/api/v1/openapi.json" in script.content


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/nope/", "/api/v1/communes/05023/nope", "/api/v2/"])
def test_unknown_api_address_is_a_json_404(client, path):
    error = error_of(client.get(path), 404)

    assert error["message"]


@pytest.mark.django_db
def test_api_is_read_only(client):
    response = client.post("/api/v1/territories/", {"slug": "x"})

    assert error_of(response, 405)["message"]
