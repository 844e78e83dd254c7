"""Platform plumbing: health check, error handlers, search folding, cache generations."""

import pytest
from django.core.cache import cache
from django.db import connection

from alpsatellites.core import views
from alpsatellites.core.cache import scope_versions, scopes_renew, territory_scope
from alpsatellites.core.text import fold


@pytest.mark.django_db
def test_healthz_says_ok_and_nothing_more(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert connection.vendor not in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


class BrokenConnection:
    vendor = "broken"

    def cursor(self):
        raise OSError("connection refused by db.internal:5432")


@pytest.mark.django_db
def test_healthz_says_failing_and_logs_why(client, monkeypatch, caplog):
    monkeypatch.setattr(views, "connection", BrokenConnection())

    response = client.get("/healthz")

    # The vendor and the error (host names, ports, user names) are for the log, not the public.
    assert response.status_code == 503
    assert response.json() == {"status": "failing"}
    (record,) = [r for r in caplog.records if r.name == "alpsatellites.core.views"]
    assert record.levelname == "ERROR"
    assert "db.internal:5432" in caplog.text


# --- error handlers --------------------------------------------------------------------------


@pytest.fixture
def failing_client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
@pytest.mark.urls("tests.core.urls_with_errors")
def test_an_unexpected_api_error_is_a_json_500(failing_client):
    response = failing_client.get("/api/v1/boom/", headers={"accept-language": "en"})

    assert response.status_code == 500
    assert response.json() == {
        "error": {
            "status": 500,
            "code": "server_error",
            "message": "An unexpected error happened; it has been logged.",
        }
    }
    assert b"Traceback" not in response.content


@pytest.mark.django_db
@pytest.mark.urls("tests.core.urls_with_errors")
def test_an_unexpected_page_error_is_an_html_500(failing_client):
    response = failing_client.get("/en/boom/")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "An unexpected error happened; it has been logged." in html
    assert "RuntimeError" not in html


@pytest.mark.django_db
@pytest.mark.urls("tests.core.urls_with_errors")
def test_a_suspicious_request_is_a_400(failing_client):
    api = failing_client.get("/api/v1/suspicious/")
    page = failing_client.get("/fr/suspicious/")

    assert api.status_code == 400
    assert api.json()["error"]["status"] == 400
    assert page.status_code == 400
    assert '<html lang="fr">' in page.content.decode()


@pytest.mark.django_db
def test_an_unknown_page_is_an_html_404(client):
    response = client.get("/fr/nowhere/at/all/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert '<html lang="fr">' in response.content.decode()


# --- search folding --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Briançon", "briancon"),
        ("BRIANÇON", "briancon"),
        ("L'Argentière-la-Bessée", "l argentiere la bessee"),
        ("Villar-d\u2019Arêne", "villar d arene"),  # typographic apostrophe
        ("  Émarèse  ", "emarese"),
        ("Straße", "strasse"),
        ("Saint-Véran", "saint veran"),
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


# --- cache versions --------------------------------------------------------------------------


def test_a_scope_version_holds_until_renewed():
    first = scope_versions(territory_scope("a"))
    assert scope_versions(territory_scope("a")) == first

    scopes_renew(territory_scope("a"))

    assert scope_versions(territory_scope("a")) != first


def test_an_evicted_version_never_comes_back():
    first = scope_versions(territory_scope("a"))
    cache.clear()

    assert scope_versions(territory_scope("a")) != first
