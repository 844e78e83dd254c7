"""GET /api/v1/my/cases/ and POST /api/v1/my/cases/{id}/messages/: a household's own cases only."""

import json

import pytest

from alpsatellites.newcomers.models import CaseMessage
from tests.factories import UserFactory
from tests.newcomers.factories import CaseMessageFactory, WelcomeCaseFactory

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_lists_the_persons_cases_with_their_threads_in_constant_queries(
    client, django_assert_max_num_queries
):
    household = UserFactory()
    for _ in range(3):
        case = WelcomeCaseFactory(household=household)
        CaseMessageFactory(case=case, body="<b>hi</b>")
    CaseMessageFactory()  # another household's
    client.force_login(household)
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/my/cases/")
    assert response.status_code == 200
    body = response.json()
    cases = body["results"] if isinstance(body, dict) else body
    assert len(cases) == 3
    assert cases[0]["messages"][0]["body"] == "<b>hi</b>"  # data, escaped by whoever shows it
    assert cases[0]["messages"][0]["author"] == "you"


def test_posts_a_message_on_ones_own_case_only(client):
    case = WelcomeCaseFactory()
    client.force_login(case.household)
    url = f"/api/v1/my/cases/{case.pk}/messages/"
    response = post(client, url, {"body": "Nous arrivons en mai."})
    assert response.status_code == 201 and response.json()["from_household"] is True
    assert CaseMessage.objects.get(case=case).body == "Nous arrivons en mai."
    assert post(client, url, {"body": ""}).status_code == 400
    assert "error" in post(client, url, {"body": "x" * 5001}).json()

    client.force_login(UserFactory())
    refused = post(client, url, {"body": "intrusion"})
    assert refused.status_code == 404 and "error" in refused.json()
    assert CaseMessage.objects.filter(case=case).count() == 1


def test_anonymous_is_refused(client):
    case = WelcomeCaseFactory()
    assert client.get("/api/v1/my/cases/").status_code in (401, 403)
    assert post(client, f"/api/v1/my/cases/{case.pk}/messages/", {"body": "x"}).status_code in (
        401,
        403,
    )
