"""JSON bodies nested past 64 levels are a 400 with a message, never a RecursionError (a 500)."""

import json

import pytest
from django.utils import translation

from alpsatellites.api.parsers import MAX_DEPTH, json_depth
from alpsatellites.workspaces.models import Booking
from tests.factories import UserFactory

BOOKINGS = "/api/v1/bookings/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    client.force_login(UserFactory())
    client.raise_request_exception = False
    return client


def post(client, text: str):
    return client.post(
        BOOKINGS, text, content_type="application/json", headers={"accept-language": "en"}
    )


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_a_body_nested_1100_deep_is_a_400_with_a_message(signed_in):
    response = post(signed_in, nested(1100))

    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "status": 400,
            "code": "parse_error",
            "message": "The JSON body is nested deeper than 64 levels.",
        }
    }
    assert Booking.objects.count() == 0


def test_one_level_past_the_limit_is_refused(signed_in):
    body = '{"resource": ' + nested(MAX_DEPTH) + "}"

    assert post(signed_in, body).json()["error"]["code"] == "parse_error"


def test_the_limit_itself_is_parsed(signed_in):
    body = '{"resource": ' + nested(MAX_DEPTH - 1) + "}"

    error = post(signed_in, body).json()["error"]

    assert error["message"] == "Invalid parameters."  # parsed, then refused by the serializer
    assert "resource" in error["fields"]


def test_brackets_inside_strings_do_not_count(signed_in):
    body = json.dumps({"resource": nested(500) + '\\" {{', "seats": '["]'})

    error = post(signed_in, body).json()["error"]

    assert error["message"] == "Invalid parameters."


def test_the_message_is_translated(signed_in):
    with translation.override("fr"):
        response = signed_in.post(
            BOOKINGS,
            nested(100),
            content_type="application/json",
            headers={"accept-language": "fr"},
        )

    assert response.json()["error"]["message"] == (
        "Le contenu JSON est imbriqué sur plus de 64 niveaux."
    )


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ("[]", 1),
        ('{"a": [{"b": []}]}', 4),
        ('["[[[", "]]]"]', 1),
        ('["\\"[[[", {}]', 2),
        (nested(2000), 2000),
    ],
)
def test_json_depth(text, depth):
    assert json_depth(text) == depth
