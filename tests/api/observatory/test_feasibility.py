"""GET /api/v1/territories/{slug}/feasibility/: the index of every commune."""

import pytest
from django.core.cache import cache

from tests.factories import CommuneFactory, GroupingFactory, TerritoryFactory
from tests.observatory.opendata_world import value
from tests.utils import shipped

from .conftest import error_of

GB = shipped("grand-brianconnais")


def test_the_index_ranks_every_commune(client, world):
    response = client.get("/api/v1/territories/grand-brianconnais/feasibility/")

    assert response.status_code == 200
    body = response.json()
    assert body["territory"] == "grand-brianconnais"
    assert body["weights"] == {"connectivity": 2.0, "economy": 1.0}
    assert body["weights_are_default"] is False
    assert body["indicators"] == [
        {
            "code": "fibre_share",
            "label": "Share of premises connectable to fibre",
            "theme": "connectivity",
            "direction": "higher",
            "source": "arcep-ftth",
        }
    ]
    communes = body["communes"]
    assert len(communes) == GB.commune_count
    best, second = communes[0], communes[1]
    assert (best["code"], best["rank"], second["code"], second["rank"]) == ("05023", 1, "05093", 2)
    assert best["score"] > second["score"]
    assert best["themes"]["connectivity"] is not None
    assert best["themes"]["economy"] is None
    assert best["missing_themes"] == ["economy"]
    unknown = communes[-1]
    assert (unknown["score"], unknown["rank"]) == (None, None)  # never a zero
    assert unknown["confidence"] == 0


def test_the_index_of_one_grouping_keeps_territorial_ranks(client, world):
    grouping = world.second.grouping.official_id

    body = client.get(
        "/api/v1/territories/grand-brianconnais/feasibility/", {"grouping": grouping}
    ).json()

    assert {c["code"] for c in body["communes"]} >= {"05093"}
    assert all(c["grouping_code"] == grouping for c in body["communes"])
    assert next(c for c in body["communes"] if c["code"] == "05093")["rank"] == 2


def test_an_unknown_grouping_is_a_field_error(client, world):
    error = error_of(
        client.get("/api/v1/territories/grand-brianconnais/feasibility/", {"grouping": "nope"}),
        400,
    )

    assert error["fields"] == {"grouping": ["No grouping 'nope' in this territory."]}


@pytest.mark.parametrize("slug", ["hidden", "nowhere"])
def test_unpublished_and_unknown_territories_are_not_found(client, world, slug):
    TerritoryFactory(slug="hidden", is_published=False)

    error_of(client.get(f"/api/v1/territories/{slug}/feasibility/"), 404)


def test_index_queries_do_not_grow_with_communes(client, world, django_assert_num_queries):
    small = TerritoryFactory(slug="small")
    grouping = GroupingFactory(territory=small)
    for commune in CommuneFactory.create_batch(3, territory=small, grouping=grouping):
        value(world.fibre, commune, 2025, 50.0)

    with django_assert_num_queries(5):  # territory, weights, indicators, communes, values
        client.get("/api/v1/territories/small/feasibility/")
    cache.clear()
    with django_assert_num_queries(5):
        client.get("/api/v1/territories/grand-brianconnais/feasibility/")
