import pytest
from django.test import Client

from tests.observatory.opendata_world import build_world


@pytest.fixture
def client():
    """Labels and errors in English (the API answers in the Accept-Language)."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def world(grand_brianconnais):
    return build_world(grand_brianconnais, "05023", "05093")


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.content
    # GeoJSON endpoints answer errors in the same JSON shape, served as GeoJSON's media type
    # (as /api/v1/territories/{slug}/boundaries.geojson does).
    assert response["Content-Type"].startswith(("application/json", "application/geo+json"))
    body = response.json()
    assert body["error"]["status"] == status
    return body["error"]
