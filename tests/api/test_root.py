"""GET /api/v1/ is the API's front door: it lists every endpoint the API serves."""

import pytest
from django.urls import get_resolver

from alpsatellites.api.root import ENDPOINTS

pytestmark = pytest.mark.django_db


def test_the_api_root_lists_its_endpoints(client):
    response = client.get("/api/v1/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["openapi"] == "/api/v1/openapi.json"
    urls = {endpoint["name"]: endpoint["url"] for endpoint in body["endpoints"]}
    assert urls["communes"] == "/api/v1/communes/"
    assert urls["workspace_availability"] == "/api/v1/workspaces/{slug}/availability/"
    assert urls["booking_cancel"] == "/api/v1/bookings/{id}/cancel/"
    assert all(endpoint["methods"] for endpoint in body["endpoints"])


def test_the_api_root_forgets_no_endpoint(client):
    """Every named route of the API but the root and the schema is listed."""
    api = get_resolver().namespace_dict["api"][1]
    named = {name for name in api.reverse_dict if isinstance(name, str)}
    listed = {url_name.removeprefix("api:") for _n, url_name, *_rest in ENDPOINTS}

    assert listed == named - {"root", "schema"}
    assert len(client.get("/api/v1/").json()["endpoints"]) == len(ENDPOINTS)
