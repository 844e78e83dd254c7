"""The welcome cases API for officers: the scoped list, one case (logged), replying, stages."""

import pytest
from django.test import Client
from django.utils import timezone
from drf_spectacular.validation import validate_schema

from alpsatellites.accounts.tokens import api_token_create
from alpsatellites.newcomers.models import CaseAccessLog, CaseMessage, CaseTask, Stage
from tests.newcomers.factories import CaseMessageFactory, CaseTaskFactory
from tests.newcomers.officer_setup import *  # noqa: F403
from tests.newcomers.officer_setup import case_in, en

pytestmark = pytest.mark.django_db


def api_client(user) -> Client:
    _token, secret = api_token_create(user=user, name="script")
    return Client(headers={"authorization": f"Token {secret}", "accept-language": "en"})


@pytest.fixture
def api(officer):
    return api_client(officer)


def test_the_list_holds_the_officers_cases_only(api, case, queyras_case, brianconnais):
    newer = case_in(brianconnais, contact_name="Famille Durand", first_response_at=timezone.now())
    CaseMessageFactory(case=newer)

    body = api.get(en("api:case-list")).json()

    assert body["count"] == 2
    first, second = body["results"]
    assert (first["id"], second["id"]) == (newer.pk, case.pk)
    assert first["territory"] == "grand-brianconnais"
    assert first["grouping"] == brianconnais.name
    assert first["awaiting_first_response"] is False and second["awaiting_first_response"] is True
    assert first["last_message_at"] is not None and second["last_message_at"] is None
    assert not CaseAccessLog.objects.exists()  # a list shows no case's content


def test_the_list_filters_and_refuses_bad_parameters(api, case, brianconnais):
    case_in(brianconnais, stage=Stage.EXPLORING)

    assert api.get(en("api:case-list"), {"stage": "exploring"}).json()["count"] == 1
    assert api.get(en("api:case-list"), {"assigned": "me"}).json()["count"] == 0
    refused = api.get(en("api:case-list"), {"stage": "nowhere"})
    assert refused.status_code == 400
    assert "stage" in refused.json()["error"]["fields"]


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_costs_the_same_queries_whatever_the_number_of_cases(
    officer, brianconnais, size, django_assert_num_queries
):
    for _n in range(size):
        CaseMessageFactory(case=case_in(brianconnais, assigned_to=officer))
    api = api_client(officer)

    # token (user, last use), roles, count, the page's ids, its cases, their last messages
    with django_assert_num_queries(7):
        assert api.get(en("api:case-list")).status_code == 200


def test_reading_a_case_is_logged(api, case, officer):
    CaseMessageFactory(case=case, body="<b>Hi</b>")
    CaseTaskFactory(case=case, title="Call")

    body = api.get(en("api:case-detail", case.pk)).json()

    assert body["contact_name"] == "Famille Martin"
    assert [m["body"] for m in body["messages"]] == ["<b>Hi</b>"]  # JSON: data, not markup
    assert [t["title"] for t in body["tasks"]] == ["Call"]
    log = CaseAccessLog.objects.get(case=case)
    assert (log.user, log.action) == (officer, "api_view")


def test_replying_through_the_api(api, case, officer):
    response = api.post(
        en("api:case-messages", case.pk), {"body": "Bienvenue !"}, content_type="application/json"
    )

    assert response.status_code == 201
    assert response.json()["from_household"] is False
    message = CaseMessage.objects.get(case=case)
    assert message.author == officer
    case.refresh_from_db()
    assert case.first_response_at is not None


def test_an_empty_reply_or_a_form_body_is_refused(api, case):
    empty = api.post(
        en("api:case-messages", case.pk), {"body": ""}, content_type="application/json"
    )
    form = api.post(en("api:case-messages", case.pk), {"body": "Hello"})

    assert empty.status_code == 400 and "body" in empty.json()["error"]["fields"]
    assert form.status_code == 415
    assert not CaseMessage.objects.exists()


def test_moving_a_case_through_the_api(api, case):
    settled = api.post(
        en("api:case-stage", case.pk), {"stage": "settled"}, content_type="application/json"
    )
    assert settled.status_code == 200
    assert settled.json()["stage"] == "settled"
    assert CaseTask.objects.filter(case=case).count() == 2  # follow-ups at 6 and 12 months

    missing = api.post(
        en("api:case-stage", case.pk), {"stage": "closed"}, content_type="application/json"
    )
    assert missing.status_code == 400
    assert missing.json()["error"]["fields"] == {"closing_reason": ["Say why the case is closed."]}

    back = api.post(
        en("api:case-stage", case.pk), {"stage": "new"}, content_type="application/json"
    )
    assert back.status_code == 400 and back.json()["error"]["code"] == "invalid_transition"


def test_the_endpoints_are_in_a_valid_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()

    validate_schema(schema)
    paths = schema["paths"]
    assert {"/api/v1/cases/", "/api/v1/cases/{id}/", "/api/v1/cases/{id}/messages/"} <= set(paths)
    assert "post" in paths["/api/v1/cases/{id}/stage/"]
    listed = {p["name"] for p in paths["/api/v1/cases/"]["get"]["parameters"]}
    assert {"stage", "assigned", "awaiting_first_response", "page"} <= listed
