"""The workspace search tells the truth: the map holds exactly the places found, an empty result
says whether nothing was searched or nothing matched, and the amenities are a real fieldset."""

import pytest
from django.utils import translation

from tests.factories import CommuneFactory, TerritoryFactory
from tests.workspaces.factories import AmenityFactory, ResourceFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db

LIST = "/en/t/valley/workspaces/"
MAP = "/en/t/valley/workspaces/map.geojson"


@pytest.fixture
def valley():
    territory = TerritoryFactory(slug="valley")
    fibre = AmenityFactory(code="fibre", name="Fibre")
    AmenityFactory(code="meeting-room", name="Meeting room")
    places = {}
    for n, (name, lat, amenities) in enumerate(
        [("Altipolis", 44.9, [fibre]), ("Le Refuge", 44.8, []), ("Unplaced", None, [fibre])]
    ):
        workspace = WorkspaceFactory(
            commune=CommuneFactory(territory=territory),
            name=name,
            slug=f"place-{n}",
            latitude=lat,
            longitude=6.6 if lat else None,
        )
        workspace.amenities.add(*amenities)
        ResourceFactory(workspace=workspace, capacity=4)
        places[name] = workspace
    return places


def _names(geojson):
    return sorted(f["properties"]["name"] for f in geojson["features"])


def test_the_map_shows_exactly_the_filtered_places(client, valley):
    everything = client.get(MAP).json()
    filtered = client.get(MAP, {"amenity": "fibre"}).json()

    assert _names(everything) == ["Altipolis", "Le Refuge"]  # "Unplaced" has no position
    assert _names(filtered) == ["Altipolis"]
    assert filtered["features"][0]["properties"]["url"] == "/en/workspaces/place-0/"


def test_the_page_points_its_map_at_its_own_search(client, valley):
    page = client.get(LIST, {"amenity": "fibre", "page": "1"}).content.decode()
    assert 'data-geojson-url="/en/t/valley/workspaces/map.geojson?amenity=fibre"' in page
    assert 'data-hide-when-empty="true"' in page


def test_a_bad_filter_on_the_map_is_a_json_error(client, valley):
    response = client.get(MAP, {"capacity": "0"})
    assert response.status_code == 400
    assert "capacity" in response.json()["error"]["fields"]


def test_nothing_matches_says_so_with_a_way_back(client, valley):
    with translation.override("en"):
        response = client.get(LIST, {"amenity": "meeting-room"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "No workspace matches this search." in page
    assert 'href="/en/t/valley/workspaces/">Clear the filters</a>' in page
    assert 'id="workspaces-map"' not in page  # no empty map


def test_no_search_yet_lists_everything_without_a_clear_link(client, valley):
    page = client.get(LIST).content.decode()
    assert "3 workspaces" in page
    assert "Clear the filters" not in page
    assert "match this search" not in page
    assert 'id="workspaces-map"' in page


def test_a_search_with_results_counts_them_and_offers_to_clear(client, valley):
    page = client.get(LIST, {"amenity": "fibre"}).content.decode()
    assert "2 workspaces match this search" in page
    assert "Clear the filters" in page


def test_a_page_number_alone_is_not_a_search(client, valley):
    page = client.get(LIST, {"page": "1"}).content.decode()
    assert "Clear the filters" not in page


def test_an_empty_territory_is_not_a_failed_search(client):
    TerritoryFactory(slug="valley")
    page = client.get(LIST).content.decode()
    assert "No workspace is listed in this territory yet." in page
    assert "No workspace matches this search." not in page
    assert 'id="workspaces-map"' not in page


def test_amenities_are_a_fieldset_each_box_inside_its_label(client, valley):
    page = client.get(LIST, {"amenity": "fibre"}).content.decode()
    assert '<fieldset class="amenity-filter">' in page
    assert "<legend>Amenities</legend>" in page
    assert (
        '<label for="id_amenity_0"><input type="checkbox" name="amenity" value="fibre" '
        'id="id_amenity_0" checked> Fibre</label>'
    ) in page


def test_map_query_count_is_constant(client, valley, django_assert_num_queries):
    # Territory, communes, amenities (the form's choices), the places found.
    with django_assert_num_queries(4):
        client.get(MAP, {"amenity": "fibre"})
    for n in range(5):
        WorkspaceFactory(
            commune=CommuneFactory(territory=valley["Altipolis"].territory),
            latitude=45.0 + n / 100,
            longitude=6.5,
        )
    from django.core.cache import cache

    cache.clear()
    with django_assert_num_queries(4):
        assert len(client.get(MAP).json()["features"]) == 7
