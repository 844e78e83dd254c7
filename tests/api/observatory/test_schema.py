"""The observatory's endpoints are in the API's front door and in a valid OpenAPI schema."""

import json

import pytest
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/indicators/",
    "/api/v1/communes/{code}/indicators/",
    "/api/v1/facilities/",
    "/api/v1/facilities.geojson",
    "/api/v1/territories/{slug}/feasibility/",
}


def test_the_schema_lists_the_observatory_and_validates(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)

    validate_schema(schema)  # OpenAPI 3.0 JSON schema: raises on an invalid document
    assert set(schema["paths"]) >= PATHS
    parameters = {
        path: {p["name"] for p in schema["paths"][path]["get"].get("parameters", [])}
        for path in PATHS
    }
    assert {"theme", "page", "page_size"} <= parameters["/api/v1/indicators/"]
    assert {"code", "territory", "history"} <= parameters["/api/v1/communes/{code}/indicators/"]
    for path in ("/api/v1/facilities/", "/api/v1/facilities.geojson"):
        assert {"territory", "kind", "commune", "page", "page_size"} <= parameters[path]
    assert {"slug", "grouping"} <= parameters["/api/v1/territories/{slug}/feasibility/"]
    statuses = schema["components"]["schemas"]["ValueStatusEnum"]["enum"]
    assert statuses == ["known", "secret", "unknown"]


def test_the_api_root_lists_them(client):
    endpoints = {e["url"] for e in client.get("/api/v1/").json()["endpoints"]}

    assert endpoints >= PATHS


def test_an_invalid_schema_is_refused():
    """The check above can fail."""
    with pytest.raises(Exception, match=r"is not valid|required property"):
        validate_schema({"openapi": "3.0.3", "paths": {}})
