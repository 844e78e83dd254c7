"""The open-data page of a territory and its downloads: streamed, cached per territory,
licences in the headers, 404 for unpublished territories as for unknown ones."""

import csv
import gc
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from alpsatellites.core.cache import content_changed
from alpsatellites.observatory.models import FacilityKind
from tests.factories import TerritoryFactory
from tests.observatory.opendata_world import HOSTILE_NAME, build_world, facility

PAGE = "/{language}/t/grand-brianconnais/open-data/"
FILES = {
    "indicators.csv": "text/csv; charset=utf-8",
    "indicators-wide.csv": "text/csv; charset=utf-8",
    "facilities.csv": "text/csv; charset=utf-8",
    "facilities.geojson": "application/geo+json",
    "feasibility.csv": "text/csv; charset=utf-8",
    "feasibility.geojson": "application/geo+json",
}


@pytest.fixture
def world(grand_brianconnais):
    return build_world(grand_brianconnais, "05023", "05093")


def file_url(name: str, slug: str = "grand-brianconnais") -> str:
    return f"/fr/t/{slug}/open-data/{name}"


def content_of(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


# --- the page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en", "it", "de"])
def test_the_page_in_each_language(client, world, language):
    response = client.get(PAGE.format(language=language))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    with translation.override(language):
        heading = gettext("Open data — %(name)s") % {"name": world.territory.name}
        download = gettext("Download %(format)s") % {"format": "GeoJSON"}
    assert f"<h1>{heading}</h1>" in html
    assert download in html


def test_the_page_lists_every_file_with_licences_and_sources(client, world):
    html = client.get(PAGE.format(language="en")).content.decode()

    for name in FILES:
        assert f'href="{file_url(name).replace("/fr/", "/en/")}"' in html
    assert 'href="/en/t/grand-brianconnais/workspaces.csv"' in html
    assert '<a href="https://opendatacommons.org/licenses/odbl/1-0/">ODbL 1.0</a>' in html
    assert "Share-alike" in html and "SNCF Gares &amp; Connexions" in html
    assert 'href="/en/t/grand-brianconnais/sources/#source-sncf-gares"' in html
    assert "<code>missing_themes</code>" in html
    assert 'href="/api/v1/facilities.geojson?territory=grand-brianconnais"' in html
    assert 'href="/api/v1/territories/grand-brianconnais/feasibility/"' in html


def test_the_page_reads_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get(PAGE.format(language="fr"))
    assert response.status_code == 200


def test_unpublished_and_unknown_territories_have_no_open_data(client, world):
    TerritoryFactory(slug="hidden", is_published=False)

    assert client.get("/fr/t/hidden/open-data/").status_code == 404
    assert client.get("/fr/t/nowhere/open-data/").status_code == 404
    for name in FILES:
        assert client.get(file_url(name, "hidden")).status_code == 404
        assert client.get(file_url(name, "nowhere")).status_code == 404


# --- the files --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "media_type"), FILES.items())
def test_each_file_is_streamed_with_its_licence(client, world, name, media_type):
    response = client.get(file_url(name))

    assert response.status_code == 200
    assert response["Content-Type"] == media_type
    assert response["Content-Disposition"] == f'attachment; filename="grand-brianconnais-{name}"'
    assert response["X-Licence"]
    assert "compiled by AlpSatellites" in response["X-Attribution"]
    assert (
        '<http://testserver/fr/t/grand-brianconnais/open-data/>; rel="describedby"'
        in (response["Link"])
    )
    assert "public" in response["Cache-Control"]
    text = content_of(response).decode("utf-8")
    if name.endswith(".geojson"):
        assert json.loads(text)["type"] == "FeatureCollection"
    else:
        assert "," in text.splitlines()[0] and "=" not in text.splitlines()[0]


def test_facilities_file_says_sncf_is_share_alike(client, world):
    response = client.get(file_url("facilities.csv"))

    assert "ODbL 1.0" in response["X-Licence"]
    assert response["X-Share-Alike"].startswith("Records from SNCF Gares & Connexions")
    assert '<https://opendatacommons.org/licenses/odbl/1-0/>; rel="license"' in response["Link"]
    rows = list(csv.DictReader(io.StringIO(content_of(response).decode())))
    assert "'" + HOSTILE_NAME in {row["name"] for row in rows}


@pytest.mark.parametrize("name", ["indicators.geojson", "facilities.xlsx", "secrets.csv"])
def test_files_not_offered_are_not_found(client, world, name):
    assert client.get(file_url(name)).status_code == 404


def test_a_file_is_served_from_the_cache_until_the_territory_changes(
    client, world, django_assert_max_num_queries
):
    first = content_of(client.get(file_url("facilities.geojson")))
    facility(FacilityKind.PHARMACY, "Pharmacie du Prorel", world.insee, world.first)

    with django_assert_max_num_queries(1):  # the territory: still 404 if it is unpublished
        again = client.get(file_url("facilities.geojson"))
        assert content_of(again) == first
    assert again["X-Licence"] and again["Content-Disposition"]
    content_changed(territory_slugs=["grand-brianconnais"])
    fresh = json.loads(content_of(client.get(file_url("facilities.geojson"))))
    assert "Pharmacie du Prorel" in {f["properties"]["name"] for f in fresh["features"]}


def test_a_file_left_half_read_is_not_cached(client, world):
    response = client.get(file_url("facilities.csv"))
    chunks = iter(response.streaming_content)
    next(chunks)  # the reader went away after the first chunk
    # The server closes the response; the test client's wrapper does it when the iterator goes
    # (calling response.close() here would close the test's PostgreSQL connection).
    del chunks, response
    gc.collect()

    with CaptureQueriesContext(connection) as queries:
        content = content_of(client.get(file_url("facilities.csv")))
    assert len(queries) > 1  # written again, not taken from the cache
    assert content.startswith(b"kind,name,")


def test_an_unpublished_territory_cached_file_is_not_served(client, world):
    client.get(file_url("indicators.csv"))
    world.territory.is_published = False
    world.territory.save()

    assert client.get(file_url("indicators.csv")).status_code == 404
