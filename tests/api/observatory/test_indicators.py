"""GET /api/v1/indicators/ and /api/v1/communes/{code}/indicators/."""

import pytest
from django.core.cache import cache

from alpsatellites.observatory.models import Theme
from tests.factories import CommuneFactory, TerritoryFactory
from tests.observatory.opendata_world import indicator

from .conftest import error_of


def test_the_catalogue_in_the_request_language(client, world):
    english = client.get("/api/v1/indicators/").json()
    french = client.get("/api/v1/indicators/", headers={"accept-language": "fr"}).json()

    assert english["count"] == 3
    fibre = next(i for i in english["results"] if i["code"] == "fibre_share")
    assert fibre == {
        "code": "fibre_share",
        "label": "Share of premises connectable to fibre",
        "definition": "",
        "unit": "%",
        "decimals": 1,
        "theme": "connectivity",
        "theme_label": "Connectivity",
        "direction": "higher",
        "direction_label": "Higher is better",
        "in_index": True,
        "source": {
            "key": "arcep-ftth",
            "title": "Le marché du haut et très haut débit fixe",
            "publisher": "ARCEP",
            "url": "",
            "licence": "Licence Ouverte 2.0",
            "licence_url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
            "version": "T3 2025",
            "retrieved_on": "2026-01-01",
        },
    }
    french_fibre = next(i for i in french["results"] if i["code"] == "fibre_share")
    assert french_fibre["label"] == "Part des locaux raccordables à la fibre"


def test_the_catalogue_by_theme(client, world):
    body = client.get("/api/v1/indicators/", {"theme": "economy"}).json()

    assert [i["code"] for i in body["results"]] == ["median_income"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"theme": "weather"}, "theme"), ({"page_size": "0"}, "page_size"), ({"page": "x"}, "page")],
)
def test_bad_catalogue_parameters_are_field_errors(client, world, params, field):
    error = error_of(client.get("/api/v1/indicators/", params), 400)

    assert list(error["fields"]) == [field]


def test_catalogue_queries_do_not_grow_with_its_size(client, world, django_assert_num_queries):
    with django_assert_num_queries(2):  # count, page with sources
        client.get("/api/v1/indicators/")
    for n in range(30):
        indicator(f"extra_{n}", world.insee, theme=Theme.HOUSING)
    cache.clear()  # the answer above is cached
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/indicators/").json()["results"]) == 33


# --- a commune's indicators -------------------------------------------------------------------


def by_code(body: dict) -> dict[str, dict]:
    return {entry["code"]: entry for entry in body["indicators"]}


def test_a_commune_has_every_indicator_with_its_latest_value(client, world):
    response = client.get("/api/v1/communes/05023/indicators/")

    assert response.status_code == 200
    body = response.json()
    assert body["commune"] == {
        "code": "05023",
        "name": "Briançon",
        "territory": "grand-brianconnais",
    }
    entries = by_code(body)
    assert list(entries) == ["fibre_share", "population", "median_income"]  # catalogue order
    population = entries["population"]
    assert (population["value"], population["status"]) == (10748, "known")
    assert (population["reference_date"], population["period"]) == ("2022-01-01", "2022")
    assert population["source"]["key"] == "insee-comparateur"
    assert population["label"] == "Population" and population["unit"] == "inhabitants"
    assert "history" not in population
    assert entries["fibre_share"]["period"] == "T3 2025"


def test_secret_and_unknown_values_are_null_never_zero(client, world):
    entries = by_code(client.get("/api/v1/communes/05093/indicators/").json())

    secret = entries["median_income"]
    assert (secret["value"], secret["status"], secret["period"]) == (None, "secret", "2021")
    unknown = entries["population"]
    assert (unknown["value"], unknown["status"]) == (None, "unknown")
    assert unknown["reference_date"] is None and unknown["period"] is None


def test_history_gives_every_date_newest_first(client, world):
    entries = by_code(client.get("/api/v1/communes/05023/indicators/", {"history": "1"}).json())

    history = entries["population"]["history"]
    assert [(v["period"], v["value"]) for v in history] == [("2022", 10748), ("2016", 11950)]
    assert entries["median_income"]["history"][0]["source"]["key"] == "insee-comparateur"
    assert (
        by_code(client.get("/api/v1/communes/05093/indicators/", {"history": "1"}).json())[
            "population"
        ]["history"]
        == []
    )


def test_a_code_in_two_territories_needs_the_territory(client, world):
    other = TerritoryFactory(slug="elsewhere")
    CommuneFactory(territory=other, code="05023", name="Homonyme")

    error = error_of(client.get("/api/v1/communes/05023/indicators/"), 400)
    chosen = client.get("/api/v1/communes/05023/indicators/", {"territory": "elsewhere"})

    assert "elsewhere, grand-brianconnais" in error["fields"]["territory"][0]
    assert chosen.json()["commune"]["name"] == "Homonyme"
    assert by_code(chosen.json())["population"]["status"] == "unknown"


@pytest.mark.parametrize(
    ("code", "params", "field"),
    [
        ("05023", {"history": "maybe"}, "history"),
        ("05023", {"territory": "nowhere"}, "territory"),
        ("%3Cb%3E", {}, "code"),
    ],
)
def test_bad_parameters_are_field_errors(client, world, code, params, field):
    error = error_of(client.get(f"/api/v1/communes/{code}/indicators/", params), 400)

    assert list(error["fields"]) == [field]


def test_unknown_and_unpublished_communes_are_not_found(client, world):
    hidden = TerritoryFactory(slug="hidden", is_published=False)
    CommuneFactory(territory=hidden, code="12345")

    error_of(client.get("/api/v1/communes/99999/indicators/"), 404)
    error_of(client.get("/api/v1/communes/12345/indicators/"), 404)
    error_of(client.get("/api/v1/communes/12345/indicators/", {"territory": "hidden"}), 400)


def test_commune_indicator_queries_do_not_grow_with_the_catalogue(
    client, world, django_assert_num_queries
):
    with django_assert_num_queries(3):  # commune, catalogue, values
        client.get("/api/v1/communes/05023/indicators/", {"history": "1"})
    for n in range(20):
        indicator(f"extra_{n}", world.insee)
    cache.clear()
    with django_assert_num_queries(3):
        body = client.get("/api/v1/communes/05023/indicators/", {"history": "1"}).json()
    assert len(body["indicators"]) == 23
