"""One error vocabulary (core/errors.py): each domain error answered once by the API's handler
and once by the pages' middleware, denials logged, ordinary 4xx logged without a traceback."""

import logging
import sys

import pytest
from django.utils import translation

from alpsatellites.core.errors import Conflict, Forbidden, Invalid, NotFound, error_body
from alpsatellites.core.logs import ClientErrorWithoutTraceback, log_event

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls_with_errors")]


@pytest.fixture
def failing_client(client):
    client.raise_request_exception = False
    return client


def denials(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if getattr(r, "event", None) == "permission.denied"]


# --- the vocabulary ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (Invalid("x"), 400, "invalid"),
        (NotFound("x"), 404, "not_found"),
        (Forbidden("x"), 403, "forbidden"),
        (Forbidden("x", conceal=True), 404, "not_found"),
        (Conflict("x"), 409, "conflict"),
        (Conflict("x", code="full"), 409, "full"),
    ],
)
def test_each_error_carries_its_status_and_code(error, status, code):
    assert (error.http_status, error.code, error.message) == (status, code, "x")


def test_an_error_without_message_has_a_translated_default():
    with translation.override("fr"):
        french = NotFound().message
    with translation.override("en"):
        english = NotFound().message

    assert english == "This does not exist."
    assert french == "Ceci n'existe pas."


def test_error_body_has_one_shape():
    assert error_body(409, "full", "No seat.", {"seats": ["No seat."]}) == {
        "error": {
            "status": 409,
            "code": "full",
            "message": "No seat.",
            "fields": {"seats": ["No seat."]},
        }
    }
    assert error_body(404, "not_found", "Gone.") == {
        "error": {"status": 404, "code": "not_found", "message": "Gone."}
    }


# --- pages -----------------------------------------------------------------------------------


def test_a_forbidden_page_is_a_403_page_and_a_denial_line(client, caplog):
    response = client.get("/en/domain-forbidden/")

    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert "Not yours." in response.content.decode()
    (line,) = denials(caplog)
    assert line.getMessage() == (
        "permission.denied user=anonymous method=GET path=/en/domain-forbidden/ code=forbidden"
    )


def test_a_concealed_denial_answers_as_not_found_but_is_logged(client, caplog):
    response = client.get("/en/domain-concealed/")

    assert response.status_code == 404
    assert "No such thing among yours." in response.content.decode()
    assert len(denials(caplog)) == 1


def test_not_found_and_conflict_pages(client, caplog):
    assert client.get("/en/domain-not-found/").status_code == 404
    assert client.get("/en/domain-conflict/").status_code == 409
    assert denials(caplog) == []


def test_a_domain_error_outside_drf_under_api_is_json(client):
    response = client.get("/api/v1/domain-conflict/")

    assert response.status_code == 409
    assert response.json() == {
        "error": {"status": 409, "code": "taken", "message": "Taken meanwhile."}
    }


# --- API -------------------------------------------------------------------------------------


def test_the_api_answers_a_domain_error_in_its_shape(client):
    response = client.get("/api/v1/drf/conflict/")

    assert response.status_code == 409
    assert response.json() == {
        "error": {
            "status": 409,
            "code": "taken",
            "message": "Taken meanwhile.",
            "fields": {"seats": ["Taken meanwhile."]},
        }
    }


def test_the_api_logs_a_denial(client, caplog):
    forbidden = client.get("/api/v1/drf/forbidden/")
    concealed = client.get("/api/v1/drf/concealed/")

    assert forbidden.json()["error"] == {
        "status": 403,
        "code": "forbidden",
        "message": "Not yours.",
    }
    assert concealed.status_code == 404
    assert concealed.json()["error"]["code"] == "not_found"
    assert [r.data["path"] for r in denials(caplog)] == [
        "/api/v1/drf/forbidden/",
        "/api/v1/drf/concealed/",
    ]


def test_drf_errors_carry_a_code(client):
    response = client.post("/api/v1/territories/")

    assert response.json()["error"]["code"] == "method_not_allowed"


# --- Django's own 403 and 500 ----------------------------------------------------------------


def test_an_ordinary_403_logs_a_line_without_traceback(failing_client, caplog):
    page = failing_client.get("/en/forbidden/")
    api = failing_client.get("/api/v1/forbidden/")

    assert (page.status_code, api.status_code) == (403, 403)
    assert api.json()["error"]["code"] == "forbidden"
    request_lines = [r for r in caplog.records if r.name == "django.request"]
    assert [r.status_code for r in request_lines] == [403, 403]
    assert all(r.exc_info is None for r in request_lines)
    assert "Traceback" not in caplog.text
    assert len(denials(caplog)) == 2


def test_a_500_keeps_its_traceback(failing_client, caplog):
    response = failing_client.get("/en/boom/")

    assert response.status_code == 500
    (line,) = [r for r in caplog.records if r.name == "django.request"]
    assert line.exc_info is not None
    assert "Traceback" in caplog.text


def test_the_filter_only_touches_client_errors():
    def record(status):
        try:
            raise RuntimeError("x")
        except RuntimeError:
            exc_info = sys.exc_info()
        entry = logging.LogRecord("django.request", logging.WARNING, "", 0, "m", (), exc_info)
        entry.status_code = status
        return entry

    quiet, loud = record(403), record(500)
    ClientErrorWithoutTraceback().filter(quiet)
    ClientErrorWithoutTraceback().filter(loud)

    assert quiet.exc_info is None
    assert loud.exc_info is not None


# --- structured lines ------------------------------------------------------------------------


def test_log_event_writes_key_value_pairs_that_cannot_forge_a_line(caplog):
    logger = logging.getLogger("alpsatellites.test")

    log_event(logger, "thing.done", id=3, name="Café & Co", note="a\nfake=line", empty="")

    (record,) = caplog.records
    assert record.getMessage() == ('thing.done id=3 name="Café & Co" note="a\\nfake=line" empty=""')
    assert record.event == "thing.done"
    assert record.data == {"id": 3, "name": "Café & Co", "note": "a\nfake=line", "empty": ""}
    assert record.levelno == logging.INFO
